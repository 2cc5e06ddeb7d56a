import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { DeliveryRepository } from './delivery.repository.js';
import { JobQueue } from './job-queue.service.js';

export interface RecordDeliveryAttemptCommand {
  deliveryId: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  outcome: 'delivered' | 'pending' | 'failed';
  /** The URL the receiver answered with, if any. */
  remoteUrl: string | null;
}

/**
 * The worker records one attempt of a delivery; once delivered, the deliveries of its group held
 * back for it (hold-delivery.use-case.ts) get a job again, in the same transaction.
 */
@Injectable()
export class RecordDeliveryAttemptUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: DeliveryRepository,
    private readonly queue: JobQueue,
  ) {}

  @Transactional()
  async execute(c: RecordDeliveryAttemptCommand): Promise<void> {
    const group = await this.repo.lockGroup(c.deliveryId);
    await this.repo.recordAttempt(c);
    if (c.outcome !== 'delivered' || !group) return;
    await this.queue.queueDeliveries(await this.repo.releaseWaiting(group));
  }
}
