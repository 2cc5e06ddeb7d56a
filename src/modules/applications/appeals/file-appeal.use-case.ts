import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../../common/database/transaction-host.js';
import { invalidInput } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../identity/user.types.js';
import type { CreateAppealRequest } from './appeal.dto.js';
import { AppealsRepository, type AppealRow } from './appeals.repository.js';

export interface FileAppealCommand {
  actor: Actor;
  appeal: CreateAppealRequest;
  now?: Date;
}

/** A disclosure officer records an administrative reconsideration or lawsuit about an application. */
@Injectable()
export class FileAppealUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: AppealsRepository,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, appeal: req, now = new Date() }: FileAppealCommand): Promise<AppealRow> {
    const filedAt = new Date(req.filedAt);
    if (filedAt.getTime() > now.getTime()) throw invalidInput('filedAt must not be in the future');
    const receivedAt = await this.repo.applicationReceivedAt(req.applicationId);
    if (!receivedAt) throw invalidInput(`unknown applicationId: ${req.applicationId}`);
    if (filedAt.getTime() < new Date(receivedAt).getTime()) throw invalidInput('filedAt must not be before the application was received');
    const id = await this.repo.insert({ applicationId: req.applicationId, kind: req.kind, filedAt, createdBy: actor.id });
    await this.audit.append({ actorId: actor.id, action: 'appeal.create', subjectType: 'Appeal', subjectId: id, data: { applicationId: req.applicationId, kind: req.kind } });
    return (await this.repo.findById(id))!;
  }
}
