import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation schema: identity, the signing-and-approval form, its history, the catalogue,
 * the hash-chained audit log and idempotency keys. Invariants live here too, so that no code
 * path (or hand-written SQL) can store a state the contract forbids.
 */
export class Foundation1764201600000 implements MigrationInterface {
  name = 'Foundation1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await q.query(`
      CREATE TABLE settings (
        key   text PRIMARY KEY,
        value text NOT NULL
      )`);

    await q.query(`
      CREATE TABLE units (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code       text NOT NULL CONSTRAINT units_code_format CHECK (code ~ '^[A-Z0-9-]{2,20}$'),
        name       text NOT NULL CONSTRAINT units_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT units_code_unique UNIQUE (code)
      )`);

    await q.query(`
      CREATE TABLE users (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username      text NOT NULL CONSTRAINT users_username_format CHECK (username ~ '^[a-z0-9._-]{2,50}$'),
        password_hash text NOT NULL,
        display_name  text NOT NULL CONSTRAINT users_display_name_length CHECK (char_length(display_name) BETWEEN 1 AND 100),
        unit_id       uuid REFERENCES units(id),
        roles         text[] NOT NULL DEFAULT '{}' CONSTRAINT users_roles_known CHECK (
                        roles <@ ARRAY['drafter','secrecy_reviewer','disclosure_officer','leader','admin']::text[]),
        active        boolean NOT NULL DEFAULT true,
        token_version integer NOT NULL DEFAULT 0,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_username_unique UNIQUE (username),
        CONSTRAINT users_unit_roles CHECK (
          unit_id IS NOT NULL OR NOT (roles && ARRAY['drafter','secrecy_reviewer']::text[]))
      )`);

    await q.query(`
      CREATE TABLE user_led_units (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        unit_id uuid NOT NULL REFERENCES units(id),
        PRIMARY KEY (user_id, unit_id)
      )`);

    await q.query(`
      CREATE TABLE documents (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id                uuid NOT NULL REFERENCES units(id),
        drafter_id             uuid NOT NULL REFERENCES users(id),
        title                  text NOT NULL CONSTRAINT documents_title_length CHECK (char_length(title) BETWEEN 1 AND 300),
        doc_type               text NOT NULL CONSTRAINT documents_doc_type_known CHECK (doc_type IN
                                 ('normative_document','notice','plan','report','reply','minutes','other')),
        body                   text NOT NULL CONSTRAINT documents_body_size CHECK (octet_length(body) <= 1048576),
        summary                text CONSTRAINT documents_summary_length CHECK (char_length(summary) <= 2000),
        category               text CONSTRAINT documents_category_known CHECK (category IN
                                 ('rules_and_normative_documents','organisation','plans_and_policies','statistics',
                                  'licensing_and_services','penalties_and_coercion','budgets_and_accounts','fees',
                                  'procurement','major_projects','social_programmes','emergencies','inspections',
                                  'civil_service_recruitment','other')),
        document_number        text CONSTRAINT documents_number_length CHECK (char_length(document_number) <= 100),
        public_attribute       text NOT NULL CONSTRAINT documents_attribute_known CHECK (public_attribute IN
                                 ('proactive','on_application','not_public')),
        non_disclosure_reason  text CONSTRAINT documents_reason_known CHECK (non_disclosure_reason IN
                                 ('state_secret','prohibited_by_law','three_safeties_one_stability','third_party_rights',
                                  'internal_affairs','process_information','enforcement_case_file')),
        attribute_rationale    text CONSTRAINT documents_rationale_length CHECK (char_length(attribute_rationale) <= 2000),
        office_attribute       text CONSTRAINT documents_office_attribute_known CHECK (office_attribute IN
                                 ('proactive','on_application','not_public')),
        office_reason          text CONSTRAINT documents_office_reason_known CHECK (office_reason IN
                                 ('state_secret','prohibited_by_law','three_safeties_one_stability','third_party_rights',
                                  'internal_affairs','process_information','enforcement_case_file')),
        state                  text NOT NULL DEFAULT 'draft' CONSTRAINT documents_state_known CHECK (state IN
                                 ('draft','secrecy_review','attribute_review','leader_review','returned','withdrawn',
                                  'issued','published','revoked')),
        version                integer NOT NULL DEFAULT 1 CONSTRAINT documents_version_positive CHECK (version > 0),
        -- Everyone who ever approved each step (a document can go round more than once after a return).
        secrecy_approver_ids   uuid[] NOT NULL DEFAULT '{}',
        office_approver_ids    uuid[] NOT NULL DEFAULT '{}',
        leader_approver_ids    uuid[] NOT NULL DEFAULT '{}',
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now(),
        decided_at             timestamptz,
        -- A reason exactly when the attribute is not_public.
        CONSTRAINT documents_attribute_reason CHECK ((public_attribute = 'not_public') = (non_disclosure_reason IS NOT NULL)),
        CONSTRAINT documents_office_attribute_reason CHECK (
          (office_attribute IS NULL AND office_reason IS NULL) OR
          (office_attribute IS NOT NULL AND (office_attribute = 'not_public') = (office_reason IS NOT NULL))),
        -- Only proactive documents are ever published (or revoked from publication).
        CONSTRAINT documents_published_is_proactive CHECK (state NOT IN ('published','revoked') OR public_attribute = 'proactive'),
        CONSTRAINT documents_issued_not_proactive CHECK (state <> 'issued' OR public_attribute <> 'proactive'),
        -- A decided document went through all three approvals.
        CONSTRAINT documents_decided_fully_approved CHECK (state NOT IN ('issued','published','revoked') OR (
          cardinality(secrecy_approver_ids) > 0 AND cardinality(office_approver_ids) > 0 AND cardinality(leader_approver_ids) > 0)),
        -- Separation of duties: the drafter approves nothing, nobody approves two different steps.
        CONSTRAINT documents_separation_of_duties CHECK (
          NOT (drafter_id = ANY (secrecy_approver_ids || office_approver_ids || leader_approver_ids))
          AND NOT (secrecy_approver_ids && office_approver_ids)
          AND NOT (secrecy_approver_ids && leader_approver_ids)
          AND NOT (office_approver_ids && leader_approver_ids))
      )`);
    await q.query(`CREATE INDEX documents_unit_state_idx ON documents (unit_id, state, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX documents_state_idx ON documents (state, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX documents_drafter_idx ON documents (drafter_id, created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE document_history (
        id                    bigserial PRIMARY KEY,
        document_id           uuid NOT NULL REFERENCES documents(id),
        at                    timestamptz NOT NULL DEFAULT now(),
        actor_id              uuid NOT NULL REFERENCES users(id),
        action                text NOT NULL CONSTRAINT history_action_known CHECK (action IN
                                ('create','update','submit','approve','return','withdraw','revoke')),
        from_state            text,
        to_state              text NOT NULL,
        comment               text CONSTRAINT history_comment_length CHECK (char_length(comment) <= 2000),
        public_attribute      text,
        non_disclosure_reason text,
        version               integer NOT NULL
      )`);
    await q.query(`CREATE INDEX document_history_document_idx ON document_history (document_id, id)`);
    // One history row per document version: two writers of the same version cannot both record.
    await q.query(`CREATE UNIQUE INDEX document_history_version_unique ON document_history (document_id, version)`);

    await q.query(`
      CREATE TABLE index_counters (
        unit_id     uuid NOT NULL REFERENCES units(id),
        year        integer NOT NULL,
        last_serial integer NOT NULL CHECK (last_serial BETWEEN 1 AND 999999),
        PRIMARY KEY (unit_id, year)
      )`);

    await q.query(`
      CREATE TABLE catalogue_entries (
        index_no        text PRIMARY KEY CONSTRAINT catalogue_index_no_format CHECK (index_no ~ '^[A-Z0-9-]{2,20}-[0-9]{4}-[0-9]{6}$'),
        document_id     uuid REFERENCES documents(id),
        unit_id         uuid NOT NULL REFERENCES units(id),
        year            integer NOT NULL,
        serial          integer NOT NULL,
        title           text NOT NULL,
        summary         text,
        body            text NOT NULL,
        doc_type        text NOT NULL,
        category        text,
        document_number text,
        published_at    timestamptz NOT NULL,
        revoked_at      timestamptz,
        CONSTRAINT catalogue_document_unique UNIQUE (document_id),
        CONSTRAINT catalogue_serial_unique UNIQUE (unit_id, year, serial)
      )`);
    await q.query(`CREATE INDEX catalogue_newest_idx ON catalogue_entries (published_at DESC, index_no DESC) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX catalogue_unit_idx ON catalogue_entries (unit_id, published_at DESC, index_no DESC) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX catalogue_category_idx ON catalogue_entries (category, published_at DESC, index_no DESC) WHERE revoked_at IS NULL`);

    // The change stream: seq orders changes; txid lets readers wait for in-flight transactions
    // (see catalogue/changes.repository.ts for the algorithm).
    await q.query(`
      CREATE TABLE catalogue_changes (
        seq         bigserial PRIMARY KEY,
        type        text NOT NULL CHECK (type IN ('published','revoked')),
        index_no    text NOT NULL REFERENCES catalogue_entries(index_no),
        at          timestamptz NOT NULL DEFAULT now(),
        txid        xid8 NOT NULL DEFAULT pg_current_xact_id()
      )`);

    await q.query(`
      CREATE TABLE audit_log (
        id           bigserial PRIMARY KEY,
        at           timestamptz NOT NULL DEFAULT now(),
        actor_id     uuid,
        action       text NOT NULL,
        subject_type text,
        subject_id   text,
        data         jsonb NOT NULL DEFAULT '{}',
        prev_hash    text NOT NULL,
        hash         text NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        scope        text NOT NULL,
        key          text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 200),
        request_hash text NOT NULL,
        status       integer NOT NULL,
        body         jsonb NOT NULL,
        headers      jsonb NOT NULL DEFAULT '{}',
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'idempotency_keys',
      'audit_log',
      'catalogue_changes',
      'catalogue_entries',
      'index_counters',
      'document_history',
      'documents',
      'user_led_units',
      'users',
      'units',
      'settings',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS audit_log_append_only()`);
  }
}
