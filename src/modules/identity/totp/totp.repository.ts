import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../common/database/transaction-host.js';

export interface TotpRow {
  secretBox: string;
  confirmedAt: Date | null;
  lastTimeStep: number | null;
}

/** UPDATE and DELETE answer [rows, affected] through TypeORM's query(). */
const affected = (res: unknown) => (res as [unknown[], number])[1] > 0;

@Injectable()
export class TotpRepository {
  constructor(private readonly tx: TransactionHost) {}

  async find(userId: string): Promise<TotpRow | null> {
    const rows = (await this.tx.manager.query(
      `SELECT secret_box AS "secretBox", confirmed_at AS "confirmedAt", last_time_step::float8 AS "lastTimeStep" FROM user_totp WHERE user_id = $1`,
      [userId],
    )) as TotpRow[];
    return rows[0] ?? null;
  }

  /** Whether each user has a confirmed second factor. */
  async enabledFor(userId: string): Promise<boolean> {
    return ((await this.tx.manager.query(`SELECT 1 FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL`, [userId])) as unknown[]).length > 0;
  }

  /** A new pending secret (replacing a pending one); false when a confirmed one exists. */
  async putPending(userId: string, secretBox: string): Promise<boolean> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO user_totp (user_id, secret_box) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret_box = EXCLUDED.secret_box, created_at = now(), last_time_step = NULL
        WHERE user_totp.confirmed_at IS NULL
       RETURNING user_id`,
      [userId, secretBox],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Confirms a pending secret with the time step of the code that proved it; false if not pending. */
  async confirm(userId: string, timeStep: number): Promise<boolean> {
    return affected(await this.tx.manager.query(`UPDATE user_totp SET confirmed_at = now(), last_time_step = $2 WHERE user_id = $1 AND confirmed_at IS NULL`, [userId, timeStep]));
  }

  /**
   * Uses up a code's time step: true only for a step later than the last one accepted, so a code
   * (or an earlier one of the window) cannot be used twice, even by two requests at once.
   */
  async consumeTimeStep(userId: string, timeStep: number): Promise<boolean> {
    return affected(
      await this.tx.manager.query(
        `UPDATE user_totp SET last_time_step = $2
          WHERE user_id = $1 AND confirmed_at IS NOT NULL AND (last_time_step IS NULL OR last_time_step < $2)`,
        [userId, timeStep],
      ),
    );
  }

  async remove(userId: string): Promise<boolean> {
    await this.tx.manager.query(`DELETE FROM user_recovery_codes WHERE user_id = $1`, [userId]);
    return affected(await this.tx.manager.query(`DELETE FROM user_totp WHERE user_id = $1`, [userId]));
  }

  async replaceRecoveryCodes(userId: string, hashes: string[]): Promise<void> {
    await this.tx.manager.query(`DELETE FROM user_recovery_codes WHERE user_id = $1`, [userId]);
    await this.tx.manager.query(`INSERT INTO user_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])`, [userId, hashes]);
  }

  async unusedRecoveryCodes(userId: string): Promise<{ id: string; codeHash: string }[]> {
    return (await this.tx.manager.query(`SELECT id, code_hash AS "codeHash" FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL ORDER BY id`, [userId])) as {
      id: string;
      codeHash: string;
    }[];
  }

  /** Uses up a recovery code; false when it was used meanwhile. */
  async useRecoveryCode(id: string): Promise<boolean> {
    return affected(await this.tx.manager.query(`UPDATE user_recovery_codes SET used_at = now() WHERE id = $1 AND used_at IS NULL`, [id]));
  }
}
