/**
 * The working-day calendar as the service uses it: the chinese-days package data plus the
 * administrators' overrides and published years from the database.
 *
 * Consistency: every write that computes a due date first takes the calendar lock in shared mode;
 * a calendar change takes it exclusively and recomputes every open application's due date in the
 * same transaction. So no due date is ever computed on a calendar that is being replaced, and no
 * open application keeps a due date of an older calendar. The changes themselves are the calendar
 * use cases (change-calendar, remove-calendar-override, unpublish-calendar-year).
 */
import { Injectable } from '@nestjs/common';
import { chinaDate } from '../../../common/china-time.js';
import { applicationClock, storedClock } from '../application-clock.js';
import { ApplicationsRepository } from '../applications.repository.js';
import { WorkingDayCalendar, packageCoveredYears } from '../domain/calendar.js';
import { calendarGaps, type CalendarGap } from '../domain/calendar-gaps.js';
import { CalendarRepository, type OverrideRow } from './calendar.repository.js';

/**
 * Other due dates computed on this calendar (the review chain's step deadlines, consultations):
 * recomputed with the applications' in the calendar change's transaction (the count returned is the applications').
 */
export type DueDateRecompute = (calendar: WorkingDayCalendar) => Promise<void>;

@Injectable()
export class CalendarService {
  private readonly dependents: DueDateRecompute[] = [];

  constructor(
    private readonly repo: CalendarRepository,
    private readonly applications: ApplicationsRepository,
  ) {}

  /** The calendar for a write transaction that computes due dates (takes the shared lock until it ends). */
  async forWrite(): Promise<WorkingDayCalendar> {
    await this.repo.lockShared();
    return this.build();
  }

  /** The calendar for reading (no lock). */
  async current(): Promise<WorkingDayCalendar> {
    return this.build();
  }

  private async build(): Promise<WorkingDayCalendar> {
    const [overrides, publishedYears] = await Promise.all([this.repo.overrides(), this.repo.publishedYears()]);
    return calendarOf(overrides, publishedYears);
  }

  /**
   * The calendar page: a year's overrides (all without `year`), the published and built-in years,
   * and the years the calendar lacks and needs now (domain/calendar-gaps.ts), the open
   * applications' from their clocks on the current calendar, built from the same reads.
   */
  async list(year?: number, now = new Date()): Promise<{ items: OverrideRow[]; publishedYears: number[]; packageYears: number[]; missing: CalendarGap[] }> {
    const [overrides, publishedYears, flagged] = await Promise.all([this.repo.overrides(), this.repo.publishedYears(), this.applications.openFlagged()]);
    const calendar = calendarOf(overrides, publishedYears);
    const events = await this.applications.eventsOf(flagged.map((a) => a.id));
    const reached = flagged.map((a) => applicationClock(a.receivedAt, events.get(a.id) ?? [], calendar, now).missingYears);
    return {
      items: year === undefined ? overrides : overrides.filter((o) => o.date.startsWith(`${year}-`)),
      publishedYears,
      packageYears: packageCoveredYears(),
      missing: calendarGaps(calendar, chinaDate(now), reached),
    };
  }

  /** Registers due dates of another module to recompute on every calendar change (at start). */
  onCalendarChange(recompute: DueDateRecompute): void {
    this.dependents.push(recompute);
  }

  /**
   * Recomputes the stored clock of every open application, and every registered due date, on the calendar as it now stands in
   * this transaction; returns how many changed. Linear in the open applications and their history.
   * For the calendar use cases, in their transaction, after CalendarRepository.lockExclusive().
   */
  async recomputeOpen(): Promise<number> {
    const calendar = await this.build();
    const open = await this.applications.lockOpen();
    const events = await this.applications.eventsOf(open.map((a) => a.id));
    const now = new Date();
    let changed = 0;
    for (const a of open) {
      const next = storedClock(applicationClock(a.receivedAt, events.get(a.id) ?? [], calendar, now));
      const same =
        next.clockState === a.clockState &&
        (next.dueAt?.getTime() ?? null) === (a.dueAt ? new Date(a.dueAt).getTime() : null) &&
        next.dueProvisional === a.dueProvisional &&
        next.calendarIncomplete === a.calendarIncomplete;
      if (same) continue;
      await this.applications.updateClock(a.id, next);
      changed++;
    }
    for (const recompute of this.dependents) await recompute(calendar);
    return changed;
  }
}

function calendarOf(overrides: OverrideRow[], publishedYears: number[]): WorkingDayCalendar {
  return new WorkingDayCalendar({
    overrides: overrides.map((o) => ({ date: o.date, kind: o.kind, ...(o.name ? { name: o.name } : {}) })),
    publishedYears,
  });
}
