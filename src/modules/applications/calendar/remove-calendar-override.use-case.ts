import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../../common/database/transaction-host.js';
import { invalidInput, notFound } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../identity/user.types.js';
import { CalendarRepository } from './calendar.repository.js';
import { CalendarService } from './calendar.service.js';

export interface RemoveCalendarOverrideCommand {
  actor: Actor;
  /** YYYY-MM-DD */
  date: string;
}

/** An administrator removes the override of a date; returns how many open applications' due dates changed. */
@Injectable()
export class RemoveCalendarOverrideUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: CalendarRepository,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, date }: RemoveCalendarOverrideCommand): Promise<number> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw invalidInput('date must be written YYYY-MM-DD');
    await this.repo.lockExclusive();
    if (!(await this.repo.remove(date))) throw notFound(`calendar override ${date}`);
    const recomputed = await this.calendar.recomputeOpen();
    await this.audit.append({ actorId: actor.id, action: 'calendar.remove_override', subjectType: 'Calendar', data: { date, recomputed } });
    return recomputed;
  }
}
