import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../common/database/transaction-host.js';

export type SignInMethod = 'password' | 'oidc';
/** What a session may still do before it is a full one: enrol a second factor, or give its code. */
export type SessionRestriction = 'totp_enrolment' | 'totp';
export type SessionEndReason = 'logout' | 'refresh_reuse' | 'admin' | 'password_changed' | 'deactivated' | 'roles_changed' | 'second_factor_reset';

export interface SessionRow {
  id: string;
  userId: string;
  method: SignInMethod;
  secondFactor: boolean;
  restriction: SessionRestriction | null;
  tokenVersion: number;
  createdAt: Date;
  lastUsedAt: Date;
  idleExpiresAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  ip: string | null;
  userAgent: string | null;
}

/** A refresh token found by its hash, with its session (both locked). */
export interface RefreshTokenRow {
  generation: number;
  usedAt: Date | null;
  session: SessionRow;
}

/** What the guard needs of the session an access token names. */
export interface LiveSession {
  userId: string;
  restriction: SessionRestriction | null;
}

const SESSION_COLUMNS = `s.id, s.user_id AS "userId", s.method, s.second_factor AS "secondFactor", s.restriction,
       s.token_version AS "tokenVersion", s.created_at AS "createdAt", s.last_used_at AS "lastUsedAt",
       s.idle_expires_at AS "idleExpiresAt", s.expires_at AS "expiresAt", s.ended_at AS "endedAt", s.ip, s.user_agent AS "userAgent"`;

/** A live session `s` (not ended, neither idle nor past its lifetime); also the guard's caller read (identity.repository.ts). */
export const LIVE = `s.ended_at IS NULL AND s.idle_expires_at > now() AND s.expires_at > now()`;

@Injectable()
export class SessionRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insertSession(s: {
    userId: string;
    method: SignInMethod;
    secondFactor: boolean;
    restriction: SessionRestriction | null;
    tokenVersion: number;
    idleSeconds: number;
    maxSeconds: number;
    ip: string | null;
    userAgent: string | null;
  }): Promise<{ id: string; expiresAt: Date }> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO auth_sessions (user_id, method, second_factor, restriction, token_version, idle_expires_at, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6), now() + make_interval(secs => $7), $8, $9)
       RETURNING id, expires_at AS "expiresAt"`,
      [s.userId, s.method, s.secondFactor, s.restriction, s.tokenVersion, s.idleSeconds, s.maxSeconds, s.ip?.slice(0, 100) ?? null, s.userAgent],
    )) as { id: string; expiresAt: Date }[];
    return rows[0];
  }

  async insertRefreshToken(sessionId: string, hash: Buffer, generation: number): Promise<void> {
    await this.tx.manager.query(`INSERT INTO auth_refresh_tokens (token_hash, session_id, generation) VALUES ($1, $2, $3)`, [hash, sessionId, generation]);
  }

  /** The token and its session, locked: two refreshes with one token are served one after the other. */
  async lockRefreshToken(hash: Buffer): Promise<RefreshTokenRow | null> {
    const rows = (await this.tx.manager.query(
      `SELECT t.generation, t.used_at AS "usedAt", ${SESSION_COLUMNS}
         FROM auth_refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id
        WHERE t.token_hash = $1
          FOR UPDATE OF t, s`,
      [hash],
    )) as (SessionRow & { generation: number; usedAt: Date | null })[];
    if (rows.length === 0) return null;
    const { generation, usedAt, ...session } = rows[0];
    return { generation, usedAt, session };
  }

  async markRefreshTokenUsed(hash: Buffer): Promise<void> {
    await this.tx.manager.query(`UPDATE auth_refresh_tokens SET used_at = now() WHERE token_hash = $1`, [hash]);
  }

  /** A refresh: the idle expiry moves on (never past the absolute one). */
  async touch(sessionId: string, idleSeconds: number, ip: string | null): Promise<void> {
    await this.tx.manager.query(
      `UPDATE auth_sessions SET last_used_at = now(), idle_expires_at = LEAST(now() + make_interval(secs => $2), expires_at), ip = COALESCE($3, ip)
        WHERE id = $1`,
      [sessionId, idleSeconds, ip?.slice(0, 100) ?? null],
    );
  }

  async findLiveOfUser(userId: string, sessionId: string): Promise<SessionRow | null> {
    const rows = (await this.tx.manager.query(`SELECT ${SESSION_COLUMNS} FROM auth_sessions s WHERE s.id = $1 AND s.user_id = $2 AND ${LIVE}`, [sessionId, userId])) as SessionRow[];
    return rows[0] ?? null;
  }

  /** Live sessions of a user, newest first (keyset on created_at to the millisecond, as the cursor carries it, and id). */
  async listLive(userId: string, limit: number, after: { createdAt: string; id: string } | null): Promise<SessionRow[]> {
    return (await this.tx.manager.query(
      `SELECT ${SESSION_COLUMNS} FROM auth_sessions s
        WHERE s.user_id = $1 AND ${LIVE}
          AND ($2::timestamptz IS NULL OR (date_trunc('milliseconds', s.created_at), s.id) < ($2::timestamptz, $3::uuid))
        ORDER BY date_trunc('milliseconds', s.created_at) DESC, s.id DESC LIMIT $4`,
      [userId, after?.createdAt ?? null, after?.id ?? null, limit],
    )) as SessionRow[];
  }

  /** Ends one session if it is still live; true when it did. */
  async end(sessionId: string, reason: SessionEndReason): Promise<boolean> {
    // UPDATE answers [rows, affected] through TypeORM's query().
    const res = (await this.tx.manager.query(`UPDATE auth_sessions s SET ended_at = now(), end_reason = $2 WHERE s.id = $1 AND s.ended_at IS NULL`, [sessionId, reason])) as [unknown[], number];
    return res[1] > 0;
  }

  /** Ends every session of a user that has not ended yet; returns the ids of the live ones it ended. */
  async endAllOfUser(userId: string, reason: SessionEndReason): Promise<string[]> {
    const rows = (await this.tx.manager.query(
      `WITH ended AS (
         UPDATE auth_sessions s SET ended_at = now(), end_reason = $2 WHERE s.user_id = $1 AND s.ended_at IS NULL
         RETURNING s.id, (s.idle_expires_at > now() AND s.expires_at > now()) AS live)
       SELECT id FROM ended WHERE live`,
      [userId, reason],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** The session is a full one now (its second factor was given or enrolled). */
  async liftRestriction(sessionId: string): Promise<void> {
    await this.tx.manager.query(`UPDATE auth_sessions SET restriction = NULL, second_factor = true WHERE id = $1`, [sessionId]);
  }

  /** A user's sessions that ended or expired more than `days` ago (and their tokens) are removed. */
  async pruneOfUser(userId: string, days: number): Promise<void> {
    await this.tx.manager.query(
      `DELETE FROM auth_sessions WHERE user_id = $1 AND LEAST(COALESCE(ended_at, 'infinity'), idle_expires_at, expires_at) < now() - make_interval(days => $2)`,
      [userId, days],
    );
  }
}
