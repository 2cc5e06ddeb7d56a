import type { MigrationInterface, QueryRunner } from 'typeorm';

const APPLICANT_TYPES = `'natural_person','commercial_enterprise','research_institution','social_welfare_org','legal_service_org','other_org'`;
const STATES = `'received','awaiting_correction','handling','third_party_consultation','replied','delivered','filed'`;
const REPLIED = `'replied','delivered','filed'`;

/**
 * Disclosure on application: applications and every action taken on them, the documents a reply
 * disclosed (Art. 44), the working-day calendar's administrator overrides and published years,
 * and reconsiderations / lawsuits (appeals).
 *
 * Invariants kept by the database: known states, channels and outcomes; an outcome/reason pair
 * from the Regulations' list exactly when the application has been replied to; steps in time
 * order; a fee charged once with its amount; one history row per version; nothing of a filed
 * application changes (trigger).
 */
export class Applications1764300000000 implements MigrationInterface {
  name = 'Applications1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tracking_code        text NOT NULL CONSTRAINT applications_tracking_code_format CHECK (tracking_code ~ '^[A-Z2-7]{20}$'),
        applicant_type       text NOT NULL CONSTRAINT applications_applicant_type_known CHECK (applicant_type IN (${APPLICANT_TYPES})),
        applicant_name       text NOT NULL CONSTRAINT applications_applicant_name_length CHECK (char_length(applicant_name) BETWEEN 1 AND 200),
        id_number            text CONSTRAINT applications_id_number_length CHECK (char_length(id_number) <= 50),
        contact              jsonb NOT NULL CONSTRAINT applications_contact_given CHECK (
                               jsonb_typeof(contact) = 'object' AND (contact ? 'phone' OR contact ? 'email' OR contact ? 'address')),
        -- Who the applicant is, for "per applicant" rules (fees per month, Art. 44 distinct applicants):
        -- a hash of the identity number, or of the name and first contact.
        applicant_key        text NOT NULL,
        description          text NOT NULL CONSTRAINT applications_description_length CHECK (char_length(description) BETWEEN 1 AND 5000),
        purpose              text CONSTRAINT applications_purpose_length CHECK (char_length(purpose) <= 2000),
        format               text NOT NULL CONSTRAINT applications_format_known CHECK (format IN ('paper','electronic')),
        delivery             text NOT NULL CONSTRAINT applications_delivery_known CHECK (delivery IN ('email','post','pickup','online')),
        channel              text NOT NULL CONSTRAINT applications_channel_known CHECK (channel IN
                               ('online','in_person','registered_post','ordinary_letter','fax')),
        unit_id              uuid REFERENCES units(id),
        received_at          timestamptz NOT NULL,
        state                text NOT NULL DEFAULT 'received' CONSTRAINT applications_state_known CHECK (state IN (${STATES})),
        version              integer NOT NULL DEFAULT 1 CONSTRAINT applications_version_positive CHECK (version > 0),
        -- The statutory clock, recomputed from the history on every change (and when the calendar changes).
        clock_state          text NOT NULL DEFAULT 'running' CONSTRAINT applications_clock_state_known CHECK (clock_state IN ('running','stopped','paused','done')),
        due_at               timestamptz,
        due_provisional      boolean NOT NULL DEFAULT false,
        calendar_incomplete  boolean NOT NULL DEFAULT false,
        correction_requested boolean NOT NULL DEFAULT false,
        extended             boolean NOT NULL DEFAULT false,
        -- When the latest step happened: a later step may not be dated before it.
        last_event_at        timestamptz NOT NULL,
        outcome              text,
        reason               text,
        reply_comment        text CONSTRAINT applications_reply_comment_length CHECK (char_length(reply_comment) <= 5000),
        replied_at           timestamptz,
        replied_by           uuid REFERENCES users(id),
        delivery_method      text CONSTRAINT applications_delivery_method_known CHECK (delivery_method IN
                               ('email','post','pickup','online','in_person','announcement')),
        delivered_at         timestamptz,
        filed_at             timestamptz,
        fee_method           text CONSTRAINT applications_fee_method_known CHECK (fee_method IN ('per_application','per_volume')),
        fee_pages            integer CONSTRAINT applications_fee_pages_positive CHECK (fee_pages > 0),
        fee_amount_yuan      integer CONSTRAINT applications_fee_amount_positive CHECK (fee_amount_yuan > 0),
        fee_breakdown        jsonb,
        fee_charged_at       timestamptz,
        fee_due_at           timestamptz,
        fee_paid_at          timestamptz,
        created_by           uuid REFERENCES users(id),
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT applications_tracking_code_unique UNIQUE (tracking_code),
        CONSTRAINT applications_outcome_pair CHECK (
          (outcome IS NULL AND reason IS NULL)
          OR (outcome IN ('disclosed','partially_disclosed') AND reason IS NULL)
          OR (outcome = 'not_disclosed' AND reason IN ('state_secret','prohibited_by_law','three_safeties_one_stability',
                'third_party_rights','internal_affairs','process_information','enforcement_case_file','administrative_query'))
          OR (outcome = 'unable_to_provide' AND reason IN ('not_held','needs_creation','unclear_after_correction'))
          OR (outcome = 'not_handled' AND reason IN ('petition_or_complaint','duplicate','publication_request',
                'excessive_without_reason','confirmation_request'))
          OR (outcome = 'other' AND reason IN ('correction_overdue','fee_unpaid','other'))),
        CONSTRAINT applications_replied_has_outcome CHECK (
          (state IN (${REPLIED})) = (outcome IS NOT NULL)
          AND (state IN (${REPLIED})) = (replied_at IS NOT NULL)
          AND (state IN (${REPLIED})) = (clock_state = 'done')),
        CONSTRAINT applications_delivered CHECK ((state IN ('delivered','filed')) = (delivered_at IS NOT NULL AND delivery_method IS NOT NULL)),
        CONSTRAINT applications_filed CHECK ((state = 'filed') = (filed_at IS NOT NULL)),
        -- Stopped for correction: no due date; running or paused: one; replied: whatever it was.
        CONSTRAINT applications_due_by_clock CHECK (
          (clock_state = 'stopped' AND due_at IS NULL) OR (clock_state IN ('running','paused') AND due_at IS NOT NULL) OR clock_state = 'done'),
        CONSTRAINT applications_chronology CHECK (
          last_event_at >= received_at
          AND (replied_at IS NULL OR replied_at >= received_at)
          AND (delivered_at IS NULL OR delivered_at >= replied_at)
          AND (filed_at IS NULL OR filed_at >= delivered_at)),
        CONSTRAINT applications_fee CHECK (
          (fee_method IS NULL AND fee_amount_yuan IS NULL AND fee_charged_at IS NULL AND fee_due_at IS NULL AND fee_paid_at IS NULL AND fee_pages IS NULL)
          OR (fee_method IS NOT NULL AND fee_amount_yuan IS NOT NULL AND fee_charged_at IS NOT NULL AND fee_due_at IS NOT NULL
              AND fee_charged_at >= received_at AND (fee_paid_at IS NULL OR fee_paid_at >= fee_charged_at)
              AND (fee_method = 'per_volume') = (fee_pages IS NOT NULL)))
      )`);
    // The officers' worklist: open applications by due date; the annual report: by receipt and reply.
    // The worklist reads open applications (few) and then replied ones in due-date order.
    await q.query(`CREATE INDEX applications_due_idx ON applications (due_at, id) WHERE state NOT IN (${REPLIED})`);
    await q.query(`CREATE INDEX applications_done_idx ON applications (COALESCE(due_at, 'infinity'::timestamptz), id) WHERE state IN (${REPLIED})`);
    await q.query(`CREATE INDEX applications_state_idx ON applications (state, due_at, id)`);
    // The annual report reads a year's applications: received in it, or received before and open at its start.
    await q.query(`CREATE INDEX applications_received_idx ON applications (received_at)`);
    await q.query(`CREATE INDEX applications_replied_idx ON applications (replied_at) WHERE replied_at IS NOT NULL`);
    await q.query(`CREATE INDEX applications_open_received_idx ON applications (received_at) WHERE replied_at IS NULL`);
    await q.query(`CREATE INDEX applications_applicant_idx ON applications (applicant_key, received_at)`);
    await q.query(`
      CREATE FUNCTION applications_filed_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a filed application cannot change' USING ERRCODE = 'check_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER applications_no_change_after_filing BEFORE UPDATE OR DELETE ON applications
      FOR EACH ROW WHEN (OLD.state = 'filed') EXECUTE FUNCTION applications_filed_is_final()`);

    await q.query(`
      CREATE TABLE application_events (
        id             bigserial PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications(id),
        version        integer NOT NULL,
        action         text NOT NULL CONSTRAINT application_events_action_known CHECK (action IN
                         ('receive','request_correction','corrected','accept','consult_third_party','third_party_replied',
                          'extend','reply','deliver','file','charge_fee','fee_paid')),
        -- When it happened (the clock uses this); recorded_at is when it was entered.
        at             timestamptz NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now(),
        actor_id       uuid REFERENCES users(id),
        from_state     text,
        to_state       text NOT NULL,
        comment        text CONSTRAINT application_events_comment_length CHECK (char_length(comment) <= 5000),
        data           jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE UNIQUE INDEX application_events_version_unique ON application_events (application_id, version)`);

    await q.query(`
      CREATE TABLE application_documents (
        application_id uuid NOT NULL REFERENCES applications(id),
        document_id    uuid NOT NULL REFERENCES documents(id),
        PRIMARY KEY (application_id, document_id)
      )`);
    await q.query(`CREATE INDEX application_documents_document_idx ON application_documents (document_id)`);

    await q.query(`
      CREATE TABLE calendar_overrides (
        date       date PRIMARY KEY,
        kind       text NOT NULL CONSTRAINT calendar_overrides_kind_known CHECK (kind IN ('holiday','workday')),
        name       text CONSTRAINT calendar_overrides_name_length CHECK (char_length(name) BETWEEN 1 AND 50),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE calendar_years (
        year         integer PRIMARY KEY CONSTRAINT calendar_years_range CHECK (year BETWEEN 2000 AND 2100),
        published_by uuid REFERENCES users(id),
        published_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE appeals (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications(id),
        kind           text NOT NULL CONSTRAINT appeals_kind_known CHECK (kind IN ('reconsideration','litigation','litigation_after_reconsideration')),
        filed_at       timestamptz NOT NULL,
        result         text CONSTRAINT appeals_result_known CHECK (result IN ('upheld','corrected','other')),
        concluded_at   timestamptz,
        version        integer NOT NULL DEFAULT 1,
        created_by     uuid REFERENCES users(id),
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT appeals_concluded CHECK ((result IS NULL) = (concluded_at IS NULL)),
        CONSTRAINT appeals_chronology CHECK (concluded_at IS NULL OR concluded_at >= filed_at)
      )`);
    await q.query(`CREATE INDEX appeals_filed_idx ON appeals (filed_at, id)`);
    await q.query(`CREATE INDEX appeals_application_idx ON appeals (application_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['appeals', 'calendar_years', 'calendar_overrides', 'application_documents', 'application_events', 'applications']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS applications_filed_is_final()`);
  }
}
