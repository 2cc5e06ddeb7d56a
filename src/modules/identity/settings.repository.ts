import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { TransactionHost } from '../../common/database/transaction-host.js';

/** Small key/value settings shared by every instance (the token secret, the audit head). */
@Injectable()
export class SettingsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Returns the stored value, storing `make()` first if there is none (safe when instances race). */
  async getOrCreate(key: string, make: () => string): Promise<string> {
    await this.tx.manager.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, make()]);
    const rows = (await this.tx.manager.query(`SELECT value FROM settings WHERE key = $1`, [key])) as { value: string }[];
    return rows[0].value;
  }
}
