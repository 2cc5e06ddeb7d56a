import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../../common/database/transaction-host.js';
import { invalidInput, invalidState, notFound } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../identity/user.types.js';
import type { ConcludeAppealRequest } from './appeal.dto.js';
import { AppealsRepository, type AppealRow } from './appeals.repository.js';

export interface ConcludeAppealCommand {
  actor: Actor;
  id: string;
  conclusion: ConcludeAppealRequest;
  now?: Date;
}

/** Records how a reconsideration or lawsuit ended; once. */
@Injectable()
export class ConcludeAppealUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: AppealsRepository,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, id, conclusion: req, now = new Date() }: ConcludeAppealCommand): Promise<AppealRow> {
    const a = await this.repo.findById(id, true);
    if (!a) throw notFound('appeal');
    if (a.result !== null) throw invalidState(`the appeal was already concluded (${a.result})`);
    const concludedAt = new Date(req.concludedAt);
    if (concludedAt.getTime() > now.getTime()) throw invalidInput('concludedAt must not be in the future');
    if (concludedAt.getTime() < new Date(a.filedAt).getTime()) throw invalidInput('concludedAt must not be before filedAt');
    if (!(await this.repo.conclude(id, req.result, concludedAt))) throw invalidState('the appeal was concluded meanwhile');
    await this.audit.append({ actorId: actor.id, action: 'appeal.conclude', subjectType: 'Appeal', subjectId: id, data: { result: req.result } });
    return (await this.repo.findById(id))!;
  }
}
