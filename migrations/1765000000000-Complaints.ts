import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaints and reports (投诉举报, Art. 51) about the district's disclosure work.
 *
 * - complaints: one row per complaint or report, received through the public form with an
 *   unguessable tracking code and a reply due date in working days. `unit_id` is the unit
 *   concerned (named by the complainant, or set when the office assigns it); the complainant's
 *   name and contact are personal data, shown to the office only. The state moves
 *   received → assigned → replied → closed; a reply carries the finding, and may order a
 *   rectification (the unit, its measures, its due date; done when the unit reports it) and record
 *   accountability. `version` is the ETag.
 * - complaint_events: what happened and when, append-only (a trigger refuses UPDATE and DELETE).
 */
export class Complaints1765000000000 implements MigrationInterface {
  name = 'Complaints1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE complaints (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tracking_code         text NOT NULL CONSTRAINT complaints_tracking_code_format CHECK (tracking_code ~ '^[A-Z2-7]{20}$'),
        kind                  text NOT NULL CONSTRAINT complaints_kind_known CHECK (kind IN ('complaint','report')),
        unit_id               uuid REFERENCES units(id),
        application_id        uuid REFERENCES applications(id),
        description           text NOT NULL CONSTRAINT complaints_description_length CHECK (char_length(description) BETWEEN 1 AND 5000),
        name                  text CONSTRAINT complaints_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
        contact               jsonb NOT NULL DEFAULT '{}' CONSTRAINT complaints_contact_object CHECK (jsonb_typeof(contact) = 'object'),
        state                 text NOT NULL DEFAULT 'received' CONSTRAINT complaints_state_known CHECK (state IN ('received','assigned','replied','closed')),
        received_at           timestamptz NOT NULL,
        due_at                timestamptz NOT NULL,
        assigned_at           timestamptz,
        replied_at            timestamptz,
        closed_at             timestamptz,
        finding               text CONSTRAINT complaints_finding_known CHECK (finding IN ('substantiated','partly_substantiated','unsubstantiated')),
        reply                 text CONSTRAINT complaints_reply_length CHECK (char_length(reply) BETWEEN 1 AND 5000),
        rectification_unit_id uuid REFERENCES units(id),
        rectification_measures text CONSTRAINT complaints_measures_length CHECK (char_length(rectification_measures) BETWEEN 1 AND 2000),
        rectification_due_at  timestamptz,
        rectified_at          timestamptz,
        rectification_note    text CONSTRAINT complaints_rectification_note_length CHECK (char_length(rectification_note) BETWEEN 1 AND 2000),
        accountability_kind   text CONSTRAINT complaints_accountability_known CHECK (accountability_kind IN ('none','talk','criticism','sanction')),
        accountability_note   text CONSTRAINT complaints_accountability_note_length CHECK (char_length(accountability_note) BETWEEN 1 AND 2000),
        version               integer NOT NULL DEFAULT 1,
        CONSTRAINT complaints_tracking_code_unique UNIQUE (tracking_code),
        CONSTRAINT complaints_assigned_has_unit CHECK (state = 'received' OR assigned_at IS NULL OR unit_id IS NOT NULL),
        CONSTRAINT complaints_replied_fields CHECK ((state IN ('replied','closed')) = (replied_at IS NOT NULL AND finding IS NOT NULL AND reply IS NOT NULL)),
        CONSTRAINT complaints_closed_fields CHECK ((state = 'closed') = (closed_at IS NOT NULL)),
        CONSTRAINT complaints_rectification_whole CHECK (
          (rectification_unit_id IS NULL) = (rectification_measures IS NULL) AND (rectification_unit_id IS NULL) = (rectification_due_at IS NULL)),
        CONSTRAINT complaints_rectified_after_order CHECK (rectified_at IS NULL OR rectification_unit_id IS NOT NULL),
        CONSTRAINT complaints_closed_rectified CHECK (state <> 'closed' OR rectification_unit_id IS NULL OR rectified_at IS NOT NULL),
        CONSTRAINT complaints_rectification_only_when_found CHECK (rectification_unit_id IS NULL OR finding IN ('substantiated','partly_substantiated')),
        CONSTRAINT complaints_dates_ordered CHECK (due_at > received_at AND (replied_at IS NULL OR replied_at >= received_at) AND (closed_at IS NULL OR closed_at >= replied_at))
      )`);
    await q.query(`CREATE INDEX complaints_received_idx ON complaints (received_at DESC, id)`);
    await q.query(`CREATE INDEX complaints_unit_idx ON complaints (unit_id, received_at)`);
    await q.query(`CREATE INDEX complaints_open_due_idx ON complaints (due_at) WHERE state IN ('received','assigned')`);
    await q.query(`CREATE INDEX complaints_rectification_open_idx ON complaints (rectification_due_at) WHERE rectification_unit_id IS NOT NULL AND rectified_at IS NULL`);

    await q.query(`
      CREATE TABLE complaint_events (
        id           bigserial PRIMARY KEY,
        complaint_id uuid NOT NULL REFERENCES complaints(id),
        action       text NOT NULL CONSTRAINT complaint_events_action_known CHECK (action IN ('receive','assign','reply','rectified','close')),
        actor_id     uuid REFERENCES users(id),
        at           timestamptz NOT NULL DEFAULT now(),
        details      jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX complaint_events_complaint_idx ON complaint_events (complaint_id, id)`);
    await q.query(`
      CREATE FUNCTION complaint_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'complaint_events is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER complaint_events_no_update_delete BEFORE UPDATE OR DELETE ON complaint_events FOR EACH ROW EXECUTE FUNCTION complaint_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE complaint_events`);
    await q.query(`DROP FUNCTION complaint_events_append_only()`);
    await q.query(`DROP TABLE complaints`);
  }
}
