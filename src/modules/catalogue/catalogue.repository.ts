import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { afterCommit } from '../../common/database/after-commit.js';
import { latinText, simpleTokens, type SearchQuery } from './search/search-text.js';

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
  rank?: string;
}

export interface CatalogueDetailRow extends CatalogueRow {
  body: string;
}

export interface ChangeRef {
  changeId: string;
  at: string;
}

export interface PublicCopy {
  title: string;
  summary: string | null;
  /** The body as the public may see it (redacted). */
  body: string;
  /** Text of the attachments, searched with the body. */
  attachmentsText: string;
}

const COLUMNS = `
  c.index_no AS "indexNo", c.document_id AS "documentId", c.title, c.summary, c.doc_type AS "docType",
  c.category, c.document_number AS "documentNumber", u.code AS "unitCode", u.name AS "unitName",
  c.published_at AS "publishedAt", c.published_at::text AS "cursorTs"`;

/** The tsvector of an entry: title (A), summary (B), body (C), attachments (D); Chinese bigrams + English stems. */
export function searchVectorSql(p: (v: unknown) => string, copy: Omit<PublicCopy, 'body'> & { body: string }): string {
  const part = (text: string, weight: 'A' | 'B' | 'C' | 'D') =>
    `setweight(to_tsvector('simple', ${p(simpleTokens(text))}) || to_tsvector('english', ${p(latinText(text))}), '${weight}')`;
  return [part(copy.title, 'A'), part(copy.summary ?? '', 'B'), part(copy.body, 'C'), part(copy.attachmentsText, 'D')].join(' || ');
}

/** A tsquery matching entries that contain every term of the query. */
export function tsQuerySql(q: SearchQuery, p: (v: unknown) => string): string {
  const parts: string[] = [];
  for (const phrase of q.cjkPhrases) parts.push(`phraseto_tsquery('simple', ${p(phrase)})`);
  for (const ch of q.cjkSingles) parts.push(`to_tsquery('simple', ${p(`'${ch.replace(/'/g, "''")}':*`)})`);
  for (const w of q.words) parts.push(`(plainto_tsquery('english', ${p(w)}) || plainto_tsquery('simple', ${p(w)}))`);
  return parts.length ? `(${parts.join(' && ')})` : `''::tsquery`;
}

