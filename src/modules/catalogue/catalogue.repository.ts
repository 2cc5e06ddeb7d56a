import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { afterCommit } from '../../common/database/after-commit.js';
import { latinText, simpleTokens, type SearchQuery } from './search/search-text.js';
import { sqlParams } from '../../common/database/sql-params.js';
import { IdentityRepository } from '../identity/identity.repository.js';
import { preparedQuery } from '../../common/database/prepared-query.js';
import { PUBLISHED_EPOCH_SQL, publishedTimes } from './published-time.js';

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

export interface ChangeRef {
  changeId: string;
  at: string;
}

export interface PublicCopy {
  title: string;
  summary: string | null;
  /** The body as the public may see it (redacted). */
  body: string;
  /** Text of the attachments, searched with the body. */
  attachmentsText: string;
}

/** An entry's columns without its unit (the list adds the unit from memory, see `unitsById`); times as in published-time.ts. */
const ENTRY_COLUMNS = `
  c.index_no AS "indexNo", c.document_id AS "documentId", c.title, c.summary, c.doc_type AS "docType",
  c.category, c.document_number AS "documentNumber", ${PUBLISHED_EPOCH_SQL}`;

const COLUMNS = `${ENTRY_COLUMNS}, u.code AS "unitCode", u.name AS "unitName"`;

/** Rows as selected with COLUMNS: the publication time still as seconds since the epoch. */
type SelectedRow<T extends CatalogueRow> = Omit<T, 'publishedAt' | 'cursorTs'> & { publishedEpoch: string };

/** Rows selected with COLUMNS, with their publication time formatted. */
function withTimes<T extends CatalogueRow>(rows: SelectedRow<T>[]): T[] {
  return rows.map(({ publishedEpoch, ...r }) => ({ ...r, ...publishedTimes(publishedEpoch) }) as unknown as T);
}

/** The tsvector of an entry: title (A), summary (B), body (C), attachments (D); Chinese bigrams + English stems. */
export function searchVectorSql(p: (v: unknown) => string, copy: Omit<PublicCopy, 'body'> & { body: string }): string {
  const part = (text: string, weight: 'A' | 'B' | 'C' | 'D') =>
    `setweight(to_tsvector('simple', ${p(simpleTokens(text))}) || to_tsvector('english', ${p(latinText(text))}), '${weight}')`;
  return [part(copy.title, 'A'), part(copy.summary ?? '', 'B'), part(copy.body, 'C'), part(copy.attachmentsText, 'D')].join(' || ');
}

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

export interface SearchOptions {
  query: SearchQuery;
  sort: 'newest' | 'relevance';
  category?: string;
  unitCode?: string;
  /** newest: [ts, indexNo]; relevance: [blockTs, blockIndexNo, rank, ts, indexNo] (block: its newest entry, '' for the first). */
  after: unknown[] | null;
  limit: number;
}

export interface ListOptions {
  category?: string;
  unitCode?: string;
  after: unknown[] | null;
  limit: number;
}

