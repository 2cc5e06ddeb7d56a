import { Injectable } from '@nestjs/common';
import { COMMIT_HORIZON_SQL } from '../../common/database/commit-horizon.js';
import type { Statement } from '../../common/database/statements.js';
import { TransactionHost } from '../../common/database/transaction-host.js';
import type { AuditContent } from './audit-hash.js';

/** An audit row's content, as hashed. */
export interface AuditContentRow {
  id: string;
  txid: string;
  at: Date;
  actor_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  data: unknown;
}

/** An audit row with its link in the chain. */
export interface ChainedAuditRow extends AuditContentRow {
  seq: string;
  prev_hash: string;
  hash: string;
}

export interface ChainLink {
  seq: string;
  id: string;
  txid: string;
  prevHash: string;
  hash: string;
}

export interface ChainHead {
  id: string | null;
  hash: string;
}

/** One sequencer at a time across all instances (the change stream's is 727274002). */
const CHAIN_SEQUENCER_LOCK = 727274003;

/**
 * The only place that reads and writes the audit log (`audit_log`, the rows), its hash chain
 * (`audit_chain`, the links) and the chain head (settings key audit_head).
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Appends a row in the caller's transaction (or on its own): no lock, the chain comes later. */
  async insert(row: AuditContent): Promise<void> {
    const s = this.insertStatement(row);
    await this.tx.manager.query(s.sql, s.params);
  }

  /** The row's INSERT, for a statement that writes it together with the change it records (statements.ts). */
  insertStatement(row: AuditContent): Statement {
    return {
      sql: `INSERT INTO audit_log (at, actor_id, action, subject_type, subject_id, data) VALUES ($1, $2, $3, $4, $5, $6)`,
      params: [row.at, row.actorId, row.action, row.subjectType, row.subjectId, JSON.stringify(row.data)],
    };
  }

  /** Holds the sequencer's lock until the transaction ends. */
  async lockSequencer(): Promise<void> {
    await this.tx.manager.query(`SELECT pg_advisory_xact_lock(${CHAIN_SEQUENCER_LOCK})`);
  }

  /** The last link of the chain, or null while it is empty. */
  async lastLink(): Promise<ChainLink | null> {
    const rows = (await this.tx.manager.query(
      `SELECT c.seq::text AS seq, c.id::text AS id, c.txid::text AS txid, c.prev_hash AS "prevHash", c.hash FROM audit_chain c ORDER BY c.seq DESC LIMIT 1`,
    )) as ChainLink[];
    return rows[0] ?? null;
  }

  /**
   * Rows not chained yet that have become final (their transaction is below the commit horizon),
   * after `after` in (txid, id) order. Every row before `after` in that order is chained: it was
   * final when `after` was chained.
   */
  async finalRowsAfter(after: { txid: string; id: string } | null, limit: number): Promise<AuditContentRow[]> {
    return (await this.tx.manager.query(
      `SELECT a.id::text AS id, a.txid::text AS txid, a.at, a.actor_id, a.action, a.subject_type, a.subject_id, a.data
         FROM audit_log a
        WHERE ($1::xid8 IS NULL OR (a.txid, a.id) > ($1::xid8, $2::bigint)) AND a.txid < (${COMMIT_HORIZON_SQL})
        ORDER BY a.txid, a.id LIMIT $3`,
      [after?.txid ?? null, after?.id ?? null, limit],
    )) as AuditContentRow[];
  }

  async insertLinks(links: ChainLink[]): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO audit_chain (seq, id, txid, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::xid8[], $4::text[], $5::text[])`,
      [links.map((l) => l.seq), links.map((l) => l.id), links.map((l) => l.txid), links.map((l) => l.prevHash), links.map((l) => l.hash)],
    );
  }

  async setHead(head: ChainHead): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO settings (key, value) VALUES ('audit_head', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [JSON.stringify(head)],
    );
  }

  /** Links after `afterSeq` in chain order with their rows; a link whose row is gone is left out. */
  async chainedAfter(afterSeq: string | null, limit: number): Promise<ChainedAuditRow[]> {
    return (await this.tx.manager.query(
      `SELECT c.seq::text AS seq, c.prev_hash, c.hash, a.id::text AS id, a.txid::text AS txid, a.at, a.actor_id, a.action, a.subject_type, a.subject_id, a.data
         FROM audit_chain c JOIN audit_log a ON a.id = c.id
        WHERE ($1::bigint IS NULL OR c.seq > $1::bigint) ORDER BY c.seq LIMIT $2`,
      [afterSeq, limit],
    )) as ChainedAuditRow[];
  }

  /**
   * A row that is not in the chain although rows after it in (txid, id) order are: one inserted
   * behind the sequencer's back. Null when there is none.
   */
  async firstUnchainedBefore(last: { txid: string; id: string }): Promise<string | null> {
    const rows = (await this.tx.manager.query(
      `SELECT a.id::text AS id FROM audit_log a
        WHERE (a.txid, a.id) < ($1::xid8, $2::bigint) AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.id = a.id)
        ORDER BY a.txid, a.id LIMIT 1`,
      [last.txid, last.id],
    )) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  async head(): Promise<ChainHead | null> {
    const rows = (await this.tx.manager.query(`SELECT value FROM settings WHERE key = 'audit_head'`)) as { value: string }[];
    return rows.length > 0 ? (JSON.parse(rows[0].value) as ChainHead) : null;
  }
}
