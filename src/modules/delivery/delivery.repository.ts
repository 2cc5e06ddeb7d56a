import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { Statement } from '../../common/database/statements.js';
import { TransactionHost } from '../../common/database/transaction-host.js';
import type { SubscriberFormat } from './exchange-package.js';

export interface SubscriberRow {
  id: string;
  url: string;
  secret: string;
  /** The channel the receiver publishes on (portal, wechat, weibo, …). */
  channel: string;
  /** What its deliveries carry: Standard Webhooks events, or exchange packages (exchange-package.ts). */
  format: SubscriberFormat;
  /** Who the exchange packages come from; null when none is set (never for an exchange subscriber). */
  sender: { code: string; name: string } | null;
  description: string | null;
  active: boolean;
  createdAt: Date;
}

/** An active receiver, as the delivery of a change needs it. */
export interface ActiveSubscriber {
  id: string;
  format: SubscriberFormat;
  sender: { code: string; name: string } | null;
}

export interface DeliveryRow {
  id: string;
  subscriberId: string;
  /** The catalogue change delivered; null for an annual report's submission (report_index_no). */
  changeId: string | null;
  eventType: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  /** The URL the receiver answered with ({"url": …} in a 2xx JSON answer), if any. */
  remoteUrl: string | null;
  /** Held back until an earlier delivery of the same group reaches the receiver. */
  waiting: boolean;
}

const SENDER = `CASE WHEN sender_code IS NULL THEN NULL ELSE json_build_object('code', sender_code, 'name', sender_name) END AS sender`;
/**
 * The active subscribers (id, format, sender; created first, first) as one JSON value: what
 * `activeSubscribers()` reads, and what a statement reads beside a write of its own
 * (DeliveryService.receiversSql).
 */
export const ACTIVE_SUBSCRIBERS_JSON = `(SELECT COALESCE(json_agg(json_build_object('id', s.id, 'format', s.format,
    'sender', CASE WHEN s.sender_code IS NULL THEN NULL ELSE json_build_object('code', s.sender_code, 'name', s.sender_name) END) ORDER BY s.created_at, s.id), '[]'::json)
   FROM subscribers s WHERE s.active)`;
const SUB = `id, url, secret, channel, format, ${SENDER}, description, active, created_at AS "createdAt"`;
const DEL = `d.id, d.subscriber_id AS "subscriberId", d.change_id::text AS "changeId", d.event_type AS "eventType", d.payload, d.status, d.attempts,
  d.last_status AS "lastStatus", d.last_error AS "lastError", d.created_at AS "createdAt", d.delivered_at AS "deliveredAt",
  d.remote_url AS "remoteUrl", d.waiting`;

/**
 * The group of a delivery's entry, for ordering: a document with its interpretations (an
 * interpretation's entry belongs to the group of the entry it interprets). `e` is the entry.
 */
const GROUP = `COALESCE(e.interprets_index_no, e.index_no)`;
/**
 * The entries `e` of the group `grp` (GROUP = grp), written so that PostgreSQL finds them by their
 * keys (the group's own entry, and its interpretations by catalogue_interprets_idx) instead of
 * testing GROUP on every row it reads.
 */
const IN_GROUP = (grp: string) => `(e.index_no = ${grp} OR e.interprets_index_no = ${grp}) AND ${GROUP} = ${grp}`;

