import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { AppConfig } from '../../../../config/configuration.js';
import { APP_CONFIG } from '../../../common/tokens.js';
import { SettingsRepository } from '../settings.repository.js';

/**
 * TOTP secrets at rest: AES-256-GCM under TOTP_SECRET_KEY (or a key generated once and kept in
 * `settings`, like the token secret), bound to the user's id (as associated data), so a row
 * copied onto another user does not open. The secret leaves the service only once, in the
 * enrolment's otpauth URL.
 */
@Injectable()
export class TotpSecretBox implements OnModuleInit {
  private key: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const raw = this.config.totpSecretKey ?? (await this.settings.getOrCreate('totp_secret_key', () => randomBytes(32).toString('base64url')));
    this.key = createHash('sha256').update(raw, 'utf8').digest();
  }

  seal(userId: string, secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(userId, 'utf8'));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** The secret, or null when the box does not open (another key, another user, changed). */
  open(userId: string, box: string): string | null {
    const [v, iv, body, tag] = box.split('.');
    if (v !== 'v1' || !iv || !body || !tag) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(userId, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
