import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../common/database/transaction-host.js';

export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** The only place that reads and writes idempotency_keys. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Takes the key in the open transaction; waits for a concurrent holder's transaction to end. False when the key is taken. */
  async claim(scope: string, key: string, requestHash: string): Promise<boolean> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status, body) VALUES ($1, $2, $3, 0, 'null')
       ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [scope, key, requestHash],
    )) as unknown[];
    return rows.length === 1;
  }

  async find(scope: string, key: string): Promise<StoredAnswer | null> {
    const rows = (await this.tx.manager.query(
      `SELECT request_hash AS "requestHash", status, body, headers FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    )) as StoredAnswer[];
    return rows[0] ?? null;
  }

  async store(scope: string, key: string, answer: Omit<StoredAnswer, 'requestHash'>): Promise<void> {
    await this.tx.manager.query(`UPDATE idempotency_keys SET status = $3, body = $4, headers = $5 WHERE scope = $1 AND key = $2`, [
      scope,
      key,
      answer.status,
      JSON.stringify(answer.body ?? null),
      JSON.stringify(answer.headers),
    ]);
  }
}
