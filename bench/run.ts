/**
 * gongkai benchmarks against this machine's own ceilings.
 *
 *   npm run bench                          the default run (200,000 entries; under 10 minutes on 2 cores)
 *   npm run bench -- --entries 1000000     the national-scale run
 *   npm run bench:data -- --pg-dir DIR     load a dataset once into a kept folder; later runs with --pg-dir reuse it
 *   npm run bench -- --explain             EXPLAIN (ANALYZE, BUFFERS) of the hot queries into bench/explain/
 *
 * Prints one table (each figure beside its ceiling, the ratio and the goal) and writes
 * bench/results/latest.json. docs/performance.md explains each figure.
 */
import 'reflect-metadata';
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { chinaYearOf } from '../src/common/china-time.js';
import { encodeCursor } from '../src/common/pagination/pagination.js';
import { parseArgs } from './lib/args.js';
import { BENCH_PASSWORD, ensureDataset, type BenchPeople, type DatasetInfo } from './lib/dataset.js';
import { writeExplains } from './lib/explain.js';
import { login, request } from './lib/http.js';
import { startDatabase, withClient, type BenchDatabase } from './lib/postgres.js';
import { prepareDocuments, type PreparedDoc } from './lib/prepare.js';
import { summariseProfile } from './lib/profile.js';
import { runMinimalApprovals } from './lib/min-approval.js';
import { readsPhase, type ReadsPhase } from './lib/reads-phase.js';
import { replicaPhase, type ReplicaResult } from './lib/replica-phase.js';
import { renderTable, throughputRow, writeJson, writeResultsBlock, type Row } from './lib/report.js';
import { measureAnnualReport, measureCatchUp, measureSearch, type CatchUpResult, type ReportResult, type SearchResult } from './lib/search.js';
import { productionNodeFlags, sampleMemory, startService, type ServiceProcess } from './lib/service.js';
import { setPostmasterPid } from './lib/cpu.js';
import { measureNotifications, type NotificationsResult } from './lib/notifications.js';
import { measureAssessment, type AssessmentResult } from './lib/performance.js';
import { ensureAssessmentDocuments } from './lib/assessment-documents.js';
import { chainEverySecond, checkInvariants, DocQueue, parity, runHttpWorkflow, runSqlCeiling, statementsUnderLoad, type InvariantResult, type ParityResult, type ThroughputResult } from './lib/workflow.js';

