/**
 * Index numbers (索引号) of catalogue entries: `<unit code>-<year>-<6-digit serial>`, e.g.
 * FGW-2019-000017. The year is the China-time year of publication and the serial counts per unit
 * and year from 000001. The database checks the same pattern (catalogue_index_no_format in the
 * Foundation migration). Pure: no framework imports.
 */
import { UNIT_CODE_SOURCE } from '../identity/unit-code.js';

/** Groups: 1 unit code, 2 year, 3 serial. */
export const INDEX_NO_PATTERN = new RegExp(`^(${UNIT_CODE_SOURCE})-(\\d{4})-(\\d{6})$`);

interface IndexNoParts {
  unitCode: string;
  year: number;
  serial: number;
}

export function formatIndexNo(unitCode: string, year: number, serial: number): string {
  return `${unitCode}-${year}-${String(serial).padStart(6, '0')}`;
}

/**
 * `formatIndexNo` as an SQL expression of three SQL expressions (code, year, serial), for a
 * statement that takes the serial and writes the entry at once (CatalogueRepository.publishFromDocument).
 * The serial is padded to six digits and never cut, as `padStart` does.
 */
export function indexNoSql(code: string, year: string, serial: string): string {
  return `(${code} || '-' || ${year}::text || '-' || lpad(${serial}::text, greatest(6, length(${serial}::text)), '0'))`;
}

/** The parts of a well-formed index number, or null. */
export function parseIndexNo(indexNo: string): IndexNoParts | null {
  const m = INDEX_NO_PATTERN.exec(indexNo);
  return m ? { unitCode: m[1], year: Number(m[2]), serial: Number(m[3]) } : null;
}

export function isIndexNo(indexNo: string): boolean {
  return INDEX_NO_PATTERN.test(indexNo);
}
