/**
 * From the year's records, grouped in the database (performance.repository.ts), to each unit's
 * metrics for the year and for each month. Pure: the working-day calendar and the step time limits
 * are passed in. The definitions are in metrics.ts.
 *
 * A record counts in the month (China time) of the date that makes it count: a publication's, a
 * decision's, a receipt's, a reply's, a due date's (applications overdue, steps overdue), a
 * conclusion's, a complaint's reply.
 *
 * The working-day arithmetic runs in the database on tables made here from the calendar, so the
 * statements return counts, not one row per document: the running count of working days over the
 * dates a publication's submission can fall on (workingDayCounts), and for each review state and
 * each day a step could have been entered on, the day it is due (stepDueTable).
 */
import { addCalendarDays, compareDates, type WorkingDayCalendar } from '../../applications/domain/calendar.js';
import { chinaDate } from '../../../common/china-time.js';
import { REVIEW_STEPS, stepLimit, type StepDeadlines } from '../../supervision/deadlines.js';
import { GUIDE_STALE_DAYS } from '../../units/disclosure-guide.js';
import { share, weightedMedian, type UnitMetrics } from './metrics.js';

const DAY_MS = 86_400_000;

/**
 * A count of records of one unit in one month (1–12), or of the whole year (month 0, when the
 * records are counted by unit only); `unitId` is empty when they are counted by month only.
 */
export interface MonthCount {
  unitId: string;
  month: number;
  count: number;
}

/** Documents published (in a month) after so many working days from their first submission. */
export interface PublishDaysGroup extends MonthCount {
  days: number;
}

export interface DecidedGroup {
  unitId: string;
  month: number;
  decided: number;
  proactive: number;
}

export interface RepliedGroup {
  unitId: string;
  month: number;
  replied: number;
  onTime: number;
}

export interface YearRecords {
  published: MonthCount[];
  publishDays: PublishDaysGroup[];
  decided: DecidedGroup[];
  received: MonthCount[];
  replied: RepliedGroup[];
  overdue: MonthCount[];
  corrected: MonthCount[];
  complaints: MonthCount[];
  /** Review steps overdue, in the month of their due date. */
  stepsOverdue: MonthCount[];
  /** The last update of each unit's guide before "as of". */
  guides: { unitId: string; updatedAt: Date }[];
}

export interface FigureContext {
  year: number;
  /** The end of the year, or now while it runs (exclusive). */
  asOf: Date;
  calendar: WorkingDayCalendar;
  stepLimits: StepDeadlines;
  /** Count by month (12 buckets) or the whole year in one (the records' months are then 0). */
  monthly: boolean;
}

/** Counts of one unit (or of several) over some months, before the metrics are derived. */
export class Figures {
  published = 0;
  /** Working days to publication → how many documents took that long. */
  readonly daysToPublish = new Map<number, number>();
  decided = 0;
  proactive = 0;
  received = 0;
  replied = 0;
  onTime = 0;
  overdue = 0;
  stepsOverdue = 0;
  corrected = 0;
  complaints = 0;

  add(o: Figures): this {
    this.published += o.published;
    for (const [d, n] of o.daysToPublish) this.daysToPublish.set(d, (this.daysToPublish.get(d) ?? 0) + n);
    this.decided += o.decided;
    this.proactive += o.proactive;
    this.received += o.received;
    this.replied += o.replied;
    this.onTime += o.onTime;
    this.overdue += o.overdue;
    this.stepsOverdue += o.stepsOverdue;
    this.corrected += o.corrected;
    this.complaints += o.complaints;
    return this;
  }

  /** The metrics these counts make (the guide's are the unit's, passed in). */
  metrics(guideUpdatedAt: Date | null, guideFreshness: number): UnitMetrics {
    return {
      documentsPublished: this.published,
      medianWorkingDaysToPublish: weightedMedian([...this.daysToPublish].map(([value, count]) => ({ value, count }))),
      documentsDecided: this.decided,
      proactiveShare: share(this.proactive, this.decided),
      applicationsReceived: this.received,
      applicationsReplied: this.replied,
      repliedOnTime: this.onTime,
      onTimeShare: share(this.onTime, this.replied),
      overdue: this.overdue,
      stepsOverdue: this.stepsOverdue,
      correctedOnAppeal: this.corrected,
      complaintsSubstantiated: this.complaints,
      guideUpdatedAt,
      guideFreshness,
    };
  }
}

/** Each unit's counts by month (index 0 = January), or for the whole year (one bucket). */
export type UnitFigures = Map<string, Figures[]>;

/** Days since 1970-01-01 of a calendar date ('YYYY-MM-DD'), as the database's day numbers of China time. */
export const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
export const dayDate = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/**
 * The running count of working days from the day after `from` to `to`: `counts[i]` is the number
 * of working days in (from, from + i], so the working days in (a, b] are counts[b − base] −
 * counts[a − base] (base: the day number of `from`). As the clock counts: the first day not
 * counted, the last one counted.
 */
