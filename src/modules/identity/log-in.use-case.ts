import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/configuration.js';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import type { UserResponse } from './identity.dto.js';
import { IdentityRepository, type UserRow } from './identity.repository.js';
import { LoginThrottle } from './login-throttle.service.js';
import { PasswordService } from './password.service.js';
import { SessionIssuer, type SessionGrant } from './sessions/session-issuer.js';
import { SecondFactorService } from './totp/second-factor.service.js';
import { TotpRepository } from './totp/totp.repository.js';
import { toUserResponse } from './user-rules.js';

export interface LogInCommand {
  username: string;
  password: string;
  /** The one-time code (TOTP or recovery code), required once the user has a second factor. */
  totp?: string;
  clientIp: string;
  userAgent: string | null;
}

export type LogInResult = SessionGrant & { user: UserResponse };

const SAME_401 = 'wrong username or password';

/** The break-glass account that keeps its password when PASSWORD_LOGIN=false (ADMIN_PASSWORD_LOGIN). */
const BREAK_GLASS_USER = 'admin';

/**
 * Password login, limited per account and address, then the second factor when the user has one
 * (a wrong or reused code counts as a failed login). A success opens a session (session-issuer.ts)
 * and audits it in one transaction; failures are audited in a transaction of their own (no
 * @Transactional on execute): their rows must commit although the request fails.
 */
@Injectable()
export class LogInUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly repo: IdentityRepository,
    private readonly passwords: PasswordService,
    private readonly throttle: LoginThrottle,
    private readonly totp: TotpRepository,
    private readonly factor: SecondFactorService,
    private readonly issuer: SessionIssuer,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: LogInCommand): Promise<LogInResult> {
    const username = cmd.username.trim().toLowerCase();
    this.throttle.check(username, cmd.clientIp);
    if (!this.config.passwordLogin && !(username === BREAK_GLASS_USER && this.config.adminPasswordLogin)) {
      this.throttle.failedAddress(cmd.clientIp);
      await this.audit.append({ actorId: null, action: 'auth.login_refused', subjectType: 'User', data: { username: username.slice(0, 100), reason: 'password_login_disabled', ip: cmd.clientIp } });
      throw new DomainError('forbidden', 'password login is turned off here: sign in with single sign-on (GET /api/v1/auth/oidc/login)', { passwordLogin: false });
    }
    const user = await this.repo.findUserByUsername(username);
    const ok = user && user.active ? await this.passwords.verify(user.passwordHash, cmd.password) : await this.passwords.verifyAgainstDummy(cmd.password);
    if (!user || !user.active || !ok) {
      this.throttle.failed(username, cmd.clientIp);
      await this.audit.append({ actorId: user?.id ?? null, action: 'auth.login_failed', subjectType: 'User', subjectId: user?.id ?? null, data: { username: username.slice(0, 100), ip: cmd.clientIp } });
      throw new DomainError('unauthenticated', SAME_401);
    }
    const secondFactor = await this.checkSecondFactor(user, cmd);
    this.throttle.succeeded(username);
    const restriction = !secondFactor && this.issuer.mfaRequired(user.roles) ? 'totp_enrolment' : null;
    return this.signIn(user, secondFactor, restriction, cmd);
  }

  /** True when a code was given and right; false when the user has no second factor; else 401. */
  private async checkSecondFactor(user: UserRow, cmd: LogInCommand): Promise<boolean> {
    const totp = await this.totp.find(user.id);
    if (!totp?.confirmedAt) return false;
    if (cmd.totp === undefined || cmd.totp.trim() === '') {
      throw new DomainError('unauthenticated', 'a one-time code is required: send "totp" (the authenticator app\'s code or a recovery code)', { totp: 'required' });
    }
    const check = await this.factor.check(user.id, totp, cmd.totp);
    if (check === 'ok') return true;
    this.throttle.failed(user.username, cmd.clientIp);
    await this.audit.append({ actorId: user.id, action: 'auth.totp_failed', subjectType: 'User', subjectId: user.id, data: { during: 'login', reason: check, ip: cmd.clientIp } });
    throw new DomainError('unauthenticated', check === 'reused' ? 'this one-time code was already used: wait for the next one' : 'the one-time code is wrong', { totp: check });
  }

  @Transactional()
  private async signIn(user: UserRow, secondFactor: boolean, restriction: 'totp_enrolment' | null, cmd: LogInCommand): Promise<LogInResult> {
    const grant = await this.issuer.open(user, { method: 'password', secondFactor, restriction, ip: cmd.clientIp, userAgent: cmd.userAgent });
    await this.audit.append({
      actorId: user.id,
      action: 'auth.login',
      subjectType: 'User',
      subjectId: user.id,
      data: { ip: cmd.clientIp, method: 'password', sessionId: grant.sessionId, secondFactor, ...(restriction ? { restriction } : {}) },
    });
    return { ...grant, user: toUserResponse(user) };
  }
}
