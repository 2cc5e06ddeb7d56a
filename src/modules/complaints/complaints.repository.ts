import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../common/database/transaction-host.js';
import { sqlParams } from '../../common/database/sql-params.js';
import type { SqlFragment } from '../authorization/rules-to-sql.js';
import type { AccountabilityKind, ComplaintKind, ComplaintState, Finding } from './complaint-rules.js';

export interface ComplaintContact {
  phone?: string;
  email?: string;
}

export interface ComplaintRow {
  id: string;
  trackingCode: string;
  kind: ComplaintKind;
  unitId: string | null;
  applicationId: string | null;
  description: string;
  name: string | null;
  contact: ComplaintContact;
  state: ComplaintState;
  receivedAt: Date;
  dueAt: Date;
  assignedAt: Date | null;
  repliedAt: Date | null;
  closedAt: Date | null;
  finding: Finding | null;
  reply: string | null;
  rectificationUnitId: string | null;
  rectificationMeasures: string | null;
  rectificationDueAt: Date | null;
  rectifiedAt: Date | null;
  rectificationNote: string | null;
  accountabilityKind: AccountabilityKind | null;
  accountabilityNote: string | null;
  version: number;
}

export interface ComplaintEventRow {
  action: string;
  at: Date;
  actorId: string | null;
  details: Record<string, unknown>;
}

const COLUMNS = `k.id, k.tracking_code AS "trackingCode", k.kind, k.unit_id AS "unitId", k.application_id AS "applicationId",
  k.description, k.name, k.contact, k.state, k.received_at AS "receivedAt", k.due_at AS "dueAt", k.assigned_at AS "assignedAt",
  k.replied_at AS "repliedAt", k.closed_at AS "closedAt", k.finding, k.reply,
  k.rectification_unit_id AS "rectificationUnitId", k.rectification_measures AS "rectificationMeasures",
  k.rectification_due_at AS "rectificationDueAt", k.rectified_at AS "rectifiedAt", k.rectification_note AS "rectificationNote",
  k.accountability_kind AS "accountabilityKind", k.accountability_note AS "accountabilityNote", k.version`;

/** The only place that reads and writes complaints and their history. */
@Injectable()
export class ComplaintsRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insert(c: {
    trackingCode: string;
    kind: ComplaintKind;
    unitId: string | null;
    applicationId: string | null;
    description: string;
    name: string | null;
    contact: ComplaintContact;
    receivedAt: Date;
    dueAt: Date;
  }): Promise<string> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO complaints (tracking_code, kind, unit_id, application_id, description, name, contact, received_at, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [c.trackingCode, c.kind, c.unitId, c.applicationId, c.description, c.name, JSON.stringify(c.contact), c.receivedAt, c.dueAt],
    )) as { id: string }[];
    return rows[0].id;
  }

  async addEvent(e: { complaintId: string; action: string; actorId: string | null; at?: Date; details?: Record<string, unknown> }): Promise<void> {
    await this.tx.manager.query(`INSERT INTO complaint_events (complaint_id, action, actor_id, at, details) VALUES ($1, $2, $3, COALESCE($4, now()), $5)`, [
      e.complaintId,
      e.action,
      e.actorId,
      e.at ?? null,
      JSON.stringify(e.details ?? {}),
    ]);
  }

  async findById(id: string, lock = false): Promise<ComplaintRow | null> {
    const rows = (await this.tx.manager.query(`SELECT ${COLUMNS} FROM complaints k WHERE k.id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as ComplaintRow[];
    return rows[0] ?? null;
  }

  async findByTrackingCode(code: string): Promise<ComplaintRow | null> {
    const rows = (await this.tx.manager.query(`SELECT ${COLUMNS} FROM complaints k WHERE k.tracking_code = $1`, [code])) as ComplaintRow[];
    return rows[0] ?? null;
  }

  async events(id: string): Promise<ComplaintEventRow[]> {
    return (await this.tx.manager.query(
      `SELECT action, at, actor_id AS "actorId", details FROM complaint_events WHERE complaint_id = $1 ORDER BY id`,
      [id],
    )) as ComplaintEventRow[];
  }

  /** Newest first, keyset-paginated, filtered by the caller's rules (rules-to-sql). */
  async list(
    filter: SqlFragment,
    o: { state?: ComplaintState; unitId?: string; overdue?: boolean; after: [string, string] | null; limit: number },
  ): Promise<(ComplaintRow & { cursorTs: string })[]> {
    const { params, p } = sqlParams([...filter.params]);
    const where = [filter.sql];
    if (o.state) where.push(`k.state = ${p(o.state)}`);
    if (o.unitId) where.push(`k.unit_id = ${p(o.unitId)}::uuid`);
    if (o.overdue === true) where.push(`k.state IN ('received','assigned') AND k.due_at < now()`);
    if (o.overdue === false) where.push(`NOT (k.state IN ('received','assigned') AND k.due_at < now())`);
    if (o.after) where.push(`(k.received_at, k.id) < (${p(o.after[0])}::timestamptz, ${p(o.after[1])}::uuid)`);
    return (await this.tx.manager.query(
      `SELECT ${COLUMNS}, to_char(k.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorTs"
         FROM complaints k WHERE ${where.join(' AND ')} ORDER BY k.received_at DESC, k.id DESC LIMIT ${p(o.limit)}`,
      params,
    )) as (ComplaintRow & { cursorTs: string })[];
  }

  async unitIdByCode(code: string): Promise<string | null> {
    const rows = (await this.tx.manager.query(`SELECT id FROM units WHERE code = $1`, [code])) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  async unitExists(id: string): Promise<boolean> {
    return ((await this.tx.manager.query(`SELECT 1 FROM units WHERE id = $1`, [id])) as unknown[]).length > 0;
  }

  async applicationIdByTrackingCode(code: string): Promise<string | null> {
    const rows = (await this.tx.manager.query(`SELECT id FROM applications WHERE tracking_code = $1`, [code])) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  /** Writes the changed fields and bumps the version; false when the row moved on meanwhile. */
  async update(id: string, version: number, set: Partial<Record<UpdatableColumn, unknown>>): Promise<boolean> {
    const { params, p } = sqlParams([id, version]);
    const parts = Object.entries(set).map(([col, v]) => `${col} = ${p(v)}`);
    const res = (await this.tx.manager.query(`UPDATE complaints SET ${parts.join(', ')}, version = version + 1 WHERE id = $1 AND version = $2`, params)) as [unknown[], number];
    return res[1] === 1;
  }

  /** Open complaints (locked), for recomputing their due dates on a new calendar. */
  async lockOpen(): Promise<{ id: string; receivedAt: Date; dueAt: Date }[]> {
    return (await this.tx.manager.query(
      `SELECT k.id, k.received_at AS "receivedAt", k.due_at AS "dueAt" FROM complaints k WHERE k.state IN ('received','assigned') ORDER BY k.id FOR UPDATE`,
    )) as { id: string; receivedAt: Date; dueAt: Date }[];
  }

  async setDue(id: string, dueAt: Date): Promise<void> {
    await this.tx.manager.query(`UPDATE complaints SET due_at = $2 WHERE id = $1`, [id, dueAt]);
  }
}

export type UpdatableColumn =
  | 'state'
  | 'unit_id'
  | 'assigned_at'
  | 'replied_at'
  | 'closed_at'
  | 'finding'
  | 'reply'
  | 'rectification_unit_id'
  | 'rectification_measures'
  | 'rectification_due_at'
  | 'rectified_at'
  | 'rectification_note'
  | 'accountability_kind'
  | 'accountability_note';
