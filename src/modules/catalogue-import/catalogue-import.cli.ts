/**
 * `npm run catalogue:import -- <file.csv|file.xlsx> [--dry-run] [--sheet <name>] [--batch <n>]`
 *
 * Connects like the service does (DATABASE_URL, or the embedded PostgreSQL under DATA_DIR: the
 * running service's if it is up, else started for the import and stopped after), applies pending
 * migrations unless MIGRATIONS_RUN=false, imports, prints a summary and writes the rows not
 * imported to <file>.rejected.csv. No web server is started.
 *
 * Exit codes: 0 every row imported or already there; 1 some rows rejected or in conflict;
 * 2 the invocation, the configuration or the file cannot be used (nothing written);
 * 3 the database cannot be reached or migrated.
 */
import cliProgress from 'cli-progress';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type AppConfig } from '../../../config/configuration.js';
import { dataSourceOptions } from '../../common/database/data-source-options.js';
import { startEmbeddedPostgres } from '../../common/database/embedded-postgres.js';
import { runMigrations } from '../../common/database/migrate.js';
import { CatalogueImporter, type ImportSummary } from './catalogue-importer.js';
import { mapHeaders } from './import-row.js';
import { reportPathFor, writeReport } from './import-report.js';
import { ImportFileError, readTable } from './import-source.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Show a progress bar (on a terminal). */
  progress: boolean;
}

const consoleIo = (): CliIo => ({
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  progress: process.stderr.isTTY === true,
});

const USAGE = `usage: npm run catalogue:import -- <file.csv|file.xlsx> [--dry-run] [--sheet <name>] [--batch <n>]

Imports a historic disclosure catalogue into the catalogue. Columns (Chinese or English headers):
  索引号 indexNo (required, <unit code>-<year>-<6-digit serial>)   标题 title (required)
  发布机构 unit (required: a unit code or name; unknown units are rejected, create them first)
  发布日期 publishedOn and/or 成文日期 writtenOn (one required)    摘要 summary   正文 body
  类别 category (code or Chinese name)   文号 documentNumber   文种 docType
Rows not imported are listed in <file>.rejected.csv next to the input.
  --dry-run   check everything and report, write nothing
  --sheet     the worksheet of an XLSX file (default: the first with data)
  --batch     rows per transaction (default 200)`;

interface Args {
  file: string;
  dryRun: boolean;
  sheet?: string;
  batch?: number;
}

type Parsed = { kind: 'run'; args: Args } | { kind: 'help' } | { kind: 'error'; message: string };

function parseArgs(argv: string[]): Parsed {
  const args: Partial<Args> = { dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : argv[++i]);
    if (flag === '-h' || flag === '--help') return { kind: 'help' };
    if (flag === '--dry-run') args.dryRun = true;
    else if (flag === '--sheet') {
      args.sheet = value();
      if (!args.sheet) return { kind: 'error', message: '--sheet needs a name' };
    } else if (flag === '--batch') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 10_000) return { kind: 'error', message: '--batch must be an integer from 1 to 10000' };
      args.batch = n;
    } else if (flag.startsWith('-')) return { kind: 'error', message: `unknown option ${flag}` };
    else if (args.file) return { kind: 'error', message: `one file at a time (got ${args.file} and ${a})` };
    else args.file = a;
  }
  if (!args.file) return { kind: 'error', message: 'which file? give a .csv or .xlsx file' };
  return { kind: 'run', args: args as Args };
}

