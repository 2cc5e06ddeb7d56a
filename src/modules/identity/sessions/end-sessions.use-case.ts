import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../../common/database/transaction-host.js';
import { notFound } from '../../../common/errors/domain-error.js';
import { IdentityRepository } from '../identity.repository.js';
import type { Actor } from '../user.types.js';
import { SessionTerminator } from './session-terminator.js';

export interface EndSessionsCommand {
  actor: Actor;
  userId: string;
  /** One session; null ends every session of the user. */
  sessionId: string | null;
}

/** An admin ends one or all of a user's sessions (a lost laptop, a person leaving), or a user one of their own: effective at once. */
@Injectable()
export class EndSessionsUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly users: IdentityRepository,
    private readonly terminator: SessionTerminator,
  ) {}

  @Transactional()
  async execute({ actor, userId, sessionId }: EndSessionsCommand): Promise<{ ended: number }> {
    if (!(await this.users.lockUser(userId))) throw notFound('user');
    // A user ending one of their own sessions logs it out; anyone else's doing is an admin's.
    const reason = actor.id === userId ? 'logout' : 'admin';
    if (sessionId === null) return { ended: await this.terminator.endAll(actor.id, userId, reason) };
    if (!(await this.terminator.endOne(actor.id, userId, sessionId, reason))) throw notFound('session');
    return { ended: 1 };
  }
}
