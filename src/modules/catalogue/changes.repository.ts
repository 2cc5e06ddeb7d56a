/**
 * The change stream: every publication and revocation, exactly once and in order, to clients
 * polling with `after=<lastSeq>`, including changes whose transactions commit while they poll.
 *
 * Why not just a sequence column: sequence numbers are taken when a transaction inserts its row,
 * but become visible when it commits. A transaction holding seq 41 may commit after a poller has
 * read seq 42 and moved its cursor past 41: change 41 would be lost.
 *
 * The algorithm: every change row records the id of the transaction that wrote it
 * (`txid = pg_current_xact_id()`). The public `seq` is not assigned at insert; it is assigned
 * later by the sequencer, only to rows whose transaction is older than every transaction still in
 * progress in this database (the horizon below). No transaction that is still running, or starts
 * later, can ever write a row with such a txid, so the set of such rows is final; they
 * are numbered in (txid, id) order after the highest seq given so far, under an advisory lock
 * that makes one sequencer run at a time across all instances. A poll first runs the sequencer,
 * then returns rows with seq > after in seq order. Every change therefore gets exactly one seq,
 * seqs only grow, and no seq lower than one already returned can appear later.
 *
 * The horizon is src/common/database/commit-horizon.ts (the audit chain's sequencer uses it too).
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { COMMIT_HORIZON_SQL } from '../../common/database/commit-horizon.js';
import { transaction } from '../../common/database/transaction-host.js';

interface ChangeRow {
  seq: string;
  type: 'published' | 'revoked';
  indexNo: string;
  at: Date;
}

const SEQUENCER_LOCK = 727274002;

const HORIZON = COMMIT_HORIZON_SQL;

@Injectable()
export class ChangesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Numbers the changes that have become final. Returns how many were numbered. */
  async sequence(batch = 10_000): Promise<number> {
    return transaction(this.db, async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(${SEQUENCER_LOCK})`);
      const rows = (await m.query(
        `SELECT id FROM catalogue_changes
          WHERE seq IS NULL AND txid < (${HORIZON})
          ORDER BY txid, id LIMIT $1`,
        [batch],
      )) as { id: string }[];
      if (rows.length === 0) return 0;
      await m.query(
        `UPDATE catalogue_changes c SET seq = n.base + n.ord
           FROM (SELECT v.id, v.ord, (SELECT coalesce(max(seq), 0) FROM catalogue_changes) AS base
                   FROM unnest($1::bigint[]) WITH ORDINALITY AS v(id, ord)) n
          WHERE c.id = n.id`,
        [rows.map((r) => r.id)],
      );
      return rows.length;
    });
  }

  async after(seq: number, limit: number): Promise<ChangeRow[]> {
    return (await this.db.query(
      `SELECT c.seq::text AS seq, c.type, c.index_no AS "indexNo", c.at FROM catalogue_changes c
        WHERE c.seq > $1 ORDER BY c.seq LIMIT $2`,
      [seq, limit],
    )) as ChangeRow[];
  }
}
