import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { TransactionHost } from '../../common/database/transaction-host.js';

export interface SubscriberRow {
  id: string;
  url: string;
  secret: string;
  description: string | null;
  active: boolean;
  createdAt: Date;
}

export interface DeliveryRow {
  id: string;
  subscriberId: string;
  changeId: string;
  eventType: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

const SUB = `id, url, secret, description, active, created_at AS "createdAt"`;
const DEL = `d.id, d.subscriber_id AS "subscriberId", d.change_id::text AS "changeId", d.event_type AS "eventType", d.payload, d.status, d.attempts,
  d.last_status AS "lastStatus", d.last_error AS "lastError", d.created_at AS "createdAt", d.delivered_at AS "deliveredAt"`;

/** Subscribers, deliveries and attempts: the delivery log the admin reads. */
@Injectable()
export class DeliveryRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insertSubscriber(s: { url: string; secret: string; description: string | null }): Promise<SubscriberRow> {
    return ((await this.tx.manager.query(`INSERT INTO subscribers (url, secret, description) VALUES ($1, $2, $3) RETURNING ${SUB}`, [s.url, s.secret, s.description])) as SubscriberRow[])[0];
  }

  async updateSubscriber(id: string, patch: { active?: boolean; url?: string; description?: string | null }): Promise<SubscriberRow | null> {
    const rows = (await this.tx.manager.query(
      `UPDATE subscribers SET active = COALESCE($2, active), url = COALESCE($3, url), description = CASE WHEN $5 THEN $4 ELSE description END
        WHERE id = $1 RETURNING ${SUB}`,
      [id, patch.active ?? null, patch.url ?? null, patch.description ?? null, patch.description !== undefined],
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

  async insertDelivery(d: { subscriberId: string; changeId: string; eventType: string; payload: unknown }): Promise<string> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO deliveries (subscriber_id, change_id, event_type, payload) VALUES ($1, $2, $3, $4) RETURNING id`,
      [d.subscriberId, d.changeId, d.eventType, JSON.stringify(d.payload)],
    )) as { id: string }[];
    return rows[0].id;
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

  async recordAttempt(d: { deliveryId: string; statusCode: number | null; error: string | null; durationMs: number; outcome: 'delivered' | 'pending' | 'failed' }): Promise<void> {
    await this.tx.run(async () => {
      await this.tx.manager.query(`INSERT INTO delivery_attempts (delivery_id, status_code, error, duration_ms) VALUES ($1, $2, $3, $4)`, [
        d.deliveryId,
        d.statusCode,
        d.error,
        d.durationMs,
      ]);
      await this.tx.manager.query(
        `UPDATE deliveries SET attempts = attempts + 1, last_status = $2, last_error = $3,
                status = CASE WHEN status = 'delivered' THEN 'delivered' ELSE $4 END,
                delivered_at = CASE WHEN $4 = 'delivered' AND delivered_at IS NULL THEN now() ELSE delivered_at END
          WHERE id = $1`,
        [d.deliveryId, d.statusCode, d.error, d.outcome],
      );
    });
  }

  async markPending(id: string): Promise<void> {
    await this.tx.manager.query(`UPDATE deliveries SET status = 'pending', delivered_at = NULL WHERE id = $1`, [id]);
  }
}
