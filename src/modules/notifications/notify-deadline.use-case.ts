import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import type { DeadlineNotice } from './notifications.repository.js';
import type { NotificationEvent } from './notification.types.js';
import { Notifier } from './notifier.js';

/**
 * One threshold of one item, in its own transaction: the notice row (unique per item and
 * threshold) and the notifications of its recipients together. A second scan — on this instance
 * or another, at the same moment or later — finds the notice and writes nothing.
 */
@Injectable()
export class NotifyDeadlineUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly notifier: Notifier,
  ) {}

  @Transactional()
  async execute({ notice, event }: { notice: DeadlineNotice; event: Omit<NotificationEvent, 'eventId' | 'exclude'> }): Promise<number> {
    return this.notifier.deadline(notice, event);
  }
}
