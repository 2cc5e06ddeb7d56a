/**
 * Imports a historic catalogue. Rows are checked first (pure, import-row.ts), then written in
 * batches: one transaction per batch, a savepoint per row, so a row that fails in the database
 * leaves nothing behind (no entry, no change, no counter raise) while the rows around it are
 * kept; each batch ends with one audit row listing what it imported. Re-running the same file
 * is harmless: a row whose index number is already in the catalogue with the same content is
 * skipped; with different content it is a conflict, reported and never overwritten. Unknown
 * units are rejected (never created): create them first.
 */
import type { DataSource } from 'typeorm';
import { TransactionHost } from '../../common/database/transaction-host.js';
import { AuditService } from '../audit/audit.service.js';
import { CatalogueImportRepository, type ExistingEntry, type UnitRef } from './catalogue-import.repository.js';
import { contentHash, mapHeaders, validateRow, type ImportRow } from './import-row.js';
import type { Table } from './import-source.js';
import { ImportFileError } from './import-source.js';

export type RowStatus = 'imported' | 'skipped' | 'rejected' | 'conflict';

export interface RowOutcome {
  rowNumber: number;
  indexNo: string | null;
  status: RowStatus;
  reasons: string[];
  cells: unknown[];
}

export interface ImportSummary {
  total: number;
  imported: number;
  skipped: number;
  rejected: number;
  conflicts: number;
  /** Every row that was not imported, in file order (skipped rows included). */
  outcomes: RowOutcome[];
  /** Headers that name no field and were ignored. */
  ignoredColumns: string[];
  dryRun: boolean;
}

export interface ImportOptions {
  /** Recorded with each entry (catalogue_imports.source_file) and in the audit log. */
  sourceName: string;
  dryRun?: boolean;
  batchSize?: number;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

export class CatalogueImporter {
  private readonly repo: CatalogueImportRepository;
  private readonly audit: AuditService;

  private readonly tx: TransactionHost;

  constructor(private readonly db: DataSource) {
    this.tx = new TransactionHost(db);
    this.repo = new CatalogueImportRepository(this.tx);
    this.audit = AuditService.on(this.tx);
  }

  async run(table: Table, opts: ImportOptions): Promise<ImportSummary> {
    const mapping = mapHeaders(table.headers);
    if (mapping.errors.length > 0) throw new ImportFileError(`the header row cannot be used: ${mapping.errors.join('; ')}`);
    const now = opts.now ?? new Date();
    const summary: ImportSummary = {
      total: table.rows.length,
      imported: 0,
      skipped: 0,
      rejected: 0,
      conflicts: 0,
      outcomes: [],
      ignoredColumns: mapping.ignored,
      dryRun: opts.dryRun === true,
    };
    const record = (o: RowOutcome) => {
      if (o.status === 'imported') summary.imported++;
      else {
        summary[o.status === 'skipped' ? 'skipped' : o.status === 'conflict' ? 'conflicts' : 'rejected']++;
        summary.outcomes.push(o);
      }
    };

    const units = await this.repo.units();
    const byCode = new Map(units.map((u) => [u.code, u]));
    const byName = new Map<string, UnitRef[]>();
    for (const u of units) byName.set(u.name.trim(), [...(byName.get(u.name.trim()) ?? []), u]);

    // 1. Check every row without the database, and find its unit.
    const ready: { row: ImportRow; unit: UnitRef; cells: unknown[] }[] = [];
    const outcomes = new Map<number, RowOutcome>();
    for (const raw of table.rows) {
      const extra = raw.cells.slice(table.headers.length).filter((c) => String(c ?? '').trim() !== '');
      const v = validateRow(raw, mapping.columns, now);
      const reasons = v.ok ? [] : [...v.reasons];
      if (extra.length > 0) reasons.push(`the row has ${raw.cells.length} cells but the header ${table.headers.length} (a quote left open?)`);
      let unit: UnitRef | undefined;
      if (v.ok) {
        const found = this.resolveUnit(v.row.unit, byCode, byName);
        if (typeof found === 'string') reasons.push(found);
        else if (found.code !== v.row.unitCode) {
          reasons.push(`索引号 ${v.row.indexNo} belongs to unit ${v.row.unitCode}, but 发布机构 "${v.row.unit}" is unit ${found.code}`);
        } else unit = found;
      }
      if (reasons.length > 0 || !v.ok || !unit) {
        const o: RowOutcome = { rowNumber: raw.rowNumber, indexNo: v.ok ? v.row.indexNo : null, status: 'rejected', reasons, cells: raw.cells };
        outcomes.set(raw.rowNumber, o);
      } else {
        ready.push({ row: v.row, unit, cells: raw.cells });
      }
    }

    // 2. Write the good rows, a batch per transaction, a savepoint per row.
    const batchSize = Math.max(1, opts.batchSize ?? 200);
    let done = table.rows.length - ready.length;
    opts.onProgress?.(done, table.rows.length);
    for (let i = 0; i < ready.length; i += batchSize) {
      const batch = ready.slice(i, i + batchSize);
      const results = await this.writeBatch(batch, opts);
      for (const o of results) outcomes.set(o.rowNumber, o);
      done += batch.length;
      opts.onProgress?.(done, table.rows.length);
    }
    for (const raw of table.rows) {
      const o = outcomes.get(raw.rowNumber);
      if (o) record(o);
    }
    return summary;
  }

