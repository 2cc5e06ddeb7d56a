import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { notFound } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../identity/user.types.js';
import { DeliveryRepository, type DeliveryRow } from './delivery.repository.js';
import { JobQueue } from './job-queue.service.js';

export interface ReplayDeliveryCommand {
  actor: Actor;
  deliveryId: string;
}

/** Sends a delivery again (a receiver that lost it, or one that gave up retrying). */
@Injectable()
export class ReplayDeliveryUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: DeliveryRepository,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, deliveryId }: ReplayDeliveryCommand): Promise<DeliveryRow> {
    const d = await this.repo.delivery(deliveryId);
    if (!d) throw notFound('delivery');
    await this.repo.markPending(deliveryId);
    await this.queue.queueDeliveries([deliveryId]);
    await this.audit.append({ actorId: actor.id, action: 'delivery.replay', subjectType: 'Delivery', subjectId: deliveryId, data: {} });
    return (await this.repo.delivery(deliveryId))!;
  }
}