export function workingDayCounts(calendar: WorkingDayCalendar, from: string, to: string): { base: number; counts: number[] } {
  const counts = [0];
  let n = 0;
  for (let d = addCalendarDays(from, 1); compareDates(d, to) <= 0; d = addCalendarDays(d, 1)) {
    if (calendar.isWorkingDay(d)) n++;
    counts.push(n);
  }
  return { base: dayNumber(from), counts };
}

/**
 * When a step entered on a day is due, for the steps that can be overdue within the year, as a
 * table the database reads by position: `due[(k − 1) × span + (day − base)]` (0-based here; the
 * k-th of `states`) is the day number of the due day of a step of that state entered on day
 * number `day`, or 0 when such a step cannot be overdue in the year. A step is due at the end of
 * the state's limit in working days after the day it was entered; it counts when that due day is
 * in the year and has ended before "as of", and it is overdue when it was left after that day, or
 * not left by "as of".
 */
export interface StepDueTable {
  base: number;
  span: number;
  states: string[];
  due: number[];
}

export function stepDueTable(ctx: FigureContext, from: string): StepDueTable {
  const first = `${ctx.year}-01-01`;
  const last = `${ctx.year}-12-31`;
  const asOfDay = chinaDate(ctx.asOf);
  // A due day counts once it has ended before "as of": the day before as of's date, or the year's last.
  const lastCounted = compareDates(asOfDay, last) > 0 ? last : addCalendarDays(asOfDay, -1);
  const states = [...REVIEW_STEPS, 'reassessment_review'];
  const base = dayNumber(from);
  const span = Math.max(0, dayNumber(lastCounted) - base + 1);
  const due: number[] = new Array<number>(states.length * span).fill(0);
  states.forEach((state, k) => {
    const limit = stepLimit(state, ctx.stepLimits)!;
    for (let i = 0; i < span; i++) {
      const d = ctx.calendar.addWorkingDays(dayDate(base + i), limit);
      if (compareDates(d, first) >= 0 && compareDates(d, lastCounted) <= 0) due[k * span + i] = dayNumber(d);
    }
  });
  return { base, span, states, due };
}

/** The day numbers of 1 February … 1 December: a due day's month is its place among them. */
export function monthStartDays(year: number): number[] {
  return Array.from({ length: 11 }, (_, i) => Date.UTC(year, i + 1, 1) / DAY_MS);
}

/** How fresh a guide last updated at `updatedAt` is at `asOf`: 1 when just updated, 0 when a year old or missing. */
export function guideFreshness(updatedAt: Date | null, asOf: Date): number {
  if (!updatedAt) return 0;
  const days = (asOf.getTime() - updatedAt.getTime()) / DAY_MS;
  return Math.round(Math.max(0, Math.min(1, 1 - days / GUIDE_STALE_DAYS)) * 10_000) / 10_000;
}

/** Each unit's counts by month (or for the whole year) from the year's records. */
export function countRecords(records: YearRecords, ctx: Pick<FigureContext, 'monthly'>): UnitFigures {
  const byUnit: UnitFigures = new Map();
  const at = (unitId: string, month: number): Figures => {
    let months = byUnit.get(unitId);
    if (!months) byUnit.set(unitId, (months = Array.from({ length: ctx.monthly ? 12 : 1 }, () => new Figures())));
    return months[ctx.monthly ? month - 1 : 0];
  };
  for (const r of records.published) at(r.unitId, r.month).published += r.count;
  for (const r of records.publishDays) {
    const f = at(r.unitId, r.month);
    f.daysToPublish.set(r.days, (f.daysToPublish.get(r.days) ?? 0) + r.count);
  }
  for (const r of records.decided) {
    const f = at(r.unitId, r.month);
    f.decided += r.decided;
    f.proactive += r.proactive;
  }
  for (const r of records.received) at(r.unitId, r.month).received += r.count;
  for (const r of records.replied) {
    const f = at(r.unitId, r.month);
    f.replied += r.replied;
    f.onTime += r.onTime;
  }
  for (const r of records.overdue) at(r.unitId, r.month).overdue += r.count;
  for (const r of records.corrected) at(r.unitId, r.month).corrected += r.count;
  for (const r of records.complaints) at(r.unitId, r.month).complaints += r.count;
  for (const r of records.stepsOverdue) at(r.unitId, r.month).stepsOverdue += r.count;
  return byUnit;
}

/** 1 February … 1 December of the year, 00:00 China time: a month is its place among them (January before the first). */
export function chinaMonthStarts(year: number): Date[] {
  return Array.from({ length: 11 }, (_, i) => new Date(Date.UTC(year, i + 1, 1) - 8 * 3_600_000));
}

/**
 * How far back a step due within the year may have started: the largest limit is 60 working days
 * (checkStepDeadlines), about 90 calendar days with weekends and the Spring Festival.
 */
export const STEP_LOOKBACK_DAYS = 150;

/**
 * How far back a document published in the year may have been submitted and still be counted
 * exactly: a submission before then counts from that day (three years: the review chain takes
 * days or weeks).
 */
export const SUBMISSION_LOOKBACK_YEARS = 3;
