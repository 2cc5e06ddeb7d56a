import type { MigrationInterface, QueryRunner } from 'typeorm';

const OUTCOME_PAIR = (o: string, r: string) => `(
          (${o} IN ('disclosed','partially_disclosed') AND ${r} IS NULL)
          OR (${o} = 'not_disclosed' AND ${r} IN ('state_secret','prohibited_by_law','three_safeties_one_stability',
                'third_party_rights','internal_affairs','process_information','enforcement_case_file','administrative_query'))
          OR (${o} = 'unable_to_provide' AND ${r} IN ('not_held','needs_creation','unclear_after_correction'))
          OR (${o} = 'not_handled' AND ${r} IN ('petition_or_complaint','duplicate','publication_request',
                'excessive_without_reason','confirmation_request'))
          OR (${o} = 'other' AND ${r} IN ('correction_overdue','fee_unpaid','other')))`;

const EVENT_ACTIONS = `'receive','request_correction','corrected','accept','consult_third_party','third_party_replied',
                          'extend','reply','deliver','file','charge_fee','fee_paid'`;

/**
 * Applications across units (转办) and the statutory letters of an application.
 *
 * - referrals: the office refers an application to a unit that holds the information; the unit's
 *   liaison proposes an outcome (the same outcome/reason pairs as a reply) with its reason and the
 *   documents, by a due date in working days. open → answered, or open → closed when the office
 *   replies without waiting. One open referral per application and unit (unique index).
 * - referral_documents: the documents a unit proposes to provide.
 * - application_notices: every letter issued to the applicant (受理回执, 补正告知书, 延期答复告知书,
 *   第三方意见征询函, 收费通知, 答复书), with the facts it states frozen at issue and its number
 *   〔year〕第n号, gap-free per agency (the issuing unit) and year: notice_counters keeps the last
 *   number, taken with the row locked in the transaction that issues the letter. Append-only.
 * - application_events gains the actions `refer` and `referral_answer` (the history shows them).
 */
export class Referrals1765400000000 implements MigrationInterface {
  name = 'Referrals1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referrals (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id      uuid NOT NULL REFERENCES applications(id),
        unit_id             uuid NOT NULL REFERENCES units(id),
        state               text NOT NULL DEFAULT 'open' CONSTRAINT referrals_state_known CHECK (state IN ('open','answered','closed')),
        comment             text NOT NULL CONSTRAINT referrals_comment_length CHECK (char_length(comment) BETWEEN 1 AND 2000),
        due_at              timestamptz NOT NULL,
        due_in_working_days integer NOT NULL CONSTRAINT referrals_days_range CHECK (due_in_working_days BETWEEN 1 AND 30),
        referred_by         uuid NOT NULL REFERENCES users(id),
        referred_at         timestamptz NOT NULL DEFAULT now(),
        proposed_outcome    text,
        proposed_reason     text,
        answer_comment      text CONSTRAINT referrals_answer_comment_length CHECK (char_length(answer_comment) BETWEEN 1 AND 5000),
        answered_by         uuid REFERENCES users(id),
        answered_at         timestamptz,
        closed_by           uuid REFERENCES users(id),
        closed_at           timestamptz,
        CONSTRAINT referrals_due_after_referral CHECK (due_at > referred_at),
        CONSTRAINT referrals_answered CHECK (
          (state = 'answered') = (answered_at IS NOT NULL AND answered_by IS NOT NULL AND proposed_outcome IS NOT NULL AND answer_comment IS NOT NULL)),
        CONSTRAINT referrals_closed CHECK ((state = 'closed') = (closed_at IS NOT NULL AND closed_by IS NOT NULL)),
        CONSTRAINT referrals_outcome_pair CHECK ((proposed_outcome IS NULL AND proposed_reason IS NULL) OR ${OUTCOME_PAIR('proposed_outcome', 'proposed_reason')})
      )`);
    await q.query(`CREATE UNIQUE INDEX referrals_one_open_per_unit ON referrals (application_id, unit_id) WHERE state = 'open'`);
    await q.query(`CREATE INDEX referrals_application_idx ON referrals (application_id, referred_at)`);
    await q.query(`CREATE INDEX referrals_unit_idx ON referrals (unit_id, referred_at DESC, id)`);
    await q.query(`CREATE INDEX referrals_list_idx ON referrals (referred_at DESC, id)`);
    await q.query(`CREATE INDEX referrals_open_due_idx ON referrals (due_at) WHERE state = 'open'`);

    await q.query(`
      CREATE TABLE referral_documents (
        referral_id uuid NOT NULL REFERENCES referrals(id),
        document_id uuid NOT NULL REFERENCES documents(id),
        PRIMARY KEY (referral_id, document_id)
      )`);

    await q.query(`
      CREATE TABLE notice_counters (
        agency_key text NOT NULL,
        year       integer NOT NULL CONSTRAINT notice_counters_year_range CHECK (year BETWEEN 2000 AND 2100),
        last       integer NOT NULL CONSTRAINT notice_counters_last_positive CHECK (last > 0),
        PRIMARY KEY (agency_key, year)
      )`);
    await q.query(`
      CREATE TABLE application_notices (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications(id),
        kind           text NOT NULL CONSTRAINT application_notices_kind_known CHECK (kind IN ('receipt','correction','extension','third_party','fee','reply')),
        -- The history row of the step that issued it.
        event_version  integer NOT NULL,
        -- The issuing agency: a unit, or '-' (no unit: the district's disclosure office).
        agency_key     text NOT NULL,
        agency_unit_id uuid REFERENCES units(id),
        year           integer NOT NULL,
        serial         integer NOT NULL CONSTRAINT application_notices_serial_positive CHECK (serial > 0),
        issued_at      timestamptz NOT NULL,
        facts          jsonb NOT NULL CONSTRAINT application_notices_facts_object CHECK (jsonb_typeof(facts) = 'object'),
        created_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT application_notices_number_unique UNIQUE (agency_key, year, serial),
        CONSTRAINT application_notices_one_per_step UNIQUE (application_id, event_version),
        CONSTRAINT application_notices_agency CHECK (agency_key = COALESCE(agency_unit_id::text, '-'))
      )`);
    await q.query(`CREATE INDEX application_notices_application_idx ON application_notices (application_id, issued_at, kind)`);
    await q.query(`
      CREATE FUNCTION application_notices_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'an issued letter cannot change' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER application_notices_no_update_delete BEFORE UPDATE OR DELETE ON application_notices FOR EACH ROW EXECUTE FUNCTION application_notices_append_only()`,
    );

    await q.query(`ALTER TABLE application_events DROP CONSTRAINT application_events_action_known`);
    await q.query(`ALTER TABLE application_events ADD CONSTRAINT application_events_action_known CHECK (action IN (${EVENT_ACTIONS},'refer','referral_answer'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM application_events WHERE action IN ('refer','referral_answer')`);
    await q.query(`ALTER TABLE application_events DROP CONSTRAINT application_events_action_known`);
    await q.query(`ALTER TABLE application_events ADD CONSTRAINT application_events_action_known CHECK (action IN (${EVENT_ACTIONS}))`);
    await q.query(`DROP TABLE application_notices`);
    await q.query(`DROP FUNCTION application_notices_append_only()`);
    await q.query(`DROP TABLE notice_counters`);
    await q.query(`DROP TABLE referral_documents`);
    await q.query(`DROP TABLE referrals`);
  }
}
