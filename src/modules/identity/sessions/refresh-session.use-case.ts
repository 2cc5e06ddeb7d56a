import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../../common/database/transaction-host.js';
import { DomainError } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import type { UserResponse } from '../identity.dto.js';
import { IdentityRepository } from '../identity.repository.js';
import { LoginThrottle } from '../login-throttle.service.js';
import { toUserResponse } from '../user-rules.js';
import { hashRefreshToken, SessionIssuer, type SessionGrant } from './session-issuer.js';
import { SessionRepository } from './session.repository.js';

export interface RefreshSessionCommand {
  /** The refresh cookie's value; null when the request has none. */
  refreshToken: string | null;
  clientIp: string;
}

export type RefreshResult = SessionGrant & { user: UserResponse };

type Outcome = { ok: true; result: RefreshResult } | { ok: false; message: string };

/**
 * Rotates a refresh token: the token presented is used up, the session gets the next one and a new
 * access token. A token presented a second time (stolen, or replayed) ends the whole session:
 * whoever holds its newer token loses it too (token-family reuse detection), and it is audited.
 * The refusal's writes commit before the 401 (the transaction returns, then execute throws).
 */
@Injectable()
export class RefreshSessionUseCase {
  private readonly logger = new Logger('Sessions');

  constructor(
    private readonly tx: TransactionHost,
    private readonly sessions: SessionRepository,
    private readonly users: IdentityRepository,
    private readonly issuer: SessionIssuer,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: RefreshSessionCommand): Promise<RefreshResult> {
    if (!cmd.refreshToken) throw new DomainError('unauthenticated', 'no session to refresh: log in');
    this.throttle.checkAddress(cmd.clientIp);
    const outcome = await this.rotate(cmd.refreshToken, cmd.clientIp);
    if (!outcome.ok) {
      this.throttle.failedAddress(cmd.clientIp);
      throw new DomainError('unauthenticated', outcome.message);
    }
    return outcome.result;
  }

  @Transactional()
  private async rotate(token: string, ip: string): Promise<Outcome> {
    const hash = hashRefreshToken(token);
    const found = await this.sessions.lockRefreshToken(hash);
    const refuse = async (reason: string, message: string, data: Record<string, unknown> = {}): Promise<Outcome> => {
      await this.audit.append({
        actorId: found?.session.userId ?? null,
        action: 'auth.refresh_refused',
        subjectType: found ? 'Session' : null,
        subjectId: found?.session.id ?? null,
        data: { reason, ip, ...data },
      });
      return { ok: false, message };
    };
    if (!found) return refuse('unknown_token', 'the refresh token is not valid: log in');
    const { session } = found;
    if (session.endedAt) return refuse('session_ended', 'the session has ended: log in');
    if (found.usedAt) {
      await this.sessions.end(session.id, 'refresh_reuse');
      this.logger.warn({ sessionId: session.id, generation: found.generation }, 'a used refresh token was presented again: the session is ended');
      await this.audit.append({
        actorId: session.userId,
        action: 'auth.refresh_reuse',
        subjectType: 'Session',
        subjectId: session.id,
        data: { generation: found.generation, ip },
      });
      return { ok: false, message: 'this refresh token was already used: the session is ended for safety; log in again' };
    }
    const now = Date.now();
    if (session.idleExpiresAt.getTime() <= now || session.expiresAt.getTime() <= now) return refuse('session_expired', 'the session has expired: log in');
    const user = await this.users.findUser(session.userId);
    if (!user || !user.active || user.tokenVersion !== session.tokenVersion) return refuse('user_changed', 'the session is no longer valid: log in');
    await this.sessions.markRefreshTokenUsed(hash);
    const grant = await this.issuer.rotate(session, user, found.generation, ip);
    return { ok: true, result: { ...grant, user: toUserResponse(user) } };
  }
}
