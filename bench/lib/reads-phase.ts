/**
 * The read measurements (`--only reads`): the newest page, the three feeds and the 304 against a
 * bare `node:http` server answering the same bytes; the random deep page against the same SQL
 * issued through `pg` at the same concurrency (sql-reads.ts), the bare server's figure beside it.
 * The figures are wrk's (wrk.ts); autocannon's are measured too and kept beside them. The server
 * under test (the service, the bare server, the SQL ceiling's process) has core 0 to itself,
 * PostgreSQL and the load generators the other core (affinity.ts).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCursor } from '../../src/common/pagination/pagination.js';
import type { ReplicaReads } from '../../src/common/database/replica-reads.js';
import { CatalogueRepository } from '../../src/modules/catalogue/catalogue.repository.js';
import type { IdentityRepository } from '../../src/modules/identity/identity.repository.js';
import { UnitDirectory } from '../../src/modules/identity/unit-directory.js';
import { pinForReads, type CoreLayout } from './affinity.js';
import { cpuMeter, type CpuUse } from './cpu.js';
import { request } from './http.js';
import { capture, load, startBareServer, type ReadResult, type ReadSpec } from './reads.js';
import { sampleMemory, type ServiceProcess } from './service.js';
import { ensureWrk, wrkLoad, type WrkResult } from './wrk.js';

export const READ_CONNECTIONS = 32;

export interface SqlReadResult {
  perSecond: number;
  pages: number;
  errors: number;
  seconds: number;
  rounds: number[];
}

export interface ReadFigure {
  name: string;
  /** wrk: the figures the goals are judged on (null when wrk is not available). */
  wrk: { service: WrkResult & { rounds: number[] }; bare: WrkResult & { rounds: number[] } } | null;
  /** autocannon, beside them. */
  autocannon: { service: ReadResult; bare: ReadResult };
  /** The deep page only: its SQL through pg, same concurrency. */
  sql?: SqlReadResult;
  peakRssMb: number;
  cpu: CpuUse | null;
}

export interface ReadsPhase {
  results: ReadFigure[];
  readPeakRssMb: number;
  cores: string | null;
  wrk: string | null;
}

export interface ReadsOptions {
  databaseUrl: string;
  postmasterPid: number | null;
  svc: ServiceProcess;
  deepPaths: string[];
  seconds: number;
  pin: boolean;
  resultsDir: string;
  log: (m: string) => void;
  onCleanup: (fn: () => Promise<void>) => () => void;
}

/** The SQL and the parameters of the deep page the service sends for each cursor (its repository's own, recorded). */
export async function deepPageStatement(deepPaths: string[]): Promise<{ name: string; text: string; params: unknown[][] }> {
  let seen: { text: string; values: unknown[]; name?: string } | null = null;
  const recorder = { query: async (text: string, values: unknown[] = [], name?: string) => ((seen = { text, values, name }), []) } as unknown as ReplicaReads;
  const repo = new CatalogueRepository(null as never, recorder, new UnitDirectory(null as unknown as IdentityRepository));
  const cursors = deepPaths.map((p) => decodeCursor(new URL(p, 'http://x').searchParams.get('cursor') ?? '', ['string', 'string']) as [string, string]);
  await repo.list({ after: cursors[0], limit: 51 });
  const s = seen as { text: string; values: unknown[]; name?: string } | null;
  if (!s || !s.name || s.values.length !== 3 || s.values[0] !== cursors[0][0] || s.values[1] !== cursors[0][1]) throw new Error(`the deep page's statement changed shape: ${JSON.stringify(s)}`);
  return { name: s.name, text: s.text, params: cursors.map(([ts, no]) => [ts, no, s.values[2]]) };
}

