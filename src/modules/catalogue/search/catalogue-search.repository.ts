import { Inject, Injectable, Optional } from '@nestjs/common';
import { ReplicaReads } from '../../../common/database/replica-reads.js';
import { sqlParams } from '../../../common/database/sql-params.js';
import { TransactionHost } from '../../../common/database/transaction-host.js';
import { COLUMNS, filterSql, withTimes, type CatalogueFilters, type CatalogueRow, type SelectedRow } from '../catalogue-rows.js';
import type { SearchQuery } from './search-text.js';

/**
 * A tsquery matching entries that contain every term of the query. `loose` drops word order
 * inside a Chinese term (信息 & 息公 & 公开 instead of 信息 <-> 息公 <-> 公开): the GIN index then
 * answers it without reading any entry's vector; it is a superset of the exact query.
 */
export function tsQuerySql(q: SearchQuery, p: (v: unknown) => string, loose = false): string {
  const parts: string[] = [];
  for (const phrase of q.cjkPhrases) parts.push(`${loose ? 'plainto_tsquery' : 'phraseto_tsquery'}('simple', ${p(phrase)})`);
  for (const ch of q.cjkSingles) parts.push(`to_tsquery('simple', ${p(`'${ch.replace(/'/g, "''")}':*`)})`);
  for (const w of q.words) parts.push(`(plainto_tsquery('english', ${p(w)}) || plainto_tsquery('simple', ${p(w)}))`);
  return parts.length ? `(${parts.join(' && ')})` : `''::tsquery`;
}

/** Ranks by normalised cover density (rank / (rank + 1)) as an integer: exact keyset comparisons. */
function rankSql(tsq: string): string {
  return `(ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', c.search, ${tsq}, 32) * 1000000000)::bigint`;
}

/** A position in newest-first order: (published_at, index_no). `inclusive` keeps the entry itself. */
export interface NewestKey {
  ts: string;
  indexNo: string;
  inclusive?: boolean;
}

/**
 * Search strategy (numbers measured at 1,000,000 entries, see bench/RESULTS.md "Search"):
 * a Chinese term is a phrase of bigrams, and checking a phrase means reading the entry's vector
 * (about 5 µs each: it lives in TOAST). Neither plan PostgreSQL would pick is fast for every term:
 * the GIN index rechecks every match (工作 matches all million entries), and walking the newest-first
 * index checks every entry until a page is found (a term in 19 entries means walking all of them).
 * The planner's estimates for bigram phrases are off by up to four orders of magnitude, so it
 * cannot choose. `newestMatches` chooses by measuring instead:
 *  1. probe: walk the newest `probeWindow` entries (1,000 vector checks); the share s of matches
 *     found there estimates the term's frequency;
 *  2. keep walking when that is cheaper: a walk reads about n / s vectors (5 µs each), the index
 *     path reads s × N rows (N entries, 2.5 µs each, no vector): walk when s² > 2n / N, bounded
 *     at eight times the expected walk in case the newest entries were not typical;
 *  3. otherwise take the GIN index's matches of the loose query (no vector read), keep the newest
 *     few times n, and check only those exactly. If that was not enough (word order rejected most
 *     of them), the exact query over the GIN index, all matches.
 * Every path returns the same rows: the n newest exact matches.
 */
export interface SearchTuning {
  /** Entries the probe walks. */
  probeWindow: number;
  /** Cost of checking one entry's vector over that of reading one index match (measured: 5 µs / 2.5 µs). */
  walkCostRatio: number;
  /** How many loose index matches are checked exactly for each entry wanted. */
  looseFactor: number;
  /** Relevance ranks matches in blocks of this many, newest block first (see `search`). */
  relevanceBlock: number;
}

export const SEARCH_TUNING: Readonly<SearchTuning> = { probeWindow: 1000, walkCostRatio: 2, looseFactor: 4, relevanceBlock: 30 };

/**
 * The provider of the strategy's parameters (`SEARCH_TUNING` in catalogue.module.ts); tests build
 * a CatalogueSearchRepository with others to drive each path on a small catalogue.
 */
export const SEARCH_TUNING_TOKEN = Symbol('SEARCH_TUNING');

