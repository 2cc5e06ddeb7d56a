import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../identity/user.types.js';
import { NotificationsRepository } from './notifications.repository.js';

/**
 * PATCH /api/v1/me: what a user may change about themselves here — whether notifications also
 * come by e-mail. Mails already queued for them are skipped once it is off (mailer.ts).
 */
@Injectable()
export class ChangeMailPreferenceUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: NotificationsRepository,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, emailNotifications }: { actor: Actor; emailNotifications?: boolean }): Promise<void> {
    if (emailNotifications === undefined) return;
    await this.repo.setEmailNotifications(actor.id, emailNotifications);
    await this.audit.append({ actorId: actor.id, action: 'user.preferences', subjectType: 'User', subjectId: actor.id, data: { emailNotifications } });
  }
}
