/**
 * The working-day calendar as the service uses it: the chinese-days package data plus the
 * administrators' overrides and published years from the database.
 *
 * Consistency: every write that computes a due date first takes the calendar lock in shared mode;
 * a calendar change takes it exclusively and recomputes every open application's due date in the
 * same transaction. So no due date is ever computed on a calendar that is being replaced, and no
 * open application keeps a due date of an older calendar.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { invalidInput, notFound } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../identity/user.types.js';
import { applicationClock, storedClock } from '../application-clock.js';
import { ApplicationsRepository } from '../applications.repository.js';
import { assertDateString } from '../../../common/china-time.js';
import { WorkingDayCalendar, packageCoveredYears, type CalendarOverride } from '../domain/calendar.js';
import { CalendarRepository, type OverrideRow } from './calendar.repository.js';

/** pg advisory lock key of the calendar (shared: computing due dates; exclusive: changing the calendar). */
const CALENDAR_LOCK = 727274101;

export interface CalendarChangeResult {
  overrides: OverrideRow[];
  publishedYears: number[];
  /** Open applications whose stored due date (or calendar flag) changed. */
  recomputed: number;
}

@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: CalendarRepository,
    private readonly applications: ApplicationsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The calendar for a write transaction that computes due dates (takes the shared lock). */
  async forWrite(m: EntityManager): Promise<WorkingDayCalendar> {
    await m.query(`SELECT pg_advisory_xact_lock_shared($1)`, [CALENDAR_LOCK]);
    return this.build(m);
  }

  /** The calendar for reading (no lock). */
  async current(m: EntityManager | DataSource = this.db): Promise<WorkingDayCalendar> {
    return this.build(m);
  }

  private async build(m: EntityManager | DataSource): Promise<WorkingDayCalendar> {
    const [overrides, publishedYears] = await Promise.all([this.repo.overrides(m), this.repo.publishedYears(m)]);
    return new WorkingDayCalendar({
      overrides: overrides.map((o) => ({ date: o.date, kind: o.kind, ...(o.name ? { name: o.name } : {}) })),
      publishedYears,
    });
  }

  async list(year?: number): Promise<{ items: OverrideRow[]; publishedYears: number[]; packageYears: number[] }> {
    const [items, publishedYears] = await Promise.all([this.repo.overrides(this.db, year), this.repo.publishedYears()]);
    return { items, publishedYears, packageYears: packageCoveredYears() };
  }

  /** Adds or replaces overrides and optionally marks a year as published, in one transaction. */
  async change(actor: Actor, overrides: CalendarOverride[], publishYear?: number): Promise<CalendarChangeResult> {
    const dates = new Set<string>();
    for (const o of overrides) {
      try {
        assertDateString(o.date, 'date');
      } catch {
        throw invalidInput(`date ${o.date} is not a calendar date (YYYY-MM-DD)`);
      }
      if (dates.has(o.date)) throw invalidInput(`date ${o.date} appears twice`);
      dates.add(o.date);
    }
    if (publishYear !== undefined && packageCoveredYears().includes(publishYear)) {
      throw invalidInput(`${publishYear} is covered by the State Council calendar of the chinese-days package; only later years are published here`);
    }
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [CALENDAR_LOCK]);
      for (const o of overrides) await this.repo.upsert(m, o, actor.id);
      if (publishYear !== undefined) {
        const holidays = (await this.repo.overrides(m, publishYear)).filter((o) => o.kind === 'holiday');
        if (holidays.length === 0) {
          throw invalidInput(`publishYear ${publishYear}: enter the year's holidays as overrides before publishing it`);
        }
        await this.repo.publishYear(m, publishYear, actor.id);
      }
      const recomputed = await this.recomputeOpen(m);
      await this.audit.append(m, {
        actorId: actor.id,
        action: 'calendar.change',
        subjectType: 'Calendar',
        data: { overrides: overrides.map((o) => `${o.date}:${o.kind}`), publishYear: publishYear ?? null, recomputed },
      });
      return { overrides: await this.repo.overrides(m), publishedYears: await this.repo.publishedYears(m), recomputed };
    });
  }

  async removeOverride(actor: Actor, date: string): Promise<number> {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [CALENDAR_LOCK]);
      if (!(await this.repo.remove(m, date))) throw notFound(`calendar override ${date}`);
      const recomputed = await this.recomputeOpen(m);
      await this.audit.append(m, { actorId: actor.id, action: 'calendar.remove_override', subjectType: 'Calendar', data: { date, recomputed } });
      return recomputed;
    });
  }

  async unpublishYear(actor: Actor, year: number): Promise<number> {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [CALENDAR_LOCK]);
      if (!(await this.repo.unpublishYear(m, year))) throw notFound(`published calendar year ${year}`);
      const recomputed = await this.recomputeOpen(m);
      await this.audit.append(m, { actorId: actor.id, action: 'calendar.unpublish_year', subjectType: 'Calendar', data: { year, recomputed } });
      return recomputed;
    });
  }

  /**
   * Recomputes the stored clock of every open application on the calendar as it now stands in
   * this transaction; returns how many changed. Linear in the open applications and their history.
   */
  private async recomputeOpen(m: EntityManager): Promise<number> {
    const calendar = await this.build(m);
    const open = await this.applications.lockOpen(m);
    const events = await this.applications.eventsOf(
      open.map((a) => a.id),
      m,
    );
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
      await this.applications.updateClock(m, a.id, next);
      changed++;
    }
    return changed;
  }
}
