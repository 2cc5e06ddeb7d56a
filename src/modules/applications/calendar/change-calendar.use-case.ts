import { Injectable } from '@nestjs/common';
import { assertDateString } from '../../../common/china-time.js';
import { TransactionHost, Transactional } from '../../../common/database/transaction-host.js';
import { invalidInput } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../identity/user.types.js';
import { packageCoveredYears, type CalendarOverride } from '../domain/calendar.js';
import { CalendarRepository, type OverrideRow } from './calendar.repository.js';
import { CalendarService } from './calendar.service.js';

export interface ChangeCalendarCommand {
  actor: Actor;
  /** Added, or replacing the override of their date. */
  overrides: CalendarOverride[];
  /** A year whose arrangement is now complete (its holidays entered as overrides). */
  publishYear?: number;
}

export interface CalendarChangeResult {
  overrides: OverrideRow[];
  publishedYears: number[];
  /** Open applications whose stored due date (or calendar flag) changed. */
  recomputed: number;
}

/**
 * An administrator adds or replaces overrides and optionally publishes a year; the open
 * applications' due dates are recomputed in the same transaction, under the exclusive calendar lock.
 */
@Injectable()
export class ChangeCalendarUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: CalendarRepository,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, overrides, publishYear }: ChangeCalendarCommand): Promise<CalendarChangeResult> {
    if (overrides.length === 0 && publishYear === undefined) throw invalidInput('send overrides, publishYear or both');
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
    await this.repo.lockExclusive();
    for (const o of overrides) await this.repo.upsert(o, actor.id);
    if (publishYear !== undefined) {
      const holidays = (await this.repo.overrides(publishYear)).filter((o) => o.kind === 'holiday');
      if (holidays.length === 0) {
        throw invalidInput(`publishYear ${publishYear}: enter the year's holidays as overrides before publishing it`);
      }
      await this.repo.publishYear(publishYear, actor.id);
    }
    const recomputed = await this.calendar.recomputeOpen();
    await this.audit.append({
      actorId: actor.id,
      action: 'calendar.change',
      subjectType: 'Calendar',
      data: { overrides: overrides.map((o) => `${o.date}:${o.kind}`), publishYear: publishYear ?? null, recomputed },
    });
    return { overrides: await this.repo.overrides(), publishedYears: await this.repo.publishedYears(), recomputed };
  }
}