/** The only place that reads and writes the catalogue tables. */
@Injectable()
export class CatalogueRepository {
  /** The search strategy's parameters; tests set them to drive each path on a small catalogue. */
  tuning: SearchTuning = { ...SEARCH_TUNING };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    // Injected by Nest; made from the same DataSource where the benchmark builds the repository alone.
    private readonly identity: IdentityRepository = new IdentityRepository(db),
  ) {}

  /**
   * Takes the next serial of (unit, year). The counter row is locked until the publishing
   * transaction ends, and a rollback returns the number: serials are gap-free per unit and year.
   */
  async nextSerial(m: EntityManager, unitId: string, year: number): Promise<number> {
    const rows = (await m.query(
      `INSERT INTO index_counters (unit_id, year, last_serial) VALUES ($1, $2, 1)
       ON CONFLICT (unit_id, year) DO UPDATE SET last_serial = index_counters.last_serial + 1
       RETURNING last_serial`,
      [unitId, year],
    )) as { last_serial: number }[];
    return rows[0].last_serial;
  }

  /**
   * Copies the published document into the catalogue with its public (redacted) text; the
   * catalogue never reads the internal document again. Refuses anything not published+proactive.
   */
  async insertFromDocument(m: EntityManager, documentId: string, indexNo: string, year: number, serial: number, copy: PublicCopy): Promise<ChangeRef> {
    const { params, p } = sqlParams([documentId, indexNo, year, serial, copy.title, copy.summary, copy.body]);
    const vector = searchVectorSql(p, copy);
    const res = (await m.query(
      `INSERT INTO catalogue_entries (index_no, document_id, unit_id, year, serial, title, summary, body, doc_type, category, document_number, published_at, search)
       SELECT $2, d.id, d.unit_id, $3, $4, $5, $6, $7, d.doc_type, d.category, d.document_number, now(), ${vector}
         FROM documents d WHERE d.id = $1 AND d.state = 'published' AND d.public_attribute = 'proactive'
       RETURNING index_no`,
      params,
    )) as unknown[];
    if (res.length !== 1) throw new Error(`document ${documentId} is not a published proactive document`);
    return this.recordChange(m, 'published', indexNo, documentId);
  }

  /** Appends to the change stream (numbered later, see changes.repository.ts) and wakes the caches. */
  async recordChange(m: EntityManager, type: 'published' | 'revoked', indexNo: string, documentId: string | null): Promise<ChangeRef> {
    const rows = (await m.query(
      `INSERT INTO catalogue_changes (type, index_no, document_id) VALUES ($1, $2, $3) RETURNING id::text AS id, at`,
      [type, indexNo, documentId],
    )) as { id: string; at: Date }[];
    await m.query(`NOTIFY gongkai_catalogue`);
    afterCommit(m, 'catalogue');
    return { changeId: rows[0].id, at: new Date(rows[0].at).toISOString() };
  }

  async revokeByDocument(m: EntityManager, documentId: string): Promise<(ChangeRef & { indexNo: string }) | null> {
    const rows = (await m.query(
      `UPDATE catalogue_entries SET revoked_at = now() WHERE document_id = $1 AND revoked_at IS NULL RETURNING index_no`,
      [documentId],
    )) as [{ index_no: string }[], number];
    const indexNo = rows[0][0]?.index_no ?? null;
    if (!indexNo) return null;
    return { ...(await this.recordChange(m, 'revoked', indexNo, documentId)), indexNo };
  }

  async unitCodeAndYear(m: EntityManager, documentId: string): Promise<{ unitId: string; code: string; year: number }> {
    const rows = (await m.query(
      `SELECT u.id AS "unitId", u.code, extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int AS year
         FROM documents d JOIN units u ON u.id = d.unit_id WHERE d.id = $1`,
      [documentId],
    )) as { unitId: string; code: string; year: number }[];
    return rows[0];
  }

  /** The catalogue, newest first (no search). */
  async list(o: ListOptions): Promise<CatalogueRow[]> {
    const { params, p } = sqlParams();
    const where = ['c.revoked_at IS NULL', ...this.filters('c', o, p)];
    if (o.after) where.push(`(c.published_at, c.index_no) < (${p(o.after[0])}::timestamptz, ${p(o.after[1])})`);
    // No join: the units come from memory (the join was 45 % of this query's cost at 1,000,000 entries).
    const sql = `SELECT ${ENTRY_COLUMNS}, c.unit_id AS "unitId" FROM catalogue_entries c
        WHERE ${where.join(' AND ')} ORDER BY c.published_at DESC, c.index_no DESC LIMIT ${p(o.limit)}`;
    type Row = Omit<SelectedRow<CatalogueRow>, 'unitCode' | 'unitName'> & { unitId: string };
    // Paging through the whole catalogue (portals, crawlers) is prepared once per connection; a
    // filtered page is planned for its values (a rare category takes its own index).
    const rows =
      o.category || o.unitCode
        ? ((await this.db.query(sql, params)) as Row[])
        : await preparedQuery<Row>(this.db, o.after ? 'catalogue_page_after' : 'catalogue_page', sql, params);
    const units = await this.unitsById(rows.map((r) => r.unitId));
    // Built field by field: an object rest/spread here was 6 % of a deep page's CPU.
    return rows.map((r) => {
      const u = units.get(r.unitId)!;
      const t = publishedTimes(r.publishedEpoch);
      return {
        indexNo: r.indexNo,
        documentId: r.documentId,
        title: r.title,
        summary: r.summary,
        docType: r.docType,
        category: r.category,
        documentNumber: r.documentNumber,
        unitCode: u.code,
        unitName: u.name,
        publishedAt: t.publishedAt,
        cursorTs: t.cursorTs,
      };
    });
  }

  private readonly unitCache = new Map<string, { code: string; name: string }>();

  /**
   * Units by id, kept in memory. Units are never renamed or removed (no route or job changes a
   * unit once created: identity.repository.ts only inserts), so an entry stays valid for the life
   * of the process; an id not seen yet is read once.
   */
  private async unitsById(ids: string[]): Promise<Map<string, { code: string; name: string }>> {
    let missing: Set<string> | null = null;
    for (const id of ids) if (!this.unitCache.has(id)) (missing ??= new Set()).add(id);
    if (missing) for (const u of await this.identity.findUnitsByIds(this.db, [...missing])) this.unitCache.set(u.id, { code: u.code, name: u.name });
    return this.unitCache;
  }

  /**
   * Search. `newest`: the `limit` newest matches after the cursor. `relevance`: matches come in
   * blocks of `relevanceBlock` (30), newest block first, ranked within each block (title over summary
   * over body over attachments, then cover density); a block is named by its newest entry, so new
   * publications do not shift a block a client is paging through. Ranking is bounded this way
   * because no PostgreSQL index ranks (RUM is not in the embedded build): ranking all matches of a
   * frequent term means reading up to a million vectors.
   */
  async search(o: SearchOptions): Promise<(CatalogueRow & { blockTs?: string; blockIndexNo?: string })[]> {
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
  async newestMatches(query: SearchQuery, f: { category?: string; unitCode?: string }, before: NewestKey | null, n: number): Promise<{ ts: string; indexNo: string }[]> {
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
    const rows = (await this.db.query(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'catalogue_entries'::regclass`)) as { n: number }[];
    this.sizeCache = { n: Math.max(this.tuning.probeWindow, Number(rows[0]?.n ?? 0)), at: Date.now() };
    return this.sizeCache.n;
  }

  /** Walks the newest-first index, checking each entry's vector, over at most `window` entries. */
  private async walk(query: SearchQuery, f: { category?: string; unitCode?: string }, before: NewestKey | null, window: number, n: number) {
    const { params, p } = sqlParams();
    const where = ['c0.revoked_at IS NULL', ...this.filters('c0', f, p), ...this.before('c0', before, p)];
    const tsq = tsQuerySql(query, p);
    // The LIMIT inside keeps PostgreSQL from moving the match below it: the index is walked in order.
    const scan = `SELECT c0.index_no, c0.published_at, c0.search FROM catalogue_entries c0 WHERE ${where.join(' AND ')}
                   ORDER BY c0.published_at DESC, c0.index_no DESC LIMIT ${p(window)}`;
    return (await this.db.query(
      `SELECT c.published_at::text AS ts, c.index_no AS "indexNo" FROM (${scan}) c
        WHERE c.search @@ ${tsq} ORDER BY c.published_at DESC, c.index_no DESC LIMIT ${p(n)}`,
      params,
    )) as { ts: string; indexNo: string }[];
  }

  /**
   * The GIN index's matches (of the loose query when `loose`), newest `wanted` of them, then the
   * exact check on those only. MATERIALIZED keeps the planner on the GIN index for the matching.
   */
  private async fromIndex(query: SearchQuery, f: { category?: string; unitCode?: string }, before: NewestKey | null, wanted: number, n: number, loose: boolean) {
    const { params, p } = sqlParams();
    const where = ['c0.revoked_at IS NULL', `c0.search @@ ${tsQuerySql(query, p, loose)}`, ...this.filters('c0', f, p), ...this.before('c0', before, p)];
    const exact = tsQuerySql(query, p);
    const rows = (await this.db.query(
      `WITH m AS MATERIALIZED (SELECT c0.index_no, c0.published_at FROM catalogue_entries c0 WHERE ${where.join(' AND ')}),
            top AS MATERIALIZED (SELECT index_no FROM m ORDER BY published_at DESC, index_no DESC LIMIT ${p(wanted)})
       SELECT c.published_at::text AS ts, c.index_no AS "indexNo", (SELECT count(*) FROM top)::int AS candidates
         FROM top JOIN catalogue_entries c USING (index_no)
        WHERE c.search @@ ${exact} ORDER BY c.published_at DESC, c.index_no DESC LIMIT ${p(n)}`,
      params,
    )) as { ts: string; indexNo: string; candidates: number }[];
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
    return withTimes((await this.db.query(
      `SELECT ${COLUMNS}${ranked ? `, ${rank}::text AS rank` : ''} FROM catalogue_entries c JOIN units u ON u.id = c.unit_id
        WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${p(limit)}`,
      params,
    )) as SelectedRow<CatalogueRow>[]);
  }

  private filters(alias: string, f: { category?: string; unitCode?: string }, p: (v: unknown) => string): string[] {
    const out: string[] = [];
    if (f.category) out.push(`${alias}.category = ${p(f.category)}`);
    if (f.unitCode) out.push(`${alias}.unit_id = (SELECT id FROM units WHERE code = ${p(f.unitCode)})`);
    return out;
  }

  private before(alias: string, b: NewestKey | null, p: (v: unknown) => string): string[] {
    if (!b) return [];
    return [`(${alias}.published_at, ${alias}.index_no) ${b.inclusive ? '<=' : '<'} (${p(b.ts)}::timestamptz, ${p(b.indexNo)})`];
  }

  async findPublished(indexNo: string): Promise<CatalogueDetailRow | null> {
    const rows = (await this.db.query(
      `SELECT ${COLUMNS}, c.body FROM catalogue_entries c JOIN units u ON u.id = c.unit_id
        WHERE c.index_no = $1 AND c.revoked_at IS NULL`,
      [indexNo],
    )) as SelectedRow<CatalogueDetailRow>[];
    return withTimes(rows)[0] ?? null;
  }

  /** The newest entries for a feed, with their public body. */
  async newest(o: { category?: string; unitCode?: string; limit: number }): Promise<CatalogueDetailRow[]> {
    const { params, p } = sqlParams();
    const where = ['c.revoked_at IS NULL', ...this.filters('c', o, p)];
    return withTimes((await this.db.query(
      `SELECT ${COLUMNS}, c.body FROM catalogue_entries c JOIN units u ON u.id = c.unit_id
        WHERE ${where.join(' AND ')} ORDER BY c.published_at DESC, c.index_no DESC LIMIT ${p(o.limit)}`,
      params,
    )) as SelectedRow<CatalogueDetailRow>[]);
  }

  /** Recently revoked entries (for Atom tombstones, RFC 6721). */
  async recentlyRevoked(o: { category?: string; unitCode?: string; limit: number }): Promise<{ indexNo: string; revokedAt: Date }[]> {
    const { params, p } = sqlParams();
    const where = ['c.revoked_at IS NOT NULL', ...this.filters('c', o, p)];
    return (await this.db.query(
      `SELECT c.index_no AS "indexNo", c.revoked_at AS "revokedAt" FROM catalogue_entries c
        WHERE ${where.join(' AND ')} ORDER BY c.revoked_at DESC LIMIT ${p(o.limit)}`,
      params,
    )) as { indexNo: string; revokedAt: Date }[];
  }

  /** Units with at least one entry in the catalogue. */
  async units(): Promise<{ code: string; name: string }[]> {
    return (await this.db.query(
      `SELECT u.code, u.name FROM units u WHERE EXISTS (SELECT 1 FROM catalogue_entries c WHERE c.unit_id = u.id AND c.revoked_at IS NULL) ORDER BY u.code`,
    )) as { code: string; name: string }[];
  }

  async unitExists(code: string): Promise<boolean> {
    return ((await this.db.query(`SELECT 1 FROM units WHERE code = $1`, [code])) as unknown[]).length > 0;
  }

  /**
   * An entry that has no signing-and-approval form (the annual report, Art. 50): the public text is
   * given directly; searchable like the others; recorded in the change stream. Appended for the
   * reports module.
   */
  async insertStandalone(
    m: EntityManager,
    e: { indexNo: string; unitId: string; year: number; serial: number; title: string; summary: string | null; body: string; docType: string; category: string | null },
  ): Promise<ChangeRef> {
    const { params, p } = sqlParams([e.indexNo, e.unitId, e.year, e.serial, e.title, e.summary, e.body, e.docType, e.category]);
    const vector = searchVectorSql(p, { title: e.title, summary: e.summary, body: e.body, attachmentsText: '' });
    await m.query(
      `INSERT INTO catalogue_entries (index_no, document_id, unit_id, year, serial, title, summary, body, doc_type, category, published_at, search)
       VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, $9, now(), ${vector})`,
      params,
    );
    return this.recordChange(m, 'published', e.indexNo, null);
  }
}
