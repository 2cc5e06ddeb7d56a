/**
 * Search latency over a query mix, the change stream's catch-up rate, and the annual report,
 * each through HTTP and, for comparison, the service's own SQL straight through pg.
 */
import pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { TransactionHost } from '../../src/common/database/transaction-host.js';
import { ChangesRepository } from '../../src/modules/catalogue/changes.repository.js';
import { CatalogueSearchRepository, SEARCH_TUNING, tsQuerySql } from '../../src/modules/catalogue/search/catalogue-search.repository.js';
import { parseQuery } from '../../src/modules/catalogue/search/search-text.js';
import { sqlParams } from '../../src/common/database/sql-params.js';
import { percentile, request } from './http.js';

export interface SearchQuerySpec {
  q: string;
  kind: string;
}

/**
 * Realistic portal searches: Chinese terms of 2, 3 and 4 characters from very frequent to rare,
 * English words, and two-term queries. Match counts are measured and reported with the timings.
 */
export const QUERY_MIX: SearchQuerySpec[] = [
  { q: '工作', kind: '2-char, very frequent' },
  { q: '预算', kind: '2-char, frequent' },
  { q: '燃气', kind: '2-char, mid' },
  { q: '供暖', kind: '2-char, rare' },
  { q: '审计局', kind: '3-char, mid' },
  { q: '示范区', kind: '3-char, mid' },
  { q: '公积金', kind: '3-char, rare' },
  { q: '新能源', kind: '3-char, rare' },
  { q: '信息公开', kind: '4-char, very frequent' },
  { q: '安全生产', kind: '4-char, frequent' },
  { q: '乡村振兴', kind: '4-char, frequent' },
  { q: '数字政府', kind: '4-char, mid' },
  { q: '森林防火', kind: '4-char, rare' },
  { q: '地质灾害', kind: '4-char, rare' },
  { q: '东湖体育公园', kind: '6-char, a handful of documents' },
  { q: 'budget', kind: 'English' },
  { q: 'procurement', kind: 'English' },
  { q: 'flood', kind: 'English' },
  { q: 'subsidies', kind: 'English (stemmed)' },
  { q: '安全生产 检查', kind: 'two terms' },
  { q: '预算 budget', kind: 'two terms, mixed' },
  { q: '乡村振兴 资金', kind: 'two terms' },
  { q: '政府信息公开 年度报告', kind: 'two terms' },
];

function pool(url: string) {
  return new pg.Pool({ connectionString: url, max: 4, application_name: 'gongkai-bench-search' });
}

/**
 * A DataSource stand-in over a pg pool, for the service's repositories: those on a TransactionHost
 * read its `manager` (the pool's, outside a transaction), ChangesRepository its `query` and `transaction`.
 */
