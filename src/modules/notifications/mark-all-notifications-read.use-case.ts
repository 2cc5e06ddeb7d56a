import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import type { Actor } from '../identity/user.types.js';
import { NotificationsRepository } from './notifications.repository.js';

/** Marks every unread notification of the caller read. */
@Injectable()
export class MarkAllNotificationsReadUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: NotificationsRepository,
  ) {}

  @Transactional()
  async execute({ actor }: { actor: Actor }): Promise<{ updated: number }> {
    return { updated: await this.repo.markAllRead(actor.id) };
  }
}
