/**
 * A tamper-evident, append-only audit log. Each row's hash covers the previous row's hash and
 * the row's canonical content, so changing or removing any row breaks the chain from there on.
 * The head of the chain is kept in `settings` (key audit_head) and locked while appending, which
 * orders appends and lets verify notice a removed last row. A trigger refuses UPDATE, DELETE and
 * TRUNCATE on audit_log for the service's role.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { canonicalJson } from '../../common/canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  actorId: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

export function auditHash(prevHash: string, row: { at: string; actorId: string | null; action: string; subjectType: string | null; subjectId: string | null; data: unknown }): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ at: row.at, actorId: row.actorId, action: row.action, subjectType: row.subjectType, subjectId: row.subjectId, data: row.data }))
    .digest('hex');
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenId: string | null;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends within the caller's transaction; call it last, just before commit, to hold the head lock briefly. */
  async append(manager: EntityManager, event: AuditEvent): Promise<void> {
    const head = (await manager.query(`SELECT value FROM settings WHERE key = 'audit_head' FOR UPDATE`)) as { value: string }[];
    let prevHash = GENESIS_HASH;
    if (head.length === 0) {
      await manager.query(`INSERT INTO settings (key, value) VALUES ('audit_head', $1) ON CONFLICT (key) DO NOTHING`, [
        JSON.stringify({ id: null, hash: GENESIS_HASH }),
      ]);
      const again = (await manager.query(`SELECT value FROM settings WHERE key = 'audit_head' FOR UPDATE`)) as { value: string }[];
      prevHash = JSON.parse(again[0].value).hash;
    } else {
      prevHash = JSON.parse(head[0].value).hash;
    }
    const row = {
      at: new Date().toISOString(),
      actorId: event.actorId,
      action: event.action,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId ?? null,
      data: event.data ?? {},
    };
    const hash = auditHash(prevHash, row);
    const inserted = (await manager.query(
      `INSERT INTO audit_log (at, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [row.at, row.actorId, row.action, row.subjectType, row.subjectId, JSON.stringify(row.data), prevHash, hash],
    )) as { id: string }[];
    await manager.query(`UPDATE settings SET value = $1 WHERE key = 'audit_head'`, [JSON.stringify({ id: String(inserted[0].id), hash })]);
  }

  /** Appends in a transaction of its own (logins, denials: events with no other write). */
  async record(event: AuditEvent): Promise<void> {
    await this.dataSource.transaction((m) => this.append(m, event));
  }

  /** Walks the chain in id order and reports the first row that was changed, inserted or removed. */
  async verify(): Promise<VerifyResult> {
    let prevHash = GENESIS_HASH;
    let checked = 0;
    let lastId: string | null = null;
    const batch = 5000;
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT a.id::text AS id, at, actor_id, action, subject_type, subject_id, data, prev_hash, hash
           FROM audit_log a WHERE ($1::bigint IS NULL OR a.id > $1::bigint) ORDER BY a.id LIMIT $2`,
        [lastId, batch],
      )) as { id: string; at: Date; actor_id: string | null; action: string; subject_type: string | null; subject_id: string | null; data: unknown; prev_hash: string; hash: string }[];
      for (const r of rows) {
        const expected = auditHash(prevHash, {
          at: new Date(r.at).toISOString(),
          actorId: r.actor_id,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          data: r.data,
        });
        if (r.prev_hash !== prevHash || r.hash !== expected) return { ok: false, checked, firstBrokenId: r.id };
        prevHash = r.hash;
        lastId = r.id;
        checked++;
      }
      if (rows.length < batch) break;
    }
    const head = (await this.dataSource.query(`SELECT value FROM settings WHERE key = 'audit_head'`)) as { value: string }[];
    if (head.length > 0) {
      const h = JSON.parse(head[0].value) as { id: string | null; hash: string };
      // The head names the last appended row: if it is gone, the chain was cut at the end.
      if (h.hash !== prevHash) return { ok: false, checked, firstBrokenId: h.id ?? lastId };
    }
    return { ok: true, checked, firstBrokenId: null };
  }
}
