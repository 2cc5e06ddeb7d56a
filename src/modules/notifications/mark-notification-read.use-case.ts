import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { notFound } from '../../common/errors/domain-error.js';
import type { Actor } from '../identity/user.types.js';
import { NotificationsRepository, type NotificationRow } from './notifications.repository.js';

/** Marks one of the caller's own notifications read (again: no change); someone else's is 404. */
@Injectable()
export class MarkNotificationReadUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: NotificationsRepository,
  ) {}

  @Transactional()
  async execute({ actor, id }: { actor: Actor; id: string }): Promise<NotificationRow> {
    const row = await this.repo.markRead(actor.id, id);
    if (!row) throw notFound('notification');
    return row;
  }
}
