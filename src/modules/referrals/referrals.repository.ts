import { Injectable } from '@nestjs/common';
import { sqlParams } from '../../common/database/sql-params.js';
import { TransactionHost } from '../../common/database/transaction-host.js';
import type { SqlFragment } from '../authorization/rules-to-sql.js';
import type { Outcome, OutcomeReason } from '../applications/domain/outcomes.js';

export type ReferralState = 'open' | 'answered' | 'closed';

export interface ReferralRow {
  id: string;
  applicationId: string;
  unitId: string;
  unitName: string;
  state: ReferralState;
  comment: string;
  dueAt: Date;
  dueInWorkingDays: number;
  referredBy: string;
  referredAt: Date;
  proposedOutcome: Outcome | null;
  proposedReason: OutcomeReason | null;
  answerComment: string | null;
  answeredBy: string | null;
  answeredAt: Date | null;
  closedBy: string | null;
  closedAt: Date | null;
  /** The documents the unit proposes to provide. */
  documentIds: string[];
  /** What the unit needs to know of the application: the information asked for, when it was received, when the reply is due, its state. */
  applicationDescription: string;
  applicationReceivedAt: Date;
  applicationDueAt: Date | null;
  applicationState: string;
  /** referred_at at full precision, for keyset cursors. */
  cursorTs: string;
}

const COLUMNS = `r.id, r.application_id AS "applicationId", r.unit_id AS "unitId", (SELECT u.name FROM units u WHERE u.id = r.unit_id) AS "unitName", r.state, r.comment, r.due_at AS "dueAt",
  r.due_in_working_days AS "dueInWorkingDays", r.referred_by AS "referredBy", r.referred_at AS "referredAt",
  r.proposed_outcome AS "proposedOutcome", r.proposed_reason AS "proposedReason", r.answer_comment AS "answerComment",
  r.answered_by AS "answeredBy", r.answered_at AS "answeredAt", r.closed_by AS "closedBy", r.closed_at AS "closedAt",
  COALESCE((SELECT array_agg(rd.document_id ORDER BY rd.document_id) FROM referral_documents rd WHERE rd.referral_id = r.id), '{}') AS "documentIds",
  r.referred_at::text AS "cursorTs",
  (SELECT a.description FROM applications a WHERE a.id = r.application_id) AS "applicationDescription",
  (SELECT a.received_at FROM applications a WHERE a.id = r.application_id) AS "applicationReceivedAt",
  (SELECT a.due_at FROM applications a WHERE a.id = r.application_id) AS "applicationDueAt",
  (SELECT a.state FROM applications a WHERE a.id = r.application_id) AS "applicationState"`;

