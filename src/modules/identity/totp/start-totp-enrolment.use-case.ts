import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../../common/database/transaction-host.js';
import { invalidState } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../user.types.js';
import { SecondFactorService } from './second-factor.service.js';
import { TotpSecretBox } from './totp-secret-box.js';
import { TotpRepository } from './totp.repository.js';

export interface StartTotpEnrolmentCommand {
  actor: Actor;
}

/**
 * A user starts enrolling a second factor: a new secret (replacing one not yet confirmed),
 * returned once as an otpauth URL for the authenticator app. Enabled only by confirming a code.
 */
@Injectable()
export class StartTotpEnrolmentUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: TotpRepository,
    private readonly box: TotpSecretBox,
    private readonly factor: SecondFactorService,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor }: StartTotpEnrolmentCommand): Promise<{ otpauthUrl: string }> {
    const secret = this.factor.newSecret();
    if (!(await this.repo.putPending(actor.id, this.box.seal(actor.id, secret)))) {
      throw invalidState('a second factor is already enabled for this account; an administrator can reset it (DELETE /api/v1/users/:id/totp)');
    }
    await this.audit.append({ actorId: actor.id, action: 'auth.totp_enrolment_started', subjectType: 'User', subjectId: actor.id });
    return { otpauthUrl: this.factor.otpauthUrl(actor.username, secret) };
  }
}
