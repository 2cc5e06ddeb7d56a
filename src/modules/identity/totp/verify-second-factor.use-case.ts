import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../../common/database/transaction-host.js';
import { invalidInput, invalidState } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import { LoginThrottle } from '../login-throttle.service.js';
import { SessionRepository, type SessionRestriction } from '../sessions/session.repository.js';
import type { Actor } from '../user.types.js';
import { SecondFactorService } from './second-factor.service.js';
import { TotpRepository } from './totp.repository.js';

export interface VerifySecondFactorCommand {
  actor: Actor;
  sessionId: string;
  restriction: SessionRestriction | null;
  code: string;
  clientIp: string;
}

/**
 * The one-time code after single sign-on: a session opened by the provider for a user with a
 * second factor waits for it (restriction `totp`). The login limits apply: a wrong code counts
 * as a failed login of the account and the address, and is audited; the answer is 400 (the
 * caller is signed in, the code is wrong). The wrong code's audit row commits on its own.
 */
@Injectable()
export class VerifySecondFactorUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: TotpRepository,
    private readonly factor: SecondFactorService,
    private readonly sessions: SessionRepository,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: VerifySecondFactorCommand): Promise<void> {
    if (cmd.restriction !== 'totp') throw invalidState('this session does not wait for a one-time code');
    this.throttle.check(cmd.actor.username, cmd.clientIp);
    const totp = await this.repo.find(cmd.actor.id);
    if (!totp?.confirmedAt) throw invalidState('this account has no second factor');
    const check = await this.factor.check(cmd.actor.id, totp, cmd.code);
    if (check !== 'ok') {
      this.throttle.failed(cmd.actor.username, cmd.clientIp);
      await this.audit.append({
        actorId: cmd.actor.id,
        action: 'auth.totp_failed',
        subjectType: 'Session',
        subjectId: cmd.sessionId,
        data: { during: 'sso', reason: check, ip: cmd.clientIp },
      });
      throw invalidInput(check === 'reused' ? 'code was already used: wait for the next code' : 'code is wrong: enter the current code of the authenticator app or a recovery code');
    }
    this.throttle.succeeded(cmd.actor.username);
    await this.complete(cmd);
  }

  @Transactional()
  private async complete(cmd: VerifySecondFactorCommand): Promise<void> {
    await this.sessions.liftRestriction(cmd.sessionId);
    await this.audit.append({ actorId: cmd.actor.id, action: 'auth.second_factor', subjectType: 'Session', subjectId: cmd.sessionId, data: { ip: cmd.clientIp } });
  }
}
