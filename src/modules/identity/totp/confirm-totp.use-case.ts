import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../../common/database/transaction-host.js';
import { invalidInput, invalidState } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import { SessionRepository } from '../sessions/session.repository.js';
import type { Actor } from '../user.types.js';
import { SecondFactorService } from './second-factor.service.js';
import { TotpSecretBox } from './totp-secret-box.js';
import { TotpRepository } from './totp.repository.js';

export interface ConfirmTotpCommand {
  actor: Actor;
  /** The session of the request: if it waited for an enrolment (MFA_REQUIRED_ROLES), it is a full one now. */
  sessionId: string;
  code: string;
  clientIp: string;
}

/**
 * Confirms a pending enrolment with a current code: the second factor is enabled, ten recovery
 * codes are made (shown only in this answer), and the session is a full one. The code is checked
 * first (a wrong one is audited in a transaction of its own and answered 400), then the recovery
 * codes are hashed (CPU time, not while holding a transaction), then one transaction writes.
 */
@Injectable()
export class ConfirmTotpUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: TotpRepository,
    private readonly box: TotpSecretBox,
    private readonly factor: SecondFactorService,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: ConfirmTotpCommand): Promise<{ enabled: true; recoveryCodes: string[] }> {
    const { actor } = cmd;
    const row = await this.repo.find(actor.id);
    if (!row) throw invalidState('no enrolment to confirm: start one with POST /api/v1/me/totp');
    if (row.confirmedAt) throw invalidState('a second factor is already enabled for this account');
    const secret = this.box.open(actor.id, row.secretBox);
    const step = secret === null ? null : await this.factor.timeStepOf(secret, cmd.code);
    if (step === null) {
      await this.audit.append({ actorId: actor.id, action: 'auth.totp_failed', subjectType: 'User', subjectId: actor.id, data: { during: 'enrolment', ip: cmd.clientIp } });
      throw invalidInput('code is not the current code of the authenticator app: check its clock and try the next code');
    }
    const recovery = await this.factor.newRecoveryCodes();
    await this.enable(cmd, row.secretBox, step, recovery.hashes);
    return { enabled: true, recoveryCodes: recovery.codes };
  }

  @Transactional()
  private async enable(cmd: ConfirmTotpCommand, secretBox: string, step: number, hashes: string[]): Promise<void> {
    // The secret checked must still be the pending one (no second enrolment started meanwhile).
    const row = await this.repo.find(cmd.actor.id);
    if (!row || row.secretBox !== secretBox || !(await this.repo.confirm(cmd.actor.id, step))) {
      throw invalidState('the enrolment changed meanwhile: start again with POST /api/v1/me/totp');
    }
    await this.repo.replaceRecoveryCodes(cmd.actor.id, hashes);
    await this.sessions.liftRestriction(cmd.sessionId);
    await this.audit.append({ actorId: cmd.actor.id, action: 'auth.totp_enabled', subjectType: 'User', subjectId: cmd.actor.id, data: { sessionId: cmd.sessionId } });
  }
}
