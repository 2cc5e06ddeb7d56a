import { searchVectorSql } from '../catalogue/search/search-vector.js';
import type { ImportRow } from './import-row.js';
import { sqlParams } from '../../common/database/sql-params.js';
import type { TransactionHost } from '../../common/database/transaction-host.js';

export interface UnitRef {
  id: string;
  code: string;
  name: string;
}

/** An entry already in the catalogue, as compared with an imported row. */
export interface ExistingEntry {
  indexNo: string;
  documentId: string | null;
  unitId: string;
  title: string;
  summary: string | null;
  body: string;
  docType: string;
  category: string | null;
  documentNumber: string | null;
  publishedAt: Date;
  revokedAt: Date | null;
  /** From catalogue_imports, when the entry was imported. */
  writtenOn: string | null;
  contentHash: string | null;
}

/**
 * SQL of the catalogue import: imported entries go into catalogue_entries with no document,
 * raise the per-unit-year counter, emit a `published` change, and record where they came from.
 * Every method runs in the importer's transaction (its savepoint per row), read from the host.
 */
export class CatalogueImportRepository {
  constructor(private readonly tx: TransactionHost) {}

  async units(): Promise<UnitRef[]> {
    return (await this.tx.manager.query(`SELECT id, code, name FROM units ORDER BY code`)) as UnitRef[];
  }

  async findEntry(indexNo: string): Promise<ExistingEntry | null> {
    const rows = (await this.tx.manager.query(
      `SELECT c.index_no AS "indexNo", c.document_id AS "documentId", c.unit_id AS "unitId", c.title, c.summary, c.body,
              c.doc_type AS "docType", c.category, c.document_number AS "documentNumber", c.published_at AS "publishedAt",
              c.revoked_at AS "revokedAt", i.written_on::text AS "writtenOn", i.content_hash AS "contentHash"
         FROM catalogue_entries c LEFT JOIN catalogue_imports i ON i.index_no = c.index_no
        WHERE c.index_no = $1`,
      [indexNo],
    )) as ExistingEntry[];
    return rows[0] ?? null;
  }

  /** The entry, indexed for search like a published document (catalogue's searchVectorSql). */
  async insertEntry(row: ImportRow, unitId: string): Promise<void> {
    const { params, p } = sqlParams([
      row.indexNo,
      unitId,
      row.year,
      row.serial,
      row.title,
      row.summary,
      row.body,
      row.docType,
      row.category,
      row.documentNumber,
      row.publishedAt,
    ]);
    // The one call into the catalogue's indexing: imported entries have no attachments.
    const search = searchVectorSql(p, { title: row.title, summary: row.summary, body: row.body, attachmentsText: '' });
    await this.tx.manager.query(
      `INSERT INTO catalogue_entries (index_no, document_id, unit_id, year, serial, title, summary, body, doc_type, category, document_number, published_at, search)
       VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::timestamptz, ${search})`,
      params,
    );
  }

  /** New publications of (unit, year) continue after the highest imported serial. */
  async raiseCounter(unitId: string, year: number, serial: number): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO index_counters (unit_id, year, last_serial) VALUES ($1, $2, $3)
       ON CONFLICT (unit_id, year) DO UPDATE SET last_serial = GREATEST(index_counters.last_serial, EXCLUDED.last_serial)`,
      [unitId, year, serial],
    );
  }

  /** The change stream's `published` change (its consumers expect one per entry). */
  async insertChange(indexNo: string): Promise<void> {
    await this.tx.manager.query(`INSERT INTO catalogue_changes (type, index_no) VALUES ('published', $1)`, [indexNo]);
  }

  async insertProvenance(p: { indexNo: string; sourceFile: string; sourceRow: number; writtenOn: string | null; contentHash: string }): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO catalogue_imports (index_no, source_file, source_row, written_on, content_hash) VALUES ($1, $2, $3, $4::date, $5)`,
      [p.indexNo, p.sourceFile, p.sourceRow, p.writtenOn, p.contentHash],
    );
  }

  /** Wakes the feeds and delivery (as a publication does); sent at commit. */
  async notify(): Promise<void> {
    await this.tx.manager.query(`NOTIFY gongkai_catalogue`);
  }
}
