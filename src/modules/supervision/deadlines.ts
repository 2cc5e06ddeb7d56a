/**
 * Deadlines in working days, as the applications' statutory clock counts them: a step or a
 * consultation that starts on a day is due at the end of the N-th working day after that day (the
 * day itself not counted), on the mainland working-day calendar (holidays off, adjusted working
 * weekends on, administrators' overrides). Pure: the calendar is passed in.
 */
import { chinaDate, endOfChinaDay } from '../../common/china-time.js';
import type { WorkingDayCalendar } from '../applications/domain/calendar.js';

/** The review states a document waits in, with the setting that gives each its time limit. */
export const REVIEW_STEPS = ['secrecy_review', 'attribute_review', 'leader_review'] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];
export type StepDeadlines = Record<ReviewStep, number>;

export const DEFAULT_STEP_DEADLINES: Readonly<StepDeadlines> = { secrecy_review: 3, attribute_review: 5, leader_review: 3 };
export const DEFAULT_CONSULTATION_DAYS = 5;
/** "Due soon" in supervision: due within this many working days. */
export const DUE_SOON_WORKING_DAYS = 2;

/** The working-day limit of a state, or null for a state that has none (a re-assessment waits on the leader with the leader's limit). */
export function stepLimit(state: string, limits: StepDeadlines): number | null {
  if (!hasStepLimit(state)) return null;
  return state === 'reassessment_review' ? limits.leader_review : limits[state as ReviewStep];
}

/** Whether a step in `state` has a time limit at all, whatever the limits are (no need to read them when not). */
export function hasStepLimit(state: string): boolean {
  return state === 'reassessment_review' || (REVIEW_STEPS as readonly string[]).includes(state);
}

/** The end of the n-th working day after the day of `from` (China time). */
export function dueAfterWorkingDays(calendar: WorkingDayCalendar, from: Date, n: number): Date {
  return endOfChinaDay(calendar.addWorkingDays(chinaDate(from), n));
}

/**
 * How many working days `now` is past `due` (0 when not past): the working days after the due day
 * up to and including today.
 */
export function overdueWorkingDays(calendar: WorkingDayCalendar, due: Date, now: Date): number {
  if (now.getTime() <= due.getTime()) return 0;
  const today = chinaDate(now);
  let day = chinaDate(due);
  let n = 0;
  // Bounded: supervision looks at items overdue by at most a few hundred days.
  for (let i = 0; i < 3660 && day < today; i++) {
    day = calendar.addWorkingDays(day, 1);
    if (day <= today) n++;
  }
  return n;
}

/** Whether `due` falls within `days` working days from `now` (and is not yet past). */
export function dueWithin(calendar: WorkingDayCalendar, due: Date, now: Date, days: number): boolean {
  if (due.getTime() < now.getTime()) return false;
  return due.getTime() <= dueAfterWorkingDays(calendar, now, days).getTime();
}

/** 400 unless every limit is a whole number of working days from 1 to 60. */
export function checkStepDeadlines(value: Record<string, unknown>): StepDeadlines {
  const out = { ...DEFAULT_STEP_DEADLINES };
  for (const key of Object.keys(value)) {
    if (!(REVIEW_STEPS as readonly string[]).includes(key)) throw new RangeError(`${key} is not a review step (${REVIEW_STEPS.join(', ')})`);
    const n = value[key];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 60) throw new RangeError(`${key} must be a whole number of working days from 1 to 60`);
    out[key as ReviewStep] = n;
  }
  return out;
}