function dbOn(p: pg.Pool): DataSource {
  const query = async (sql: string, params?: unknown[]) => (await p.query(sql, params)).rows;
  return {
    query,
    manager: { query } as unknown as EntityManager,
    transaction: async <T>(fn: (m: EntityManager) => Promise<T>) => {
      const c = await p.connect();
      try {
        await c.query('START TRANSACTION');
        const m = {
          query: async (sql: string, params?: unknown[]) => {
            const r = await c.query(sql, params);
            return r.command === 'UPDATE' || r.command === 'DELETE' ? [r.rows, r.rowCount] : r.rows;
          },
        } as unknown as EntityManager;
        const res = await fn(m);
        await c.query('COMMIT');
        return res;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
  } as unknown as DataSource;
}

export interface SearchResult {
  sort: 'relevance' | 'newest';
  overall: { n: number; p50ms: number; p95ms: number; p99ms: number; maxms: number; sqlP50ms: number; sqlP95ms: number };
  perQuery: { q: string; kind: string; matches: number; runs: number; p50ms: number; maxms: number; sqlP50ms: number }[];
  limit: number;
}

/** Percentile over samples where every query weighs the same, however many runs it got. */
function weightedPercentile(groups: number[][], p: number): number {
  const xs: { v: number; w: number }[] = [];
  for (const g of groups) for (const v of g) xs.push({ v, w: 1 / g.length });
  xs.sort((a, b) => a.v - b.v);
  const total = xs.reduce((s, x) => s + x.w, 0);
  let acc = 0;
  for (const x of xs) {
    acc += x.w;
    if (acc >= (p / 100) * total - 1e-9) return x.v;
  }
  return xs.length ? xs[xs.length - 1].v : NaN;
}

/**
 * Each query of the mix, one request at a time: `reps` runs (fewer for slow queries: about 3 s of
 * runs per query, at least 2), after one untimed run when the query is fast. The SQL the service
 * issues is timed alone through pg the same number of times. Every query weighs the same in the
 * percentiles.
 */
export async function measureSearch(port: number, databaseUrl: string, reps: number, sort: 'relevance' | 'newest', limit = 20): Promise<SearchResult> {
  const p = pool(databaseUrl);
  // The service's search strategy with the service's parameters (catalogue.module.ts provides SEARCH_TUNING).
  const repo = new CatalogueSearchRepository(new TransactionHost(dbOn(p)), SEARCH_TUNING);
  const http: number[][] = [];
  const sql: number[][] = [];
  const perQuery: SearchResult['perQuery'] = [];
  try {
    for (const spec of QUERY_MIX) {
      const query = parseQuery(spec.q);
      const { params, p: ph } = sqlParams();
      const path = `/api/v1/catalogue?q=${encodeURIComponent(spec.q)}&limit=${limit}${sort === 'relevance' ? '&sort=relevance' : ''}`;
      const get = async () => {
        const r = await request(port, 'GET', path, { timeoutMs: 600_000 });
        if (r.status !== 200) throw new Error(`search ${spec.q}: ${r.status} ${r.body.toString().slice(0, 200)}`);
        return r.ms;
      };
      // The first run warms up; a slow one (over 1 s) is kept as a sample rather than repeated much.
      const first = await get();
      const times: number[] = first < 1000 ? [] : [first];
      const n = Math.max(2, Math.min(reps, Math.floor(2500 / Math.max(1, first))));
      while (times.length < n) times.push(await get());
      const sqlTimes: number[] = [];
      for (let i = 0; i < (first > 1000 ? 1 : n); i++) {
        const t0 = performance.now();
        await repo.search({ query, sort, after: null, limit: limit + 1 });
        sqlTimes.push(performance.now() - t0);
      }
      const count = await p.query<{ n: string }>(`SELECT count(*) AS n FROM catalogue_entries c WHERE c.revoked_at IS NULL AND c.search @@ ${tsQuerySql(query, ph)}`, params);
      times.sort((a, b) => a - b);
      sqlTimes.sort((a, b) => a - b);
      http.push(times);
      sql.push(sqlTimes);
      perQuery.push({
        q: spec.q,
        kind: spec.kind,
        matches: Number(count.rows[0].n),
        runs: times.length,
        p50ms: Number(percentile(times, 50).toFixed(1)),
        maxms: Number(times[times.length - 1].toFixed(1)),
        sqlP50ms: Number(percentile(sqlTimes, 50).toFixed(1)),
      });
    }
  } finally {
    await p.end();
  }
  const r1 = (x: number) => Number(x.toFixed(1));
  return {
    sort,
    overall: {
      n: http.reduce((s, g) => s + g.length, 0),
      p50ms: r1(weightedPercentile(http, 50)),
      p95ms: r1(weightedPercentile(http, 95)),
      p99ms: r1(weightedPercentile(http, 99)),
      maxms: r1(Math.max(...http.flat())),
      sqlP50ms: r1(weightedPercentile(sql, 50)),
      sqlP95ms: r1(weightedPercentile(sql, 95)),
    },
    perQuery,
    limit,
  };
}

export interface CatchUpResult {
  changes: number;
  requests: number;
  seconds: number;
  perSecond: number;
  sqlSeconds: number;
  sqlPerSecond: number;
  pageSize: number;
}

/** A new portal reading the whole change stream from after=0, pages of `pageSize`, as fast as it can. */
export async function measureCatchUp(port: number, databaseUrl: string, pageSize = 1000): Promise<CatchUpResult> {
  let after = 0;
  let changes = 0;
  let requests = 0;
  const t0 = performance.now();
  for (;;) {
    const r = await request(port, 'GET', `/api/v1/catalogue/changes?after=${after}&limit=${pageSize}`);
    requests++;
    if (r.status !== 200) throw new Error(`changes: ${r.status} ${r.body.toString().slice(0, 200)}`);
    const body = JSON.parse(r.body.toString('utf8')) as { changes: unknown[]; lastSeq: number };
    if (body.changes.length === 0) break;
    changes += body.changes.length;
    after = body.lastSeq;
  }
  const seconds = (performance.now() - t0) / 1000;
  // The same statements (the sequencer's transaction, then the page) straight through pg.
  const p = pool(databaseUrl);
  const repo = new ChangesRepository(dbOn(p));
  let sqlChanges = 0;
  const s0 = performance.now();
  try {
    let a = 0;
    for (;;) {
      await repo.sequence();
      const rows = await repo.after(a, pageSize);
      if (rows.length === 0) break;
      sqlChanges += rows.length;
      a = Number(rows[rows.length - 1].seq);
    }
  } finally {
    await p.end();
  }
  const sqlSeconds = (performance.now() - s0) / 1000;
  return {
    changes,
    requests,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Number((changes / seconds).toFixed(0)),
    sqlSeconds: Number(sqlSeconds.toFixed(2)),
    sqlPerSecond: Number((sqlChanges / sqlSeconds).toFixed(0)),
    pageSize,
  };
}

export interface ReportResult {
  available: boolean;
  note: string;
  year: number;
  runs: number[];
  p50ms: number;
  maxms: number;
  bytes: number;
}

/** GET /api/v1/reports/annual/:year, a few times, as the disclosure office would. */
export async function measureAnnualReport(port: number, token: string, year: number, runs = 3): Promise<ReportResult> {
  const path = `/api/v1/reports/annual/${year}`;
  const first = await request(port, 'GET', path, { headers: { authorization: `Bearer ${token}` }, timeoutMs: 300_000 });
  if (first.status === 404 && /Cannot GET|not found/i.test(first.body.toString())) {
    return { available: false, note: `the route is not there yet (404: ${first.body.toString().slice(0, 80)})`, year, runs: [], p50ms: NaN, maxms: NaN, bytes: 0 };
  }
  if (first.status !== 200) {
    return { available: false, note: `answered ${first.status}: ${first.body.toString().slice(0, 120)}`, year, runs: [], p50ms: NaN, maxms: NaN, bytes: 0 };
  }
  const times = [first.ms];
  for (let i = 1; i < runs; i++) {
    const r = await request(port, 'GET', path, { headers: { authorization: `Bearer ${token}` }, timeoutMs: 300_000 });
    if (r.status !== 200) throw new Error(`report: ${r.status}`);
    times.push(r.ms);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    available: true,
    note: 'first run included (no warm-up: a yearly report is usually computed cold)',
    year,
    runs: times.map((t) => Number(t.toFixed(0))),
    p50ms: Number(percentile(sorted, 50).toFixed(0)),
    maxms: Number(sorted[sorted.length - 1].toFixed(0)),
    bytes: first.body.length,
  };
}
