import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TokenError, createSigner, createVerifier } from 'fast-jwt';
import { hkdfSync, randomBytes } from 'node:crypto';
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
 *
 * Signed and checked with fast-jwt, synchronously on node:crypto's HMAC: every authenticated
 * request checks one, and WebCrypto's asynchronous HMAC (jose) cost about ten times the CPU and
 * a trip through libuv's thread pool per request (docs/performance.md). The check accepts HS256
 * only, the issuer `gongkai` only, and requires `exp`.
 */
@Injectable()
export class TokenService implements OnModuleInit {
  private secret: Buffer;
  private signer: (payload: Record<string, unknown>) => string;
  private verifier: (token: string) => Record<string, unknown>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const secret = this.config.jwtSecret ?? (await this.settings.getOrCreate('jwt_secret', () => randomBytes(48).toString('base64url')));
    this.secret = Buffer.from(secret, 'utf8');
    this.signer = createSigner({ key: this.secret, algorithm: 'HS256', iss: 'gongkai', expiresIn: this.config.accessTokenTtlSeconds * 1000 });
    // No cache: a token is checked once per request, and a cache would keep tokens in memory.
    this.verifier = createVerifier({ key: this.secret, algorithms: ['HS256'], allowedIss: 'gongkai', requiredClaims: ['exp'], cache: false });
  }

  /** A 256-bit key for another purpose (HKDF of the token secret): never the signing key itself. */
  subkey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.secret, 'gongkai', purpose, 32));
  }

  get ttlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  /** A token of `{"alg":"HS256","typ":"JWT"}` with sub, tv, sid, iss, iat and exp. */
  sign(claims: AccessClaims): string {
    return this.signer({ sub: claims.sub, tv: claims.tokenVersion, sid: claims.sessionId });
  }

  /** The claims, or why the token is refused (a bad signature, an unknown shape, expiry). */
  check(token: string): AccessClaims | { refused: TokenRefusal } {
    try {
      const payload = this.verifier(token);
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
      if (typeof payload.sub !== 'string' || typeof payload.tv !== 'number' || typeof payload.sid !== 'string') return { refused: 'invalid' };
      if (!uuid.test(payload.sub) || !uuid.test(payload.sid)) return { refused: 'invalid' };
      return { sub: payload.sub, tokenVersion: payload.tv, sessionId: payload.sid };
    } catch (e) {
      return { refused: e instanceof TokenError && e.code === TokenError.codes.expired ? 'expired' : 'invalid' };
    }
  }
}
