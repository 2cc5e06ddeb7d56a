import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The annual report (Art. 50): the repeal date of normative documents (Table 2), figures entered
 * for a year from other systems, the narrative sections, and the reports published to the
 * catalogue. Every per-year record is kept for the whole government (unit_id NULL) or for one unit.
 */
export class Reports1764400000000 implements MigrationInterface {
  name = 'Reports1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE documents ADD COLUMN repealed_at timestamptz`);
    await q.query(`ALTER TABLE documents ADD COLUMN repealed_by uuid REFERENCES users(id)`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_repeal_normative CHECK (
      repealed_at IS NULL OR (doc_type = 'normative_document' AND repealed_by IS NOT NULL))`);
    await q.query(`CREATE INDEX documents_normative_idx ON documents (unit_id) WHERE doc_type = 'normative_document'`);

    await q.query(`
      CREATE TABLE report_inputs (
        year       integer NOT NULL CONSTRAINT report_inputs_year CHECK (year BETWEEN 2000 AND 2100),
        unit_id    uuid REFERENCES units(id),
        data       jsonb NOT NULL CONSTRAINT report_inputs_object CHECK (jsonb_typeof(data) = 'object'),
        version    integer NOT NULL DEFAULT 1 CONSTRAINT report_inputs_version CHECK (version > 0),
        updated_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT report_inputs_unique UNIQUE NULLS NOT DISTINCT (year, unit_id)
      )`);
    await q.query(`
      CREATE TABLE report_narratives (
        year       integer NOT NULL CONSTRAINT report_narratives_year CHECK (year BETWEEN 2000 AND 2100),
        unit_id    uuid REFERENCES units(id),
        overall    text CONSTRAINT report_narratives_overall CHECK (char_length(overall) <= 20000),
        problems   text CONSTRAINT report_narratives_problems CHECK (char_length(problems) <= 20000),
        other      text CONSTRAINT report_narratives_other CHECK (char_length(other) <= 20000),
        version    integer NOT NULL DEFAULT 1 CONSTRAINT report_narratives_version CHECK (version > 0),
        updated_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT report_narratives_unique UNIQUE NULLS NOT DISTINCT (year, unit_id)
      )`);
    await q.query(`
      CREATE TABLE report_publications (
        year         integer NOT NULL,
        unit_id      uuid REFERENCES units(id),
        index_no     text NOT NULL REFERENCES catalogue_entries(index_no),
        -- The tables as published, so later changes to the data never rewrite a published report.
        report       jsonb NOT NULL,
        published_by uuid NOT NULL REFERENCES users(id),
        published_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT report_publications_unique UNIQUE NULLS NOT DISTINCT (year, unit_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS report_publications`);
    await q.query(`DROP TABLE IF EXISTS report_narratives`);
    await q.query(`DROP TABLE IF EXISTS report_inputs`);
    await q.query(`DROP INDEX IF EXISTS documents_normative_idx`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT IF EXISTS documents_repeal_normative`);
    await q.query(`ALTER TABLE documents DROP COLUMN IF EXISTS repealed_by, DROP COLUMN IF EXISTS repealed_at`);
  }
}
