import { Injectable } from '@nestjs/common';
import { sqlParams } from '../../common/database/sql-params.js';
import type { Statement } from '../../common/database/statements.js';
import { TransactionHost } from '../../common/database/transaction-host.js';
import type { NotificationEvent, NotificationKind, Recipients, SubjectType } from './notification.types.js';

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  subjectType: SubjectType;
  subjectId: string;
  title: string;
  createdAt: Date;
  readAt: Date | null;
  /** created_at at full precision, for keyset cursors. */
  cursorTs: string;
}

/** A threshold of an item on a clock, noticed once (deadline_notices). */
export interface DeadlineNotice {
  itemType: 'document_step' | 'consultation' | 'application' | 'referral' | 'complaint';
  itemKey: string;
  threshold: 'overdue' | 'due_soon';
  dueAt: Date;
}

/** The channel every instance LISTENs on: the payload is the recipients' ids, comma-separated, or `*`. */
export const NOTIFY_CHANNEL = 'gongkai_notifications';
/** Above this many recipients the payload says `*` (NOTIFY payloads stay under 8000 bytes). */
const NOTIFY_MAX_IDS = 150;

const ACTIVE_DELEGATION = `g.ended_at IS NULL AND g.starts_at <= now() AND g.ends_at > now()`;

/**
 * The recipients of an event as a SELECT of user ids (column `id`), with its parameters taken by `p`.
 * `step` mirrors the ability factory's review rules (authorization/ability.factory.ts): the scope of
 * each review step, separation of duties (not the drafter, nobody who approved another step) and
 * delegation (a deputy holds the delegator's step with the same exclusions applied to both).
 */
function recipientsSql(r: Recipients, p: (v: unknown) => string): string {
  switch (r.kind) {
    case 'step': {
      const doc = p(r.documentId);
      const state = p(r.state ?? null);
      return `
        WITH d AS (
          SELECT x.unit_id, x.drafter_id, s.state,
                 CASE s.state WHEN 'secrecy_review' THEN x.office_approver_ids || x.leader_approver_ids
                              WHEN 'attribute_review' THEN x.secrecy_approver_ids || x.leader_approver_ids
                              ELSE x.secrecy_approver_ids || x.office_approver_ids END AS others
            FROM documents x CROSS JOIN LATERAL (SELECT COALESCE(${state}::text, x.state) AS state) s
           WHERE x.id = ${doc}),
        p AS (
          SELECT u.id FROM users u, d
           WHERE u.active AND u.id <> d.drafter_id AND NOT (u.id = ANY (d.others)) AND (
                 (d.state = 'secrecy_review' AND 'secrecy_reviewer' = ANY (u.roles) AND u.unit_id = d.unit_id)
              OR (d.state = 'attribute_review' AND 'disclosure_officer' = ANY (u.roles))
              OR (d.state IN ('leader_review', 'reassessment_review') AND 'leader' = ANY (u.roles)
                  AND EXISTS (SELECT 1 FROM user_led_units l WHERE l.user_id = u.id AND l.unit_id = d.unit_id))))
        SELECT p.id FROM p
        UNION
        SELECT t.id FROM d, delegations g JOIN p ON p.id = g.from_user_id JOIN users t ON t.id = g.to_user_id
         WHERE ${ACTIVE_DELEGATION} AND t.active AND t.id <> d.drafter_id AND NOT (t.id = ANY (d.others))`;
    }
    case 'drafter':
      return `SELECT u.id FROM documents x JOIN users u ON u.id = x.drafter_id WHERE x.id = ${p(r.documentId)} AND u.active`;
    case 'liaisons':
      return `SELECT u.id FROM users u WHERE u.active AND 'unit_liaison' = ANY (u.roles) AND u.unit_id = ANY (${p(r.unitIds)}::uuid[])`;
    case 'officers':
      return `SELECT u.id FROM users u WHERE u.active AND 'disclosure_officer' = ANY (u.roles)`;
  }
}

const COLUMNS = `n.id, n.kind, n.subject_type AS "subjectType", n.subject_id AS "subjectId", n.title, n.created_at AS "createdAt",
  n.read_at AS "readAt", n.created_at::text AS "cursorTs"`;

