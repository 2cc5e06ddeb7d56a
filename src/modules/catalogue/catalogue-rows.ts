import { PUBLISHED_EPOCH_SQL, publishedTimes } from './published-time.js';

/**
 * The catalogue's rows as the public reads select them, shared by the catalogue repository and
 * the search (search/catalogue-search.repository.ts): the columns, the row types, the filters.
 */
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
  /** ISO 8601 in UTC with milliseconds, as the API shows it. */
  publishedAt: string;
  /** The publication time to the microsecond, for keyset cursors. */
  cursorTs: string;
  rank?: string;
}

export interface CatalogueDetailRow extends CatalogueRow {
  body: string;
}

/** The catalogue's filters (the unit by its code). */
export interface CatalogueFilters {
  category?: string;
  unitCode?: string;
}

/** An entry's columns without its unit (the list adds the unit from memory, see `UnitDirectory`); times as in published-time.ts. */
export const ENTRY_COLUMNS = `
  c.index_no AS "indexNo", c.document_id AS "documentId", c.title, c.summary, c.doc_type AS "docType",
  c.category, c.document_number AS "documentNumber", ${PUBLISHED_EPOCH_SQL}`;

/** An entry's columns with its unit, for `catalogue_entries c JOIN units u ON u.id = c.unit_id`. */
export const COLUMNS = `${ENTRY_COLUMNS}, u.code AS "unitCode", u.name AS "unitName"`;

/** Rows as selected with COLUMNS: the publication time still as seconds since the epoch. */
export type SelectedRow<T extends CatalogueRow> = Omit<T, 'publishedAt' | 'cursorTs'> & { publishedEpoch: string };

/** Rows selected with COLUMNS, with their publication time formatted. */
export function withTimes<T extends CatalogueRow>(rows: SelectedRow<T>[]): T[] {
  return rows.map(({ publishedEpoch, ...r }) => ({ ...r, ...publishedTimes(publishedEpoch) }) as unknown as T);
}

/** The filters as conditions on the entries aliased `alias`. */
export function filterSql(alias: string, f: CatalogueFilters, p: (v: unknown) => string): string[] {
  const out: string[] = [];
  if (f.category) out.push(`${alias}.category = ${p(f.category)}`);
  if (f.unitCode) out.push(`${alias}.unit_id = (SELECT id FROM units WHERE code = ${p(f.unitCode)})`);
  return out;
}