export async function runCatalogueImportCli(argv: string[], env: Record<string, string | undefined> = process.env, io: CliIo = consoleIo()): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    io.err(`catalogue import: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const args = parsed.args;
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(e.message);
      return 2;
    }
    throw e;
  }

  // The file first: nothing touches the database if it cannot be used.
  const path = resolve(args.file);
  let table;
  try {
    table = await readTable(path, { sheet: args.sheet });
    const mapping = mapHeaders(table.headers);
    if (mapping.errors.length > 0) throw new ImportFileError(`the header row cannot be used: ${mapping.errors.join('; ')}`);
  } catch (e) {
    if (e instanceof ImportFileError) {
      io.err(`catalogue import: ${e.message}`);
      return 2;
    }
    throw e;
  }
  io.out(`catalogue import: ${basename(path)} (${table.format.toUpperCase()}, ${table.detail}), ${table.rows.length} rows${args.dryRun ? ' — dry run, nothing is written' : ''}`);

  let db: { url: string; stop(): Promise<void> };
  try {
    db = await openDatabase(config, (m) => io.err(m));
    if (config.migrationsRun) await runMigrations(db.url);
  } catch (e) {
    io.err(`catalogue import: the database cannot be used: ${(e as Error).message}`);
    return 3;
  }
  // Refused rows are reported per row: no query logging on top.
  const ds = new DataSource({ ...dataSourceOptions(db.url, 2), logging: false });
  let bar: cliProgress.SingleBar | null = null;
  try {
    await ds.initialize();
    if (io.progress) {
      bar = new cliProgress.SingleBar(
        { format: 'importing |{bar}| {value}/{total} rows | {eta_formatted} left', hideCursor: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
      bar.start(table.rows.length, 0);
    }
    const summary = await new CatalogueImporter(ds).run(table, {
      sourceName: basename(path),
      dryRun: args.dryRun,
      batchSize: args.batch,
      onProgress: (done) => bar?.update(done),
    });
    bar?.stop();
    bar = null;
    const reportPath = reportPathFor(path);
    await writeReport(reportPath, table.headers, summary);
    printSummary(io, summary, reportPath);
    return summary.rejected + summary.conflicts > 0 ? 1 : 0;
  } catch (e) {
    bar?.stop();
    if (e instanceof ImportFileError) {
      io.err(`catalogue import: ${e.message}`);
      return 2;
    }
    io.err(`catalogue import failed: ${(e as Error).message}`);
    return 3;
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.stop();
  }
}

function printSummary(io: CliIo, s: ImportSummary, reportPath: string): void {
  const n = (x: number) => String(x).padStart(7);
  const verb = s.dryRun ? 'would be imported' : 'imported';
  io.out(`${n(s.imported)}  ${verb}`);
  io.out(`${n(s.skipped)}  skipped (already in the catalogue, identical)`);
  io.out(`${n(s.conflicts)}  conflicts (index number already there with other content; not overwritten)`);
  io.out(`${n(s.rejected)}  rejected`);
  if (s.ignoredColumns.length) io.out(`columns ignored: ${s.ignoredColumns.join(', ')}`);
  const problems = s.outcomes.filter((o) => o.status === 'rejected' || o.status === 'conflict');
  const shown = problems.slice(0, 50);
  for (const o of shown) io.out(`  row ${o.rowNumber}${o.indexNo ? ` ${o.indexNo}` : ''}: ${o.status}: ${o.reasons.join('; ')}`);
  if (problems.length > shown.length) io.out(`  … and ${problems.length - shown.length} more`);
  io.out(problems.length ? `rows not imported, with the reasons: ${reportPath}` : `no rejected rows (report: ${reportPath})`);
}

/**
 * DATABASE_URL, else the embedded PostgreSQL under DATA_DIR: the running service's server when
 * it answers (two servers cannot share a data directory), else one started for this run.
 */
async function openDatabase(config: AppConfig, log: (m: string) => void): Promise<{ url: string; stop(): Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => {} };
  const secretFile = join(config.dataDir, 'pg-password');
  if (existsSync(secretFile)) {
    const password = readFileSync(secretFile, 'utf8').trim();
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${config.embeddedPgPort}/gongkai`;
    const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await probe.connect();
      await probe.end();
      log(`using the running embedded PostgreSQL on 127.0.0.1:${config.embeddedPgPort}`);
      return { url, stop: async () => {} };
    } catch {
      await probe.end().catch(() => undefined);
    }
  }
  const embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, log);
  return embedded;
}
