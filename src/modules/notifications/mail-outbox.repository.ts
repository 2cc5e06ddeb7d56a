import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../common/database/transaction-host.js';
import type { NotificationKind, SubjectType } from './notification.types.js';

/** A mail to send, as the worker claims it: the notification and its recipient as they are now. */
export interface ClaimedMail {
  notificationId: string;
  kind: NotificationKind;
  title: string;
  subjectType: SubjectType;
  subjectId: string;
  createdAt: Date;
  email: string | null;
  emailNotifications: boolean;
  active: boolean;
  displayName: string;
  attempts: number;
}

export type Claim = { status: 'claimed'; mail: ClaimedMail } | { status: 'done' } | { status: 'busy' };

/** The mail outbox (notification_mails): claimed by one worker at a time, marked after each attempt. */
@Injectable()
export class MailOutboxRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Takes the mail for `seconds` unless it is no longer pending (`done`) or another worker holds it
   * (`busy`): two attempts of one mail never run at once, even across instances.
   */
  async claim(notificationId: string, seconds: number): Promise<Claim> {
    const rows = (await this.tx.manager.query(
      `UPDATE notification_mails m SET claimed_until = now() + make_interval(secs => $2)
         FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE m.notification_id = $1 AND n.id = m.notification_id AND m.state = 'pending'
          AND (m.claimed_until IS NULL OR m.claimed_until < now())
        RETURNING n.id AS "notificationId", n.kind, n.title, n.subject_type AS "subjectType", n.subject_id AS "subjectId", n.created_at AS "createdAt",
                  u.email, u.email_notifications AS "emailNotifications", u.active, u.display_name AS "displayName", m.attempts`,
      [notificationId, seconds],
    )) as [ClaimedMail[], number];
    const claimed = rows[0][0];
    if (claimed) return { status: 'claimed', mail: claimed };
    const state = (await this.tx.manager.query(`SELECT state FROM notification_mails WHERE notification_id = $1`, [notificationId])) as { state: string }[];
    return state.length === 0 || state[0].state !== 'pending' ? { status: 'done' } : { status: 'busy' };
  }

  async markSent(notificationId: string): Promise<void> {
    await this.tx.manager.query(
      `UPDATE notification_mails SET state = 'sent', sent_at = now(), attempts = attempts + 1, claimed_until = NULL, last_error = NULL WHERE notification_id = $1`,
      [notificationId],
    );
  }

  /** A failed attempt: pending again (the queue retries it), or failed after the last one. */
  async markFailed(notificationId: string, error: string, final: boolean): Promise<void> {
    await this.tx.manager.query(
      `UPDATE notification_mails SET attempts = attempts + 1, last_error = $2, claimed_until = NULL, state = CASE WHEN $3 THEN 'failed' ELSE state END
        WHERE notification_id = $1 AND state = 'pending'`,
      [notificationId, error.slice(0, 500), final],
    );
  }

  /** Not sent: the recipient turned mail off, lost the address or was deactivated after the notification. */
  async markSkipped(notificationId: string, reason: string): Promise<void> {
    await this.tx.manager.query(`UPDATE notification_mails SET state = 'skipped', last_error = $2, claimed_until = NULL WHERE notification_id = $1 AND state = 'pending'`, [
      notificationId,
      reason,
    ]);
  }
}