export interface SearchOptions extends CatalogueFilters {
  query: SearchQuery;
  sort: 'newest' | 'relevance';
  /** newest: [ts, indexNo]; relevance: [blockTs, blockIndexNo, rank, ts, indexNo] (block: its newest entry, '' for the first). */
  after: unknown[] | null;
  limit: number;
}

export type SearchRow = CatalogueRow & { blockTs?: string; blockIndexNo?: string };

/**
 * The catalogue's full-text search: reads only (the vectors are written with search-vector.ts),
 * on a streaming replica when there is one that has replayed every change heard of (ReplicaReads;
 * without it, as the benchmark and some tests build this class, on the transaction host).
 */
@Injectable()
export class CatalogueSearchRepository {
  constructor(
    private readonly tx: TransactionHost,
    @Inject(SEARCH_TUNING_TOKEN) private readonly tuning: Readonly<SearchTuning>,
    @Optional() private readonly reads?: ReplicaReads,
  ) {}

  private async read<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.reads ? this.reads.query<T>(sql, params) : ((await this.tx.manager.query(sql, params)) as T[]);
  }

  /**
   * Search. `newest`: the `limit` newest matches after the cursor. `relevance`: matches come in
   * blocks of `relevanceBlock` (30), newest block first, ranked within each block (title over summary
   * over body over attachments, then cover density); a block is named by its newest entry, so new
   * publications do not shift a block a client is paging through. Ranking is bounded this way
   * because no PostgreSQL index ranks (RUM is not in the embedded build): ranking all matches of a
   * frequent term means reading up to a million vectors.
   */
  async search(o: SearchOptions): Promise<SearchRow[]> {
    if (o.sort === 'newest') {
      const before = o.after ? { ts: String(o.after[0]), indexNo: String(o.after[1]) } : null;
      const keys = await this.newestMatches(o.query, o, before, o.limit);
      return this.rows(keys.map((k) => k.indexNo), o.query, null, o.limit, false);
    }
    const out: (CatalogueRow & { blockTs: string; blockIndexNo: string })[] = [];
    let block: NewestKey | null = o.after && o.after[0] !== '' ? { ts: String(o.after[0]), indexNo: String(o.after[1]), inclusive: true } : null;
    let key = o.after ? o.after.slice(2) : null;
    for (;;) {
      const keys = await this.newestMatches(o.query, o, block, this.tuning.relevanceBlock);
      if (keys.length === 0) break;
      const top = { ts: keys[0].ts, indexNo: keys[0].indexNo };
      const rows = await this.rows(keys.map((k) => k.indexNo), o.query, key, o.limit - out.length, true);
      for (const r of rows) out.push({ ...r, blockTs: top.ts, blockIndexNo: top.indexNo });
      if (out.length >= o.limit || keys.length < this.tuning.relevanceBlock) break;
      const last = keys[keys.length - 1];
      block = { ts: last.ts, indexNo: last.indexNo, inclusive: false };
      key = null;
    }
    return out;
  }

  /** The n newest entries matching the query, before `before` (see the strategy above). */
  async newestMatches(query: SearchQuery, f: CatalogueFilters, before: NewestKey | null, n: number): Promise<{ ts: string; indexNo: string }[]> {
    const { probeWindow, walkCostRatio, looseFactor } = this.tuning;
    const probe = await this.walk(query, f, before, probeWindow, n);
    if (probe.length >= n) return probe;
    const share = probe.length / probeWindow;
    if (share > 0 && share * share * (await this.size()) > walkCostRatio * n) {
      const walked = await this.walk(query, f, before, Math.ceil((8 * n) / share), n);
      if (walked.length >= n) return walked;
    }
    const exactIsLoose = query.cjkPhrases.every((ph) => !ph.includes(' '));
    const wanted = exactIsLoose ? n : n * looseFactor;
    const { rows, candidates } = await this.fromIndex(query, f, before, wanted, n, true);
    if (rows.length >= n || candidates < wanted || exactIsLoose) return rows;
    return (await this.fromIndex(query, f, before, n, n, false)).rows;
  }

  private sizeCache: { n: number; at: number } | null = null;

  /** The catalogue's size as the planner's statistics know it (refreshed at most once a minute). */
  private async size(): Promise<number> {
    if (this.sizeCache && Date.now() - this.sizeCache.at < 60_000) return this.sizeCache.n;
    const rows = await this.read<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'catalogue_entries'::regclass`);
    this.sizeCache = { n: Math.max(this.tuning.probeWindow, Number(rows[0]?.n ?? 0)), at: Date.now() };
    return this.sizeCache.n;
  }

  /** Walks the newest-first index, checking each entry's vector, over at most `window` entries. */
  private async walk(query: SearchQuery, f: CatalogueFilters, before: NewestKey | null, window: number, n: number) {
    const { params, p } = sqlParams();
    const where = ['c0.revoked_at IS NULL', ...filterSql('c0', f, p), ...this.before('c0', before, p)];
    const tsq = tsQuerySql(query, p);
    // The LIMIT inside keeps PostgreSQL from moving the match below it: the index is walked in order.
    const scan = `SELECT c0.index_no, c0.published_at, c0.search FROM catalogue_entries c0 WHERE ${where.join(' AND ')}
                   ORDER BY c0.published_at DESC, c0.index_no DESC LIMIT ${p(window)}`;
    return this.read<{ ts: string; indexNo: string }>(
      `SELECT c.published_at::text AS ts, c.index_no AS "indexNo" FROM (${scan}) c
        WHERE c.search @@ ${tsq} ORDER BY c.published_at DESC, c.index_no DESC LIMIT ${p(n)}`,
      params,
    );
  }

  /**
   * The GIN index's matches (of the loose query when `loose`), newest `wanted` of them, then the
   * exact check on those only. MATERIALIZED keeps the planner on the GIN index for the matching.
   */
  private async fromIndex(query: SearchQuery, f: CatalogueFilters, before: NewestKey | null, wanted: number, n: number, loose: boolean) {
    const { params, p } = sqlParams();
    const where = ['c0.revoked_at IS NULL', `c0.search @@ ${tsQuerySql(query, p, loose)}`, ...filterSql('c0', f, p), ...this.before('c0', before, p)];
    const exact = tsQuerySql(query, p);
    const rows = await this.read<{ ts: string; indexNo: string; candidates: number }>(
      `WITH m AS MATERIALIZED (SELECT c0.index_no, c0.published_at FROM catalogue_entries c0 WHERE ${where.join(' AND ')}),
            top AS MATERIALIZED (SELECT index_no FROM m ORDER BY published_at DESC, index_no DESC LIMIT ${p(wanted)})
       SELECT c.published_at::text AS ts, c.index_no AS "indexNo", (SELECT count(*) FROM top)::int AS candidates
         FROM top JOIN catalogue_entries c USING (index_no)
        WHERE c.search @@ ${exact} ORDER BY c.published_at DESC, c.index_no DESC LIMIT ${p(n)}`,
      params,
    );
    return { rows: rows.map(({ ts, indexNo }) => ({ ts, indexNo })), candidates: rows[0]?.candidates ?? 0 };
  }

  /** The entries named, newest first, or ranked (and after the relevance key) when `ranked`. */
  private async rows(indexNos: string[], query: SearchQuery, key: unknown[] | null, limit: number, ranked: boolean): Promise<CatalogueRow[]> {
    if (indexNos.length === 0 || limit <= 0) return [];
    const { params, p } = sqlParams([indexNos]);
    const where = ['c.index_no = ANY($1::text[])', 'c.revoked_at IS NULL'];
    let rank = '';
    if (ranked) {
      rank = rankSql(tsQuerySql(query, p));
      if (key) where.push(`(${rank}, c.published_at, c.index_no) < (${p(key[0])}::bigint, ${p(key[1])}::timestamptz, ${p(key[2])})`);
    }
    const order = ranked ? `${rank} DESC, c.published_at DESC, c.index_no DESC` : `c.published_at DESC, c.index_no DESC`;
    return withTimes(
      await this.read<SelectedRow<CatalogueRow>>(
        `SELECT ${COLUMNS}${ranked ? `, ${rank}::text AS rank` : ''} FROM catalogue_entries c JOIN units u ON u.id = c.unit_id
          WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${p(limit)}`,
        params,
      ),
    );
  }

  private before(alias: string, b: NewestKey | null, p: (v: unknown) => string): string[] {
    if (!b) return [];
    return [`(${alias}.published_at, ${alias}.index_no) ${b.inclusive ? '<=' : '<'} (${p(b.ts)}::timestamptz, ${p(b.indexNo)})`];
  }
}
