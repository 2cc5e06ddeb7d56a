import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../common/database/transaction-host.js';

export interface DelegationRow {
  id: string;
  fromUserId: string;
  toUserId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  createdBy: string;
  createdAt: Date;
  endedAt: Date | null;
}

const COLUMNS = `g.id, g.from_user_id AS "fromUserId", g.to_user_id AS "toUserId", g.starts_at AS "startsAt", g.ends_at AS "endsAt",
  g.reason, g.created_by AS "createdBy", g.created_at AS "createdAt", g.ended_at AS "endedAt"`;

/** The only place that reads and writes delegations (代理). */
@Injectable()
export class DelegationsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Locks the delegator's user row: delegations of one person are created one at a time (the overlap check holds). */
  async lockDelegator(userId: string): Promise<void> {
    await this.tx.manager.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [userId]);
  }

  /** Delegations of `fromUserId` not ended whose period overlaps [startsAt, endsAt). */
  async overlapping(fromUserId: string, startsAt: Date, endsAt: Date): Promise<DelegationRow[]> {
    return (await this.tx.manager.query(
      `SELECT ${COLUMNS} FROM delegations g WHERE g.from_user_id = $1 AND g.ended_at IS NULL AND g.starts_at < $3 AND g.ends_at > $2`,
      [fromUserId, startsAt, endsAt],
    )) as DelegationRow[];
  }

  async insert(d: { fromUserId: string; toUserId: string; startsAt: Date; endsAt: Date; reason: string; createdBy: string }): Promise<DelegationRow> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO delegations (from_user_id, to_user_id, starts_at, ends_at, reason, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id`,
      [d.fromUserId, d.toUserId, d.startsAt, d.endsAt, d.reason, d.createdBy],
    )) as { id: string }[];
    return (await this.findById(rows[0].id))!;
  }

  async findById(id: string): Promise<DelegationRow | null> {
    const rows = (await this.tx.manager.query(`SELECT ${COLUMNS} FROM delegations g WHERE g.id = $1`, [id])) as DelegationRow[];
    return rows[0] ?? null;
  }

  /** Ends a delegation (kept for the record); false when it had already ended. */
  async end(id: string): Promise<boolean> {
    const res = (await this.tx.manager.query(`UPDATE delegations SET ended_at = now() WHERE id = $1 AND ended_at IS NULL`, [id])) as [unknown[], number];
    return res[1] === 1;
  }

  /** Delegations from or to `userId` (all when null), not ended and not past, soonest first. */
  async current(userId: string | null): Promise<DelegationRow[]> {
    return (await this.tx.manager.query(
      `SELECT ${COLUMNS} FROM delegations g
        WHERE g.ended_at IS NULL AND g.ends_at > now() AND ($1::uuid IS NULL OR g.from_user_id = $1 OR g.to_user_id = $1)
        ORDER BY g.starts_at, g.id LIMIT 500`,
      [userId],
    )) as DelegationRow[];
  }
}
