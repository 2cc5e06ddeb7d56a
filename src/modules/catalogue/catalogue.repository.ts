import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface CatalogueRow {
  indexNo: string;
  documentId: string | null;
  title: string;
  summary: string | null;
  docType: string;
  category: string | null;
  documentNumber: string | null;
  unitCode: string;
  unitName: string;
  publishedAt: Date;
  cursorTs: string;
}

export interface CatalogueDetailRow extends CatalogueRow {
  body: string;
}

const COLUMNS = `
  c.index_no AS "indexNo", c.document_id AS "documentId", c.title, c.summary, c.doc_type AS "docType",
  c.category, c.document_number AS "documentNumber", u.code AS "unitCode", u.name AS "unitName",
  c.published_at AS "publishedAt", c.published_at::text AS "cursorTs"`;

/** The only place that reads and writes the catalogue tables. */
@Injectable()
export class CatalogueRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Takes the next serial of (unit, year). The counter row is locked until the publishing
   * transaction ends, and a rollback returns the number: serials are gap-free per unit and year.
   */
  async nextSerial(m: EntityManager, unitId: string, year: number): Promise<number> {
    const rows = (await m.query(
      `INSERT INTO index_counters (unit_id, year, last_serial) VALUES ($1, $2, 1)
       ON CONFLICT (unit_id, year) DO UPDATE SET last_serial = index_counters.last_serial + 1
       RETURNING last_serial`,
      [unitId, year],
    )) as { last_serial: number }[];
    return rows[0].last_serial;
  }

  /** Copies the published document into the catalogue (the catalogue never reads documents later). */
  async insertFromDocument(m: EntityManager, documentId: string, indexNo: string, year: number, serial: number): Promise<void> {
    await m.query(
      `INSERT INTO catalogue_entries (index_no, document_id, unit_id, year, serial, title, summary, body, doc_type, category, document_number, published_at)
       SELECT $2, d.id, d.unit_id, $3, $4, d.title, d.summary, d.body, d.doc_type, d.category, d.document_number, now()
         FROM documents d WHERE d.id = $1 AND d.state = 'published' AND d.public_attribute = 'proactive'`,
      [documentId, indexNo, year, serial],
    );
    await m.query(`INSERT INTO catalogue_changes (type, index_no) VALUES ('published', $1)`, [indexNo]);
  }

  async revokeByDocument(m: EntityManager, documentId: string): Promise<string | null> {
    const rows = (await m.query(
      `UPDATE catalogue_entries SET revoked_at = now() WHERE document_id = $1 AND revoked_at IS NULL RETURNING index_no`,
      [documentId],
    )) as [{ index_no: string }[], number];
    const indexNo = rows[0][0]?.index_no ?? null;
    if (indexNo) await m.query(`INSERT INTO catalogue_changes (type, index_no) VALUES ('revoked', $1)`, [indexNo]);
    return indexNo;
  }

  async unitCodeAndYear(m: EntityManager, documentId: string): Promise<{ unitId: string; code: string; year: number }> {
    const rows = (await m.query(
      `SELECT u.id AS "unitId", u.code, extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int AS year
         FROM documents d JOIN units u ON u.id = d.unit_id WHERE d.id = $1`,
      [documentId],
    )) as { unitId: string; code: string; year: number }[];
    return rows[0];
  }

  async list(opts: { q?: string; category?: string; unitCode?: string; after: [string, string] | null; limit: number }): Promise<CatalogueRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where = ['c.revoked_at IS NULL'];
    if (opts.q) {
      const like = p(`%${opts.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
      where.push(`(c.title ILIKE ${like} OR c.summary ILIKE ${like} OR c.body ILIKE ${like})`);
    }
    if (opts.category) where.push(`c.category = ${p(opts.category)}`);
    if (opts.unitCode) where.push(`u.code = ${p(opts.unitCode)}`);
    if (opts.after) where.push(`(c.published_at, c.index_no) < (${p(opts.after[0])}::timestamptz, ${p(opts.after[1])})`);
    return (await this.db.query(
      `SELECT ${COLUMNS} FROM catalogue_entries c JOIN units u ON u.id = c.unit_id
        WHERE ${where.join(' AND ')} ORDER BY c.published_at DESC, c.index_no DESC LIMIT ${p(opts.limit)}`,
      params,
    )) as CatalogueRow[];
  }

  async findPublished(indexNo: string): Promise<CatalogueDetailRow | null> {
    const rows = (await this.db.query(
      `SELECT ${COLUMNS}, c.body FROM catalogue_entries c JOIN units u ON u.id = c.unit_id
        WHERE c.index_no = $1 AND c.revoked_at IS NULL`,
      [indexNo],
    )) as CatalogueDetailRow[];
    return rows[0] ?? null;
  }
}
