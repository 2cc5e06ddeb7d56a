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

/** An admin ends one or all of a user's sessions (a lost laptop, a person leaving): effective at once. */
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
    if (sessionId === null) return { ended: await this.terminator.endAll(actor.id, userId, 'admin') };
    if (!(await this.terminator.endOne(actor.id, userId, sessionId, 'admin'))) throw notFound('session');
    return { ended: 1 };
  }
}
