import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../common/database/transaction-host.js';

export interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  data: unknown;
  prev_hash: string;
  hash: string;
}

export interface ChainHead {
  id: string | null;
  hash: string;
}

/** The only place that reads and writes the audit log and its chain head (settings key audit_head). */
@Injectable()
export class AuditRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Locks the head of the chain until the transaction ends; creates it on the first append. */
  async lockHead(genesis: string): Promise<ChainHead> {
    const m = this.tx.manager;
    const head = (await m.query(`SELECT value FROM settings WHERE key = 'audit_head' FOR UPDATE`)) as { value: string }[];
    if (head.length > 0) return JSON.parse(head[0].value) as ChainHead;
    await m.query(`INSERT INTO settings (key, value) VALUES ('audit_head', $1) ON CONFLICT (key) DO NOTHING`, [JSON.stringify({ id: null, hash: genesis })]);
    const again = (await m.query(`SELECT value FROM settings WHERE key = 'audit_head' FOR UPDATE`)) as { value: string }[];
    return JSON.parse(again[0].value) as ChainHead;
  }

  async insert(row: { at: string; actorId: string | null; action: string; subjectType: string | null; subjectId: string | null; data: unknown }, prevHash: string, hash: string): Promise<string> {
    const inserted = (await this.tx.manager.query(
      `INSERT INTO audit_log (at, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [row.at, row.actorId, row.action, row.subjectType, row.subjectId, JSON.stringify(row.data), prevHash, hash],
    )) as { id: string }[];
    return String(inserted[0].id);
  }

  async setHead(head: ChainHead): Promise<void> {
    await this.tx.manager.query(`UPDATE settings SET value = $1 WHERE key = 'audit_head'`, [JSON.stringify(head)]);
  }

  /** Rows after `afterId` in id order, `limit` at a time. */
  async rowsAfter(afterId: string | null, limit: number): Promise<AuditRow[]> {
    return (await this.tx.manager.query(
      `SELECT a.id::text AS id, at, actor_id, action, subject_type, subject_id, data, prev_hash, hash
         FROM audit_log a WHERE ($1::bigint IS NULL OR a.id > $1::bigint) ORDER BY a.id LIMIT $2`,
      [afterId, limit],
    )) as AuditRow[];
  }

  async head(): Promise<ChainHead | null> {
    const rows = (await this.tx.manager.query(`SELECT value FROM settings WHERE key = 'audit_head'`)) as { value: string }[];
    return rows.length > 0 ? (JSON.parse(rows[0].value) as ChainHead) : null;
  }
}
