/**
 * The national-scale dataset: units, the people the load uses, published catalogue entries with
 * their search vectors, the change stream, the index counters, and applications with their
 * events and appeals. Loaded with COPY … FROM STDIN (see pg-copy.ts) into a fresh, migrated
 * database.
 *
 * Catalogue entries are loaded as the district's historic catalogue (document_id NULL, as
 * `catalogue:import` creates them): the catalogue reads never join documents, and a million
 * documents more would double the load for nothing the benchmark reads. The `search` column is
 * computed by PostgreSQL from the tokens of the service's own `simpleTokens` / `latinText`,
 * through the SQL of the service's own `searchVectorSql` (checked to be the same for every row):
 * each batch is copied into an unlogged staging table, then inserted with that expression.
 */
import { SingleBar } from 'cli-progress';
import pg from 'pg';
import { searchVectorSql } from '../../src/modules/catalogue/search/search-vector.js';
import { formatIndexNo } from '../../src/modules/catalogue/index-number.js';
import { applicantKey } from '../../src/modules/applications/applicant-identity.js';
import { PasswordService } from '../../src/modules/identity/password.service.js';
import { runMigrations } from '../../src/common/database/migrate.js';
import { chinaYearOf } from '../../src/common/china-time.js';
import { copyFrom, copyRow } from './pg-copy.js';
import { generateText, int, makeUnits, mulberry32, personName, pick, randomTopic, Zipf, type Rng, type UnitSpec } from './text.js';

export const BENCH_PASSWORD = 'bench-password-2026';

export interface DatasetOptions {
  units: number;
  entries: number;
  applications: number;
  seed: number;
  /** How many units the workflow load publishes in (each gets a drafter, a reviewer and a leader). */
  workflowUnits: number;
  log: (m: string) => void;
}

export interface DatasetInfo {
  reused: boolean;
  units: number;
  entries: number;
  revoked: number;
  changes: number;
  applications: number;
  applicationEvents: number;
  appeals: number;
  applicationsNote: string;
  seconds: Record<string, number>;
  sizes: Record<string, string>;
  loadSettings: Record<string, string>;
  searchSql: string;
}

export interface BenchPeople {
  adminUsername: string;
  officerUsername: string;
  /** Units the workflow publishes in, with their drafter, secrecy reviewer and leader. */
  workflowUnits: { unitId: string; code: string; drafterId: string; reviewerId: string; leaderUsername: string }[];
  officerId: string;
}

/** Settings changed for the duration of the load only (ALTER SYSTEM, reset afterwards). */
export const LOAD_SYSTEM_SETTINGS: Record<string, string> = {
  max_wal_size: '16GB',
  checkpoint_timeout: '1h',
  autovacuum: 'off',
};
/** Session settings of the loading connections. */
export const LOAD_SESSION_SETTINGS: Record<string, string> = {
  synchronous_commit: 'off',
  maintenance_work_mem: '1GB',
  max_parallel_maintenance_workers: '1',
  work_mem: '256MB',
};

const uuidOf = (r: Rng) => {
  const h = () => Math.floor(r() * 0x100000000).toString(16).padStart(8, '0');
  const s = h() + h() + h() + h();
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${'89ab'[Math.floor(r() * 4)]}${s.slice(17, 20)}-${s.slice(20, 32)}`;
};

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const trackingCode = (r: Rng) => Array.from({ length: 20 }, () => BASE32[Math.floor(r() * 32)]).join('');

const DAY = 86_400_000;

/** An ISO timestamp with microseconds (published_at in the service comes from now()). */
function tsMicro(ms: number, micro: number): string {
  const iso = new Date(Math.floor(ms)).toISOString(); // 2026-01-02T03:04:05.678Z
  return `${iso.slice(0, 23)}${String(micro % 1000).padStart(3, '0')}Z`;
}

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, application_name: 'gongkai-bench-load' });
  await c.connect();
  for (const [k, v] of Object.entries(LOAD_SESSION_SETTINGS)) await c.query(`SET ${k} = '${v}'`);
  return c;
}

function bar(label: string, total: number): SingleBar & { tick(value: number): void } {
  const b = new SingleBar({
    format: `  ${label.padEnd(22)} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
    barsize: 30,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 10_000,
    stream: process.stderr,
    etaBuffer: 50,
  });
  b.start(total, 0, { rate: '0' });
  const t0 = Date.now();
  return Object.assign(b, { tick: (value: number) => b.update(value, { rate: String(Math.round(value / Math.max(0.001, (Date.now() - t0) / 1000))) }) });
}

