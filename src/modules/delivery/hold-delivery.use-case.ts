import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { DeliveryRepository } from './delivery.repository.js';

export interface HoldDeliveryCommand {
  deliveryId: string;
}

/**
 * Before a delivery is sent: held back (`waiting`) while an earlier delivery of its group (its
 * document with the document's interpretations) has not reached the same receiver. So a receiver
 * never gets an interpretation before the document it interprets, nor a revocation before the
 * publication it revokes. The one delivered first releases it (record-delivery-attempt.use-case.ts),
 * under the same group lock, so a release is never missed. Returns true when held back.
 */
@Injectable()
export class HoldDeliveryUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: DeliveryRepository,
  ) {}

  @Transactional()
  async execute({ deliveryId }: HoldDeliveryCommand): Promise<boolean> {
    const group = await this.repo.lockGroup(deliveryId);
    if (!group) return false;
    const held = await this.repo.earlierUndelivered(group);
    await this.repo.setWaiting(deliveryId, held);
    return held;
  }
}
