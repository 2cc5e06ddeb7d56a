import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../../common/database/transaction-host.js';
import { AuditService } from '../../audit/audit.service.js';
import { IdentityRepository, type UserRow } from '../identity.repository.js';
import { SessionIssuer, type SessionGrant } from '../sessions/session-issuer.js';
import type { SessionRestriction } from '../sessions/session.repository.js';
import { TotpRepository } from '../totp/totp.repository.js';
import { OidcClient, type ProviderIdentity } from './oidc-client.service.js';
import { SignInRefusal } from './sign-in-refusal.js';

export interface CompleteOidcLoginCommand {
  /** The gk_oidc cookie's value (null when the browser sent none). */
  sealedState: string | null;
  /** The callback's query string, as the provider sent the browser back. */
  query: string;
  clientIp: string;
  userAgent: string | null;
}

export type OidcLoginResult = SessionGrant & { next: string };

/**
 * The callback of single sign-on: the provider's answer is checked (oidc-client.service.ts), the
 * user is the one whose username equals the OIDC_USERNAME_CLAIM value, and must be active. A user
 * with a second factor still gives its code (the session waits, restriction `totp`); one whose role
 * requires a second factor and has none enrols first. A refusal is audited in a transaction of
 * its own before the error page (no @Transactional on execute); the sign-in in one transaction.
 */
@Injectable()
export class CompleteOidcLoginUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly client: OidcClient,
    private readonly users: IdentityRepository,
    private readonly totp: TotpRepository,
    private readonly issuer: SessionIssuer,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: CompleteOidcLoginCommand): Promise<OidcLoginResult> {
    let identity: ProviderIdentity | null = null;
    let user: UserRow | null = null;
    try {
      identity = await this.client.finish(cmd.sealedState, cmd.query);
      user = await this.users.findUserByUsername(identity.username);
      if (!user) throw new SignInRefusal('unknown_user', 'there is no account for you in this service');
      if (!user.active) throw new SignInRefusal('inactive_user', 'your account in this service is deactivated');
    } catch (e) {
      if (!(e instanceof SignInRefusal)) throw e;
      await this.audit.append({
        actorId: user?.id ?? null,
        action: 'auth.oidc_refused',
        subjectType: user ? 'User' : null,
        subjectId: user?.id ?? null,
        data: { ...e.detail, reason: e.reason, ip: cmd.clientIp, ...(identity ? { sub: identity.subject, username: identity.username } : {}) },
      });
      throw e;
    }
    const hasTotp = await this.totp.enabledFor(user.id);
    const restriction: SessionRestriction | null = hasTotp ? 'totp' : this.issuer.mfaRequired(user.roles) ? 'totp_enrolment' : null;
    return this.signIn(user, identity, restriction, cmd);
  }

  @Transactional()
  private async signIn(user: UserRow, identity: ProviderIdentity, restriction: SessionRestriction | null, cmd: CompleteOidcLoginCommand): Promise<OidcLoginResult> {
    const grant = await this.issuer.open(user, { method: 'oidc', secondFactor: false, restriction, ip: cmd.clientIp, userAgent: cmd.userAgent });
    await this.audit.append({
      actorId: user.id,
      action: 'auth.oidc_login',
      subjectType: 'User',
      subjectId: user.id,
      data: { ip: cmd.clientIp, issuer: identity.issuer, sub: identity.subject, sessionId: grant.sessionId, ...(restriction ? { restriction } : {}) },
    });
    return { ...grant, next: identity.next };
  }
}
