import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { notFound } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import type { Actor } from '../identity/user.types.js';
import { DelegationsRepository } from './delegations.repository.js';

export interface EndDelegationCommand {
  actor: Actor;
  ability: AppAbility;
  id: string;
}

/** The delegator (or an administrator) ends a delegation at once; the row stays for the record. */
@Injectable()
export class EndDelegationUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: DelegationsRepository,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, ability, id }: EndDelegationCommand): Promise<void> {
    const d = await this.repo.findById(id);
    // Someone else's delegation is not visible: 404, as for an unknown one.
    if (!d || (d.fromUserId !== actor.id && !ability.can('manage', 'Delegation'))) throw notFound('delegation');
    if (!(await this.repo.end(id))) throw notFound('delegation');
    await this.audit.append({ actorId: actor.id, action: 'delegation.end', subjectType: 'Delegation', subjectId: id, data: { fromUserId: d.fromUserId, toUserId: d.toUserId } });
  }
}
