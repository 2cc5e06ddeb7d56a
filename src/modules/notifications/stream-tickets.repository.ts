import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../common/database/transaction-host.js';

/** Tickets of the live stream: stored as SHA-256 hashes, used once, short-lived. */
@Injectable()
export class StreamTicketsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Stores a ticket's hash and clears expired ones (the table stays small). */
  async insert(hash: Buffer, userId: string, tokenVersion: number, ttlSeconds: number): Promise<void> {
    await this.tx.manager.query(`DELETE FROM notification_stream_tickets WHERE expires_at < now()`);
    await this.tx.manager.query(
      `INSERT INTO notification_stream_tickets (ticket_hash, user_id, token_version, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [hash, userId, tokenVersion, ttlSeconds],
    );
  }

  /** Takes a ticket (it cannot be used again): its user, if the ticket is unexpired and the user still active with that token version. */
  async redeem(hash: Buffer): Promise<{ userId: string; tokenVersion: number } | null> {
    const rows = (await this.tx.manager.query(
      `WITH t AS (DELETE FROM notification_stream_tickets WHERE ticket_hash = $1 RETURNING user_id, token_version, expires_at)
       SELECT t.user_id AS "userId", t.token_version AS "tokenVersion" FROM t JOIN users u ON u.id = t.user_id
        WHERE t.expires_at >= now() AND u.active AND u.token_version = t.token_version`,
      [hash],
    )) as { userId: string; tokenVersion: number }[];
    return rows[0] ?? null;
  }

  async tokenVersion(userId: string): Promise<number | null> {
    const rows = (await this.tx.manager.query(`SELECT token_version AS v FROM users WHERE id = $1 AND active`, [userId])) as { v: number }[];
    return rows[0]?.v ?? null;
  }
}
