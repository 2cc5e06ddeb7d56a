import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../common/database/transaction-host.js';

/** One receiver's deliveries of one entry: its publication and, once revoked, its revocation. */
export interface EntryChannelRow {
  subscriberId: string;
  channel: string;
  description: string | null;
  active: boolean;
  publication: 'pending' | 'delivered' | 'failed';
  deliveredAt: Date | null;
  remoteUrl: string | null;
  lastError: string | null;
  attempts: number;
  waiting: boolean;
  revocation: 'pending' | 'delivered' | 'failed' | null;
  withdrawnAt: Date | null;
  revocationError: string | null;
}

export interface BacklogRow {
  indexNo: string;
  title: string;
  publishedAt: Date;
  cursorTs: string;
  subscriberId: string;
  channel: string;
  status: 'pending' | 'failed';
  lastError: string | null;
  attempts: number;
  waiting: boolean;
}

/** Where each catalogue entry stands on each publication channel, read from the delivery log. */
@Injectable()
export class ChannelsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Whether the entry exists (published, possibly revoked since). */
  async entryExists(indexNo: string): Promise<boolean> {
    return ((await this.tx.manager.query(`SELECT 1 FROM catalogue_entries WHERE index_no = $1`, [indexNo])) as unknown[]).length > 0;
  }

  /** Every receiver that was sent the entry's publication, with the latest publication and revocation delivery to it. */
  async ofEntry(indexNo: string): Promise<EntryChannelRow[]> {
    const latest = (type: string) => `SELECT d.status, d.delivered_at, d.remote_url, d.last_error, d.attempts, d.waiting
        FROM deliveries d JOIN catalogue_changes c ON c.id = d.change_id
       WHERE c.index_no = $1 AND c.type = '${type}' AND d.subscriber_id = s.id ORDER BY d.change_id DESC LIMIT 1`;
    return (await this.tx.manager.query(
      `SELECT s.id AS "subscriberId", s.channel, s.description, s.active,
              p.status AS publication, p.delivered_at AS "deliveredAt", p.remote_url AS "remoteUrl", p.last_error AS "lastError",
              p.attempts, p.waiting, r.status AS revocation, r.delivered_at AS "withdrawnAt", r.last_error AS "revocationError"
         FROM subscribers s
         JOIN LATERAL (${latest('published')}) p ON true
         LEFT JOIN LATERAL (${latest('revoked')}) r ON true
        ORDER BY s.channel, s.created_at, s.id`,
      [indexNo],
    )) as EntryChannelRow[];
  }

  /**
   * Entries in the catalogue whose publication has not reached every receiver it was sent to,
   * newest first (keyset on the publication time and index number): one row per receiver not reached.
   */
  async backlog(o: { channel?: string; after: [string, string] | null; limit: number }): Promise<BacklogRow[]> {
    return (await this.tx.manager.query(
      `WITH entries AS (
         SELECT DISTINCT e.index_no, e.title, e.published_at FROM deliveries d
           JOIN catalogue_changes c ON c.id = d.change_id AND c.type = 'published'
           JOIN catalogue_entries e ON e.index_no = c.index_no AND e.revoked_at IS NULL
           JOIN subscribers s ON s.id = d.subscriber_id
          WHERE d.status <> 'delivered' AND ($1::text IS NULL OR s.channel = $1)
            AND ($2::timestamptz IS NULL OR (e.published_at, e.index_no) < ($2::timestamptz, $3::text))
          ORDER BY e.published_at DESC, e.index_no DESC LIMIT $4)
       SELECT x.index_no AS "indexNo", x.title, x.published_at AS "publishedAt", x.published_at::text AS "cursorTs",
              s.id AS "subscriberId", s.channel, d.status, d.last_error AS "lastError", d.attempts, d.waiting
         FROM entries x
         JOIN catalogue_changes c ON c.index_no = x.index_no AND c.type = 'published'
         JOIN deliveries d ON d.change_id = c.id AND d.status <> 'delivered'
         JOIN subscribers s ON s.id = d.subscriber_id AND ($1::text IS NULL OR s.channel = $1)
        ORDER BY x.published_at DESC, x.index_no DESC, s.channel, s.id`,
      [o.channel ?? null, o.after?.[0] ?? null, o.after?.[1] ?? null, o.limit],
    )) as BacklogRow[];
  }

  /** Per channel: its receivers, and the entries in the catalogue on it, on their way, or failed. */
  async summary(): Promise<{ channel: string; subscribers: number; active: number; delivered: number; pending: number; failed: number }[]> {
    return (await this.tx.manager.query(
      `SELECT s.channel, count(DISTINCT s.id)::int AS subscribers, count(DISTINCT s.id) FILTER (WHERE s.active)::int AS active,
              count(d.id) FILTER (WHERE d.status = 'delivered')::int AS delivered,
              count(d.id) FILTER (WHERE d.status = 'pending')::int AS pending,
              count(d.id) FILTER (WHERE d.status = 'failed')::int AS failed
         FROM subscribers s
         LEFT JOIN (deliveries d JOIN catalogue_changes c ON c.id = d.change_id AND c.type = 'published'
                    JOIN catalogue_entries e ON e.index_no = c.index_no AND e.revoked_at IS NULL) ON d.subscriber_id = s.id
        GROUP BY s.channel ORDER BY s.channel`,
    )) as { channel: string; subscribers: number; active: number; delivered: number; pending: number; failed: number }[];
  }
}
