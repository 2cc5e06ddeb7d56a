import { WorkingDayCalendar } from '../../applications/domain/calendar.js';
import { DEFAULT_STEP_DEADLINES } from '../../supervision/deadlines.js';
import { chinaMonthStarts, countRecords, dayDate, dayNumber, guideFreshness, monthStartDays, stepDueTable, workingDayCounts, type StepDueTable, type YearRecords } from './figures.js';

const calendar = new WorkingDayCalendar();
const empty: YearRecords = { published: [], publishDays: [], decided: [], received: [], replied: [], overdue: [], corrected: [], complaints: [], stepsOverdue: [], guides: [] };
const ctx = (asOf: string) => ({ year: 2025, asOf: new Date(asOf), calendar, stepLimits: DEFAULT_STEP_DEADLINES, monthly: true });

describe('workingDayCounts', () => {
  it('counts the working days in (a, b] as the calendar does, holidays and worked weekends included', () => {
    const { base, counts } = workingDayCounts(calendar, '2025-09-01', '2025-10-31');
    const between = (a: string, b: string) => counts[dayNumber(b) - base] - counts[dayNumber(a) - base];
    // 28 September (Sunday) worked, 1–8 October off, 11 October (Saturday) worked.
    expect(between('2025-09-26', '2025-10-10')).toBe(5);
    expect(between('2025-10-10', '2025-10-13')).toBe(2);
    expect(between('2025-10-10', '2025-10-10')).toBe(0);
    for (const [a, b] of [
      ['2025-09-01', '2025-09-30'],
      ['2025-09-30', '2025-10-09'],
      ['2025-10-01', '2025-10-31'],
      ['2025-09-01', '2025-10-31'],
    ]) {
      expect([a, b, between(a, b)]).toEqual([a, b, calendar.workingDaysBetween(a, b)]);
    }
    expect(counts.length).toBe(dayNumber('2025-10-31') - base + 1);
  });
});

describe('stepDueTable', () => {
  /** The due day of a step of `state` entered on `entered` ('' when it cannot be overdue in the year), as the database reads the table. */
  const dueOf = (t: StepDueTable, state: string, entered: string) => {
    const i = dayNumber(entered) - t.base;
    const n = i < 0 || i >= t.span ? 0 : t.due[t.states.indexOf(state) * t.span + i];
    return n ? dayDate(n) : '';
  };
  const table = stepDueTable(ctx('2026-01-01T00:00:00+08:00'), '2024-08-04');

  it('gives each day a step could start on the day it is due, in working days after it', () => {
    // Secrecy review, 3 working days: entered Monday 3 March, due Thursday 6 March.
    expect(dueOf(table, 'secrecy_review', '2025-03-03')).toBe('2025-03-06');
    // Attribute review, 5 working days from 2 April: due 10 April (4 April off).
    expect(dueOf(table, 'attribute_review', '2025-04-02')).toBe('2025-04-10');
    // A re-assessment waits on the leader, with the leader's limit.
    expect(dueOf(table, 'reassessment_review', '2025-03-03')).toBe('2025-03-06');
    // Entered 29 December 2024 (Sunday): due 2 January 2025 (1 January off).
    expect(dueOf(table, 'secrecy_review', '2024-12-29')).toBe('2025-01-02');
    expect(table.states).toEqual(['secrecy_review', 'attribute_review', 'leader_review', 'reassessment_review']);
    expect(table.due.length).toBe(4 * table.span);
  });

  it('keeps only the steps due within the year and before "as of"', () => {
    // Due 5 January 2026 (31 December, 4 January worked, 5 January) and 27 December 2024: not 2025's.
    expect(dueOf(table, 'secrecy_review', '2025-12-30')).toBe('');
    expect(dueOf(table, 'secrecy_review', '2024-12-24')).toBe('');
    expect(table.due.filter((n) => n > 0).every((n) => dayDate(n).startsWith('2025-'))).toBe(true);
    // While the year runs: a step due today is not overdue yet, one due yesterday may be.
    const running = stepDueTable(ctx('2025-03-07T09:00:00+08:00'), '2024-08-04');
    expect(dueOf(running, 'secrecy_review', '2025-03-03')).toBe('2025-03-06');
    expect(dueOf(running, 'secrecy_review', '2025-03-04')).toBe('');
    expect(Math.max(...running.due)).toBe(dayNumber('2025-03-06'));
  });
});

describe('guideFreshness', () => {
  it('is 1 when just updated, falls to 0 at a year, 0 without a guide', () => {
    const asOf = new Date('2026-01-01T00:00:00+08:00');
    expect(guideFreshness(asOf, asOf)).toBe(1);
    expect(guideFreshness(new Date('2025-10-02T00:00:00+08:00'), asOf)).toBe(0.7507); // 91 days
    expect(guideFreshness(new Date('2024-11-01T00:00:00+08:00'), asOf)).toBe(0);
    expect(guideFreshness(null, asOf)).toBe(0);
  });
});

describe('countRecords', () => {
  const records: YearRecords = {
    ...empty,
    published: [{ unitId: 'u', month: 3, count: 2 }, { unitId: 'u', month: 10, count: 1 }],
    publishDays: [{ unitId: 'u', month: 3, days: 4, count: 2 }, { unitId: 'u', month: 10, days: 5, count: 1 }],
    stepsOverdue: [{ unitId: 'u', month: 9, count: 1 }],
  };

  it('by month: each record in its month', () => {
    const f = countRecords(records, { monthly: true }).get('u')!;
    expect(f.map((m) => m.published)).toEqual([0, 0, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(f[2].metrics(null, 0).medianWorkingDaysToPublish).toBe(4);
    expect(f[8].stepsOverdue).toBe(1);
  });

  it('for the whole year: one bucket, the median of all (4, 4, 5)', () => {
    const year = countRecords(records, { monthly: false }).get('u')!;
    expect(year.length).toBe(1);
    expect(year[0].metrics(null, 0)).toMatchObject({ documentsPublished: 3, medianWorkingDaysToPublish: 4, stepsOverdue: 1 });
  });
});

describe('chinaMonthStarts, monthStartDays', () => {
  it('is 1 February … 1 December at 00:00 China time, as instants and as day numbers', () => {
    expect(monthStartDays(2025).map(dayDate)).toEqual(['2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01', '2025-07-01', '2025-08-01', '2025-09-01', '2025-10-01', '2025-11-01', '2025-12-01']);
    const m = chinaMonthStarts(2025);
    expect(m.length).toBe(11);
    expect(m[0].toISOString()).toBe('2025-01-31T16:00:00.000Z');
    expect(m[10].toISOString()).toBe('2025-11-30T16:00:00.000Z');
  });
});