const args = parseArgs(process.argv.slice(2));
const ROOT = process.cwd();
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const EXPLAIN_DIR = join(ROOT, 'bench', 'explain');
const started = Date.now();
const log = (m: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${m}\n`);
const WORKFLOW_UNITS = 60;
const want = (phase: string) => !args.only || args.only.has(phase);

const cleanup: (() => Promise<void>)[] = [];
/** Registers a cleanup step; the function returned removes it again (once done by hand). */
const onCleanup = (fn: () => Promise<void>) => {
  cleanup.push(fn);
  return () => {
    const i = cleanup.lastIndexOf(fn);
    if (i >= 0) cleanup.splice(i, 1);
  };
};
async function shutdown(): Promise<void> {
  while (cleanup.length) await cleanup.pop()!().catch((e) => log(`cleanup: ${(e as Error).message}`));
}
process.on('SIGINT', () => void shutdown().then(() => process.exit(130)));
process.on('SIGTERM', () => void shutdown().then(() => process.exit(143)));

function environment() {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execSync('git status --porcelain -- src migrations config', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    if (dirty) commit += ` + uncommitted changes in ${dirty.split('\n').length} files`;
  } catch {
    /* not a git checkout */
  }
  return {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    commit,
    catalogueCache: existsSync(join(ROOT, 'dist', 'src', 'modules', 'catalogue', 'catalogue-cache.js'))
      ? 'present (src/modules/catalogue/catalogue-cache.ts: in-process, cleared on commit and by LISTEN/NOTIFY)'
      : 'absent',
  };
}

const load1 = () => Number(os.loadavg()[0].toFixed(2));
const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
const spread = (xs: number[]) => (xs.length > 1 ? (Math.max(...xs) - Math.min(...xs)) / mean(xs) : 0);

function takeN(q: DocQueue, n: number): PreparedDoc[] {
  const out: PreparedDoc[] = [];
  for (let i = 0; i < n; i++) {
    const d = q.next();
    if (!d) break;
    out.push(d);
  }
  return out;
}

interface Context {
  db: BenchDatabase;
  info: DatasetInfo;
  people: BenchPeople;
  leaderIds: Map<string, string>;
  /** Unit id → code, for the minimal approval's index numbers. */
  unitCodes: Map<string, string>;
  deepCursor: [string, string];
  deepPaths: string[];
  midSeq: number;
  header: string;
}

async function prepareContext(db: BenchDatabase, info: DatasetInfo, people: BenchPeople, header: string): Promise<Context> {
  return withClient(db.url, async (c) => {
    const leaderIds = new Map<string, string>();
    const leaders = await c.query<{ id: string; username: string }>(`SELECT id, username FROM users WHERE username LIKE 'bench.leader%'`);
    for (const l of leaders.rows) leaderIds.set(l.username, l.id);
    // Random deep pages: the cursors of random entries anywhere in the catalogue.
    const sample = await c.query<{ ts: string; no: string }>(
      `SELECT published_at::text AS ts, index_no AS no FROM catalogue_entries TABLESAMPLE SYSTEM (5) REPEATABLE (7) WHERE revoked_at IS NULL LIMIT 4000`,
    );
    const deepPaths = sample.rows.map((r) => `/api/v1/catalogue?limit=50&cursor=${encodeCursor([r.ts, r.no])}`);
    for (let i = deepPaths.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [deepPaths[i], deepPaths[j]] = [deepPaths[j], deepPaths[i]];
    }
    const mid = await c.query<{ ts: string; no: string }>(
      `SELECT published_at::text AS ts, index_no AS no FROM catalogue_entries WHERE revoked_at IS NULL ORDER BY published_at DESC, index_no DESC OFFSET $1 LIMIT 1`,
      [Math.floor(info.entries / 2)],
    );
    // A portal subscribed to push delivery: each publication writes its outbox rows in the transaction.
    const subs = await c.query(`SELECT 1 FROM subscribers WHERE active`);
    if (subs.rowCount === 0) {
      await c.query(`INSERT INTO subscribers (url, secret, description) VALUES ('http://127.0.0.1:9/portal-webhook', 'whsec_' || encode(gen_random_bytes(24), 'base64'), 'benchmark portal')`);
    }
    const unitCodes = new Map(people.workflowUnits.map((u) => [u.unitId, u.code] as [string, string]));
    return { db, info, people, leaderIds, unitCodes, deepCursor: [mid.rows[0].ts, mid.rows[0].no], deepPaths, midSeq: Math.floor(info.changes / 2), header };
  });
}

// ------------------------------------------------------------------------------------------------

interface WorkflowPhase {
  parity: ParityResult;
  /** The minimal approval transaction through pg (the ceiling the goal is judged on). */
  minimal: ThroughputResult[];
  /** The service's own statements through pg ("same statements"). */
  ceiling: ThroughputResult[];
  service: ThroughputResult[];
  writePeakRssMb: number;
}

async function workflowPhase(ctx: Context, svc: ServiceProcess, queue: DocQueue, tokens: Map<string, string>, published: string[], minimalPublished: string[]): Promise<WorkflowPhase> {
  // Warm first (JIT, PostgreSQL's buffers after a restart), so that parity's timings are not a cold start's.
  log('warm-up');
  published.push(...(await runHttpWorkflow([svc.port], queue, tokens, args.clients, 3, 'warm-up')).published);
  published.push(...(await runSqlCeiling(ctx.db.url, queue, ctx.leaderIds, args.clients, 2, 'warm-up')).published);
  const who = { leaderIds: ctx.leaderIds, unitCodes: ctx.unitCodes };
  minimalPublished.push(...(await runMinimalApprovals(ctx.db.url, queue, who, args.clients, 2, 'warm-up')).published);

  log('statement parity: 40 approvals through HTTP, 40 through the SQL path (pg_stat_statements)');
  const par = await parity(ctx.db.url, {
    service: async (n) => {
      const r = await runHttpWorkflow([svc.port], new DocQueue(takeN(queue, n)), tokens, 1, 120, 'parity');
      published.push(...r.published);
      return r.ok;
    },
    ceiling: async (n) => {
      const r = await runSqlCeiling(ctx.db.url, new DocQueue(takeN(queue, n)), ctx.leaderIds, 1, 120, 'parity');
      published.push(...r.published);
      return r.ok;
    },
    minimal: async (n) => {
      const r = await runMinimalApprovals(ctx.db.url, new DocQueue(takeN(queue, n)), { leaderIds: ctx.leaderIds, unitCodes: ctx.unitCodes }, 1, 120, 'parity');
      minimalPublished.push(...r.published);
      return r.ok;
    },
  });
  log(`parity: ${par.note} (${par.statementsPerApproval.service} statements per approval via HTTP, ${par.statementsPerApproval.ceiling} via SQL)`);
  for (const d of par.differences) log(`  differs: ${d.query} — HTTP ${d.service}, SQL ${d.ceiling}`);
  for (const q of par.serviceStatements ?? []) log(`  statement ×${q.calls}: ${q.query}`);
  const ex = par.execMsPerApproval;
  const pl = par.planMsPerApproval;
  if (pl) log(`PostgreSQL planning per approval, one client: service ${pl.service} ms, same statements ${pl.ceiling} ms, minimal ${pl.minimal ?? '?'} ms; most planned: ${(par.costliestPlans ?? []).map((q) => `${q.planMs} ms ${q.query.slice(0, 50)}`).join('; ')}`);
  if (ex) log(`PostgreSQL execution per approval, one client: service ${ex.service} ms, same statements ${ex.ceiling} ms, minimal ${ex.minimal ?? '?'} ms; costliest of the service's: ${(par.costliest ?? []).map((q) => `${q.ms} ms ×${q.calls} ${q.query.slice(0, 50)}`).join('; ')}`);

  const minimal: ThroughputResult[] = [];
  const ceiling: ThroughputResult[] = [];
  const service: ThroughputResult[] = [];
  const mem = sampleMemory([svc]);
  for (let round = 1; round <= 2; round++) {
    let stmts = await statementsUnderLoad(ctx.db.url);
    const m = await runMinimalApprovals(ctx.db.url, queue, who, args.clients, args.seconds, `minimal approval via pg, round ${round}`);
    log(`${m.name}: ${m.perSecond}/s (p50 ${m.p50ms} ms, p95 ${m.p95ms} ms, ${m.errors} errors)${m.errors ? ` ${JSON.stringify(m.errorsByKind)}` : ''}`);
    logWaits(m);
    m.statements = (await stmts?.end(m.ok)) ?? undefined;
    logStatements(m);
    stmts = await statementsUnderLoad(ctx.db.url);
    minimal.push(m);
    minimalPublished.push(...m.published);
    const c = await runSqlCeiling(ctx.db.url, queue, ctx.leaderIds, args.clients, args.seconds, `SQL ceiling, round ${round}`);
    log(`${c.name}: ${c.perSecond}/s (p50 ${c.p50ms} ms, p95 ${c.p95ms} ms, ${c.errors} errors)`);
    logWaits(c);
    c.statements = (await stmts?.end(c.ok)) ?? undefined;
    logStatements(c);
    stmts = await statementsUnderLoad(ctx.db.url);
    const s = await runHttpWorkflow([svc.port], queue, tokens, args.clients, args.seconds, `HTTP, round ${round}`, ctx.db.url, [svc.pid]);
    log(`${s.name}: ${s.perSecond}/s (p50 ${s.p50ms} ms, p95 ${s.p95ms} ms, ${s.errors} errors)${Object.keys(s.errorsByKind).length ? ` ${JSON.stringify(s.errorsByKind)}` : ''}`);
    logWaits(s);
    s.statements = (await stmts?.end(s.ok)) ?? undefined;
    logStatements(s);
    ceiling.push(c);
    service.push(s);
    published.push(...c.published, ...s.published);
  }
  const { peakRssMb } = mem.stop();
  log(`RSS peak during the write load: ${peakRssMb} MB`);
  return { parity: par, minimal, ceiling, service, writePeakRssMb: peakRssMb };
}