/** The only place that reads and writes referrals of applications to units (转办). */
@Injectable()
export class ReferralsRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insert(r: { applicationId: string; unitId: string; comment: string; dueAt: Date; dueInWorkingDays: number; referredBy: string; referredAt: Date }): Promise<ReferralRow> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO referrals (application_id, unit_id, comment, due_at, due_in_working_days, referred_by, referred_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [r.applicationId, r.unitId, r.comment, r.dueAt, r.dueInWorkingDays, r.referredBy, r.referredAt],
    )) as { id: string }[];
    return (await this.findById(rows[0].id))!;
  }

  async findById(id: string, lock = false): Promise<ReferralRow | null> {
    const rows = (await this.tx.manager.query(`SELECT ${COLUMNS} FROM referrals r WHERE r.id = $1${lock ? ' FOR UPDATE OF r' : ''}`, [id])) as ReferralRow[];
    return rows[0] ?? null;
  }

  /** An application's referrals, oldest first; `filter` restricts them to the caller's (SQL from the CASL rules). */
  async forApplication(applicationId: string, filter?: SqlFragment): Promise<ReferralRow[]> {
    const { params, p } = sqlParams([...(filter?.params ?? [])]);
    const where = [`r.application_id = ${p(applicationId)}`];
    if (filter) where.push(filter.sql);
    return (await this.tx.manager.query(`SELECT ${COLUMNS} FROM referrals r WHERE ${where.join(' AND ')} ORDER BY r.referred_at, r.id`, params)) as ReferralRow[];
  }

  /** The application's open referrals, locked (the application's row is locked first by the caller). */
  async lockOpenFor(applicationId: string): Promise<ReferralRow[]> {
    return (await this.tx.manager.query(`SELECT ${COLUMNS} FROM referrals r WHERE r.application_id = $1 AND r.state = 'open' ORDER BY r.referred_at, r.id FOR UPDATE OF r`, [
      applicationId,
    ])) as ReferralRow[];
  }

  /** Units the application was ever referred to (the liaisons of these units may read it). */
  async referredUnitIds(applicationId: string): Promise<string[]> {
    const rows = (await this.tx.manager.query(`SELECT DISTINCT unit_id AS "unitId" FROM referrals WHERE application_id = $1`, [applicationId])) as { unitId: string }[];
    return rows.map((r) => r.unitId);
  }

  /** Records the unit's answer if the referral is still open; false when it was not. */
  async answer(id: string, a: { proposedOutcome: Outcome; proposedReason: OutcomeReason | null; comment: string; answeredBy: string; answeredAt: Date; documentIds: string[] }): Promise<boolean> {
    const res = (await this.tx.manager.query(
      `UPDATE referrals SET state = 'answered', proposed_outcome = $2, proposed_reason = $3, answer_comment = $4, answered_by = $5, answered_at = $6
        WHERE id = $1 AND state = 'open'`,
      [id, a.proposedOutcome, a.proposedReason, a.comment, a.answeredBy, a.answeredAt],
    )) as [unknown[], number];
    if (res[1] !== 1) return false;
    if (a.documentIds.length) {
      await this.tx.manager.query(`INSERT INTO referral_documents (referral_id, document_id) SELECT $1, unnest($2::uuid[])`, [id, a.documentIds]);
    }
    return true;
  }

  /** Closes the application's open referrals (the office replied without waiting); returns the ones it closed. */
  async closeOpen(applicationId: string, closedBy: string, at: Date): Promise<{ id: string; unitId: string }[]> {
    const res = (await this.tx.manager.query(
      `UPDATE referrals SET state = 'closed', closed_by = $2, closed_at = $3 WHERE application_id = $1 AND state = 'open'
       RETURNING id, unit_id AS "unitId"`,
      [applicationId, closedBy, at],
    )) as [{ id: string; unitId: string }[], number];
    return res[0];
  }

  /** A page, newest first, restricted by an authorization filter (SQL from the CASL rules). */
  async list(filter: SqlFragment, o: { state?: ReferralState; applicationId?: string; after: [string, string] | null; limit: number }): Promise<ReferralRow[]> {
    const { params, p } = sqlParams([...filter.params]);
    const where = [filter.sql];
    if (o.state) where.push(`r.state = ${p(o.state)}`);
    if (o.applicationId) where.push(`r.application_id = ${p(o.applicationId)}::uuid`);
    if (o.after) where.push(`(r.referred_at, r.id) < (${p(o.after[0])}::timestamptz, ${p(o.after[1])}::uuid)`);
    return (await this.tx.manager.query(
      `SELECT ${COLUMNS} FROM referrals r WHERE ${where.join(' AND ')} ORDER BY r.referred_at DESC, r.id DESC LIMIT ${p(o.limit)}`,
      params,
    )) as ReferralRow[];
  }

  /** Open referrals (locked), for recomputing their due dates on a new calendar. */
  async lockOpen(): Promise<{ id: string; referredAt: Date; days: number }[]> {
    return (await this.tx.manager.query(
      `SELECT r.id, r.referred_at AS "referredAt", r.due_in_working_days AS days FROM referrals r WHERE r.state = 'open' ORDER BY r.id FOR UPDATE`,
    )) as { id: string; referredAt: Date; days: number }[];
  }

  async setDue(id: string, dueAt: Date): Promise<void> {
    await this.tx.manager.query(`UPDATE referrals SET due_at = $2 WHERE id = $1 AND state = 'open'`, [id, dueAt]);
  }

  /** Which of the documents exist, with their unit. */
  async documentUnits(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.tx.manager.query(`SELECT id, unit_id AS "unitId" FROM documents WHERE id = ANY($1::uuid[])`, [ids])) as { id: string; unitId: string }[];
    return new Map(rows.map((r) => [r.id, r.unitId]));
  }
}
