import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { AuditService } from '../audit/audit.service.js';
import { CalendarService } from '../applications/calendar/calendar.service.js';
import type { Actor } from '../identity/user.types.js';
import type { StepDeadlines } from './deadlines.js';
import { StepDeadlinesService } from './step-deadlines.service.js';
import { SupervisionRepository } from './supervision.repository.js';

export interface SetStepDeadlinesCommand {
  actor: Actor;
  limits: StepDeadlines;
}

/** An admin sets each review step's time limit in working days; documents in review get their new due dates at once. */
@Injectable()
export class SetStepDeadlinesUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: SupervisionRepository,
    private readonly deadlines: StepDeadlinesService,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, limits }: SetStepDeadlinesCommand): Promise<StepDeadlines> {
    const value: StepDeadlines = { secrecy_review: limits.secrecy_review, attribute_review: limits.attribute_review, leader_review: limits.leader_review };
    await this.repo.saveStepDeadlines(value);
    await this.deadlines.recompute(await this.calendar.forWrite(), value);
    await this.audit.append({ actorId: actor.id, action: 'settings.step_deadlines', subjectType: 'Settings', data: { ...value } });
    return value;
  }
}
