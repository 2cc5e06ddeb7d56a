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

/** A span's fields and their columns: as the columns of a row, and as a JSON object (`withSql`). */
const SPAN_FIELDS = [
  ['id', 'id'],
  ['start', 'start_at'],
  ['end', 'end_at'],
  ['findingId', 'finding_id'],
  ['note', 'note'],
  ['createdBy', 'created_by'],
  ['createdAt', 'created_at'],
] as const;
const SPAN_COLUMNS = SPAN_FIELDS.map(([field, column]) => `${column} AS "${field}"`).join(', ');
const SPAN_JSON = `json_build_object(${SPAN_FIELDS.map(([field, column]) => `'${field}', r.${column}`).join(', ')})`;

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
    const rows = (await this.tx.manager.query(`SELECT ${this.withSql('$1', alongside)} AS v`, [documentId])) as { v: unknown }[];
    return this.withFrom(rows[0].v);
  }

  /**
   * What `redactionsWith` reads, as one scalar SQL expression (`documentId` the placeholder of the
   * document's id), for another statement to carry: the document's read (TransitionDocumentUseCase).
   */
  withSql(documentId: string, alongside: string): string {
    return `json_build_object('spans', (SELECT COALESCE(json_agg(${SPAN_JSON} ORDER BY r.start_at, r.end_at), '[]'::json) FROM redactions r WHERE r.document_id = ${documentId}), 'alongside', ${alongside})`;
  }

  /** The value of `withSql`. */
  withFrom(value: unknown): { spans: RedactionRow[]; alongside: unknown } {
    const v = value as { spans: (Omit<RedactionRow, 'createdAt'> & { createdAt: string })[]; alongside: unknown };
    return { spans: v.spans.map((r) => ({ ...r, createdAt: new Date(r.createdAt) })), alongside: v.alongside };
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