/** The only place that reads and writes notifications and their recipients' mail preference. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * One statement per event: computes the recipients, writes one notification each, the mail
   * outbox rows of those who get mail (when `mail`), and tells every instance's listener (NOTIFY,
   * delivered at commit). With `notice`, the notice row comes first and nothing is written when
   * it already existed. Returns how many were written and the ids of those to mail.
   */
  async insert(e: NotificationEvent, mail: boolean, notice?: DeadlineNotice): Promise<{ created: number; mailIds: string[] }> {
    const s = this.insertStatement(e, mail, notice);
    return this.inserted(await this.tx.manager.query(s.sql, s.params));
  }

  /** `insert`'s statement, for a caller that runs it as part of its own (statements.ts); `inserted` reads its rows. */
  insertStatement(e: NotificationEvent, mail: boolean, notice?: DeadlineNotice): Statement {
    const { params, p } = sqlParams();
    const ctes: string[] = [];
    let eventId: string;
    let from = 'r';
    if (notice) {
      ctes.push(`notice AS (INSERT INTO deadline_notices (item_type, item_key, threshold, due_at)
        VALUES (${p(notice.itemType)}, ${p(notice.itemKey)}, ${p(notice.threshold)}, ${p(notice.dueAt)}) ON CONFLICT DO NOTHING RETURNING id)`);
      eventId = 'notice.id';
      from = 'notice, r';
    } else {
      eventId = `${p(e.eventId)}::uuid`;
    }
    ctes.push(`r AS (${recipientsSql(e.recipients, p)})`);
    ctes.push(`ins AS (INSERT INTO notifications (event_id, user_id, kind, subject_type, subject_id, title)
        SELECT ${eventId}, r.id, ${p(e.kind)}, ${p(e.subjectType)}, ${p(e.subjectId)}, ${p(e.title.slice(0, 400))} FROM ${from}
         WHERE r.id <> ALL (${p(e.exclude)}::uuid[]) RETURNING id, user_id)`);
    ctes.push(`mail AS (INSERT INTO notification_mails (notification_id)
        SELECT ins.id FROM ins JOIN users u ON u.id = ins.user_id
         WHERE ${p(mail)}::boolean AND u.email IS NOT NULL AND u.email_notifications RETURNING notification_id)`);
    ctes.push(`sig AS (SELECT pg_notify('${NOTIFY_CHANNEL}', CASE WHEN count(*) > ${NOTIFY_MAX_IDS} THEN '*' ELSE string_agg(user_id::text, ',') END)
        FROM ins HAVING count(*) > 0)`);
    return {
      sql: `WITH ${ctes.join(',\n')}
       SELECT (SELECT count(*)::int FROM ins) AS created, COALESCE((SELECT array_agg(notification_id) FROM mail), '{}') AS "mailIds",
              (SELECT count(*)::int FROM sig) AS signalled`,
      params,
    };
  }

  inserted(rows: unknown[]): { created: number; mailIds: string[] } {
    const r = (rows as { created: number; mailIds: string[] }[])[0];
    return { created: r.created, mailIds: r.mailIds };
  }

  /** The caller's notifications, newest first (keyset on created_at, id). */
  async list(userId: string, unreadOnly: boolean, limit: number, after: [string, string] | null): Promise<NotificationRow[]> {
    return (await this.tx.manager.query(
      `SELECT ${COLUMNS} FROM notifications n
        WHERE n.user_id = $1 AND (NOT $2::boolean OR n.read_at IS NULL)
          AND ($3::timestamptz IS NULL OR (n.created_at, n.id) < ($3::timestamptz, $4::uuid))
        ORDER BY n.created_at DESC, n.id DESC LIMIT $5`,
      [userId, unreadOnly, after?.[0] ?? null, after?.[1] ?? null, limit],
    )) as NotificationRow[];
  }

  async unreadCount(userId: string): Promise<number> {
    const rows = (await this.tx.manager.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [userId])) as { n: number }[];
    return rows[0].n;
  }

  /** Unread counts of several users (the live stream's connected users); users with none are absent. */
  async unreadCounts(userIds: string[]): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map();
    const rows = (await this.tx.manager.query(
      `SELECT user_id AS "userId", count(*)::int AS n FROM notifications WHERE user_id = ANY ($1::uuid[]) AND read_at IS NULL GROUP BY user_id`,
      [userIds],
    )) as { userId: string; n: number }[];
    return new Map(rows.map((r) => [r.userId, r.n]));
  }

  /** Marks one of the user's notifications read (kept when already read); null when it is not theirs. */
  async markRead(userId: string, id: string): Promise<NotificationRow | null> {
    const rows = (await this.tx.manager.query(
      `WITH u AS (UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING *),
            sig AS (SELECT pg_notify('${NOTIFY_CHANNEL}', $2::text) FROM u)
       SELECT ${COLUMNS}, (SELECT count(*) FROM sig) AS signalled FROM u n`,
      [id, userId],
    )) as (NotificationRow & { signalled: number })[];
    if (rows.length === 0) return null;
    const { signalled: _s, ...row } = rows[0];
    return row;
  }

  /** Marks every unread notification of the user read; returns how many. */
  async markAllRead(userId: string): Promise<number> {
    const rows = (await this.tx.manager.query(
      `WITH u AS (UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING 1),
            sig AS (SELECT pg_notify('${NOTIFY_CHANNEL}', $1::text) FROM (SELECT 1) one WHERE EXISTS (SELECT 1 FROM u))
       SELECT (SELECT count(*)::int FROM u) AS updated, (SELECT count(*) FROM sig) AS signalled`,
      [userId],
    )) as { updated: number }[];
    return rows[0].updated;
  }

  async setEmailNotifications(userId: string, value: boolean): Promise<void> {
    await this.tx.manager.query(`UPDATE users SET email_notifications = $2, updated_at = now() WHERE id = $1`, [userId, value]);
  }

  /** Which of these users are still active with this token version (the live stream re-checks its listeners). */
  async stillValid(users: { id: string; tokenVersion: number }[]): Promise<Set<string>> {
    if (users.length === 0) return new Set();
    const rows = (await this.tx.manager.query(
      `SELECT u.id FROM users u JOIN unnest($1::uuid[], $2::int[]) AS x(id, tv) ON x.id = u.id AND x.tv = u.token_version WHERE u.active`,
      [users.map((u) => u.id), users.map((u) => u.tokenVersion)],
    )) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }
}
