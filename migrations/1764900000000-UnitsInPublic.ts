import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units in public: the units' profiles (their disclosure guides are made from them), policy
 * interpretations published with the documents they interpret, and publication channels.
 *
 * - unit_profiles: every version of a unit's profile, append-only (a trigger refuses UPDATE and
 *   DELETE); the current profile is the highest version. Two writers of the same next version
 *   cannot both insert it (primary key).
 * - documents.interprets / interpretation_form: exactly the `interpretation` documents have both,
 *   and an interpretation never interprets another interpretation (trigger). A signed-off
 *   interpretation whose document is not in the catalogue yet waits in state `awaiting_main`.
 * - catalogue_entries.interprets_index_no: the entry of the document an interpretation interprets.
 *   The catalogue holds an interpretation only while it holds its document (trigger): inserting
 *   one before its document, or revoking a document while an interpretation of it stays, fails.
 * - subscribers.channel names the channel a receiver publishes on (portal, wechat, weibo, …);
 *   deliveries.remote_url is the URL the receiver answered with; `waiting` marks a delivery held
 *   back until an earlier one about the same document (or its interpretations) reached that receiver.
 */
export class UnitsInPublic1764900000000 implements MigrationInterface {
  name = 'UnitsInPublic1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE unit_profiles (
        unit_id              uuid NOT NULL REFERENCES units(id),
        version              integer NOT NULL CONSTRAINT unit_profiles_version_positive CHECK (version > 0),
        functions            text NOT NULL CONSTRAINT unit_profiles_functions_length CHECK (char_length(functions) BETWEEN 1 AND 10000),
        address              text NOT NULL CONSTRAINT unit_profiles_address_length CHECK (char_length(address) BETWEEN 1 AND 300),
        postcode             text NOT NULL CONSTRAINT unit_profiles_postcode_format CHECK (postcode ~ '^[0-9]{6}$'),
        office_hours         text NOT NULL CONSTRAINT unit_profiles_office_hours_length CHECK (char_length(office_hours) BETWEEN 1 AND 300),
        phone                text NOT NULL CONSTRAINT unit_profiles_phone_length CHECK (char_length(phone) BETWEEN 3 AND 40),
        fax                  text CONSTRAINT unit_profiles_fax_length CHECK (char_length(fax) BETWEEN 3 AND 40),
        email                text CONSTRAINT unit_profiles_email_format CHECK (email ~ '^[^@\\s]+@[^@\\s]+$' AND char_length(email) <= 254),
        website              text CONSTRAINT unit_profiles_website_format CHECK (website ~ '^https?://' AND char_length(website) <= 500),
        leaders              jsonb NOT NULL CONSTRAINT unit_profiles_leaders_array CHECK (jsonb_typeof(leaders) = 'array'),
        accepts_applications boolean NOT NULL,
        updated_by           uuid NOT NULL REFERENCES users(id),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (unit_id, version)
      )`);
    await q.query(`CREATE INDEX unit_profiles_updated_idx ON unit_profiles (updated_at)`);
    await q.query(`
      CREATE FUNCTION unit_profiles_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'unit_profiles is append-only: a change is a new version' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER unit_profiles_no_update_delete BEFORE UPDATE OR DELETE ON unit_profiles FOR EACH ROW EXECUTE FUNCTION unit_profiles_append_only()`);

    // Policy interpretations (政策解读).
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_doc_type_known`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_doc_type_known CHECK (doc_type IN
      ('normative_document','notice','plan','report','reply','minutes','other','interpretation'))`);
    await q.query(`ALTER TABLE documents ADD COLUMN interprets uuid REFERENCES documents(id)`);
    await q.query(`ALTER TABLE documents ADD COLUMN interpretation_form text CONSTRAINT documents_interpretation_form_known CHECK (interpretation_form IN ('text','graphic','video','qa'))`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_interpretation_fields CHECK (
      (doc_type = 'interpretation') = (interprets IS NOT NULL) AND (doc_type = 'interpretation') = (interpretation_form IS NOT NULL) AND interprets <> id)`);
    await q.query(`CREATE INDEX documents_interprets_idx ON documents (interprets) WHERE interprets IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION documents_interpretation_target() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.interprets IS NOT NULL AND EXISTS (SELECT 1 FROM documents m WHERE m.id = NEW.interprets AND m.doc_type = 'interpretation') THEN
          RAISE EXCEPTION 'an interpretation interprets a document that is not itself an interpretation' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.doc_type = 'interpretation' AND EXISTS (SELECT 1 FROM documents i WHERE i.interprets = NEW.id) THEN
          RAISE EXCEPTION 'a document that has interpretations cannot become an interpretation' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER documents_interpretation_target BEFORE INSERT OR UPDATE OF interprets, doc_type ON documents
      FOR EACH ROW EXECUTE FUNCTION documents_interpretation_target()`);

    // awaiting_main: signed off (proactive, every approval given), waiting for its document's publication.
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_state_known`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_state_known CHECK (state IN
      ('draft','secrecy_review','attribute_review','leader_review','returned','withdrawn','issued','reassessment_review','awaiting_main','published','revoked'))`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_published_is_proactive`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_published_is_proactive CHECK (state NOT IN ('published','revoked','awaiting_main') OR public_attribute = 'proactive')`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_decided_fully_approved`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_decided_fully_approved CHECK (state NOT IN ('issued','reassessment_review','awaiting_main','published','revoked') OR (
      cardinality(secrecy_approver_ids) > 0 AND cardinality(office_approver_ids) > 0 AND cardinality(leader_approver_ids) > 0))`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_awaiting_main_interpretation CHECK (state <> 'awaiting_main' OR doc_type = 'interpretation')`);
    await q.query(`ALTER TABLE document_history DROP CONSTRAINT history_action_known`);
    await q.query(`ALTER TABLE document_history ADD CONSTRAINT history_action_known CHECK (action IN
      ('create','update','submit','approve','return','withdraw','revoke','propose','redact','unredact',
       'recall','consult','consultation_answer','consultation_closed','urge','publish'))`);

    await q.query(`ALTER TABLE catalogue_entries ADD COLUMN interprets_index_no text REFERENCES catalogue_entries(index_no)`);
    await q.query(`CREATE INDEX catalogue_interprets_idx ON catalogue_entries (interprets_index_no) WHERE interprets_index_no IS NOT NULL`);
    await q.query(`ALTER TABLE catalogue_entries ADD CONSTRAINT catalogue_interpretation_link CHECK (
      document_id IS NULL OR (doc_type = 'interpretation') = (interprets_index_no IS NOT NULL))`);
    await q.query(`
      CREATE FUNCTION catalogue_interpretation_order() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.interprets_index_no IS NOT NULL AND NEW.revoked_at IS NULL AND NOT EXISTS (
             SELECT 1 FROM catalogue_entries m WHERE m.index_no = NEW.interprets_index_no AND m.revoked_at IS NULL) THEN
          RAISE EXCEPTION 'an interpretation enters the catalogue only while the document it interprets is in it' USING ERRCODE = 'check_violation';
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL AND EXISTS (
             SELECT 1 FROM catalogue_entries i WHERE i.interprets_index_no = NEW.index_no AND i.revoked_at IS NULL) THEN
          RAISE EXCEPTION 'a document leaves the catalogue only after its interpretations' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER catalogue_interpretation_order BEFORE INSERT OR UPDATE OF revoked_at, interprets_index_no ON catalogue_entries
      FOR EACH ROW EXECUTE FUNCTION catalogue_interpretation_order()`);

    // Channels.
    await q.query(`ALTER TABLE subscribers ADD COLUMN channel text NOT NULL DEFAULT 'portal' CONSTRAINT subscribers_channel_format CHECK (channel ~ '^[a-z][a-z0-9_-]{1,31}$')`);
    await q.query(`ALTER TABLE deliveries ADD COLUMN remote_url text CONSTRAINT deliveries_remote_url_format CHECK (remote_url ~ '^https?://' AND char_length(remote_url) <= 2000)`);
    await q.query(`ALTER TABLE deliveries ADD COLUMN waiting boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX deliveries_undelivered_idx ON deliveries (subscriber_id, change_id) WHERE status <> 'delivered'`);
    await q.query(`CREATE INDEX catalogue_changes_index_no_idx ON catalogue_changes (index_no, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX catalogue_changes_index_no_idx`);
    await q.query(`DROP INDEX deliveries_undelivered_idx`);
    await q.query(`ALTER TABLE deliveries DROP COLUMN waiting, DROP COLUMN remote_url`);
    await q.query(`ALTER TABLE subscribers DROP COLUMN channel`);

    await q.query(`DROP TRIGGER catalogue_interpretation_order ON catalogue_entries`);
    await q.query(`DROP FUNCTION catalogue_interpretation_order()`);
    await q.query(`ALTER TABLE catalogue_entries DROP CONSTRAINT catalogue_interpretation_link`);
    await q.query(`ALTER TABLE catalogue_entries DROP COLUMN interprets_index_no`);

    await q.query(`ALTER TABLE document_history DROP CONSTRAINT history_action_known`);
    await q.query(`ALTER TABLE document_history ADD CONSTRAINT history_action_known CHECK (action IN
      ('create','update','submit','approve','return','withdraw','revoke','propose','redact','unredact',
       'recall','consult','consultation_answer','consultation_closed','urge'))`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_awaiting_main_interpretation`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_decided_fully_approved`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_decided_fully_approved CHECK (state NOT IN ('issued','reassessment_review','published','revoked') OR (
      cardinality(secrecy_approver_ids) > 0 AND cardinality(office_approver_ids) > 0 AND cardinality(leader_approver_ids) > 0))`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_published_is_proactive`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_published_is_proactive CHECK (state NOT IN ('published','revoked') OR public_attribute = 'proactive')`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_state_known`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_state_known CHECK (state IN
      ('draft','secrecy_review','attribute_review','leader_review','returned','withdrawn','issued','reassessment_review','published','revoked'))`);
    await q.query(`DROP TRIGGER documents_interpretation_target ON documents`);
    await q.query(`DROP FUNCTION documents_interpretation_target()`);
    await q.query(`DROP INDEX documents_interprets_idx`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_interpretation_fields`);
    await q.query(`ALTER TABLE documents DROP COLUMN interpretation_form, DROP COLUMN interprets`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_doc_type_known`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_doc_type_known CHECK (doc_type IN
      ('normative_document','notice','plan','report','reply','minutes','other'))`);

    await q.query(`DROP TABLE unit_profiles`);
    await q.query(`DROP FUNCTION unit_profiles_append_only()`);
  }
}
