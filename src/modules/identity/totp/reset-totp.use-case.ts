import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../../common/database/transaction-host.js';
import { notFound } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import { IdentityRepository } from '../identity.repository.js';
import { SessionTerminator } from '../sessions/session-terminator.js';
import type { Actor } from '../user.types.js';
import { TotpRepository } from './totp.repository.js';

export interface ResetTotpCommand {
  actor: Actor;
  userId: string;
}

/**
 * An admin removes a user's second factor and recovery codes (a lost phone): the user's sessions
 * end, and they enrol again at their next sign-in (at once, if their role requires it).
 */
@Injectable()
export class ResetTotpUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly users: IdentityRepository,
    private readonly repo: TotpRepository,
    private readonly terminator: SessionTerminator,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, userId }: ResetTotpCommand): Promise<void> {
    if (!(await this.users.lockUser(userId))) throw notFound('user');
    if (!(await this.repo.remove(userId))) throw notFound('second factor');
    await this.terminator.endAll(actor.id, userId, 'second_factor_reset');
    await this.audit.append({ actorId: actor.id, action: 'auth.totp_reset', subjectType: 'User', subjectId: userId });
  }
}
