/**
 * The commit horizon: a transaction id below which every transaction of this database has ended.
 * Rows stamped with the writing transaction's id (`txid xid8 DEFAULT pg_current_xact_id()`) whose
 * txid is below it are final: no transaction still running, or starting later, can add one. The
 * change stream's sequencer (catalogue/changes.repository.ts) and the audit chain's
 * (audit/audit.repository.ts) number rows only below it, in (txid, id) order.
 *
 * It is the oldest transaction in the statement's snapshot that is not known to belong to another
 * database (those cannot write here), else the snapshot's xmax. `pg_snapshot_xmin` alone would be
 * correct too, but a long transaction in any other database of the same server would then hold
 * the sequencers back. A transaction not identified (it ended meanwhile, or its row in
 * pg_stat_activity is hidden from this role) counts as ours: that only delays, never reorders.
 */
export const COMMIT_HORIZON_SQL = `SELECT coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot()))
    FROM pg_snapshot_xip(pg_current_snapshot()) AS x
   WHERE xid(x) NOT IN (SELECT a.backend_xid FROM pg_stat_activity a
                         WHERE a.backend_xid IS NOT NULL AND a.datname IS DISTINCT FROM current_database())`;