/** The deep page's SQL through pg from a process of its own (on the server's core when pinned). */
export async function sqlReads(
  job: { urls: string[]; name: string; text: string; params: unknown[][]; seconds: number; connections: number },
  dir: string,
  layout: CoreLayout | null,
): Promise<{ pages: number; errors: number; seconds: number }> {
  const file = join(dir, 'sql-reads-job.json');
  writeFileSync(file, JSON.stringify(job));
  const child = spawn(process.execPath, [join('dist', 'bench', 'sql-reads.js'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  layout?.server(child.pid!);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`sql-reads exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop()!) as { pages: number; errors: number; seconds: number };
}

function combineWrk(rs: WrkResult[]): WrkResult & { rounds: number[] } {
  const sum = (k: 'requests' | 'errors' | 'seconds') => rs.reduce((s, r) => s + r[k], 0);
  return {
    name: rs[0].name,
    perSecond: Math.round(rs.reduce((s, r) => s + r.perSecond, 0) / rs.length),
    requests: sum('requests'),
    errors: sum('errors'),
    seconds: Number(sum('seconds').toFixed(2)),
    p50ms: Math.max(...rs.map((r) => r.p50ms)),
    p99ms: Math.max(...rs.map((r) => r.p99ms)),
    rounds: rs.map((r) => r.perSecond),
  };
}

function combineAc(rs: Awaited<ReturnType<typeof load>>[], target: 'service' | 'bare', bytes: number): ReadResult {
  const statuses: Record<string, number> = {};
  for (const r of rs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  return {
    name: rs[0].name,
    target,
    perSecond: Math.round(rs.reduce((s, r) => s + r.perSecond, 0) / rs.length),
    p50ms: Math.max(...rs.map((r) => r.p50ms)),
    p97_5ms: Math.max(...rs.map((r) => r.p97_5ms)),
    p99ms: Math.max(...rs.map((r) => r.p99ms)),
    expected: rs.reduce((a, r) => a + r.expected, 0),
    unexpected: rs.reduce((a, r) => a + r.unexpected, 0),
    statuses,
    bytes,
  };
}

/**
 * Load in one-second steps until two steps in a row agree within 5 % (at most 15 s): JIT, caches,
 * PostgreSQL's buffers. The deep page ramps up over 5–6 s from a fresh start.
 */
async function warmUp(step: () => Promise<number>): Promise<number> {
  let last = 0;
  for (let s = 1; s <= 15; s++) {
    const rate = await step();
    if (last > 0 && Math.abs(rate - last) <= 0.05 * last) return s;
    last = rate;
  }
  return 15;
}

export async function readsPhase(o: ReadsOptions): Promise<ReadsPhase> {
  const { log, svc } = o;
  mkdirSync(o.resultsDir, { recursive: true });
  const wrk = ensureWrk(log);
  log(`reads: ${wrk ? `wrk (${wrk}), autocannon beside it` : 'autocannon only (no wrk)'}; capturing the service’s answers for the bare server`);
  const layout = o.pin ? pinForReads(o.postmasterPid) : null;
  const unpin = layout ? o.onCleanup(async () => layout.restore()) : () => undefined;
  layout?.server(svc.pid);
  log(`reads: ${layout ? layout.description : 'unpinned (every process on every core)'}`);
  const readSeconds = Math.max(3, Math.round(o.seconds / 2));
  const atomEtag = String((await request(svc.port, 'GET', '/feeds/catalogue.atom')).headers.etag ?? '');
  const specs: ReadSpec[] = [
    { name: 'newest page (limit=50)', path: '/api/v1/catalogue?limit=50', expectStatus: 200 },
    { name: 'Atom feed', path: '/feeds/catalogue.atom', expectStatus: 200 },
    { name: 'RSS feed', path: '/feeds/catalogue.rss', expectStatus: 200 },
    { name: 'JSON feed', path: '/feeds/catalogue.json', expectStatus: 200 },
    { name: 'random deep page (cursor)', path: o.deepPaths[0], paths: o.deepPaths, expectStatus: 200 },
    { name: '304 (Atom, If-None-Match)', path: '/feeds/catalogue.atom', headers: { 'if-none-match': atomEtag }, expectStatus: 304 },
  ];
  const routes = [];
  const bytes: Record<string, number> = {};
  for (const s of specs.filter((x) => x.expectStatus === 200)) {
    const r = await capture(svc.port, s.path);
    if (r.status !== 200) throw new Error(`${s.path}: ${r.status}`);
    routes.push(r);
    bytes[s.name] = r.bytes;
  }
  // wrk counts 3xx as success: the 304 is checked on both servers before it is measured.
  const bare = await startBareServer(routes, o.resultsDir);
  const stopBare = o.onCleanup(() => bare.stop());
  layout?.server(bare.pid);
  for (const port of [svc.port, bare.port]) {
    const nm = await request(port, 'GET', '/feeds/catalogue.atom', { headers: { 'if-none-match': atomEtag } });
    if (nm.status !== 304) throw new Error(`If-None-Match on port ${port}: ${nm.status}, not 304`);
  }
  const deep = await deepPageStatement(o.deepPaths);
  const results: ReadFigure[] = [];
  let readPeak = 0;
  for (const s of specs) {
    const step = (port: number) => async () => (wrk ? (await wrkLoad(wrk, port, s, 1, READ_CONNECTIONS, o.resultsDir)).perSecond : (await load(port, s, 1, READ_CONNECTIONS)).perSecond);
    const warm = await warmUp(step(svc.port));
    await warmUp(step(bare.port));
    const wsv: WrkResult[] = [];
    const wbr: WrkResult[] = [];
    const acs: Awaited<ReturnType<typeof load>>[] = [];
    const acb: Awaited<ReturnType<typeof load>>[] = [];
    const sqlRounds: { pages: number; errors: number; seconds: number }[] = [];
    let peakRssMb = 0;
    let cpu: CpuUse | null = null;
    for (let round = 0; round < 2; round++) {
      const mem = sampleMemory([svc]);
      const meter = cpuMeter([svc.pid]);
      if (wrk) wsv.push(await wrkLoad(wrk, svc.port, s, readSeconds / 2, READ_CONNECTIONS, o.resultsDir));
      else acs.push(await load(svc.port, s, readSeconds / 2, READ_CONNECTIONS));
      cpu = meter.stop();
      peakRssMb = Math.max(peakRssMb, mem.stop().peakRssMb);
      if (wrk) wbr.push(await wrkLoad(wrk, bare.port, s, readSeconds / 2, READ_CONNECTIONS, o.resultsDir));
      else acb.push(await load(bare.port, s, readSeconds / 2, READ_CONNECTIONS));
      if (s.paths) sqlRounds.push(await sqlReads({ urls: [o.databaseUrl], ...deep, seconds: readSeconds / 2, connections: READ_CONNECTIONS }, o.resultsDir, layout));
    }
    if (wrk) {
      // autocannon beside wrk: one round each.
      acs.push(await load(svc.port, s, readSeconds / 2, READ_CONNECTIONS));
      acb.push(await load(bare.port, s, readSeconds / 2, READ_CONNECTIONS));
    }
    readPeak = Math.max(readPeak, peakRssMb);
    const figure: ReadFigure = {
      name: s.name,
      wrk: wrk ? { service: combineWrk(wsv), bare: combineWrk(wbr) } : null,
      autocannon: { service: combineAc(acs, 'service', bytes[s.name] ?? 0), bare: combineAc(acb, 'bare', bytes[s.name] ?? 0) },
      peakRssMb,
      cpu,
    };
    if (sqlRounds.length) {
      const rates = sqlRounds.map((r) => Math.round(r.pages / r.seconds));
      figure.sql = {
        perSecond: Math.round(rates.reduce((a, b) => a + b, 0) / rates.length),
        pages: sqlRounds.reduce((a, r) => a + r.pages, 0),
        errors: sqlRounds.reduce((a, r) => a + r.errors, 0),
        seconds: Number(sqlRounds.reduce((a, r) => a + r.seconds, 0).toFixed(2)),
        rounds: rates,
      };
    }
    results.push(figure);
    const w = figure.wrk;
    log(
      `${s.name} (warmed up in ${warm} s): ` +
        (w ? `wrk service ${w.service.perSecond}/s (rounds ${w.service.rounds.join(', ')}; errors ${w.service.errors}), bare ${w.bare.perSecond}/s (${w.bare.rounds.join(', ')}); ratio ${(w.service.perSecond / w.bare.perSecond).toFixed(2)}; ` : '') +
        `autocannon service ${figure.autocannon.service.perSecond}/s, bare ${figure.autocannon.bare.perSecond}/s` +
        (figure.sql ? `; its SQL via pg ${figure.sql.perSecond}/s (${figure.sql.rounds.join(', ')})` : '') +
        `; RSS ${peakRssMb} MB` +
        (figure.autocannon.service.unexpected ? `; unexpected answers ${figure.autocannon.service.unexpected} ${JSON.stringify(figure.autocannon.service.statuses)}` : ''),
    );
    if (cpu) log(`  CPU in the service's last round: service ${cpu.serviceCores} cores, PostgreSQL ${cpu.postgresCores ?? '?'}, load generator ${cpu.generatorCores}, other ${cpu.otherCores}; machine ${cpu.machineBusyPct}% busy`);
  }
  await bare.stop();
  stopBare();
  if (layout) {
    layout.restore();
    unpin();
  }
  return { results, readPeakRssMb: readPeak, cores: layout?.description ?? null, wrk };
}
