import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue for portals and the confidentiality gate:
 * - full-text search over title, summary and body, Chinese (bigrams) and English (stemmed);
 * - the change stream's public `seq`, assigned only once a change is final (see changes.repository.ts);
 * - push delivery to portals: subscribers and the delivery log (jobs live in pg-boss's schema);
 * - redaction spans, and the Art. 18 re-assessment of withheld documents.
 */
export class Catalogue1764250000000 implements MigrationInterface {
  name = 'Catalogue1764250000000';

  async up(q: QueryRunner): Promise<void> {
    // Search.
    await q.query(`ALTER TABLE catalogue_entries ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector`);
    await q.query(`CREATE INDEX catalogue_search_idx ON catalogue_entries USING gin (search) WHERE revoked_at IS NULL`);

    // The change stream: `id` orders inserts, `seq` is the public position, given out in commit-safe order.
    await q.query(`ALTER TABLE catalogue_changes RENAME COLUMN seq TO id`);
    await q.query(`ALTER TABLE catalogue_changes ADD COLUMN seq bigint`);
    await q.query(`ALTER TABLE catalogue_changes ADD COLUMN document_id uuid`);
    await q.query(`CREATE UNIQUE INDEX catalogue_changes_seq_unique ON catalogue_changes (seq)`);
    await q.query(`CREATE INDEX catalogue_changes_unsequenced_idx ON catalogue_changes (txid, id) WHERE seq IS NULL`);

    // Redaction: spans of the body replaced by ■ in everything public.
    await q.query(`
      CREATE TABLE redactions (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL REFERENCES documents(id),
        start_at    integer NOT NULL CHECK (start_at >= 0),
        end_at      integer NOT NULL,
        finding_id  text,
        note        text CHECK (char_length(note) <= 500),
        created_by  uuid NOT NULL REFERENCES users(id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT redactions_span CHECK (end_at > start_at)
      )`);
    await q.query(`CREATE INDEX redactions_document_idx ON redactions (document_id, start_at)`);

    // Art. 18: withheld documents are re-assessed; the office proposes, the leader decides.
    await q.query(`ALTER TABLE documents ADD COLUMN review_due_at timestamptz`);
    await q.query(`ALTER TABLE documents ADD COLUMN proposed_attribute text CHECK (proposed_attribute IN ('proactive','on_application','not_public'))`);
    await q.query(`ALTER TABLE documents ADD COLUMN proposed_reason text CHECK (proposed_reason IN
      ('state_secret','prohibited_by_law','three_safeties_one_stability','third_party_rights','internal_affairs','process_information','enforcement_case_file'))`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_state_known`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_state_known CHECK (state IN
      ('draft','secrecy_review','attribute_review','leader_review','returned','withdrawn','issued','reassessment_review','published','revoked'))`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_decided_fully_approved`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_decided_fully_approved CHECK (state NOT IN ('issued','reassessment_review','published','revoked') OR (
      cardinality(secrecy_approver_ids) > 0 AND cardinality(office_approver_ids) > 0 AND cardinality(leader_approver_ids) > 0))`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_proposal_reason CHECK (
      (proposed_attribute IS NULL AND proposed_reason IS NULL) OR
      (proposed_attribute IS NOT NULL AND (proposed_attribute = 'not_public') = (proposed_reason IS NOT NULL)))`);
    await q.query(`CREATE INDEX documents_review_due_idx ON documents (review_due_at) WHERE state = 'issued'`);
    await q.query(`ALTER TABLE document_history DROP CONSTRAINT history_action_known`);
    await q.query(`ALTER TABLE document_history ADD CONSTRAINT history_action_known CHECK (action IN
      ('create','update','submit','approve','return','withdraw','revoke','propose','redact','unredact'))`);

    // Push delivery to portals (Standard Webhooks).
    await q.query(`
      CREATE TABLE subscribers (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url         text NOT NULL CHECK (url ~ '^https?://' AND char_length(url) <= 2000),
        secret      text NOT NULL,
        description text CHECK (char_length(description) <= 200),
        active      boolean NOT NULL DEFAULT true,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE deliveries (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscriber_id uuid NOT NULL REFERENCES subscribers(id),
        change_id     bigint NOT NULL REFERENCES catalogue_changes(id),
        event_type    text NOT NULL,
        payload       jsonb NOT NULL,
        status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','failed')),
        attempts      integer NOT NULL DEFAULT 0,
        last_status   integer,
        last_error    text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        delivered_at  timestamptz,
        CONSTRAINT deliveries_once UNIQUE (subscriber_id, change_id)
      )`);
    await q.query(`CREATE INDEX deliveries_subscriber_idx ON deliveries (subscriber_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE delivery_attempts (
        id          bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES deliveries(id),
        at          timestamptz NOT NULL DEFAULT now(),
        status_code integer,
        error       text,
        duration_ms integer NOT NULL
      )`);
    await q.query(`CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS delivery_attempts`);
    await q.query(`DROP TABLE IF EXISTS deliveries`);
    await q.query(`DROP TABLE IF EXISTS subscribers`);
    await q.query(`DROP TABLE IF EXISTS redactions`);
    await q.query(`ALTER TABLE documents DROP COLUMN IF EXISTS review_due_at, DROP COLUMN IF EXISTS proposed_attribute, DROP COLUMN IF EXISTS proposed_reason`);
    await q.query(`DROP INDEX IF EXISTS catalogue_changes_seq_unique`);
    await q.query(`ALTER TABLE catalogue_changes DROP COLUMN seq, DROP COLUMN document_id`);
    await q.query(`ALTER TABLE catalogue_changes RENAME COLUMN id TO seq`);
    await q.query(`ALTER TABLE catalogue_entries DROP COLUMN search`);
  }
}
