import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../identity/user.types.js';
import { DeliveryRepository, type SubscriberRow } from './delivery.repository.js';
import { checkExchangeSender } from './exchange-sender.js';
import type { SubscriberFormat } from './exchange-package.js';
import { newSecret } from './signature.js';
import { checkSubscriberUrl } from './subscriber-url.js';

export interface CreateSubscriberCommand {
  actor: Actor;
  subscriber: { url: string; secret?: string; description?: string; channel?: string; format?: SubscriberFormat; sender?: { code: string; name: string } };
}

/**
 * An admin registers a portal endpoint for signed webhooks, or the upper-level platform's
 * (format `exchange`, with the sender it knows the agency by); the secret is shown once.
 */
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
    const format = s.format ?? 'standard';
    checkExchangeSender(format, s.sender ?? null);
    const row = await this.repo.insertSubscriber({
      url: s.url,
      secret: s.secret ?? newSecret(),
      channel: s.channel ?? 'portal',
      format,
      sender: s.sender ? { code: s.sender.code, name: s.sender.name } : null,
      description: s.description ?? null,
    });
    await this.audit.append({
      actorId: actor.id,
      action: 'subscriber.create',
      subjectType: 'Subscriber',
      subjectId: row.id,
      data: { url: s.url, channel: row.channel, format: row.format, ...(row.sender ? { sender: row.sender } : {}) },
    });
    return row;
  }
}
