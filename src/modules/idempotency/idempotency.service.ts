/**
 * Idempotency keys for requests that create something (documents, transitions, applications).
 *
 * The key row is inserted in the same transaction as the effect. A retry that arrives while the
 * first request is still running blocks on the key's unique index until that transaction ends;
 * it then either finds the stored answer (and replays it) or, if the first failed and rolled back,
 * takes the key itself. A 4xx rolls back, so a corrected retry with the same key is still allowed.
 * The same key with a different body is refused with 422.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { canonicalJson } from '../../common/canonical-json.js';
import { DomainError, invalidInput } from '../../common/errors/domain-error.js';

export interface StoredResponse<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string>;
  replayed: boolean;
}

export interface IdempotencyRequest {
  /** Whose key space: the caller and the route (keys of different users never collide). */
  scope: string;
  key: string | undefined;
  /** What makes two requests "the same": route params and body. */
  fingerprint: unknown;
}

@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `work` in one transaction, at most once per key. */
  async run<T>(req: IdempotencyRequest, work: (m: EntityManager) => Promise<Omit<StoredResponse<T>, 'replayed'>>): Promise<StoredResponse<T>> {
    if (req.key === undefined) {
      return { ...(await this.db.transaction(work)), replayed: false };
    }
    const key = req.key.trim();
    if (key.length === 0 || key.length > 200) throw invalidInput('Idempotency-Key must be 1–200 characters');
    const hash = createHash('sha256').update(canonicalJson(req.fingerprint)).digest('hex');
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = await this.db.transaction(async (m): Promise<StoredResponse<T> | null> => {
        const claimed = (await m.query(
          `INSERT INTO idempotency_keys (scope, key, request_hash, status, body) VALUES ($1, $2, $3, 0, 'null')
           ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
          [req.scope, key, hash],
        )) as unknown[];
        if (claimed.length === 0) {
          const rows = (await m.query(`SELECT request_hash, status, body, headers FROM idempotency_keys WHERE scope = $1 AND key = $2`, [req.scope, key])) as {
            request_hash: string;
            status: number;
            body: T;
            headers: Record<string, string>;
          }[];
          if (rows.length === 0) return null; // the other request rolled back meanwhile: try again
          if (rows[0].request_hash !== hash) {
            throw new DomainError('idempotency_mismatch', 'this Idempotency-Key was used with a different request');
          }
          return { status: rows[0].status, body: rows[0].body, headers: rows[0].headers, replayed: true };
        }
        const res = await work(m);
        await m.query(`UPDATE idempotency_keys SET status = $3, body = $4, headers = $5 WHERE scope = $1 AND key = $2`, [
          req.scope,
          key,
          res.status,
          JSON.stringify(res.body ?? null),
          JSON.stringify(res.headers),
        ]);
        return { ...res, replayed: false };
      });
      if (result) return result;
    }
    throw new DomainError('invalid_state', 'a concurrent request with this Idempotency-Key did not settle; retry');
  }
}
