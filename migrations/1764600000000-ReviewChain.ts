import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The review chain as a district runs it: the unit liaison role and users' e-mail, consultation of
 * units, recall and return to the previous step (history actions), delegations, step deadlines.
 *
 * Invariants kept in the database:
 * - one open consultation per (document, unit): consulting a unit twice in one round is refused;
 *   an answered consultation carries its opinion, a closed one who closed it;
 * - a delegation's period is not empty and nobody delegates to themselves;
 * - a history row of a versioned change is still unique per (document, version); rows of events
 *   that change nothing of the document (consult, a consultation's answer or closing, urge) carry
 *   the version they happened at and are exempt;
 * - separation of duties (documents_separation_of_duties) is unchanged: a deputy's step records
 *   both the deputy and the delegator in that step's approvers, so neither takes another step.
 */
export class ReviewChain1764600000000 implements MigrationInterface {
  name = 'ReviewChain1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_roles_known`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_roles_known CHECK (
      roles <@ ARRAY['drafter','secrecy_reviewer','disclosure_officer','leader','admin','unit_liaison']::text[])`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_unit_roles`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_unit_roles CHECK (
      unit_id IS NOT NULL OR NOT (roles && ARRAY['drafter','secrecy_reviewer','unit_liaison']::text[]))`);
    await q.query(`ALTER TABLE users ADD COLUMN email text CONSTRAINT users_email_format CHECK (email ~ '^[^@\\s]+@[^@\\s]+$' AND char_length(email) <= 254)`);

    await q.query(`ALTER TABLE document_history DROP CONSTRAINT history_action_known`);
    await q.query(`ALTER TABLE document_history ADD CONSTRAINT history_action_known CHECK (action IN
      ('create','update','submit','approve','return','withdraw','revoke','propose','redact','unredact',
       'recall','consult','consultation_answer','consultation_closed','urge'))`);
    await q.query(`ALTER TABLE document_history ADD COLUMN on_behalf_of_id uuid REFERENCES users(id)`);
    await q.query(`DROP INDEX document_history_version_unique`);
    await q.query(`CREATE UNIQUE INDEX document_history_version_unique ON document_history (document_id, version)
      WHERE action NOT IN ('consult','consultation_answer','consultation_closed','urge')`);

    await q.query(`ALTER TABLE documents ADD COLUMN step_entered_at timestamptz`);
    await q.query(`ALTER TABLE documents ADD COLUMN step_due_at timestamptz`);
    await q.query(`CREATE INDEX documents_step_due_idx ON documents (step_due_at) WHERE step_due_at IS NOT NULL`);
    // Documents already in review: their step started at their last change.
    await q.query(`UPDATE documents SET step_entered_at = updated_at
      WHERE state IN ('secrecy_review','attribute_review','leader_review','reassessment_review')`);

    await q.query(`
      CREATE TABLE consultations (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id           uuid NOT NULL REFERENCES documents(id),
        unit_id               uuid NOT NULL REFERENCES units(id),
        state                 text NOT NULL DEFAULT 'open' CONSTRAINT consultations_state_known CHECK (state IN ('open','answered','closed')),
        question              text NOT NULL CONSTRAINT consultations_question_length CHECK (char_length(question) BETWEEN 1 AND 2000),
        due_at                timestamptz NOT NULL,
        due_in_working_days   integer NOT NULL CONSTRAINT consultations_due_days CHECK (due_in_working_days BETWEEN 1 AND 30),
        asked_by              uuid NOT NULL REFERENCES users(id),
        asked_at              timestamptz NOT NULL DEFAULT now(),
        opinion               text CONSTRAINT consultations_opinion_known CHECK (opinion IN ('agree','disagree')),
        public_attribute      text CONSTRAINT consultations_attribute_known CHECK (public_attribute IN ('proactive','on_application','not_public')),
        non_disclosure_reason text CONSTRAINT consultations_reason_known CHECK (non_disclosure_reason IN
                                ('state_secret','prohibited_by_law','three_safeties_one_stability','third_party_rights',
                                 'internal_affairs','process_information','enforcement_case_file')),
        comment               text CONSTRAINT consultations_comment_length CHECK (char_length(comment) <= 2000),
        answered_by           uuid REFERENCES users(id),
        answered_at           timestamptz,
        closed_by             uuid REFERENCES users(id),
        closed_at             timestamptz,
        CONSTRAINT consultations_answered CHECK ((state = 'answered') = (answered_at IS NOT NULL AND opinion IS NOT NULL AND answered_by IS NOT NULL)),
        CONSTRAINT consultations_closed CHECK ((state = 'closed') = (closed_at IS NOT NULL AND closed_by IS NOT NULL)),
        CONSTRAINT consultations_reason CHECK (non_disclosure_reason IS NULL OR public_attribute = 'not_public')
      )`);
    await q.query(`CREATE UNIQUE INDEX consultations_open_unique ON consultations (document_id, unit_id) WHERE state = 'open'`);
    await q.query(`CREATE INDEX consultations_document_idx ON consultations (document_id, asked_at, id)`);
    await q.query(`CREATE INDEX consultations_unit_idx ON consultations (unit_id, state, asked_at DESC, id DESC)`);
    await q.query(`CREATE INDEX consultations_due_idx ON consultations (due_at) WHERE state = 'open'`);

    await q.query(`
      CREATE TABLE delegations (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        from_user_id  uuid NOT NULL REFERENCES users(id),
        to_user_id    uuid NOT NULL REFERENCES users(id),
        starts_at     timestamptz NOT NULL,
        ends_at       timestamptz NOT NULL,
        reason        text NOT NULL CONSTRAINT delegations_reason_length CHECK (char_length(reason) BETWEEN 1 AND 500),
        created_by    uuid NOT NULL REFERENCES users(id),
        created_at    timestamptz NOT NULL DEFAULT now(),
        ended_at      timestamptz,
        CONSTRAINT delegations_not_self CHECK (from_user_id <> to_user_id),
        CONSTRAINT delegations_period CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX delegations_to_idx ON delegations (to_user_id, ends_at) WHERE ended_at IS NULL`);
    await q.query(`CREATE INDEX delegations_from_idx ON delegations (from_user_id, ends_at) WHERE ended_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE delegations`);
    await q.query(`DROP TABLE consultations`);
    await q.query(`DROP INDEX documents_step_due_idx`);
    await q.query(`ALTER TABLE documents DROP COLUMN step_due_at, DROP COLUMN step_entered_at`);
    await q.query(`DROP INDEX document_history_version_unique`);
    await q.query(`CREATE UNIQUE INDEX document_history_version_unique ON document_history (document_id, version)`);
    await q.query(`ALTER TABLE document_history DROP COLUMN on_behalf_of_id`);
    await q.query(`ALTER TABLE document_history DROP CONSTRAINT history_action_known`);
    await q.query(`ALTER TABLE document_history ADD CONSTRAINT history_action_known CHECK (action IN
      ('create','update','submit','approve','return','withdraw','revoke','propose','redact','unredact'))`);
    await q.query(`ALTER TABLE users DROP COLUMN email`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_unit_roles`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_unit_roles CHECK (
      unit_id IS NOT NULL OR NOT (roles && ARRAY['drafter','secrecy_reviewer']::text[]))`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_roles_known`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_roles_known CHECK (
      roles <@ ARRAY['drafter','secrecy_reviewer','disclosure_officer','leader','admin']::text[])`);
  }
}
