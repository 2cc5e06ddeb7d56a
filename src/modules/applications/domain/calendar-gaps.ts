/**
 * The years the working-day calendar lacks and the service needs now, for the administrators'
 * calendar page: a due date counted in such a year assumes Monday to Friday (every statutory
 * holiday counted as a working day, every adjusted working weekend missed), so the arrangement
 * the State Council publishes for it has to be entered.
 *
 * Needed: this year; the next year from 1 November (the arrangement is usually published in
 * November, and an application received then, with its extension, is due in the next year); and
 * every year an open application's clock reaches.
 */
import type { WorkingDayCalendar } from './calendar.js';

export interface CalendarGap {
  year: number;
  /** Open applications whose clock reaches the year (their due dates are flagged). */
  openApplications: number;
}

/** The month (1–12) from which the next year's arrangement is asked for. */
export const NEXT_YEAR_FROM_MONTH = 11;

/**
 * `today`: the China calendar date, YYYY-MM-DD. `reached`: each open application's missing years
 * (its clock's `missingYears`). Ascending by year.
 */
export function calendarGaps(calendar: WorkingDayCalendar, today: string, reached: readonly (readonly number[])[]): CalendarGap[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const counts = new Map<number, number>();
  for (const y of calendar.missingYears(year, month >= NEXT_YEAR_FROM_MONTH ? year + 1 : year)) counts.set(y, 0);
  for (const years of reached) for (const y of new Set(years)) counts.set(y, (counts.get(y) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a - b).map(([y, openApplications]) => ({ year: y, openApplications }));
}