function logStatements(r: ThroughputResult): void {
  const st = r.statements;
  if (!st) return;
  log(`  PostgreSQL per approval under this load: ${st.execMsPerApproval} ms in statements (lock waits included), ${st.buffersPerApproval.toLocaleString('en-US')} buffers; most: ${st.top.map((t) => `${t.msPerApproval} ms (mean ${t.meanMs} ms, ${t.buffersPerCall.toLocaleString('en-US')} buffers a call) ${t.query}`).join('; ')}`);
}

function logWaits(r: ThroughputResult): void {
  if (r.cpu) log(`  CPU (cores of 2): service ${r.cpu.serviceCores}, PostgreSQL ${r.cpu.postgresCores ?? '?'}, load generator ${r.cpu.generatorCores}, other work on the machine ${r.cpu.otherCores}; machine ${r.cpu.machineBusyPct}% busy`);
  if (!r.waits) return;
  log(`  database sessions busy on average: ${r.waits.busySessions}; where: ${r.waits.top.slice(0, 4).map((t) => `${t.pct}% ${t.what}`).join('; ')}`);
}

// ------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const env = environment();
  const loadAtStart = load1();
  log(`gongkai benchmarks — ${args.entries.toLocaleString('en-US')} entries, ${args.units} units, ${args.applications.toLocaleString('en-US')} applications; load average ${loadAtStart}`);
  const db = await startDatabase({ pgDir: args.pgDir, log });
  cleanup.push(() => db.stop());
  setPostmasterPid(db.postmasterPid);
  log(db.description);
  const pgVersion = await withClient(db.url, async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v);

  const { info, people } = await ensureDataset(db.url, { units: args.units, entries: args.entries, applications: args.applications, seed: args.seed, workflowUnits: WORKFLOW_UNITS, log });
  log(`dataset: ${info.entries.toLocaleString('en-US')} entries (${info.revoked} revoked), ${info.changes.toLocaleString('en-US')} changes, ${info.applications.toLocaleString('en-US')} applications${info.reused ? ' (reused)' : ''}; ${JSON.stringify(info.sizes)}`);
  if (args.assessmentDocuments) {
    const a = await ensureAssessmentDocuments(db.url, log);
    log(`assessment documents (${a.applied ? 'added' : 'already there'}): ${a.documents.toLocaleString('en-US')} documents decided in ${a.year}, ${a.historyRows.toLocaleString('en-US')} history rows`);
  }
  if (args.dataOnly) {
    console.log(JSON.stringify({ dataset: info }, null, 2));
    return;
  }
  const header = [
    `-- dataset: ${info.entries.toLocaleString('en-US')} catalogue entries, ${info.units} units (seed ${args.seed}); PostgreSQL ${pgVersion}; ${env.cpus} cores; ${db.embedded ? 'settings in bench/lib/postgres.ts' : 'external server'}`,
    `-- produced by: npm run bench -- --explain${args.entries !== 200_000 ? ` --entries ${args.entries}` : ''}${args.assessmentDocuments ? ' --assessment-documents' : ''}${args.pgDir ? ' --pg-dir …' : ''}  (bench/lib/explain.ts), ${new Date().toISOString().slice(0, 10)}`,
  ].join('\n');
  const ctx = await prepareContext(db, info, people, header);

  const explain = async () => {
    log('EXPLAIN (ANALYZE, BUFFERS) of the hot queries → bench/explain/');
    const [doc] = await prepareDocuments(db.url, people, 1, args.seed + 98 + (Date.now() % 1000), args.units);
    return writeExplains(db.url, EXPLAIN_DIR, { header, deepCursor: ctx.deepCursor, midSeq: ctx.midSeq, leaderReviewDocId: doc.id, leaderId: ctx.leaderIds.get(doc.leader) ?? null });
  };
  if (args.explainOnly) {
    const files = await explain();
    log(`wrote ${files.map((f) => `bench/explain/${f}`).join(', ')}`);
    return;
  }

  const needDocs = want('workflow') || want('scale') || want('notifications');
  // The minimal transaction runs several times faster than the service: its rounds take most of the documents.
  const docCount = needDocs ? Math.max(2000, Math.round(args.clients * args.seconds * (want('workflow') ? 150 : 30))) : 0;
  if (docCount) log(`preparing ${docCount.toLocaleString('en-US')} documents in leader_review (SQL)`);
  const docs = docCount ? await prepareDocuments(db.url, people, docCount, args.seed + (Date.now() % 100000), args.units) : [];
  const queue = new DocQueue(docs);

  // The service, as production starts it; the delivery worker off (see docs/performance.md).
  const profDir = args.cpuProf ? join(RESULTS_DIR, 'profiles') : undefined;
  const serviceEnv = { DELIVERY_WORKER: 'false', ...args.serviceEnv };
  const svc = await startService({ databaseUrl: db.url, logLevel: args.logLevel, cpuProfDir: profDir, name: 'instance-a', env: serviceEnv, nodeOptions: args.serviceNodeOptions });
  cleanup.push(() => svc.stop());
  log(`service started (pid ${svc.pid}, port ${svc.port}); RSS ${svc.memory().rssMb.toFixed(0)} MB at rest`);
  const idleRssMb = Number(svc.memory().rssMb.toFixed(1));
  const tokens = new Map<string, string>();
  for (const username of new Set(people.workflowUnits.map((u) => u.leaderUsername))) tokens.set(username, await login(svc.port, username, BENCH_PASSWORD));
  const officerToken = await login(svc.port, people.officerUsername, BENCH_PASSWORD);
  const adminToken = await login(svc.port, people.adminUsername, BENCH_PASSWORD);
  const published: string[] = [];
  const minimalPublished: string[] = [];
  // The audit chain's sequencer, as a worker instance runs it, beside every write load.
  const sequencer = needDocs ? chainEverySecond(db.url) : null;
  const stopSequencer = sequencer ? onCleanup(async () => void (await sequencer.stop())) : () => undefined;

  const workflow = want('workflow') ? await workflowPhase(ctx, svc, queue, tokens, published, minimalPublished) : null;
  const reads: ReadsPhase | null = want('reads')
    ? await readsPhase({ databaseUrl: db.url, postmasterPid: db.postmasterPid, svc, deepPaths: ctx.deepPaths, seconds: args.seconds, pin: args.pin, resultsDir: RESULTS_DIR, log, onCleanup })
    : null;

  let search: SearchResult | null = null;
  let searchNewest: SearchResult | null = null;
  let searchPeakRssMb = 0;
  if (want('search')) {
    const mem = sampleMemory([svc]);
    log('search: the query mix, one request at a time (newest first, the default)');
    searchNewest = await measureSearch(svc.port, db.url, 6, 'newest');
    log(`search: p50 ${searchNewest.overall.p50ms} ms, p95 ${searchNewest.overall.p95ms} ms over ${searchNewest.overall.n} requests (its SQL alone: p95 ${searchNewest.overall.sqlP95ms} ms)`);
    log('search: the same mix with sort=relevance');
    search = await measureSearch(svc.port, db.url, 6, 'relevance');
    log(`search (relevance): p50 ${search.overall.p50ms} ms, p95 ${search.overall.p95ms} ms (its SQL alone: p95 ${search.overall.sqlP95ms} ms)`);
    searchPeakRssMb = mem.stop().peakRssMb;
  }

  let catchUp: CatchUpResult | null = null;
  if (want('changes')) {
    log('change stream: catching up from after=0');
    catchUp = await measureCatchUp(svc.port, db.url);
    log(`change stream: ${catchUp.perSecond}/s over HTTP, ${catchUp.sqlPerSecond}/s as SQL`);
  }

  let report: ReportResult | null = null;
  let assessment: AssessmentResult | null = null;
  if (want('report')) {
    const year = chinaYearOf(Date.now()) - 1;
    log(`annual report ${year}`);
    report = await measureAnnualReport(svc.port, officerToken, year);
    log(report.available ? `annual report: ${report.runs.join(', ')} ms` : `annual report skipped: ${report.note}`);
    log(`performance assessment of every unit, ${year}`);
    assessment = await measureAssessment(svc.port, officerToken, year, db.url);
    log(assessment.available ? `assessment of ${assessment.units} units: ${assessment.runs.join(', ')} ms; xlsx ${assessment.xlsxMs} ms; records ${JSON.stringify(assessment.records)}` : `assessment skipped: ${assessment.note}`);
  }

  let two: ThroughputResult | null = null;
  let one: ThroughputResult | null = null;
  let twoPeakRssMb = 0;
  if (want('scale')) {
    log('two instances on one database');
    const svcB = await startService({ databaseUrl: db.url, logLevel: args.logLevel, cpuProfDir: profDir, name: 'instance-b', env: serviceEnv, nodeOptions: args.serviceNodeOptions });
    cleanup.push(() => svcB.stop());
    const mem = sampleMemory([svc, svcB]);
    published.push(...(await runHttpWorkflow([svc.port, svcB.port], queue, tokens, args.clients, 2, 'warm-up')).published);
    two = await runHttpWorkflow([svc.port, svcB.port], queue, tokens, args.clients, args.seconds, 'two instances', db.url, [svc.pid, svcB.pid]);
    logWaits(two);
    published.push(...two.published);
    one = await runHttpWorkflow([svc.port], queue, tokens, args.clients, args.seconds, 'one instance (same moment)', db.url, [svc.pid]);
    logWaits(one);
    published.push(...one.published);
    twoPeakRssMb = mem.stop().peakRssMb;
    log(`two instances: ${two.perSecond}/s vs one: ${one.perSecond}/s (errors ${two.errors}/${one.errors})`);
    await svcB.stop();
    cleanup.pop();
  }

  let notifications: NotificationsResult | null = null;
  if (want('notifications')) {
    log('notifications under the approval load, mails through a local SMTP server');
    notifications = await measureNotifications({
      databaseUrl: db.url,
      queue,
      tokens,
      clients: args.clients,
      seconds: args.seconds,
      startService: (env) => startService({ databaseUrl: db.url, logLevel: args.logLevel, name: 'instance-mail', env: { ...args.serviceEnv, ...env }, nodeOptions: args.serviceNodeOptions }),
      log,
    });
    published.push(...notifications.published);
  }

  let replica: ReplicaResult | null = null;
  if (want('replica')) {
    log('reads with one primary and one streaming replica against the primary alone');
    replica = await replicaPhase({
      db,
      deepPaths: ctx.deepPaths,
      seconds: args.seconds,
      resultsDir: RESULTS_DIR,
      log,
      startService: (env) => startService({ databaseUrl: db.url, logLevel: args.logLevel, name: 'instance-replica', env: { ...args.serviceEnv, ...env }, nodeOptions: args.serviceNodeOptions }),
    });
    if (!replica.available) log(`replica phase skipped: ${replica.note}`);
  }

  let invariants: InvariantResult | null = null;
  if (sequencer) {
    const chained = await sequencer.stop();
    stopSequencer();
    log(`audit chain sequencer: ${chained.runs} runs, ${chained.linked} rows linked during the loads`);
  }
  if (published.length || minimalPublished.length) {
    log('invariants');
    const attemptedIds = docs.slice(0, docs.length - queue.remaining).map((d) => d.id);
    invariants = await checkInvariants(db.url, published, attemptedIds, minimalPublished);
    const verify = await request(svc.port, 'GET', '/api/v1/audit/verify', { headers: { authorization: `Bearer ${adminToken}` }, timeoutMs: 300_000 });
    const body = verify.status === 200 ? (JSON.parse(verify.body.toString()) as { ok: boolean; checked: number }) : null;
    invariants.checks.push({ name: 'audit hash chain verifies (GET /api/v1/audit/verify)', ok: !!body?.ok, detail: body ? `${body.checked} rows checked in ${verify.ms.toFixed(0)} ms` : `HTTP ${verify.status}` });
    const unchained = await withClient(db.url, async (c) => (await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_chain k WHERE k.id = a.id)`)).rows[0].n);
    invariants.checks.push({ name: 'every audit row linked into the chain (after verify)', ok: unchained === '0', detail: `${unchained} rows not linked` });
    invariants.ok = invariants.checks.every((c) => c.ok);
    for (const c of invariants.checks) log(`  ${c.ok ? 'ok    ' : 'FAILED'} ${c.name}: ${c.detail}`);
  }
  const hwmMb = Number(svc.memory().hwmMb.toFixed(1));
  await svc.stop();
  cleanup.pop();


  let profile = null;
  if (profDir) {
    const f = readdirSync(profDir).find((x) => x === 'instance-a.cpuprofile');
    if (f) {
      const stamped = join(profDir, `instance-a-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
      renameSync(join(profDir, f), stamped);
      profile = { file: stamped, ...summariseProfile(stamped) };
      log(`profile: ${stamped}`);
      for (const g of profile.byGroup.slice(0, 15)) log(`  ${String(g.pctOfBusy).padStart(5)}%  ${g.group}`);
    }
  }

  // ------------------------------------------------------------------------------ the table
  const rows: Row[] = [];
  const minimalMean = workflow ? Number(mean(workflow.minimal.map((r) => r.perSecond)).toFixed(1)) : 0;
  if (workflow) {
    const ceilMean = mean(workflow.ceiling.map((r) => r.perSecond));
    const svcMean = mean(workflow.service.map((r) => r.perSecond));
    rows.push(
      throughputRow('workflow', `approvals/s, ${args.clients} clients (mean of 2 rounds)`, Number(svcMean.toFixed(1)), minimalMean, 'minimal approval via pg', 0.5, '/s',
        `rounds ${workflow.service.map((r) => r.perSecond).join(' / ')} (HTTP) vs ${workflow.minimal.map((r) => r.perSecond).join(' / ')} (minimal transaction: document, history, counter, entry with its vector, change, outbox row); p95 ${workflow.service.map((r) => r.p95ms).join(' / ')} ms vs ${workflow.minimal.map((r) => r.p95ms).join(' / ')} ms`),
      throughputRow('workflow', 'approvals/s beside the same statements', Number(svcMean.toFixed(1)), Number(ceilMean.toFixed(1)), 'same SQL via pg', null, '/s',
        `rounds ${workflow.ceiling.map((r) => r.perSecond).join(' / ')} (the service's statements through pg, ${workflow.parity.statementsPerApproval.ceiling} per approval); p95 ${workflow.ceiling.map((r) => r.p95ms).join(' / ')} ms`),
    );
  }
  const httpPhases = [...(workflow?.service ?? []), ...(two ? [two] : []), ...(one ? [one] : [])];
  if (httpPhases.length) {
    const errors = httpPhases.reduce((s, r) => s + r.errors, 0);
    rows.push({ section: 'workflow', measure: 'errors; lost updates and invariants', value: errors, unit: '', ceiling: null, ceilingLabel: `${invariants?.checks.filter((c) => c.ok).length ?? 0}/${invariants?.checks.length ?? 0} invariant checks hold`, ratio: null, goal: '0, all hold', met: errors === 0 && !!invariants?.ok });
  }
  if (two && one) {
    rows.push(throughputRow('scale-out', 'approvals/s, two instances', two.perSecond, one.perSecond, 'one instance, right after', null, '/s'));
    if (workflow) rows.push(throughputRow('scale-out', 'two instances vs the minimal approval', two.perSecond, minimalMean, 'minimal approval via pg', 0.5, '/s'));
  }
  if (notifications) {
    const n = notifications;
    rows.push(
      throughputRow('notifications', `notifications/s created, approvals with mail on (${args.clients} clients)`, n.notificationsPerSecond, n.approvals.perSecond, 'approvals/s, same round', null, '/s',
        `${n.notifications} notifications (${n.notificationsPerApproval} per approval: the drafter's published), each with its outbox row and mail job, in ${n.approvals.seconds} s`),
    );
    if (workflow) rows.push(throughputRow('notifications', 'approvals/s with mail on', n.approvals.perSecond, Number(mean(workflow.service.map((r) => r.perSecond)).toFixed(1)), 'approvals/s, mail off (workflow)', null, '/s'));
    rows.push(
      throughputRow('notifications', 'mails/s through a local smtp-server', n.mailsPerSecond, n.ceilingMailsPerSecond, 'nodemailer alone, same pool', 0.5, '/s',
        `${n.mails} mails of ~${n.averageMailBytes} bytes drained from the queue in ${n.drainSeconds} s by one instance (pool of 5 connections, 20 jobs at a time)`),
    );
  }
  const goals: Record<string, number> = { 'newest page (limit=50)': 0.5, 'Atom feed': 0.5, 'RSS feed': 0.5, 'JSON feed': 0.5, 'random deep page (cursor)': 0.5, '304 (Atom, If-None-Match)': 0.8 };
  for (const r of reads?.results ?? []) {
    const ac = `autocannon: service ${r.autocannon.service.perSecond.toLocaleString('en-US')}/s, bare ${r.autocannon.bare.perSecond.toLocaleString('en-US')}/s`;
    if (r.wrk && r.sql) {
      rows.push(throughputRow('reads', `${r.name} req/s (wrk)`, r.wrk.service.perSecond, r.sql.perSecond, 'same SQL via pg, 32 conn.', goals[r.name], '/s',
        `bare node:http (wrk) ${r.wrk.bare.perSecond.toLocaleString('en-US')}/s (ratio ${(r.wrk.service.perSecond / r.wrk.bare.perSecond).toFixed(2)}); SQL rounds ${r.sql.rounds.join(' / ')}; ${ac}`));
    } else if (r.wrk) {
      rows.push(throughputRow('reads', `${r.name} req/s (wrk)`, r.wrk.service.perSecond, r.wrk.bare.perSecond, 'bare node:http, same bytes', goals[r.name] ?? null, '/s', `${r.wrk.service.errors + r.wrk.bare.errors ? `wrk errors ${r.wrk.service.errors}/${r.wrk.bare.errors}; ` : ''}${ac}`));
    } else {
      rows.push(throughputRow('reads', `${r.name} req/s (autocannon; no wrk)`, r.autocannon.service.perSecond, r.sql?.perSecond ?? r.autocannon.bare.perSecond, r.sql ? 'same SQL via pg, 32 conn.' : 'bare node:http, same bytes', goals[r.name] ?? null, '/s'));
    }
  }
  if (replica?.available) {
    rows.push(throughputRow('replicas', 'deep page SQL via pg, primary + 1 replica', replica.sqlBoth!, replica.sqlPrimary!, 'primary alone', null, '/s', `32 connections, in turn on the primary and the replica; ${replica.note}`));
    rows.push(throughputRow('replicas', 'deep page via the service (wrk), with a replica', replica.serviceReplica!, replica.servicePrimary!, 'primary alone', null, '/s', `DATABASE_REPLICA_URLS = the replica: ${Math.round((replica.replicaShare ?? 0) * 100)}% of the pages read on it; replica copied online in ${replica.copySeconds} s`));
  }
  const scaleNote = args.entries < 1_000_000 ? ` (goal stated for 1,000,000 entries; this run: ${args.entries.toLocaleString('en-US')})` : '';
  for (const s of [searchNewest, search]) {
    if (!s) continue;
    rows.push({
      section: 'search',
      measure: `p95, query mix, ${s.sort === 'relevance' ? 'sort=relevance' : 'newest first (default)'}`,
      value: s.overall.p95ms,
      unit: 'ms',
      ceiling: s.overall.sqlP95ms,
      ceilingLabel: 'its SQL alone',
      ratio: s.overall.p95ms > 0 ? Number((s.overall.sqlP95ms / s.overall.p95ms).toFixed(2)) : null,
      goal: '< 50 ms',
      met: s.overall.p95ms < 50,
      note: `p50 ${s.overall.p50ms} ms (SQL ${s.overall.sqlP50ms} ms), max ${s.overall.maxms} ms over ${s.overall.n} requests${scaleNote}`,
    });
  }
  if (catchUp) rows.push(throughputRow('changes', `catch-up from after=0, pages of ${catchUp.pageSize}`, catchUp.perSecond, catchUp.sqlPerSecond, 'same SQL via pg', null, '/s'));
  if (report) {
    rows.push({ section: 'report', measure: `GET /reports/annual/${report.year}`, value: report.available ? report.maxms : null, unit: 'ms', ceiling: null, ceilingLabel: report.available ? `runs ${report.runs.join(', ')} ms` : `skipped: ${report.note}`, ratio: null, goal: '< 2000 ms', met: report.available ? report.maxms < 2000 : null });
  }
  if (assessment) {
    const a = assessment;
    rows.push({
      section: 'report',
      measure: `GET /performance/units?year=${a.year} (${a.units} units)`,
      value: a.available ? a.maxms : null,
      unit: 'ms',
      ceiling: null,
      ceilingLabel: a.available ? `runs ${a.runs.join(', ')} ms` : `skipped: ${a.note}`,
      ratio: null,
      goal: '< 2000 ms',
      met: a.available ? a.maxms < 2000 : null,
      note: a.available
        ? `${a.bytes.toLocaleString('en-US')} bytes; the XLSX ${a.xlsxMs} ms; the year's records: ${Object.entries(a.records).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}`
        : undefined,
    });
  }
  const memRows: [string, number][] = [];
  if (workflow) memRows.push(['write load', workflow.writePeakRssMb]);
  if (reads) memRows.push(['read load', reads.readPeakRssMb]);
  if (search) memRows.push(['search', searchPeakRssMb]);
  for (const [what, mb] of memRows) rows.push({ section: 'memory', measure: `service RSS peak, ${what}`, value: mb, unit: 'MB', ceiling: null, ceilingLabel: `${idleRssMb} MB at rest`, ratio: null, goal: '< 300 MB', met: mb < 300 });

  const command = `npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const noise = {
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: load1(),
    ceilingRoundSpread: workflow ? Number(spread(workflow.ceiling.map((r) => r.perSecond)).toFixed(2)) : null,
    serviceRoundSpread: workflow ? Number(spread(workflow.service.map((r) => r.perSecond)).toFixed(2)) : null,
  };
  const summary = [
    `gongkai benchmarks — ${command}`,
    `${new Date().toISOString()} · ${env.cpus} × ${env.cpuModel} · Node ${env.node} · PostgreSQL ${pgVersion} (${db.embedded ? 'embedded, settings in bench/lib/postgres.ts' : 'external'}) · commit ${env.commit}`,
    `dataset: ${info.entries.toLocaleString('en-US')} catalogue entries, ${info.units} units, ${info.changes.toLocaleString('en-US')} changes, ${info.applications.toLocaleString('en-US')} applications${info.reused ? ' (reused)' : ` (loaded in ${Object.values(info.seconds).reduce((s, x) => s + x, 0).toFixed(0)} s)`}; database ${info.sizes.database}`,
    `service: node ${productionNodeFlags().join(' ')} dist/src/main.js (as npm run start:prod), LOG_LEVEL=${args.logLevel}, DB_POOL_SIZE 20 (default), DELIVERY_WORKER=false (the audit chain's sequencer runs every second beside the write loads, as a worker instance runs it)${args.serviceNodeOptions ? `, NODE_OPTIONS=${args.serviceNodeOptions}` : ''}${Object.entries(args.serviceEnv).map(([k, v]) => `, ${k}=${v}`).join('')}; catalogue cache ${env.catalogueCache.split(' ')[0]}`,
    workflow ? `statement parity (pg_stat_statements): ${workflow.parity.note}, ${workflow.parity.statementsPerApproval.service} per approval` : '',
    reads ? `reads: ${reads.wrk ? 'wrk (1 thread, 32 connections), autocannon beside it' : 'autocannon (wrk not available)'}; ${reads.cores ?? 'unpinned (--no-pin): every process on every core'}` : '',
    `noise: load average ${noise.loadAverageAtStart} at the start, ${noise.loadAverageAtEnd} at the end (2 cores, shared)${workflow ? `; round-to-round spread ${Math.round((noise.ceilingRoundSpread ?? 0) * 100)}% (SQL), ${Math.round((noise.serviceRoundSpread ?? 0) * 100)}% (HTTP)` : ''}`,
    '',
    renderTable(rows),
    '',
    ...rows.filter((r) => r.note).map((r) => `  ${r.measure}: ${r.note}`),
  ]
    .filter((l, i, a) => l !== '' || a[i - 1] !== '')
    .join('\n');
  console.log(`\n${summary}\n`);

  for (const r of [...(workflow?.minimal ?? []), ...(workflow?.ceiling ?? []), ...(workflow?.service ?? []), ...(two ? [two] : []), ...(one ? [one] : []), ...(notifications ? [notifications.approvals] : [])]) delete (r as Partial<ThroughputResult>).published;
  writeJson(join(RESULTS_DIR, 'latest.json'), {
    command,
    at: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    environment: { ...env, postgres: pgVersion, database: db.description, serverSettings: db.settings, serviceEnv: { LOG_LEVEL: args.logLevel, DELIVERY_WORKER: 'false', NODE_OPTIONS: args.serviceNodeOptions || undefined, ...args.serviceEnv } },
    args: { ...args, only: args.only ? [...args.only] : null },
    dataset: info,
    workflow: workflow ? { ...workflow, twoInstances: two, oneInstanceRightAfter: one } : null,
    reads,
    replica,
    search: { relevance: search, newest: searchNewest },
    changes: catchUp,
    annualReport: report,
    assessment,
    memory: { idleRssMb, writePeakRssMb: workflow?.writePeakRssMb ?? null, readPeakRssMb: reads?.readPeakRssMb ?? null, searchPeakRssMb, twoInstancesPeakRssMb: twoPeakRssMb, vmHwmMb: hwmMb },
    notifications: notifications ? { ...notifications, published: undefined } : null,
    invariants,
    noise,
    profile,
    rows,
    summary,
  });
  log(`wrote bench/results/latest.json in ${Math.round((Date.now() - started) / 1000)} s`);
  if (args.writeResults) {
    writeResultsBlock(resolve(ROOT, 'bench', 'RESULTS.md'), ['```', summary, '```'].join('\n'));
    log('updated the figures block of bench/RESULTS.md');
  }
}

main()
  .then(shutdown)
  .catch(async (e) => {
    console.error(e);
    await shutdown();
    process.exit(1);
  });
