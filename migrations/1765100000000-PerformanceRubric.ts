import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The metrics a rubric weighs, in the order the assessment lists them (src/modules/performance/domain/metrics.ts). */
const KEYS = [
  'documentsPublished',
  'medianWorkingDaysToPublish',
  'proactiveShare',
  'onTimeShare',
  'overdue',
  'stepsOverdue',
  'correctedOnAppeal',
  'complaintsSubstantiated',
  'guideFreshness',
];
const DEFAULT_WEIGHTS: Record<string, number> = {
  documentsPublished: 15,
  medianWorkingDaysToPublish: 10,
  proactiveShare: 15,
  onTimeShare: 15,
  overdue: 10,
  stepsOverdue: 10,
  correctedOnAppeal: 10,
  complaintsSubstantiated: 10,
  guideFreshness: 5,
};

/**
 * The performance assessment of units (绩效考核, Art. 46).
 *
 * - performance_rubrics: every version of the rubric the administrator sets (the weight of each
 *   metric in the score), append-only (a trigger refuses UPDATE and DELETE); the current rubric is
 *   the highest version, version 1 the defaults seeded here. The database holds the rubric's
 *   invariants: exactly the known metrics, each weight a whole number from 0 to 1000, not all 0.
 * - Indexes for the assessment's reads of one year, which would otherwise scan whole tables or
 *   visit the heap for every document (covering indexes, read index-only): documents by decision
 *   time, the catalogue's entries from the review chain by publication, the history's changes of
 *   state by time, the history's submissions by document; appeals concluded as corrected.
 */
export class PerformanceRubric1765100000000 implements MigrationInterface {
  name = 'PerformanceRubric1765100000000';

  async up(q: QueryRunner): Promise<void> {
    const keys = `ARRAY[${KEYS.map((k) => `'${k}'`).join(',')}]::text[]`;
    await q.query(`
      CREATE FUNCTION performance_weights_valid(w jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
        SELECT jsonb_typeof(w) = 'object'
           AND w ?& ${keys}
           AND (w - ${keys}) = '{}'::jsonb
           AND NOT EXISTS (
                 SELECT 1 FROM (SELECT CASE WHEN jsonb_typeof(e.value) = 'number' THEN (e.value)::numeric END AS v FROM jsonb_each(w) e) x
                  WHERE x.v IS NULL OR x.v < 0 OR x.v > 1000 OR x.v <> trunc(x.v))
           AND (SELECT sum(CASE WHEN jsonb_typeof(e.value) = 'number' THEN (e.value)::numeric END) FROM jsonb_each(w) e) > 0
      $$`);
    await q.query(`
      CREATE TABLE performance_rubrics (
        version    integer PRIMARY KEY CONSTRAINT performance_rubrics_version_positive CHECK (version > 0),
        weights    jsonb NOT NULL CONSTRAINT performance_rubrics_weights_valid CHECK (performance_weights_valid(weights)),
        updated_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE FUNCTION performance_rubrics_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'performance_rubrics is append-only: a change is a new version' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER performance_rubrics_no_update_delete BEFORE UPDATE OR DELETE ON performance_rubrics FOR EACH ROW EXECUTE FUNCTION performance_rubrics_append_only()`,
    );
    await q.query(`INSERT INTO performance_rubrics (version, weights) VALUES (1, $1)`, [JSON.stringify(DEFAULT_WEIGHTS)]);

    await q.query(`CREATE INDEX documents_decided_idx ON documents (decided_at) INCLUDE (unit_id, public_attribute) WHERE decided_at IS NOT NULL`);
    // The catalogue's entries that came through the review chain, by publication, with their unit and document.
    await q.query(`CREATE INDEX catalogue_from_documents_idx ON catalogue_entries (published_at) INCLUDE (unit_id, document_id)
      WHERE revoked_at IS NULL AND document_id IS NOT NULL`);
    // A document's changes of state by time (not consultations, urges or redactions, which stay in
    // the state), with what an index-only scan needs to pair each step with the change that ended it.
    await q.query(`CREATE INDEX document_history_state_changes_idx ON document_history (at) INCLUDE (document_id, id, to_state)
      WHERE from_state IS DISTINCT FROM to_state`);
    // A document's submissions, the first one's time read from the index.
    await q.query(`CREATE INDEX document_history_submit_idx ON document_history (document_id, id) INCLUDE (at) WHERE action = 'submit'`);
    await q.query(`CREATE INDEX appeals_corrected_idx ON appeals (concluded_at) WHERE result = 'corrected'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX appeals_corrected_idx`);
    await q.query(`DROP INDEX document_history_submit_idx`);
    await q.query(`DROP INDEX document_history_state_changes_idx`);
    await q.query(`DROP INDEX catalogue_from_documents_idx`);
    await q.query(`DROP INDEX documents_decided_idx`);
    await q.query(`DROP TABLE performance_rubrics`);
    await q.query(`DROP FUNCTION performance_rubrics_append_only()`);
    await q.query(`DROP FUNCTION performance_weights_valid(jsonb)`);
  }
}
