import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor, Role } from './user.types.js';
import { TransactionHost } from '../../common/database/transaction-host.js';
import { prepared } from '../../common/database/preparing-client.js';
import { LIVE, type LiveSession } from './sessions/session.repository.js';

export interface UserRow {
  id: string;
  username: string;
  passwordHash: string;
  displayName: string;
  unitId: string | null;
  roles: Role[];
  leadsUnitIds: string[];
  active: boolean;
  tokenVersion: number;
  email: string | null;
  emailNotifications: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface UnitRow {
  id: string;
  code: string;
  name: string;
}

/** The fields of an Actor (the guard's query on every request). */
const USER_SELECT_ACTOR = `
  SELECT u.id, u.username, u.display_name AS "displayName", u.unit_id AS "unitId", u.roles,
         COALESCE((SELECT array_agg(l.unit_id ORDER BY l.unit_id) FROM user_led_units l WHERE l.user_id = u.id), '{}') AS "leadsUnitIds"`;

const USER_SELECT = `
  SELECT u.id, u.username, u.password_hash AS "passwordHash", u.display_name AS "displayName",
         u.unit_id AS "unitId", u.roles, u.active, u.token_version AS "tokenVersion", u.email, u.email_notifications AS "emailNotifications",
         u.created_at AS "createdAt", u.updated_at AS "updatedAt",
         COALESCE((SELECT array_agg(l.unit_id ORDER BY l.unit_id) FROM user_led_units l WHERE l.user_id = u.id), '{}') AS "leadsUnitIds"
    FROM users u`;

/** The only place that reads and writes units and users. */
@Injectable()
export class IdentityRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * The guard's question on every authenticated request, in one statement: the caller as they are
   * now (null if gone, inactive or re-keyed), with the active people whose deputy they are at this
   * moment (delegations in their period, not ended), each as they are now, and the access token's
   * session if it is live (null if ended or expired).
   */
  async findCaller(id: string, tokenVersion: number, sessionId: string): Promise<{ actor: Actor; session: LiveSession | null } | null> {
    const rows = (await this.tx.manager.query(
      prepared(`${USER_SELECT_ACTOR},
              (SELECT json_build_object('userId', s.user_id, 'restriction', s.restriction) FROM auth_sessions s WHERE s.id = $3 AND ${LIVE}) AS session,
              COALESCE((SELECT json_agg(json_build_object('id', f.id, 'username', f.username, 'displayName', f.display_name, 'unitId', f.unit_id,
                                                         'roles', f.roles, 'leadsUnitIds', COALESCE((SELECT array_agg(l.unit_id ORDER BY l.unit_id) FROM user_led_units l WHERE l.user_id = f.id), '{}')))
                          FROM delegations g JOIN users f ON f.id = g.from_user_id
                         WHERE g.to_user_id = u.id AND g.ended_at IS NULL AND g.starts_at <= now() AND g.ends_at > now() AND f.active), '[]') AS "deputyFor"
         FROM users u WHERE u.id = $1 AND u.active AND u.token_version = $2`),
      [id, tokenVersion, sessionId],
    )) as (Actor & { deputyFor: Actor[]; session: LiveSession | null })[];
    if (rows.length === 0) return null;
    const u = rows[0];
    const actor: Actor = { id: u.id, username: u.username, displayName: u.displayName, unitId: u.unitId, roles: u.roles, leadsUnitIds: u.leadsUnitIds };
    if (u.deputyFor.length > 0) actor.deputyFor = u.deputyFor;
    return { actor, session: u.session };
  }

  async findUserByUsername(username: string): Promise<UserRow | null> {
    const rows = (await this.tx.manager.query(`${USER_SELECT} WHERE u.username = $1`, [username])) as UserRow[];
    return rows[0] ?? null;
  }

  async findUser(id: string): Promise<UserRow | null> {
    const rows = (await this.tx.manager.query(`${USER_SELECT} WHERE u.id = $1`, [id])) as UserRow[];
    return rows[0] ?? null;
  }

  async usernameExists(username: string): Promise<boolean> {
    return ((await this.tx.manager.query(`SELECT 1 FROM users WHERE username = $1`, [username])) as unknown[]).length > 0;
  }

