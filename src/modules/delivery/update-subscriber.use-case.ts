import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { notFound } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../identity/user.types.js';
import { DeliveryRepository, type SubscriberRow } from './delivery.repository.js';
import { checkExchangeSender } from './exchange-sender.js';
import type { SubscriberFormat } from './exchange-package.js';
import { checkSubscriberUrl } from './subscriber-url.js';

export interface UpdateSubscriberCommand {
  actor: Actor;
  id: string;
  patch: { active?: boolean; url?: string; description?: string; channel?: string; format?: SubscriberFormat; sender?: { code: string; name: string } };
}

/**
 * An admin pauses, resumes or moves an endpoint, or changes what it receives (format, sender):
 * deliveries made from then on carry the new body, those already made keep theirs.
 */
@Injectable()
export class UpdateSubscriberUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: DeliveryRepository,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, id, patch }: UpdateSubscriberCommand): Promise<SubscriberRow> {
    if (patch.url) checkSubscriberUrl(patch.url);
    const current = await this.repo.lockSubscriber(id);
    if (!current) throw notFound('subscriber');
    checkExchangeSender(patch.format ?? current.format, patch.sender ?? current.sender);
    const sender = patch.sender ? { code: patch.sender.code, name: patch.sender.name } : undefined;
    const row = await this.repo.updateSubscriber(id, { ...patch, sender });
    if (!row) throw notFound('subscriber');
    await this.audit.append({ actorId: actor.id, action: 'subscriber.update', subjectType: 'Subscriber', subjectId: id, data: patch });
    return row;
  }
}
