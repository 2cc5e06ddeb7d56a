import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { AppConfig } from '../../../../config/configuration.js';
import { APP_CONFIG } from '../../../common/tokens.js';
import { TokenService } from '../token.service.js';
import type { Role } from '../user.types.js';
import { SessionRepository, type SessionRestriction, type SignInMethod } from './session.repository.js';

/** What a sign-in or a refresh hands the client: the access token in the body, the refresh token in the cookie. */
export interface SessionGrant {
  sessionId: string;
  accessToken: string;
  expiresIn: number;
  restriction: SessionRestriction | null;
  refreshToken: string;
  /** The cookie's Max-Age: until the session's idle or absolute expiry, whichever comes first. */
  refreshMaxAge: number;
}

/** Refresh tokens are 256 random bits: a plain SHA-256 is enough to store them (nothing to guess). */
export const hashRefreshToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

const newRefreshToken = () => randomBytes(32).toString('base64url');

/** Ended and expired sessions are kept this long (the admin's and the audit's view), then removed. */
const KEEP_ENDED_DAYS = 30;

/**
 * Opens sessions and rotates their refresh tokens, in the caller's transaction. Access tokens
 * stay short (ACCESS_TOKEN_TTL); the session lives while it is refreshed within
 * SESSION_IDLE_TIMEOUT, at most SESSION_MAX_AGE after sign-in.
 */
@Injectable()
export class SessionIssuer {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenService,
  ) {}

  /** Whether the user's roles require a second factor (MFA_REQUIRED_ROLES). */
  mfaRequired(roles: Role[]): boolean {
    return roles.some((r) => this.config.mfaRequiredRoles.includes(r));
  }

  async open(
    user: { id: string; tokenVersion: number },
    o: { method: SignInMethod; secondFactor: boolean; restriction: SessionRestriction | null; ip: string | null; userAgent: string | null },
  ): Promise<SessionGrant> {
    await this.sessions.pruneOfUser(user.id, KEEP_ENDED_DAYS);
    const session = await this.sessions.insertSession({
      userId: user.id,
      ...o,
      tokenVersion: user.tokenVersion,
      idleSeconds: this.config.sessionIdleSeconds,
      maxSeconds: this.config.sessionMaxSeconds,
    });
    return this.issue(session.id, user, 0, o.restriction, session.expiresAt);
  }

  /** A new refresh token of the next generation, and a new access token. */
  async rotate(
    session: { id: string; restriction: SessionRestriction | null; expiresAt: Date },
    user: { id: string; tokenVersion: number },
    generation: number,
    ip: string | null,
  ): Promise<SessionGrant> {
    await this.sessions.touch(session.id, this.config.sessionIdleSeconds, ip);
    return this.issue(session.id, user, generation + 1, session.restriction, session.expiresAt);
  }

  private async issue(sessionId: string, user: { id: string; tokenVersion: number }, generation: number, restriction: SessionRestriction | null, expiresAt: Date): Promise<SessionGrant> {
    const refreshToken = newRefreshToken();
    await this.sessions.insertRefreshToken(sessionId, hashRefreshToken(refreshToken), generation);
    const accessToken = this.tokens.sign({ sub: user.id, tokenVersion: user.tokenVersion, sessionId });
    const untilEnd = Math.floor((expiresAt.getTime() - Date.now()) / 1000);
    return {
      sessionId,
      accessToken,
      expiresIn: this.tokens.ttlSeconds,
      restriction,
      refreshToken,
      refreshMaxAge: Math.max(0, Math.min(this.config.sessionIdleSeconds, untilEnd)),
    };
  }
}
