import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../../common/database/transaction-host.js';
import { notFound } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../identity/user.types.js';
import { CalendarRepository } from './calendar.repository.js';
import { CalendarService } from './calendar.service.js';

export interface UnpublishCalendarYearCommand {
  actor: Actor;
  year: number;
}

/**
 * An administrator withdraws the publication of a year: its due dates are flagged as incomplete
 * again; returns how many open applications' due dates changed.
 */
@Injectable()
export class UnpublishCalendarYearUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: CalendarRepository,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, year }: UnpublishCalendarYearCommand): Promise<number> {
    await this.repo.lockExclusive();
    if (!(await this.repo.unpublishYear(year))) throw notFound(`published calendar year ${year}`);
    const recomputed = await this.calendar.recomputeOpen();
    await this.audit.append({ actorId: actor.id, action: 'calendar.unpublish_year', subjectType: 'Calendar', data: { year, recomputed } });
    return recomputed;
  }
}
