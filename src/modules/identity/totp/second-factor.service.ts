import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import type { AppConfig } from '../../../../config/configuration.js';
import { APP_CONFIG } from '../../../common/tokens.js';
import { PasswordService } from '../password.service.js';
import { TotpSecretBox } from './totp-secret-box.js';
import { TotpRepository, type TotpRow } from './totp.repository.js';

export type CodeCheck = 'ok' | 'invalid' | 'reused';

/** Recovery codes: 10 characters of an alphabet without look-alikes (about 50 bits), shown as xxxxx-xxxxx. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const RECOVERY_COUNT = 10;

/** A code is accepted one 30-second step early or late (clock drift), as RFC 6238 §5.2 allows. */
const TOLERANCE_SECONDS = 30;

/**
 * The second factor: TOTP (RFC 6238: SHA-1, 6 digits, 30 s, as every authenticator app reads an
 * otpauth URL) with one-time recovery codes. A TOTP code is accepted once: its time step is
 * stored and no code of that step or an earlier one is accepted again. Recovery codes are stored
 * as argon2id hashes (they are short enough to type, so a fast hash would not do).
 */
@Injectable()
export class SecondFactorService {
  private readonly logger = new Logger('SecondFactor');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly box: TotpSecretBox,
    private readonly repo: TotpRepository,
    private readonly passwords: PasswordService,
  ) {}

  newSecret(): string {
    return generateSecret();
  }

  otpauthUrl(username: string, secret: string): string {
    return generateURI({ issuer: this.config.totpIssuer, label: username, secret });
  }

  /** The time step the code belongs to, or null when it is not a current code of the secret. */
  async timeStepOf(secret: string, code: string): Promise<number | null> {
    const token = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return null;
    const r = await verify({ secret, token, epochTolerance: TOLERANCE_SECONDS });
    return r.valid && 'timeStep' in r ? r.timeStep : null;
  }

  /** At sign-in: a TOTP code (used up if right) or a recovery code (used up if right). */
  async check(userId: string, totp: TotpRow, code: string): Promise<CodeCheck> {
    const compact = code.replace(/[\s-]/g, '').toLowerCase();
    if (/^\d{6}$/.test(compact)) {
      const secret = this.box.open(userId, totp.secretBox);
      if (secret === null) {
        this.logger.error({ userId }, 'the TOTP secret does not open: was TOTP_SECRET_KEY changed?');
        return 'invalid';
      }
      const step = await this.timeStepOf(secret, compact);
      if (step === null) return 'invalid';
      return (await this.repo.consumeTimeStep(userId, step)) ? 'ok' : 'reused';
    }
    if (compact.length !== 10 || [...compact].some((c) => !RECOVERY_ALPHABET.includes(c))) return 'invalid';
    for (const rc of await this.repo.unusedRecoveryCodes(userId)) {
      if (await this.passwords.verify(rc.codeHash, compact)) return (await this.repo.useRecoveryCode(rc.id)) ? 'ok' : 'reused';
    }
    return 'invalid';
  }

  /** Whether the user has a second factor, one waiting for confirmation, and how many recovery codes are left. */
  async status(userId: string): Promise<{ enabled: boolean; pending: boolean; recoveryCodesLeft: number }> {
    const row = await this.repo.find(userId);
    const enabled = !!row?.confirmedAt;
    return { enabled, pending: !!row && !enabled, recoveryCodesLeft: enabled ? (await this.repo.unusedRecoveryCodes(userId)).length : 0 };
  }

  /** New recovery codes (to show once) and their hashes (to store). */
  async newRecoveryCodes(): Promise<{ codes: string[]; hashes: string[] }> {
    const raw = Array.from({ length: RECOVERY_COUNT }, () => Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join(''));
    const hashes = await Promise.all(raw.map((c) => this.passwords.hash(c)));
    return { codes: raw.map((c) => `${c.slice(0, 5)}-${c.slice(5)}`), hashes };
  }
}
