import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../identity/user.types.js';
import { DeliveryRepository, type SubscriberRow } from './delivery.repository.js';
import { newSecret } from './signature.js';
import { checkSubscriberUrl } from './subscriber-url.js';

export interface CreateSubscriberCommand {
  actor: Actor;
  subscriber: { url: string; secret?: string; description?: string; channel?: string };
}

/** An admin registers a portal endpoint for signed webhooks; the secret is shown once. */
@Injectable()
export class CreateSubscriberUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: DeliveryRepository,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, subscriber: s }: CreateSubscriberCommand): Promise<SubscriberRow> {
    checkSubscriberUrl(s.url);
    const row = await this.repo.insertSubscriber({ url: s.url, secret: s.secret ?? newSecret(), channel: s.channel ?? 'portal', description: s.description ?? null });
    await this.audit.append({ actorId: actor.id, action: 'subscriber.create', subjectType: 'Subscriber', subjectId: row.id, data: { url: s.url, channel: row.channel } });
    return row;
  }
}
