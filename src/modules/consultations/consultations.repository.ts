import { Injectable } from '@nestjs/common';
import { sqlParams } from '../../common/database/sql-params.js';
import { TransactionHost } from '../../common/database/transaction-host.js';
import type { SqlFragment } from '../authorization/rules-to-sql.js';
import type { NonDisclosureReason, PublicAttribute } from '../documents/document.types.js';

export type ConsultationState = 'open' | 'answered' | 'closed';
export type Opinion = 'agree' | 'disagree';

export interface ConsultationRow {
  id: string;
  documentId: string;
  unitId: string;
  state: ConsultationState;
  question: string;
  dueAt: Date;
  askedBy: string;
  askedAt: Date;
  opinion: Opinion | null;
  publicAttribute: PublicAttribute | null;
  nonDisclosureReason: NonDisclosureReason | null;
  comment: string | null;
  answeredBy: string | null;
  answeredAt: Date | null;
  closedBy: string | null;
  closedAt: Date | null;
  /** asked_at at full precision, for keyset cursors. */
  cursorTs: string;
}

const COLUMNS = `c.id, c.document_id AS "documentId", c.unit_id AS "unitId", c.state, c.question, c.due_at AS "dueAt",
  c.asked_by AS "askedBy", c.asked_at AS "askedAt", c.opinion, c.public_attribute AS "publicAttribute",
  c.non_disclosure_reason AS "nonDisclosureReason", c.comment, c.answered_by AS "answeredBy", c.answered_at AS "answeredAt",
  c.closed_by AS "closedBy", c.closed_at AS "closedAt", c.asked_at::text AS "cursorTs"`;

/** The only place that reads and writes consultations of units (征求意见). */
@Injectable()
export class ConsultationsRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insert(c: { documentId: string; unitId: string; question: string; dueAt: Date; dueInWorkingDays: number; askedBy: string }): Promise<ConsultationRow> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO consultations (document_id, unit_id, question, due_at, due_in_working_days, asked_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [c.documentId, c.unitId, c.question, c.dueAt, c.dueInWorkingDays, c.askedBy],
    )) as { id: string }[];
    return (await this.findById(rows[0].id))!;
  }

  async findById(id: string, lock = false): Promise<ConsultationRow | null> {
    const rows = (await this.tx.manager.query(`SELECT ${COLUMNS} FROM consultations c WHERE c.id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as ConsultationRow[];
    return rows[0] ?? null;
  }

  async forDocument(documentId: string): Promise<ConsultationRow[]> {
    return (await this.tx.manager.query(`SELECT ${COLUMNS} FROM consultations c WHERE c.document_id = $1 ORDER BY c.asked_at, c.id`, [documentId])) as ConsultationRow[];
  }

  async openForDocument(documentId: string): Promise<ConsultationRow[]> {
    return (await this.tx.manager.query(`SELECT ${COLUMNS} FROM consultations c WHERE c.document_id = $1 AND c.state = 'open' ORDER BY c.asked_at, c.id`, [
      documentId,
    ])) as ConsultationRow[];
  }

  /** Whether the office consulted a unit on the document after `at`. */
  async askedSince(documentId: string, at: Date): Promise<boolean> {
    const rows = (await this.tx.manager.query(`SELECT 1 FROM consultations WHERE document_id = $1 AND asked_at > $2 LIMIT 1`, [documentId, at])) as unknown[];
    return rows.length > 0;
  }

  /** Records the answer if the consultation is still open; false when it was not. */
  async answer(id: string, a: { opinion: Opinion; publicAttribute: PublicAttribute | null; nonDisclosureReason: NonDisclosureReason | null; comment: string; answeredBy: string }): Promise<boolean> {
    const res = (await this.tx.manager.query(
      `UPDATE consultations SET state = 'answered', opinion = $2, public_attribute = $3, non_disclosure_reason = $4, comment = $5,
              answered_by = $6, answered_at = now()
        WHERE id = $1 AND state = 'open'`,
      [id, a.opinion, a.publicAttribute, a.nonDisclosureReason, a.comment, a.answeredBy],
    )) as [unknown[], number];
    return res[1] === 1;
  }

  /** Closes the document's open consultations; returns the ones it closed. */
  async closeOpen(documentId: string, closedBy: string): Promise<{ id: string; unitId: string }[]> {
    const res = (await this.tx.manager.query(
      `UPDATE consultations SET state = 'closed', closed_by = $2, closed_at = now() WHERE document_id = $1 AND state = 'open'
       RETURNING id, unit_id AS "unitId"`,
      [documentId, closedBy],
    )) as [{ id: string; unitId: string }[], number];
    return res[0];
  }

  /** A page, newest first, restricted by an authorization filter (SQL from the CASL rules). */
  async list(filter: SqlFragment, o: { state?: ConsultationState; after: [string, string] | null; limit: number }): Promise<ConsultationRow[]> {
    const { params, p } = sqlParams([...filter.params]);
    const where = [filter.sql];
    if (o.state) where.push(`c.state = ${p(o.state)}`);
    if (o.after) where.push(`(c.asked_at, c.id) < (${p(o.after[0])}::timestamptz, ${p(o.after[1])}::uuid)`);
    return (await this.tx.manager.query(
      `SELECT ${COLUMNS} FROM consultations c WHERE ${where.join(' AND ')} ORDER BY c.asked_at DESC, c.id DESC LIMIT ${p(o.limit)}`,
      params,
    )) as ConsultationRow[];
  }

  /** Open consultations with their due dates (supervision). */
  async openWithDueDates(): Promise<{ id: string; unitId: string; documentId: string; dueAt: Date }[]> {
    return (await this.tx.manager.query(
      `SELECT c.id, c.unit_id AS "unitId", c.document_id AS "documentId", c.due_at AS "dueAt" FROM consultations c WHERE c.state = 'open' ORDER BY c.due_at`,
    )) as { id: string; unitId: string; documentId: string; dueAt: Date }[];
  }
}
