import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { TransactionHost } from '../../common/database/transaction-host.js';

export interface RedactionRow {
  id: string;
  start: number;
  end: number;
  findingId: string | null;
  note: string | null;
  createdBy: string;
  createdAt: Date;
}

const SPAN_COLUMNS = `id, start_at AS start, end_at AS "end", finding_id AS "findingId", note, created_by AS "createdBy", created_at AS "createdAt"`;

/** Redaction spans of documents' bodies. */
@Injectable()
export class AssessmentRepository {
  constructor(private readonly tx: TransactionHost) {}

  async redactions(documentId: string): Promise<RedactionRow[]> {
    return (await this.tx.manager.query(
      `SELECT ${SPAN_COLUMNS} FROM redactions WHERE document_id = $1 ORDER BY start_at, end_at`,
      [documentId],
    )) as RedactionRow[];
  }

  /**
   * `redactions`, with the value of `alongside` (a scalar SQL expression of another module, `$1`
   * the document's id) read in the same statement: the spans and, say, the attachments' texts in
   * one round trip (AssessmentService.load).
   */
  async redactionsWith(documentId: string, alongside: string): Promise<{ spans: RedactionRow[]; alongside: unknown }> {
    const rows = (await this.tx.manager.query(
      `SELECT r.id, r.start, r."end", r."findingId", r.note, r."createdBy", r."createdAt", t.alongside
         FROM (SELECT ${alongside} AS alongside) t
         LEFT JOIN LATERAL (SELECT ${SPAN_COLUMNS} FROM redactions WHERE document_id = $1) r ON true
        ORDER BY r.start, r."end"`,
      [documentId],
    )) as (Omit<RedactionRow, 'id'> & { id: string | null; alongside: unknown })[];
    return {
      spans: rows.filter((r) => r.id !== null).map(({ alongside: _, ...span }) => span as RedactionRow),
      alongside: rows[0]?.alongside,
    };
  }

  async add(documentId: string, r: { start: number; end: number; findingId: string | null; note: string | null; createdBy: string }): Promise<string> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO redactions (document_id, start_at, end_at, finding_id, note, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [documentId, r.start, r.end, r.findingId, r.note, r.createdBy],
    )) as { id: string }[];
    return rows[0].id;
  }

  async remove(documentId: string, id: string): Promise<boolean> {
    const res = (await this.tx.manager.query(`DELETE FROM redactions WHERE document_id = $1 AND id = $2`, [documentId, id])) as [unknown[], number];
    return res[1] === 1;
  }
}