  /** Code first (case-insensitive), then the exact name; an ambiguous name is refused. */
  private resolveUnit(value: string, byCode: Map<string, UnitRef>, byName: Map<string, UnitRef[]>): UnitRef | string {
    const code = value.normalize('NFKC').trim().toUpperCase();
    const u = byCode.get(code);
    if (u) return u;
    const named = byName.get(value.trim()) ?? [];
    if (named.length === 1) return named[0];
    if (named.length > 1) return `发布机构 "${value}" names ${named.length} units (${named.map((n) => n.code).join(', ')}): give the unit code`;
    return `unknown unit "${value}": no unit has this code or name; units are not created by the import, create it first (POST /api/v1/units) and import again`;
  }

  private async writeBatch(batch: { row: ImportRow; unit: UnitRef; cells: unknown[] }[], opts: ImportOptions): Promise<RowOutcome[]> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    const results: RowOutcome[] = [];
    try {
      await runner.startTransaction();
      const m = runner.manager;
      const imported: { indexNo: string; row: number; contentHash: string }[] = [];
      for (const { row, unit, cells } of batch) {
        await m.query('SAVEPOINT import_row');
        try {
          const o = await this.tx.within(m, () => this.writeRow(row, unit, cells, opts));
          await m.query('RELEASE SAVEPOINT import_row');
          if (o.status === 'imported') imported.push({ indexNo: row.indexNo, row: row.rowNumber, contentHash: contentHash(row, unit.id) });
          results.push(o);
        } catch (e) {
          await m.query('ROLLBACK TO SAVEPOINT import_row');
          results.push({ rowNumber: row.rowNumber, indexNo: row.indexNo, status: 'rejected', reasons: [`the database refused the row: ${describeDbError(e)}`], cells });
        }
      }
      if (imported.length > 0) {
        await this.tx.within(m, () => this.repo.notify());
        // One audit row per batch, last: the audit chain's lock is held only until the commit.
        await this.tx.within(m, () =>
          this.audit.append({
            actorId: null,
            action: 'catalogue.import',
            subjectType: 'CatalogueEntry',
            subjectId: null,
            data: { sourceFile: opts.sourceName, entries: imported },
          }),
        );
      }
      if (opts.dryRun) await runner.rollbackTransaction();
      else await runner.commitTransaction();
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      // Nothing of this batch was written: report each of its rows.
      return batch.map(({ row, cells }) => ({
        rowNumber: row.rowNumber,
        indexNo: row.indexNo,
        status: 'rejected' as const,
        reasons: [`not written, the batch failed: ${describeDbError(e)}; run the import again`],
        cells,
      }));
    } finally {
      await runner.release();
    }
    return results;
  }

  private async writeRow(row: ImportRow, unit: UnitRef, cells: unknown[], opts: ImportOptions): Promise<RowOutcome> {
    const base = { rowNumber: row.rowNumber, indexNo: row.indexNo, cells };
    const hash = contentHash(row, unit.id);
    const existing = await this.repo.findEntry(row.indexNo);
    if (existing) {
      const differs = differences(existing, row, unit.id, hash);
      if (differs.length === 0) return { ...base, status: 'skipped', reasons: [existing.revokedAt ? 'already in the catalogue (revoked there), identical' : 'already in the catalogue, identical'] };
      const origin = existing.documentId ? 'published through the approval workflow' : 'imported earlier';
      return { ...base, status: 'conflict', reasons: [`索引号 ${row.indexNo} is already in the catalogue (${origin}) with different ${differs.join(', ')}: not overwritten`] };
    }
    await this.repo.insertEntry(row, unit.id);
    await this.repo.raiseCounter(unit.id, row.year, row.serial);
    await this.repo.insertChange(row.indexNo);
    await this.repo.insertProvenance({ indexNo: row.indexNo, sourceFile: opts.sourceName.slice(0, 500), sourceRow: row.rowNumber, writtenOn: row.writtenOn, contentHash: hash });
    return { ...base, status: 'imported', reasons: [] };
  }
}

/** The fields in which an entry in the catalogue differs from the row (empty: the same). */
function differences(e: ExistingEntry, row: ImportRow, unitId: string, hash: string): string[] {
  if (e.contentHash === hash) return [];
  const out: string[] = [];
  if (e.unitId !== unitId) out.push('unit');
  if (e.title !== row.title) out.push('title');
  if ((e.summary ?? null) !== row.summary) out.push('summary');
  if (e.body !== row.body) out.push('body');
  if (e.docType !== row.docType) out.push('docType');
  if ((e.category ?? null) !== row.category) out.push('category');
  if ((e.documentNumber ?? null) !== row.documentNumber) out.push('documentNumber');
  if (new Date(e.publishedAt).getTime() !== new Date(row.publishedAt).getTime()) out.push('date');
  if (e.documentId === null && e.contentHash !== null && (e.writtenOn ?? null) !== row.writtenOn) out.push('writtenOn');
  return out;
}

function describeDbError(e: unknown): string {
  const err = e as { message?: string; code?: string; driverError?: { code?: string; message?: string } };
  const code = err?.driverError?.code ?? err?.code;
  const message = err?.driverError?.message ?? err?.message ?? String(e);
  return code ? `${message} (${code})` : message;
}
