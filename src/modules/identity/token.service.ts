import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import type { AppConfig } from '../../../config/configuration.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { SettingsRepository } from './settings.repository.js';

interface AccessClaims {
  sub: string;
  tokenVersion: number;
  /** The session (auth_sessions) the token belongs to: ending it refuses the token. */
  sessionId: string;
}

/** Why a token was refused: `expired` is routine (the client refreshes), `invalid` is not. */
export type TokenRefusal = 'expired' | 'invalid';

/**
 * Short-lived HS256 access tokens. The secret comes from JWT_SECRET, or is generated once and kept
 * in the database so every instance (and a restart) accepts the same tokens. The token carries the
 * user's token version: bumping it (deactivation, password or role change) voids older tokens,
 * and its session's id: ending the session (logout, reuse of a refresh token) voids it too.
 */
@Injectable()
export class TokenService implements OnModuleInit {
  /** A KeyObject made once: given raw bytes, jose would make one on every sign and verify. */
  private key: KeyObject;
  private secret: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const secret = this.config.jwtSecret ?? (await this.settings.getOrCreate('jwt_secret', () => randomBytes(48).toString('base64url')));
    this.secret = Buffer.from(secret, 'utf8');
    this.key = createSecretKey(this.secret);
  }

  /** A 256-bit key for another purpose (HKDF of the token secret): never the signing key itself. */
  subkey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.secret, 'gongkai', purpose, 32));
  }

  get ttlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  sign(claims: AccessClaims): Promise<string> {
    return new SignJWT({ tv: claims.tokenVersion, sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer('gongkai')
      .setIssuedAt()
      .setExpirationTime(`${this.config.accessTokenTtlSeconds}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessClaims | null> {
    const r = await this.check(token);
    return 'refused' in r ? null : r;
  }

  /** The claims, or why the token is refused (a bad signature, an unknown shape, expiry). */
  async check(token: string): Promise<AccessClaims | { refused: TokenRefusal }> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: 'gongkai', algorithms: ['HS256'] });
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
      if (typeof payload.sub !== 'string' || typeof payload.tv !== 'number' || typeof payload.sid !== 'string') return { refused: 'invalid' };
      if (!uuid.test(payload.sub) || !uuid.test(payload.sid)) return { refused: 'invalid' };
      return { sub: payload.sub, tokenVersion: payload.tv, sessionId: payload.sid };
    } catch (e) {
      return { refused: e instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