export interface ListOptions {
  query?: SearchQuery;
  sort: 'newest' | 'relevance';
  category?: string;
  unitCode?: string;
  after: unknown[] | null;
  limit: number;
}

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

  /**
   * Copies the published document into the catalogue with its public (redacted) text; the
   * catalogue never reads the internal document again. Refuses anything not published+proactive.
   */
  async insertFromDocument(m: EntityManager, documentId: string, indexNo: string, year: number, serial: number, copy: PublicCopy): Promise<ChangeRef> {
    const params: unknown[] = [documentId, indexNo, year, serial, copy.title, copy.summary, copy.body];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const vector = searchVectorSql(p, copy);
    const res = (await m.query(
      `INSERT INTO catalogue_entries (index_no, document_id, unit_id, year, serial, title, summary, body, doc_type, category, document_number, published_at, search)
       SELECT $2, d.id, d.unit_id, $3, $4, $5, $6, $7, d.doc_type, d.category, d.document_number, now(), ${vector}
         FROM documents d WHERE d.id = $1 AND d.state = 'published' AND d.public_attribute = 'proactive'
       RETURNING index_no`,
      params,
    )) as unknown[];
    if (res.length !== 1) throw new Error(`document ${documentId} is not a published proactive document`);
    return this.recordChange(m, 'published', indexNo, documentId);
  }

  /** Appends to the change stream (numbered later, see changes.repository.ts) and wakes the caches. */
  async recordChange(m: EntityManager, type: 'published' | 'revoked', indexNo: string, documentId: string | null): Promise<ChangeRef> {
    const rows = (await m.query(
      `INSERT INTO catalogue_changes (type, index_no, document_id) VALUES ($1, $2, $3) RETURNING id::text AS id, at`,
      [type, indexNo, documentId],
    )) as { id: string; at: Date }[];
    await m.query(`NOTIFY gongkai_catalogue`);
    afterCommit(m, 'catalogue');
    return { changeId: rows[0].id, at: new Date(rows[0].at).toISOString() };
  }

  async revokeByDocument(m: EntityManager, documentId: string): Promise<(ChangeRef & { indexNo: string }) | null> {
    const rows = (await m.query(
      `UPDATE catalogue_entries SET revoked_at = now() WHERE document_id = $1 AND revoked_at IS NULL RETURNING index_no`,
      [documentId],
    )) as [{ index_no: string }[], number];
    const indexNo = rows[0][0]?.index_no ?? null;
    if (!indexNo) return null;
    return { ...(await this.recordChange(m, 'revoked', indexNo, documentId)), indexNo };
  }

  async unitCodeAndYear(m: EntityManager, documentId: string): Promise<{ unitId: string; code: string; year: number }> {
    const rows = (await m.query(
      `SELECT u.id AS "unitId", u.code, extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int AS year
         FROM documents d JOIN units u ON u.id = d.unit_id WHERE d.id = $1`,
      [documentId],
    )) as { unitId: string; code: string; year: number }[];
    return rows[0];
  }

  async list(o: ListOptions): Promise<CatalogueRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where = ['c.revoked_at IS NULL'];
    let rank = '';
    if (o.query) {
      const tsq = tsQuerySql(o.query, p);
      where.push(`c.search @@ ${tsq}`);
      // Normalised cover density (rank / (rank + 1)) as an integer: exact keyset comparisons.
      rank = `(ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', c.search, ${tsq}, 32) * 1000000000)::bigint`;
    }
    if (o.category) where.push(`c.category = ${p(o.category)}`);
    if (o.unitCode) where.push(`c.unit_id = (SELECT id FROM units WHERE code = ${p(o.unitCode)})`);
    const relevance = o.sort === 'relevance' && rank !== '';
    if (o.after) {
      if (relevance) where.push(`(${rank}, c.published_at, c.index_no) < (${p(o.after[0])}::bigint, ${p(o.after[1])}::timestamptz, ${p(o.after[2])})`);
      else where.push(`(c.published_at, c.index_no) < (${p(o.after[0])}::timestamptz, ${p(o.after[1])})`);
    }
    const order = relevance ? `${rank} DESC, c.published_at DESC, c.index_no DESC` : `c.published_at DESC, c.index_no DESC`;
    return (await this.db.query(
      `SELECT ${COLUMNS}${rank ? `, ${rank}::text AS rank` : ''}
         FROM catalogue_entries c JOIN units u ON u.id = c.unit_id
        WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${p(o.limit)}`,
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

  /** The newest entries for a feed, with their public body. */
  async newest(o: { category?: string; unitCode?: string; limit: number }): Promise<CatalogueDetailRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where = ['c.revoked_at IS NULL'];
    if (o.category) where.push(`c.category = ${p(o.category)}`);
    if (o.unitCode) where.push(`c.unit_id = (SELECT id FROM units WHERE code = ${p(o.unitCode)})`);
    return (await this.db.query(
      `SELECT ${COLUMNS}, c.body FROM catalogue_entries c JOIN units u ON u.id = c.unit_id
        WHERE ${where.join(' AND ')} ORDER BY c.published_at DESC, c.index_no DESC LIMIT ${p(o.limit)}`,
      params,
    )) as CatalogueDetailRow[];
  }

  /** Recently revoked entries (for Atom tombstones, RFC 6721). */
  async recentlyRevoked(o: { category?: string; unitCode?: string; limit: number }): Promise<{ indexNo: string; revokedAt: Date }[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where = ['c.revoked_at IS NOT NULL'];
    if (o.category) where.push(`c.category = ${p(o.category)}`);
    if (o.unitCode) where.push(`c.unit_id = (SELECT id FROM units WHERE code = ${p(o.unitCode)})`);
    return (await this.db.query(
      `SELECT c.index_no AS "indexNo", c.revoked_at AS "revokedAt" FROM catalogue_entries c
        WHERE ${where.join(' AND ')} ORDER BY c.revoked_at DESC LIMIT ${p(o.limit)}`,
      params,
    )) as { indexNo: string; revokedAt: Date }[];
  }

  /** Units with at least one entry in the catalogue. */
  async units(): Promise<{ code: string; name: string }[]> {
    return (await this.db.query(
      `SELECT u.code, u.name FROM units u WHERE EXISTS (SELECT 1 FROM catalogue_entries c WHERE c.unit_id = u.id AND c.revoked_at IS NULL) ORDER BY u.code`,
    )) as { code: string; name: string }[];
  }

  async unitExists(code: string): Promise<boolean> {
    return ((await this.db.query(`SELECT 1 FROM units WHERE code = $1`, [code])) as unknown[]).length > 0;
  }

  /**
   * An entry that has no signing-and-approval form (the annual report, Art. 50): the public text is
   * given directly; searchable like the others; recorded in the change stream. Appended for the
   * reports module.
   */
  async insertStandalone(
    m: EntityManager,
    e: { indexNo: string; unitId: string; year: number; serial: number; title: string; summary: string | null; body: string; docType: string; category: string | null },
  ): Promise<ChangeRef> {
    const params: unknown[] = [e.indexNo, e.unitId, e.year, e.serial, e.title, e.summary, e.body, e.docType, e.category];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const vector = searchVectorSql(p, { title: e.title, summary: e.summary, body: e.body, attachmentsText: '' });
    await m.query(
      `INSERT INTO catalogue_entries (index_no, document_id, unit_id, year, serial, title, summary, body, doc_type, category, published_at, search)
       VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, $9, now(), ${vector})`,
      params,
    );
    return this.recordChange(m, 'published', e.indexNo, null);
  }
}
