/**
 * When the annual reports are due (Art. 49; pure): each department by 31 January and the
 * government's own report by 31 March, for the previous year. The reminder covers last year's
 * reports (late when unpublished) and this year's (coming due).
 */
interface ReminderUnit {
  id: string;
  code: string;
  name: string;
}

interface Reminder {
  year: number;
  scope: 'government' | 'department';
  unit: { code: string; name: string } | null;
  dueDate: string;
  daysRemaining: number;
  overdue: boolean;
  published: boolean;
  indexNo: string | null;
}

export function reportDueDate(year: number, scope: 'government' | 'department'): string {
  return `${year + 1}-${scope === 'department' ? '01-31' : '03-31'}`;
}

const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

/**
 * @param today China calendar date 'YYYY-MM-DD'
 * @param published index numbers of published reports by `${year}:${unitId ?? ''}`
 */
export function reminders(today: string, units: readonly ReminderUnit[], published: ReadonlyMap<string, string>): Reminder[] {
  const thisYear = Number(today.slice(0, 4));
  const out: Reminder[] = [];
  for (const year of [thisYear - 1, thisYear]) {
    const scopes: [ReminderUnit | null, 'government' | 'department'][] = [[null, 'government'], ...units.map((u) => [u, 'department'] as [ReminderUnit, 'department'])];
    for (const [unit, scope] of scopes) {
      const dueDate = reportDueDate(year, scope);
      const daysRemaining = dayNumber(dueDate) - dayNumber(today);
      const indexNo = published.get(`${year}:${unit?.id ?? ''}`) ?? null;
      out.push({
        year,
        scope,
        unit: unit ? { code: unit.code, name: unit.name } : null,
        dueDate,
        daysRemaining,
        overdue: indexNo === null && daysRemaining < 0,
        published: indexNo !== null,
        indexNo,
      });
    }
  }
  return out.sort(
    (a, b) =>
      Number(a.published) - Number(b.published) ||
      a.dueDate.localeCompare(b.dueDate) ||
      (a.unit?.code ?? '').localeCompare(b.unit?.code ?? ''),
  );
}
