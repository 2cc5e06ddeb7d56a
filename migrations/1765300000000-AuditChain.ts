import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain off the writers' critical path. Until now every audited action locked the chain
 * head (`settings.audit_head`) from its append to its commit, so all of them ran one at a time.
 * Now:
 * - `audit_log` holds the rows' content only, appended without a lock, each with the id of the
 *   transaction that wrote it (`txid`, as `catalogue_changes` has);
 * - `audit_chain` holds the hash chain: one link per audit row (its position `seq`, the row's id
 *   and txid, the previous link's hash and its own), written by the sequencer after the rows'
 *   transactions have ended, in (txid, id) order (src/modules/audit/chain-audit-log.use-case.ts);
 * - both tables refuse UPDATE, DELETE and TRUNCATE (the same trigger as before on audit_log, one
 *   of the same kind on audit_chain); `settings.audit_head` names the last link, moved by the
 *   sequencer, so that a cut tail is still noticed.
 * The existing rows keep their chain: their hashes move to audit_chain in id order (the order
 * they were chained in), with txid 0.
 */
export class AuditChain1765300000000 implements MigrationInterface {
  name = 'AuditChain1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_chain (
        seq       bigint PRIMARY KEY CONSTRAINT audit_chain_seq_positive CHECK (seq > 0),
        id        bigint NOT NULL CONSTRAINT audit_chain_once UNIQUE,
        txid      xid8 NOT NULL,
        prev_hash text NOT NULL CONSTRAINT audit_chain_prev_hash_hex CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash      text NOT NULL CONSTRAINT audit_chain_hash_hex CHECK (hash ~ '^[0-9a-f]{64}$')
      )`);
    // No foreign key to audit_log: a row removed behind the triggers' back must leave its link
    // (and verify must say so), not make the removal fail or cascade.
    await q.query(`
      CREATE FUNCTION audit_chain_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_chain is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_chain_no_update_delete BEFORE UPDATE OR DELETE ON audit_chain FOR EACH ROW EXECUTE FUNCTION audit_chain_append_only()`);
    await q.query(`CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_append_only()`);
    await q.query(
      `INSERT INTO audit_chain (seq, id, txid, prev_hash, hash)
       SELECT row_number() OVER (ORDER BY id), id, '0'::xid8, prev_hash, hash FROM audit_log ORDER BY id`,
    );
    // Existing rows: txid 0 (already chained); new rows: their transaction's id.
    await q.query(`ALTER TABLE audit_log ADD COLUMN txid xid8 NOT NULL DEFAULT '0'::xid8`);
    await q.query(`ALTER TABLE audit_log ALTER COLUMN txid SET DEFAULT pg_current_xact_id()`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN prev_hash, DROP COLUMN hash`);
    // The sequencer's next rows: after the last link, in (txid, id) order.
    await q.query(`CREATE INDEX audit_log_txid_idx ON audit_log (txid, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN prev_hash text, ADD COLUMN hash text`);
    await q.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`);
    await q.query(`UPDATE audit_log a SET prev_hash = c.prev_hash, hash = c.hash FROM audit_chain c WHERE c.id = a.id`);
    // Rows not chained yet cannot be hashed here (the hash is computed by the service): they stay
    // unverifiable, which verify of the older version reports.
    await q.query(`UPDATE audit_log SET prev_hash = '', hash = '' WHERE hash IS NULL`);
    await q.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`);
    await q.query(`ALTER TABLE audit_log ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`);
    await q.query(`DROP INDEX audit_log_txid_idx`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN txid`);
    await q.query(`DROP TABLE audit_chain`);
    await q.query(`DROP FUNCTION audit_chain_append_only()`);
  }
}