/** Subscribers, deliveries and attempts: the delivery log the admin reads. */
@Injectable()
export class DeliveryRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insertSubscriber(s: {
    url: string;
    secret: string;
    channel: string;
    format: SubscriberFormat;
    sender: { code: string; name: string } | null;
    description: string | null;
  }): Promise<SubscriberRow> {
    return ((await this.tx.manager.query(
      `INSERT INTO subscribers (url, secret, channel, format, sender_code, sender_name, description) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${SUB}`,
      [s.url, s.secret, s.channel, s.format, s.sender?.code ?? null, s.sender?.name ?? null, s.description],
    )) as SubscriberRow[])[0];
  }

  /** The subscriber locked until the transaction ends (a change checks it against the new values), or null. */
  async lockSubscriber(id: string): Promise<SubscriberRow | null> {
    return ((await this.tx.manager.query(`SELECT ${SUB} FROM subscribers WHERE id = $1 FOR UPDATE`, [id])) as SubscriberRow[])[0] ?? null;
  }

  async updateSubscriber(
    id: string,
    patch: { active?: boolean; url?: string; channel?: string; description?: string | null; format?: SubscriberFormat; sender?: { code: string; name: string } },
  ): Promise<SubscriberRow | null> {
    const rows = (await this.tx.manager.query(
      `UPDATE subscribers SET active = COALESCE($2, active), url = COALESCE($3, url), description = CASE WHEN $5 THEN $4 ELSE description END,
              channel = COALESCE($6, channel), format = COALESCE($7, format),
              sender_code = COALESCE($8, sender_code), sender_name = COALESCE($9, sender_name)
        WHERE id = $1 RETURNING ${SUB}`,
      [
        id,
        patch.active ?? null,
        patch.url ?? null,
        patch.description ?? null,
        patch.description !== undefined,
        patch.channel ?? null,
        patch.format ?? null,
        patch.sender?.code ?? null,
        patch.sender?.name ?? null,
      ],
    )) as [SubscriberRow[], number];
    return rows[0][0] ?? null;
  }

  async subscribers(): Promise<SubscriberRow[]> {
    return (await this.tx.manager.query(`SELECT ${SUB} FROM subscribers ORDER BY created_at`)) as SubscriberRow[];
  }

  async subscriber(id: string): Promise<SubscriberRow | null> {
    return ((await this.tx.manager.query(`SELECT ${SUB} FROM subscribers WHERE id = $1`, [id])) as SubscriberRow[])[0] ?? null;
  }

  async activeSubscriberIds(): Promise<string[]> {
    return ((await this.tx.manager.query(`SELECT id FROM subscribers WHERE active`)) as { id: string }[]).map((r) => r.id);
  }

  async activeSubscribers(): Promise<ActiveSubscriber[]> {
    return ((await this.tx.manager.query(`SELECT ${ACTIVE_SUBSCRIBERS_JSON} AS receivers`)) as { receivers: ActiveSubscriber[] }[])[0].receivers;
  }

  /**
   * A delivery of a catalogue change (its id made by the caller: the job names it, an exchange
   * package's packageId is it), as an INSERT for the statement that also queues its job
   * (JobQueue.queueDeliveries).
   */
  insertDeliveryStatement(d: { id: string; subscriberId: string; changeId: string; eventType: string; payload: unknown }): Statement {
    return {
      sql: `INSERT INTO deliveries (id, subscriber_id, change_id, event_type, payload) VALUES ($1, $2, $3, $4, $5)`,
      params: [d.id, d.subscriberId, d.changeId, d.eventType, JSON.stringify(d.payload)],
    };
  }

  async delivery(id: string): Promise<DeliveryRow | null> {
    return ((await this.tx.manager.query(`SELECT ${DEL} FROM deliveries d WHERE d.id = $1`, [id])) as DeliveryRow[])[0] ?? null;
  }

  async deliveries(subscriberId: string, limit: number, before: string | null): Promise<(DeliveryRow & { cursorTs: string })[]> {
    return (await this.tx.manager.query(
      `SELECT ${DEL}, d.created_at::text AS "cursorTs" FROM deliveries d
        WHERE d.subscriber_id = $1 AND ($2::timestamptz IS NULL OR d.created_at < $2::timestamptz)
        ORDER BY d.created_at DESC, d.id DESC LIMIT $3`,
      [subscriberId, before, limit],
    )) as (DeliveryRow & { cursorTs: string })[];
  }

  async attempts(deliveryIds: string[]): Promise<{ deliveryId: string; at: Date; statusCode: number | null; error: string | null; durationMs: number }[]> {
    if (deliveryIds.length === 0) return [];
    return (await this.tx.manager.query(
      `SELECT delivery_id AS "deliveryId", at, status_code AS "statusCode", error, duration_ms AS "durationMs"
         FROM delivery_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY id`,
      [deliveryIds],
    )) as { deliveryId: string; at: Date; statusCode: number | null; error: string | null; durationMs: number }[];
  }

  /** One attempt and its outcome, in the caller's transaction (record-delivery-attempt.use-case.ts). */
  async recordAttempt(d: {
    deliveryId: string;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
    outcome: 'delivered' | 'pending' | 'failed';
    remoteUrl?: string | null;
  }): Promise<void> {
    await this.tx.manager.query(`INSERT INTO delivery_attempts (delivery_id, status_code, error, duration_ms) VALUES ($1, $2, $3, $4)`, [
      d.deliveryId,
      d.statusCode,
      d.error,
      d.durationMs,
    ]);
    await this.tx.manager.query(
      `UPDATE deliveries SET attempts = attempts + 1, last_status = $2, last_error = $3,
              status = CASE WHEN status = 'delivered' THEN 'delivered' ELSE $4 END,
              delivered_at = CASE WHEN $4 = 'delivered' AND delivered_at IS NULL THEN now() ELSE delivered_at END,
              remote_url = COALESCE($5, remote_url)
        WHERE id = $1`,
      [d.deliveryId, d.statusCode, d.error, d.outcome, d.remoteUrl ?? null],
    );
  }

  /**
   * Locks the ordering group of a delivery (its receiver and its entry's group) until the
   * transaction ends, and returns it: holding a delivery back and waking it up again never
   * interleave. Null when the delivery is unknown.
   */
  async lockGroup(deliveryId: string): Promise<{ subscriberId: string; changeId: string; grp: string } | null> {
    const rows = (await this.tx.manager.query(
      `SELECT d.subscriber_id AS "subscriberId", d.change_id::text AS "changeId", ${GROUP} AS grp
         FROM deliveries d JOIN catalogue_changes c ON c.id = d.change_id JOIN catalogue_entries e ON e.index_no = c.index_no
        WHERE d.id = $1`,
      [deliveryId],
    )) as { subscriberId: string; changeId: string; grp: string }[];
    if (!rows[0]) return null;
    await this.tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`delivery-group:${rows[0].subscriberId}:${rows[0].grp}`]);
    return rows[0];
  }

  /**
   * Whether an earlier delivery of the same group to the same receiver has not been delivered yet.
   * Read from the group's side (its entries, their changes, the receiver's delivery of each:
   * IN_GROUP), not from the receiver's undelivered deliveries, which a receiver that is down for a
   * while has by the ten thousand, each checked by every delivery of its backlog.
   */
  async earlierUndelivered(g: { subscriberId: string; changeId: string; grp: string }): Promise<boolean> {
    const rows = (await this.tx.manager.query(
      `SELECT 1 FROM catalogue_entries e JOIN catalogue_changes c ON c.index_no = e.index_no AND c.id < $2::bigint
         JOIN deliveries d ON d.subscriber_id = $1 AND d.change_id = c.id
        WHERE ${IN_GROUP('$3')} AND d.status <> 'delivered' LIMIT 1`,
      [g.subscriberId, g.changeId, g.grp],
    )) as unknown[];
    return rows.length > 0;
  }

  async setWaiting(deliveryId: string, waiting: boolean): Promise<void> {
    await this.tx.manager.query(`UPDATE deliveries SET waiting = $2 WHERE id = $1`, [deliveryId, waiting]);
  }

  /** The held-back deliveries of the group, no longer held (each checks its turn again); their ids. */
  async releaseWaiting(g: { subscriberId: string; grp: string }): Promise<string[]> {
    const rows = (await this.tx.manager.query(
      `UPDATE deliveries d SET waiting = false FROM catalogue_changes c, catalogue_entries e
        WHERE ${IN_GROUP('$2')} AND c.index_no = e.index_no AND d.subscriber_id = $1 AND d.change_id = c.id AND d.waiting
        RETURNING d.id`,
      [g.subscriberId, g.grp],
    )) as [{ id: string }[], number];
    return rows[0].map((r) => r.id);
  }

  async markPending(id: string): Promise<void> {
    await this.tx.manager.query(`UPDATE deliveries SET status = 'pending', delivered_at = NULL WHERE id = $1`, [id]);
  }
}
