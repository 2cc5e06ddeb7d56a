/**
 * Search: the service's SQL against two alternatives, SQL alone, over the benchmark's query mix,
 * on a dataset loaded by `npm run bench:data -- --pg-dir DIR` (not part of `npm run bench`):
 *
 *   npx tsc -p tsconfig.bench.json && node dist/bench/search-variants.js DIR [K]
 *
 * - current: CatalogueRepository.list as the service runs it (relevance, the default with q);
 * - capped:  relevance ranked among the K newest matches only (default K = 1000);
 * - window:  newest first, looking only at the 20,000 newest entries; the service would run the
 *            full newest-first query when this finds fewer than a page (rare terms), and the
 *            printed time then includes that second query.
 * Each query: one untimed run, then the median of three (one when a run takes over 2 s).
 */
import 'reflect-metadata';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { CatalogueRepository, tsQuerySql, type ListOptions } from '../src/modules/catalogue/catalogue.repository.js';
import { parseQuery, type SearchQuery } from '../src/modules/catalogue/search/search-text.js';
import { startDatabase } from './lib/postgres.js';
import { QUERY_MIX } from './lib/search.js';

const LIMIT = 21; // a page of 20, plus one to know whether there is a next page
const COLS = `c.index_no AS "indexNo", c.document_id AS "documentId", c.title, c.summary, c.doc_type AS "docType", c.category,
  c.document_number AS "documentNumber", u.code AS "unitCode", u.name AS "unitName", c.published_at AS "publishedAt", c.published_at::text AS "cursorTs"`;

type Sql = { text: string; params: unknown[] };

async function serviceSql(o: ListOptions): Promise<Sql> {
  let captured: Sql = { text: '', params: [] };
  const db = { query: async (text: string, params: unknown[]) => ((captured = { text, params }), []) } as unknown as DataSource;
  await new CatalogueRepository(db).list(o);
  return captured;
}

function build(q: SearchQuery, body: (tsq: string) => string): Sql {
  const params: unknown[] = [];
  const tsq = tsQuerySql(q, (v) => (params.push(v), `$${params.length}`));
  return { text: body(tsq), params };
}

const variants: Record<string, (q: SearchQuery, k: number) => Promise<Sql[]>> = {
  current: async (q) => [await serviceSql({ query: q, sort: 'relevance', after: null, limit: LIMIT })],
  capped: async (q, k) => [
    build(q, (tsq) => {
      const rank = `(ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', c.search, ${tsq}, 32) * 1000000000)::bigint`;
      return `WITH cand AS (SELECT c.index_no FROM catalogue_entries c WHERE c.revoked_at IS NULL AND c.search @@ ${tsq}
                             ORDER BY c.published_at DESC, c.index_no DESC LIMIT ${k})
              SELECT ${COLS}, ${rank}::text AS rank FROM cand JOIN catalogue_entries c USING (index_no) JOIN units u ON u.id = c.unit_id
               ORDER BY ${rank} DESC, c.published_at DESC, c.index_no DESC LIMIT ${LIMIT}`;
    }),
  ],
  window: async (q) => [
    build(
      q,
      (tsq) => `SELECT ${COLS} FROM (SELECT * FROM catalogue_entries c WHERE c.revoked_at IS NULL ORDER BY c.published_at DESC, c.index_no DESC LIMIT 20000) c
                 JOIN units u ON u.id = c.unit_id WHERE c.search @@ ${tsq} ORDER BY c.published_at DESC, c.index_no DESC LIMIT ${LIMIT}`,
    ),
    await serviceSql({ query: q, sort: 'newest', after: null, limit: LIMIT }),
  ],
};

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node dist/bench/search-variants.js <pg-dir> [K]');
  const k = Number(process.argv[3] ?? 1000);
  const db = await startDatabase({ pgDir: dir, log: () => undefined });
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const n = await c.query<{ n: string }>(`SELECT count(*) AS n FROM catalogue_entries`);
  console.log(`${Number(n.rows[0].n).toLocaleString('en-US')} entries; capped K = ${k}`);
  const table: Record<string, Record<string, number | string>> = {};
  try {
    for (const [name, make] of Object.entries(variants)) {
      const medians: number[] = [];
      for (const spec of QUERY_MIX) {
        const [first, fallback] = await make(parseQuery(spec.q), k);
        const run = async () => {
          const t0 = performance.now();
          const r = await c.query(first.text, first.params);
          if (fallback && (r.rowCount ?? 0) < LIMIT) await c.query(fallback.text, fallback.params);
          return performance.now() - t0;
        };
        const warm = await run();
        const times = warm > 2000 ? [warm] : [await run(), await run(), await run()];
        times.sort((a, b) => a - b);
        const median = times[Math.floor(times.length / 2)];
        medians.push(median);
        (table[spec.q] ??= { kind: spec.kind })[name] = Math.round(median);
      }
      medians.sort((a, b) => a - b);
      const p = (x: number) => medians[Math.min(medians.length - 1, Math.ceil(x * medians.length) - 1)];
      console.log(`${name.padEnd(8)} p50 ${p(0.5).toFixed(1)} ms   p95 ${p(0.95).toFixed(1)} ms   max ${medians[medians.length - 1].toFixed(0)} ms`);
    }
    console.table(table);
  } finally {
    await c.end();
    await db.stop();
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
