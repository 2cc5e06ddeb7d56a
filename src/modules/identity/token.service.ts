import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SignJWT, jwtVerify } from 'jose';
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { AppConfig } from '../../../config/configuration.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { SettingsRepository } from './settings.repository.js';

interface AccessClaims {
  sub: string;
  tokenVersion: number;
}

/**
 * Short-lived HS256 access tokens. The secret comes from JWT_SECRET, or is generated once and kept
 * in the database so every instance (and a restart) accepts the same tokens. The token carries the
 * user's token version: bumping it (deactivation, password or role change) voids older tokens.
 */
@Injectable()
export class TokenService implements OnModuleInit {
  /** A KeyObject made once: given raw bytes, jose would make one on every sign and verify. */
  private key: KeyObject;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const secret = this.config.jwtSecret ?? (await this.settings.getOrCreate('jwt_secret', () => randomBytes(48).toString('base64url')));
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  get ttlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  sign(claims: AccessClaims): Promise<string> {
    return new SignJWT({ tv: claims.tokenVersion })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer('gongkai')
      .setIssuedAt()
      .setExpirationTime(`${this.config.accessTokenTtlSeconds}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: 'gongkai', algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || typeof payload.tv !== 'number') return null;
      if (!/^[0-9a-f-]{36}$/i.test(payload.sub)) return null;
      return { sub: payload.sub, tokenVersion: payload.tv };
    } catch {
      return null;
    }
  }
}