  async lockUser(id: string): Promise<UserRow | null> {
    const rows = (await this.tx.manager.query(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [id])) as { id: string }[];
    return rows.length ? this.findUser(id) : null;
  }

  async listUsers(limit: number, after: string | null): Promise<UserRow[]> {
    return (await this.tx.manager.query(`${USER_SELECT} WHERE ($1::text IS NULL OR u.username > $1) ORDER BY u.username LIMIT $2`, [after, limit])) as UserRow[];
  }

  async insertUser(
    u: { username: string; passwordHash: string; displayName: string; unitId: string | null; roles: Role[]; leadsUnitIds: string[]; email: string | null },
  ): Promise<string> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO users (username, password_hash, display_name, unit_id, roles, email) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [u.username, u.passwordHash, u.displayName, u.unitId, u.roles, u.email],
    )) as { id: string }[];
    const id = rows[0].id;
    await this.setLeadsUnits(id, u.leadsUnitIds);
    return id;
  }

  async setLeadsUnits(userId: string, unitIds: string[]): Promise<void> {
    await this.tx.manager.query(`DELETE FROM user_led_units WHERE user_id = $1`, [userId]);
    if (unitIds.length > 0) {
      await this.tx.manager.query(`INSERT INTO user_led_units (user_id, unit_id) SELECT $1, unnest($2::uuid[])`, [userId, unitIds]);
    }
  }

  async updateUser(
    id: string,
    patch: { displayName?: string; roles?: Role[]; active?: boolean; passwordHash?: string; email?: string | null; bumpTokenVersion: boolean },
  ): Promise<void> {
    await this.tx.manager.query(
      `UPDATE users SET display_name = COALESCE($2, display_name), roles = COALESCE($3, roles), active = COALESCE($4, active),
              password_hash = COALESCE($5, password_hash),
              token_version = token_version + CASE WHEN $6 THEN 1 ELSE 0 END,
              email = CASE WHEN $7 THEN $8 ELSE email END, updated_at = now()
        WHERE id = $1`,
      [id, patch.displayName ?? null, patch.roles ?? null, patch.active ?? null, patch.passwordHash ?? null, patch.bumpTokenVersion, patch.email !== undefined, patch.email ?? null],
    );
  }

  /** Active users for choosing a person (a deputy): name and unit only, by display name. */
  async directory(q: string | null, limit: number): Promise<{ id: string; username: string; displayName: string; unitId: string | null; roles: Role[] }[]> {
    return (await this.tx.manager.query(
      `SELECT u.id, u.username, u.display_name AS "displayName", u.unit_id AS "unitId", u.roles FROM users u
        WHERE u.active AND ($1::text IS NULL OR u.username ILIKE '%' || $1 || '%' OR u.display_name ILIKE '%' || $1 || '%')
        ORDER BY u.display_name, u.id LIMIT $2`,
      [q, limit],
    )) as { id: string; username: string; displayName: string; unitId: string | null; roles: Role[] }[];
  }

  async countUnits(): Promise<number> {
    const rows = (await this.tx.manager.query(`SELECT count(*)::int AS n FROM units`)) as { n: number }[];
    return rows[0].n;
  }

  async countUsers(): Promise<number> {
    const rows = (await this.tx.manager.query(`SELECT count(*)::int AS n FROM users`)) as { n: number }[];
    return rows[0].n;
  }

  async findUnitsByIds(ids: string[]): Promise<UnitRow[]> {
    if (ids.length === 0) return [];
    return (await this.tx.manager.query(`SELECT id, code, name FROM units WHERE id = ANY($1::uuid[])`, [ids])) as UnitRow[];
  }

  async findUnitByCode(code: string): Promise<UnitRow | null> {
    const rows = (await this.tx.manager.query(`SELECT id, code, name FROM units WHERE code = $1`, [code])) as UnitRow[];
    return rows[0] ?? null;
  }

  async insertUnit(code: string, name: string): Promise<UnitRow | null> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO units (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING id, code, name`,
      [code, name],
    )) as UnitRow[];
    return rows[0] ?? null;
  }

  async listUnits(limit: number, after: string | null): Promise<UnitRow[]> {
    return (await this.tx.manager.query(`SELECT id, code, name FROM units WHERE ($1::text IS NULL OR code > $1) ORDER BY code LIMIT $2`, [after, limit])) as UnitRow[];
  }
}