/** Secondary indexes and constraints of a table, to drop before a bulk load and restore after. */
async function detachIndexes(c: pg.Client, table: string, keep: (name: string) => boolean): Promise<string[]> {
  const cons = await c.query<{ name: string; def: string; contype: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def, contype FROM pg_constraint
      WHERE conrelid = $1::regclass AND contype IN ('u', 'f') ORDER BY conname`,
    [table],
  );
  const idx = await c.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = $1::regclass AND NOT x.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid) ORDER BY i.relname`,
    [table],
  );
  const restore: string[] = [];
  for (const k of cons.rows.filter((k) => !keep(k.name))) {
    await c.query(`ALTER TABLE ${table} DROP CONSTRAINT ${k.name}`);
    restore.push(`ALTER TABLE ${table} ADD CONSTRAINT ${k.name} ${k.def}`);
  }
  for (const i of idx.rows.filter((i) => !keep(i.name))) {
    await c.query(`DROP INDEX ${i.name}`);
    restore.push(i.def);
  }
  return restore;
}

export async function ensureDataset(url: string, o: DatasetOptions): Promise<{ info: DatasetInfo; people: BenchPeople }> {
  const seconds: Record<string, number> = {};
  const t = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await fn();
    seconds[name] = Number(((performance.now() - t0) / 1000).toFixed(1));
    return r;
  };
  await t('migrations', () => runMigrations(url));
  const c = await connect(url);
  try {
    await c.query(`CREATE TABLE IF NOT EXISTS bench_dataset (key text PRIMARY KEY, value jsonb NOT NULL)`);
    const wanted = { units: o.units, entries: o.entries, applications: o.applications, seed: o.seed, workflowUnits: o.workflowUnits, version: 3 };
    const have = await c.query<{ value: { params: typeof wanted; info: DatasetInfo; people: BenchPeople } }>(`SELECT value FROM bench_dataset WHERE key = 'dataset'`);
    if (have.rows.length) {
      const v = have.rows[0].value;
      const canon = (x: object) => JSON.stringify(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)));
      if (canon(v.params) !== canon(wanted)) {
        throw new Error(`this database holds another dataset (${JSON.stringify(v.params)}); use another --pg-dir or an empty database`);
      }
      o.log('dataset already loaded: reusing it');
      return { info: { ...v.info, reused: true }, people: v.people };
    }
    const busy = await c.query<{ n: string }>(`SELECT count(*) AS n FROM units`);
    if (Number(busy.rows[0].n) > 0) throw new Error('the database is not empty and holds no benchmark dataset: give the benchmark an empty database');

    for (const [k, v] of Object.entries(LOAD_SYSTEM_SETTINGS)) await c.query(`ALTER SYSTEM SET ${k} = '${v}'`).catch(() => undefined);
    await c.query(`SELECT pg_reload_conf()`).catch(() => undefined);

    const units = makeUnits(o.units, o.seed);
    const { unitIds, people } = await t('units and people', () => loadUnitsAndPeople(c, units, o));
    const entries = await t('catalogue entries', () => loadEntries(url, c, units, unitIds, o));
    const changes = await t('changes and counters', () => loadChangesAndCounters(c, entries.restoreChanges));
    const apps = await t('applications', () => loadApplications(c, unitIds, people.officerId, o));

    o.log('VACUUM ANALYZE, checkpoint');
    await t('vacuum analyze', async () => {
      await c.query(`VACUUM (ANALYZE) catalogue_entries, catalogue_changes, index_counters, units, users, applications, application_events, appeals`);
    });
    for (const k of Object.keys(LOAD_SYSTEM_SETTINGS)) await c.query(`ALTER SYSTEM RESET ${k}`).catch(() => undefined);
    await c.query(`SELECT pg_reload_conf()`).catch(() => undefined);
    await t('checkpoint', () => c.query(`CHECKPOINT`));

    const sizes: Record<string, string> = {};
    for (const rel of ['catalogue_entries', 'catalogue_search_idx', 'catalogue_changes', 'applications']) {
      const s = await c.query<{ s: string }>(`SELECT pg_size_pretty(pg_total_relation_size($1::regclass)) AS s`, [rel]);
      sizes[rel] = s.rows[0].s;
    }
    const db = await c.query<{ s: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`);
    sizes.database = db.rows[0].s;

    const info: DatasetInfo = {
      reused: false,
      units: units.length,
      entries: entries.entries,
      revoked: entries.revoked,
      changes,
      applications: apps.applications,
      applicationEvents: apps.events,
      appeals: apps.appeals,
      applicationsNote: apps.note,
      seconds,
      sizes,
      loadSettings: { ...LOAD_SYSTEM_SETTINGS, ...Object.fromEntries(Object.entries(LOAD_SESSION_SETTINGS).map(([k, v]) => [`${k} (session)`, v])) },
      searchSql: entries.searchSql,
    };
    await c.query(`INSERT INTO bench_dataset (key, value) VALUES ('dataset', $1)`, [JSON.stringify({ params: wanted, info, people })]);
    return { info, people };
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------

async function loadUnitsAndPeople(c: pg.Client, units: UnitSpec[], o: DatasetOptions): Promise<{ unitIds: string[]; people: BenchPeople }> {
  const r = mulberry32(o.seed + 1);
  const unitIds = units.map(() => uuidOf(r));
  await copyFrom(c, `COPY units (id, code, name) FROM STDIN`, units.map((u, i) => copyRow([unitIds[i], u.code, u.name])));

  o.log('hashing the benchmark password (argon2id, as the service does)');
  const hash = await new PasswordService().hash(BENCH_PASSWORD);
  const users: unknown[][] = [];
  const led: unknown[][] = [];
  const user = (username: string, display: string, unitId: string | null, roles: string[]) => {
    const id = uuidOf(r);
    users.push([id, username, hash, display, unitId, `{${roles.join(',')}}`]);
    return id;
  };
  user('admin', '系统管理员', null, ['admin']);
  // The district office of the first government holds the disclosure officer.
  const officerId = user('bench.officer', '政务公开办' + personName(r), unitIds[0], ['disclosure_officer']);
  // The workflow publishes in the units that publish most (the first ones of the Zipf order).
  const wf: BenchPeople['workflowUnits'] = [];
  const perLeader = 3;
  let leaderUsername = '';
  let leaderId = '';
  for (let i = 0; i < Math.min(o.workflowUnits, units.length); i++) {
    if (i % perLeader === 0) {
      leaderUsername = `bench.leader${String(i / perLeader).padStart(2, '0')}`;
      leaderId = user(leaderUsername, '分管领导' + personName(r), unitIds[0], ['leader']);
    }
    led.push([leaderId, unitIds[i]]);
    const drafterId = user(`bench.drafter${String(i).padStart(3, '0')}`, personName(r), unitIds[i], ['drafter']);
    const reviewerId = user(`bench.reviewer${String(i).padStart(3, '0')}`, personName(r), unitIds[i], ['secrecy_reviewer']);
    wf.push({ unitId: unitIds[i], code: units[i].code, drafterId, reviewerId, leaderUsername });
  }
  await copyFrom(c, `COPY users (id, username, password_hash, display_name, unit_id, roles) FROM STDIN`, users.map(copyRow));
  await copyFrom(c, `COPY user_led_units (user_id, unit_id) FROM STDIN`, led.map(copyRow));
  return { unitIds, people: { adminUsername: 'admin', officerUsername: 'bench.officer', officerId, workflowUnits: wf } };
}

// ---------------------------------------------------------------------------------------------

const ENTRY_COLUMNS = ['index_no', 'unit_id', 'year', 'serial', 'title', 'summary', 'body', 'doc_type', 'category', 'document_number', 'published_at', 'revoked_at'];
const TOKEN_COLUMNS = 8;

async function loadEntries(url: string, c: pg.Client, units: UnitSpec[], unitIds: string[], o: DatasetOptions) {
  const restore = await detachIndexes(c, 'catalogue_entries', (n) => n === 'catalogue_entries_pkey');
  const restoreChanges = await detachIndexes(c, 'catalogue_changes', (n) => n === 'catalogue_changes_pkey');

  // Publication times: 2008-05-01 (the Regulations took effect) until two days ago, more in recent years.
  const start = Date.UTC(2008, 3, 30, 16);
  const end = Date.now() - 2 * DAY;
  const r = mulberry32(o.seed + 2);
  const times = new Float64Array(o.entries);
  for (let i = 0; i < o.entries; i++) times[i] = start + (end - start) * Math.sqrt(r());
  times.sort();
  const unitZipf = new Zipf(
    units.map((_, i) => i),
    0.7,
    5,
  );
  const counters = new Map<number, number>();

  // The service's own search expression, with the token columns of the staging table as its values.
  let template: string | null = null;
  const stageCols = [...ENTRY_COLUMNS.map((n) => `${n} text`), ...Array.from({ length: TOKEN_COLUMNS }, (_, i) => `t${i + 1} text`)];
  const workers = await Promise.all([0, 1].map(() => connect(url)));
  for (const [i, w] of workers.entries()) {
    await w.query(`CREATE UNLOGGED TABLE IF NOT EXISTS bench_stage_${i} (${stageCols.join(', ')})`);
    // Staging rows are read once: store them uncompressed (pglz costs more than the disk here).
    for (const col of ['title', 'summary', 'body', ...Array.from({ length: TOKEN_COLUMNS }, (_, k) => `t${k + 1}`)]) {
      await w.query(`ALTER TABLE bench_stage_${i} ALTER COLUMN ${col} SET STORAGE EXTERNAL`);
    }
    await w.query(`TRUNCATE bench_stage_${i}`);
  }

  const BATCH = 2000;
  const progress = bar('catalogue entries', o.entries);
  let revoked = 0;
  const busy: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
  let done = 0;
  for (let b = 0, first = 0; first < o.entries; b++, first += BATCH) {
    const last = Math.min(o.entries, first + BATCH);
    const lines: string[] = [];
    for (let i = first; i < last; i++) {
      const ms = times[i];
      const u = unitZipf.pick(r);
      const year = chinaYearOf(ms);
      const key = u * 1000 + (year - 2000);
      const serial = (counters.get(key) ?? 0) + 1;
      counters.set(key, serial);
      const text = generateText(r, units[u], year);
      const isRevoked = r() < 0.003;
      const revokedAt = isRevoked ? Math.min(end + DAY, ms + r() * 60 * DAY) : null;
      if (isRevoked) revoked++;
      const tokens: unknown[] = [];
      const sql = searchVectorSql(
        (v) => {
          tokens.push(v);
          return `s.t${tokens.length}`;
        },
        { title: text.title, summary: text.summary, body: text.body, attachmentsText: '' },
      );
      if (template === null) template = sql;
      else if (sql !== template) throw new Error('searchVectorSql produced a different expression for another row');
      if (tokens.length !== TOKEN_COLUMNS) throw new Error(`searchVectorSql took ${tokens.length} values; the loader expects ${TOKEN_COLUMNS}`);
      lines.push(
        copyRow([
          formatIndexNo(units[u].code, year, serial),
          unitIds[u],
          year,
          serial,
          text.title,
          text.summary,
          text.body,
          text.docType,
          text.category,
          text.documentNumber,
          tsMicro(ms, i),
          revokedAt === null ? null : new Date(revokedAt).toISOString(),
          ...tokens,
        ]),
      );
    }
    const w = b % 2;
    await busy[w];
    const client = workers[w];
    const n = last - first;
    const insert = `INSERT INTO catalogue_entries (index_no, document_id, unit_id, year, serial, title, summary, body, doc_type, category, document_number, published_at, revoked_at, search)
      SELECT s.index_no, NULL, s.unit_id::uuid, s.year::int, s.serial::int, s.title, s.summary, s.body, s.doc_type, s.category, s.document_number,
             s.published_at::timestamptz, s.revoked_at::timestamptz, ${template}
        FROM bench_stage_${w} s`;
    busy[w] = (async () => {
      await copyFrom(client, `COPY bench_stage_${w} (${[...ENTRY_COLUMNS, ...Array.from({ length: TOKEN_COLUMNS }, (_, i) => `t${i + 1}`)].join(', ')}) FROM STDIN`, lines);
      await client.query(insert);
      await client.query(`TRUNCATE bench_stage_${w}`);
      done += n;
      progress.tick(done);
    })();
    // Keep generating while PostgreSQL works; surface errors early.
    busy[w].catch(() => undefined);
  }
  await Promise.all(busy);
  progress.stop();
  for (const [i, w] of workers.entries()) await w.query(`DROP TABLE bench_stage_${i}`);

  o.log(`restoring ${restore.length} indexes and constraints of catalogue_entries (GIN search index in parallel with the B-trees)`);
  const gin = restore.filter((s) => /USING gin/i.test(s));
  const other = restore.filter((s) => !/USING gin/i.test(s));
  await Promise.all([
    (async () => {
      for (const s of gin) await workers[0].query(s);
    })(),
    (async () => {
      for (const s of other) await workers[1].query(s);
    })(),
  ]);
  for (const w of workers) await w.end();
  // catalogue_changes is still empty: its indexes come back after its load (loadChangesAndCounters).
  return { entries: o.entries, revoked, searchSql: template ?? '', restoreChanges };
}

async function loadChangesAndCounters(c: pg.Client, restore: string[]): Promise<number> {
  // One 'published' change per entry and a 'revoked' one per revocation, numbered in time order;
  // all final (seq given), as the sequencer would have numbered them.
  const res = await c.query(`
    INSERT INTO catalogue_changes (id, seq, type, index_no, document_id, at)
    SELECT n, n, type, index_no, NULL, at FROM (
      SELECT row_number() OVER (ORDER BY at, type, index_no) AS n, e.* FROM (
        SELECT 'published'::text AS type, index_no, published_at AS at FROM catalogue_entries
        UNION ALL
        SELECT 'revoked', index_no, revoked_at FROM catalogue_entries WHERE revoked_at IS NOT NULL) e) x`);
  await c.query(`SELECT setval(pg_get_serial_sequence('catalogue_changes', 'id'), (SELECT max(id) FROM catalogue_changes))`);
  for (const s of restore) await c.query(s);
  await c.query(`INSERT INTO index_counters (unit_id, year, last_serial) SELECT unit_id, year, max(serial) FROM catalogue_entries GROUP BY unit_id, year`);
  return res.rowCount ?? 0;
}

// ---------------------------------------------------------------------------------------------

const APPLICANT_TYPES = new Zipf(['natural_person', 'commercial_enterprise', 'other_org', 'legal_service_org', 'research_institution', 'social_welfare_org'], 2.2, 1);
const OUTCOMES: [number, string, string | null][] = [
  [0.38, 'disclosed', null],
  [0.1, 'partially_disclosed', null],
  [0.025, 'not_disclosed', 'third_party_rights'],
  [0.02, 'not_disclosed', 'process_information'],
  [0.015, 'not_disclosed', 'internal_affairs'],
  [0.01, 'not_disclosed', 'administrative_query'],
  [0.005, 'not_disclosed', 'state_secret'],
  [0.005, 'not_disclosed', 'prohibited_by_law'],
  [0.004, 'not_disclosed', 'three_safeties_one_stability'],
  [0.006, 'not_disclosed', 'enforcement_case_file'],
  [0.2, 'unable_to_provide', 'not_held'],
  [0.04, 'unable_to_provide', 'needs_creation'],
  [0.02, 'unable_to_provide', 'unclear_after_correction'],
  [0.03, 'not_handled', 'petition_or_complaint'],
  [0.03, 'not_handled', 'duplicate'],
  [0.01, 'not_handled', 'publication_request'],
  [0.01, 'not_handled', 'excessive_without_reason'],
  [0.02, 'not_handled', 'confirmation_request'],
  [0.02, 'other', 'correction_overdue'],
  [0.005, 'other', 'fee_unpaid'],
  [0.024, 'other', 'other'],
];
const APPLICATION_COLUMNS = [
  'id', 'tracking_code', 'applicant_type', 'applicant_name', 'id_number', 'contact', 'applicant_key', 'description', 'purpose', 'format',
  'delivery', 'channel', 'unit_id', 'received_at', 'state', 'version', 'clock_state', 'due_at', 'correction_requested', 'extended',
  'last_event_at', 'outcome', 'reason', 'reply_comment', 'replied_at', 'replied_by', 'delivery_method', 'delivered_at', 'filed_at',
  'created_by', 'created_at', 'updated_at',
];

async function loadApplications(c: pg.Client, unitIds: string[], officerId: string, o: DatasetOptions) {
  // The table is being finished by a colleague: load the columns that exist, refuse if a new required one appeared.
  const cols = await c.query<{ column_name: string; is_nullable: string; column_default: string | null }>(
    `SELECT column_name, is_nullable, column_default FROM information_schema.columns WHERE table_name = 'applications' AND table_schema = current_schema()`,
  );
  if (cols.rows.length === 0) return { applications: 0, events: 0, appeals: 0, note: 'no applications table: skipped' };
  const present = new Set(cols.rows.map((r) => r.column_name));
  const unknownRequired = cols.rows.filter((r) => !APPLICATION_COLUMNS.includes(r.column_name) && r.is_nullable === 'NO' && r.column_default === null);
  if (unknownRequired.length) {
    return { applications: 0, events: 0, appeals: 0, note: `skipped: required columns the generator does not know: ${unknownRequired.map((r) => r.column_name).join(', ')}` };
  }
  const missing = APPLICATION_COLUMNS.filter((n) => !present.has(n));
  const used = APPLICATION_COLUMNS.filter((n) => present.has(n));

  const r = mulberry32(o.seed + 3);
  const now = Date.now();
  const first = Date.UTC(2019, 0, 1);
  const apps: unknown[][] = [];
  const events: unknown[][] = [];
  const appeals: unknown[][] = [];
  const progress = bar('applications', o.applications);
  const outcomeOf = () => {
    let u = r() * OUTCOMES.reduce((s, x) => s + x[0], 0);
    for (const x of OUTCOMES) if ((u -= x[0]) <= 0) return x;
    return OUTCOMES[0];
  };
  for (let i = 0; i < o.applications; i++) {
    const id = uuidOf(r);
    const type = APPLICANT_TYPES.pick(r);
    const person = type === 'natural_person';
    const name = person ? personName(r) : `${pick(r, ['华信', '中科', '东方', '明德', '正和', '远航'])}${pick(r, ['科技有限公司', '律师事务所', '研究院', '公益基金会', '商贸有限公司'])}`;
    const idNumber = person && r() < 0.7 ? `1101${int(r, 10, 99)}19${int(r, 50, 99)}0${int(r, 1, 9)}1${int(r, 0, 2)}${int(r, 100, 999)}${int(r, 0, 9)}` : null;
    const contact: Record<string, string> = {};
    if (r() < 0.8) contact.phone = `0${int(r, 10, 99)}-${int(r, 1000000, 9999999)}`;
    if (r() < 0.4 || !contact.phone) contact.email = `applicant${i}@example.cn`;
    const received = first + r() * (now - first - DAY);
    const age = now - received;
    const topic = randomTopic(r);
    // Older applications are finished; recent ones in every state.
    let state: string;
    if (age > 45 * DAY) state = r() < 0.75 ? 'filed' : r() < 0.7 ? 'delivered' : 'replied';
    else state = pick(r, ['received', 'handling', 'handling', 'awaiting_correction', 'third_party_consultation', 'replied', 'delivered']);
    const replied = ['replied', 'delivered', 'filed'].includes(state);
    const repliedAt = replied ? Math.min(now - 3600_000, received + (1 + r() * 35) * DAY) : null;
    const deliveredAt = state === 'delivered' || state === 'filed' ? Math.min(now - 1800_000, repliedAt! + r() * 5 * DAY) : null;
    const filedAt = state === 'filed' ? Math.min(now - 600_000, deliveredAt! + r() * 20 * DAY) : null;
    const [, outcome, reason] = replied ? outcomeOf() : [0, null, null];
    const clock = replied ? 'done' : state === 'awaiting_correction' ? 'stopped' : state === 'third_party_consultation' ? 'paused' : 'running';
    const dueAt = clock === 'stopped' ? null : received + 28 * DAY;
    const lastEvent = filedAt ?? deliveredAt ?? repliedAt ?? received + (state === 'received' ? 0 : Math.min(age, 2 * DAY) * r());
    const steps: [string, number, string | null, string][] = [['receive', received, null, 'received']];
    if (state !== 'received') {
      if (state === 'awaiting_correction') steps.push(['request_correction', lastEvent, 'received', 'awaiting_correction']);
      else {
        steps.push(['accept', received + ((repliedAt ?? lastEvent) - received) * 0.3, 'received', 'handling']);
        if (state === 'third_party_consultation') steps.push(['consult_third_party', lastEvent, 'handling', 'third_party_consultation']);
      }
      if (replied) steps.push(['reply', repliedAt!, 'handling', 'replied']);
      if (deliveredAt) steps.push(['deliver', deliveredAt, 'replied', 'delivered']);
      if (filedAt) steps.push(['file', filedAt, 'delivered', 'filed']);
    }
    const row: Record<string, unknown> = {
      id,
      tracking_code: trackingCode(r),
      applicant_type: type,
      applicant_name: name,
      id_number: idNumber,
      contact: JSON.stringify(contact),
      applicant_key: applicantKey(name, idNumber, contact),
      description: `申请公开${pick(r, ['本单位', '贵单位', '区政府'])}${2019 + int(r, 0, 7)}年${topic}相关文件及实施情况。`,
      purpose: r() < 0.5 ? '用于了解相关政策' : null,
      format: r() < 0.7 ? 'electronic' : 'paper',
      delivery: pick(r, ['email', 'post', 'pickup', 'online']),
      channel: r() < 0.6 ? 'online' : pick(r, ['in_person', 'registered_post', 'ordinary_letter', 'fax']),
      unit_id: unitIds[int(r, 0, unitIds.length - 1)],
      received_at: new Date(received).toISOString(),
      state,
      version: steps.length,
      clock_state: clock,
      due_at: dueAt === null ? null : new Date(dueAt).toISOString(),
      correction_requested: state === 'awaiting_correction',
      extended: false,
      last_event_at: new Date(lastEvent).toISOString(),
      outcome,
      reason,
      reply_comment: replied ? '已按规定答复。' : null,
      replied_at: repliedAt === null ? null : new Date(repliedAt).toISOString(),
      replied_by: replied ? officerId : null,
      delivery_method: deliveredAt ? pick(r, ['email', 'post', 'online']) : null,
      delivered_at: deliveredAt === null ? null : new Date(deliveredAt).toISOString(),
      filed_at: filedAt === null ? null : new Date(filedAt).toISOString(),
      created_by: null,
      created_at: new Date(received).toISOString(),
      updated_at: new Date(lastEvent).toISOString(),
    };
    apps.push(used.map((n) => row[n]));
    steps.forEach(([action, at, from, to], v) => {
      const data = action === 'reply' ? { outcome, reason } : {};
      events.push([id, v + 1, action, new Date(at).toISOString(), action === 'receive' ? null : officerId, from, to, null, JSON.stringify(data)]);
    });
    if (replied && r() < 0.015) {
      const filed = repliedAt! + (10 + r() * 50) * DAY;
      if (filed < now) {
        const concluded = filed + (30 + r() * 60) * DAY;
        const done = concluded < now && r() < 0.85;
        const kind = r() < 0.7 ? 'reconsideration' : r() < 0.66 ? 'litigation' : 'litigation_after_reconsideration';
        appeals.push([uuidOf(r), id, kind, new Date(filed).toISOString(), done ? pick(r, ['upheld', 'upheld', 'upheld', 'corrected', 'other']) : null, done ? new Date(concluded).toISOString() : null]);
      }
    }
    if (i % 5000 === 0) progress.tick(i);
  }
  progress.tick(o.applications);
  progress.stop();
  await copyFrom(c, `COPY applications (${used.join(', ')}) FROM STDIN`, apps.map(copyRow));
  await copyFrom(c, `COPY application_events (application_id, version, action, at, actor_id, from_state, to_state, comment, data) FROM STDIN`, events.map(copyRow));
  await copyFrom(c, `COPY appeals (id, application_id, kind, filed_at, result, concluded_at) FROM STDIN`, appeals.map(copyRow));
  const note = missing.length
    ? `generated the columns that exist; these generator columns are not in the table yet: ${missing.join(', ')}`
    : `every column of migrations/1764300000000-Applications.ts generated except the fee columns (left NULL); due dates approximate 20 working days as 28 calendar days`;
  return { applications: apps.length, events: events.length, appeals: appeals.length, note };
}
