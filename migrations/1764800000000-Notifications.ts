import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: one row per recipient, written in the transaction of the change that causes it.
 *
 * - notifications: `event_id` is the same for every recipient of one event; (event_id, user_id)
 *   is unique, so one event never reaches a person twice. Two partial indexes serve the inbox:
 *   newest first, and the unread ones (count and list).
 * - notification_mails: the mail outbox, one row per notification that is also sent by e-mail
 *   (written only when mail is configured and the recipient has an address and wants mail). Its
 *   state moves pending → sent (or failed after the last retry, skipped when the recipient turned
 *   mail off or lost the address meanwhile); `claimed_until` keeps two workers off one mail.
 * - deadline_notices: one row per item on a clock and threshold passed (overdue, due soon). The
 *   scheduled job inserts it with ON CONFLICT DO NOTHING in the transaction that notifies, so two
 *   instances scanning at once notify once.
 * - notification_stream_tickets: short-lived single-use tickets for the live stream (EventSource
 *   cannot send an Authorization header); only the SHA-256 of the ticket is kept.
 * - users.email_notifications: a user may turn mail off for themselves (PATCH /api/v1/me).
 */
export class Notifications1764800000000 implements MigrationInterface {
  name = 'Notifications1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN email_notifications boolean NOT NULL DEFAULT true`);

    await q.query(`
      CREATE TABLE notifications (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id     uuid NOT NULL,
        user_id      uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind         text NOT NULL CONSTRAINT notifications_kind_known CHECK (kind IN
                       ('task','returned','published','consultation','consultation_answered','urged','overdue',
                        'referral','application_due_soon','complaint')),
        subject_type text NOT NULL CONSTRAINT notifications_subject_type_known CHECK (subject_type IN ('document','application','complaint')),
        subject_id   uuid NOT NULL,
        title        text NOT NULL CONSTRAINT notifications_title_length CHECK (char_length(title) BETWEEN 1 AND 400),
        created_at   timestamptz NOT NULL DEFAULT now(),
        read_at      timestamptz,
        CONSTRAINT notifications_once_per_event UNIQUE (event_id, user_id)
      )`);
    await q.query(`CREATE INDEX notifications_inbox_idx ON notifications (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (user_id, created_at DESC, id DESC) WHERE read_at IS NULL`);

    await q.query(`
      CREATE TABLE notification_mails (
        notification_id uuid PRIMARY KEY REFERENCES notifications(id) ON DELETE CASCADE,
        state           text NOT NULL DEFAULT 'pending' CONSTRAINT notification_mails_state_known CHECK (state IN ('pending','sent','failed','skipped')),
        attempts        integer NOT NULL DEFAULT 0,
        claimed_until   timestamptz,
        last_error      text CONSTRAINT notification_mails_error_length CHECK (char_length(last_error) <= 500),
        created_at      timestamptz NOT NULL DEFAULT now(),
        sent_at         timestamptz,
        CONSTRAINT notification_mails_sent CHECK ((state = 'sent') = (sent_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX notification_mails_pending_idx ON notification_mails (created_at) WHERE state = 'pending'`);

    await q.query(`
      CREATE TABLE deadline_notices (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        item_type  text NOT NULL CONSTRAINT deadline_notices_item_type_known CHECK (item_type IN
                     ('document_step','consultation','application','referral','complaint')),
        item_key   text NOT NULL CONSTRAINT deadline_notices_item_key_length CHECK (char_length(item_key) BETWEEN 1 AND 200),
        threshold  text NOT NULL CONSTRAINT deadline_notices_threshold_known CHECK (threshold IN ('overdue','due_soon')),
        due_at     timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deadline_notices_once UNIQUE (item_type, item_key, threshold)
      )`);

    await q.query(`
      CREATE TABLE notification_stream_tickets (
        ticket_hash   bytea PRIMARY KEY,
        user_id       uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_version integer NOT NULL,
        expires_at    timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX notification_stream_tickets_expiry_idx ON notification_stream_tickets (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_stream_tickets`);
    await q.query(`DROP TABLE deadline_notices`);
    await q.query(`DROP TABLE notification_mails`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`ALTER TABLE users DROP COLUMN email_notifications`);
  }
}
