import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Small key/value settings shared by every instance (the token secret, the audit head). */
@Injectable()
export class SettingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Returns the stored value, storing `make()` first if there is none (safe when instances race). */
  async getOrCreate(key: string, make: () => string): Promise<string> {
    await this.db.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, make()]);
    const rows = (await this.db.query(`SELECT value FROM settings WHERE key = $1`, [key])) as { value: string }[];
    return rows[0].value;
  }
}
