/**
 * EXPLAIN (ANALYZE, BUFFERS) of the hot queries, with the SQL taken from the service's own
 * repositories (built on a TransactionHost whose manager, a stand-in, records the statement instead
 * of running it), written to bench/explain/*.txt. Statements that write run inside a transaction
 * that is rolled back.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { ReadPool } from '../../src/common/database/read-pool.js';
import { ReplicaReads } from '../../src/common/database/replica-reads.js';
import { loadConfig } from '../../config/configuration.js';
import { TransactionHost } from '../../src/common/database/transaction-host.js';
import { CatalogueRepository } from '../../src/modules/catalogue/catalogue.repository.js';
import { ChangesRepository } from '../../src/modules/catalogue/changes.repository.js';
import { CatalogueSearchRepository, SEARCH_TUNING } from '../../src/modules/catalogue/search/catalogue-search.repository.js';
import { parseQuery } from '../../src/modules/catalogue/search/search-text.js';
import { ACTIVE_SUBSCRIBERS_JSON, DeliveryRepository } from '../../src/modules/delivery/delivery.repository.js';
import { DocumentsRepository } from '../../src/modules/documents/documents.repository.js';
import { IdentityRepository } from '../../src/modules/identity/identity.repository.js';
import { UnitDirectory } from '../../src/modules/identity/unit-directory.js';
import { chinaYearBounds, chinaYearOf } from '../../src/common/china-time.js';
import { WorkingDayCalendar } from '../../src/modules/applications/domain/calendar.js';
import { DEFAULT_STEP_DEADLINES } from '../../src/modules/supervision/deadlines.js';
import { yearRange } from '../../src/modules/performance/performance.service.js';
import { PerformanceRepository } from '../../src/modules/performance/performance.repository.js';

interface Captured {
  sql: string;
  params: unknown[];
}

/** A TransactionHost whose manager is `m`, in and outside a transaction (the repositories read it). */
function hostOn(m: EntityManager): TransactionHost {
  return new TransactionHost({ manager: m } as unknown as DataSource);
}

/**
 * A DataSource/EntityManager that records the statements a repository method issues, through
 * TypeORM's `query` (`host`, `db`) or on the ReadPool's pg pool (`readPool`: prepared statements,
 * prepared-query.ts).
 */
function recorder(results: unknown[][] = []) {
  const captured: Captured[] = [];
  const db = {
    query: async (sql: string, params: unknown[] = []) => {
      captured.push({ sql, params });
      return results.shift() ?? [];
    },
    transaction: async <T>(fn: (m: EntityManager) => Promise<T>) => fn(db as unknown as EntityManager),
  };
  const readPool = {
    pool: {
      query: async (q: { text: string; values?: unknown[] }) => {
        captured.push({ sql: q.text, params: q.values ?? [] });
        return { rows: results.shift() ?? [] };
      },
    },
  } as unknown as ReadPool;
  const host = hostOn(db as unknown as EntityManager);
  return { db: db as unknown as DataSource & EntityManager, host, readPool, captured };
}

/** The catalogue repository on a recorder (no rows come back, so the unit directory reads nothing). */
function catalogueOn(rec: ReturnType<typeof recorder>): CatalogueRepository {
  // No replicas: every read on the recorder (prepared ones on its pool), as the service without DATABASE_REPLICA_URLS.
  const reads = new ReplicaReads(loadConfig({}), rec.host, rec.readPool);
  return new CatalogueRepository(rec.host, reads, new UnitDirectory(new IdentityRepository(rec.host)));
}

/** Like `recorder`, but each statement also runs, so a method of several steps takes its real path. */
function tracer(c: pg.Client) {
  const captured: Captured[] = [];
  const m = {
    query: async (sql: string, params: unknown[] = []) => {
      captured.push({ sql, params });
      return (await c.query(sql, params)).rows;
    },
  };
  return { host: hostOn(m as unknown as EntityManager), captured };
}

export interface ExplainContext {
  header: string;
  deepCursor: [string, string];
  midSeq: number;
  leaderReviewDocId: string | null;
  leaderId: string | null;
}

export async function writeExplains(databaseUrl: string, dir: string, ctx: ExplainContext): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const c = new pg.Client({ connectionString: databaseUrl, application_name: 'gongkai-bench-explain' });
  await c.connect();
  const written: string[] = [];
  const explain = async (file: string, title: string, q: Captured, opts: { rollback?: boolean; before?: Captured[] } = {}) => {
    if (opts.rollback) await c.query('BEGIN');
    let plan: string;
    try {
      for (const b of opts.before ?? []) await c.query(b.sql, b.params);
      // The benchmark has just read these tables: the buffers are warm, one run is recorded.
      const r = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, SETTINGS) ${q.sql}`, q.params);
      plan = r.rows.map((x) => x['QUERY PLAN']).join('\n');
    } finally {
      if (opts.rollback) await c.query('ROLLBACK');
    }
    const params = q.params.map((v, i) => `$${i + 1} = ${JSON.stringify(typeof v === 'string' && v.length > 120 ? `${v.slice(0, 120)}… (${v.length} chars)` : v)}`);
    const text = [
      `-- ${title}`,
      ctx.header,
      '',
      '-- statement (as the service issues it)',
      q.sql.replace(/^\s+/gm, '  ').trim(),
      '',
      '-- parameters',
      ...(params.length ? params : ['(none)']),
      '',
      '-- EXPLAIN (ANALYZE, BUFFERS, SETTINGS)',
      plan,
      '',
    ].join('\n');
    writeFileSync(join(dir, file), text);
    written.push(file);
  };
  try {
    const list = async (o: Parameters<CatalogueRepository['list']>[0]) => {
      const rec = recorder();
      await catalogueOn(rec).list(o);
      return rec.captured[0];
    };
    await explain('catalogue-newest-page.txt', 'GET /api/v1/catalogue?limit=50 — the newest page', await list({ after: null, limit: 51 }));
    await explain(
      'catalogue-deep-page.txt',
      'GET /api/v1/catalogue?limit=50&cursor=… — a page in the middle of the catalogue',
      await list({ after: ctx.deepCursor, limit: 51 }),
    );
    {
      const rec = recorder();
      await catalogueOn(rec).newest({ limit: 50 });
      await explain('feed-newest-with-body.txt', 'GET /feeds/catalogue.{atom,rss,json} — the 50 newest entries with their bodies', rec.captured[0]);
    }
    const searches: [string, string, 'newest' | 'relevance'][] = [
      ['search-4char-very-frequent.txt', '信息公开', 'newest'],
      ['search-4char-rare.txt', '森林防火', 'newest'],
      ['search-2char-very-frequent.txt', '工作', 'newest'],
      ['search-3char-rare.txt', '公积金', 'newest'],
      ['search-6char-handful.txt', '东湖体育公园', 'newest'],
      ['search-english.txt', 'budget', 'newest'],
      ['search-two-terms.txt', '安全生产 检查', 'newest'],
      ['search-4char-very-frequent-relevance.txt', '信息公开', 'relevance'],
      ['search-4char-rare-relevance.txt', '森林防火', 'relevance'],
    ];
    for (const [file, q, sort] of searches) {
      // A search is several statements (CatalogueSearchRepository's strategy, the service's
      // parameters): each one's plan, in order.
      const tr = tracer(c);
      await new CatalogueSearchRepository(tr.host, SEARCH_TUNING).search({ query: parseQuery(q), sort, after: null, limit: 21 });
      const title = `GET /api/v1/catalogue?q=${q}${sort === 'relevance' ? '&sort=relevance' : ''}&limit=20`;
      const parts: string[] = [];
      for (const [i, st] of tr.captured.entries()) {
        const f = `${file}.step${i + 1}`;
        await explain(f, `${title} — statement ${i + 1} of ${tr.captured.length}`, st);
        parts.push(readFileSync(join(dir, f), 'utf8'));
        rmSync(join(dir, f));
        written.pop();
      }
      writeFileSync(join(dir, file), parts.join('\n'));
      written.push(file);
    }
    {
      const rec = recorder();
      await new ChangesRepository(rec.db).after(ctx.midSeq, 1000);
      await explain('changes-page.txt', 'GET /api/v1/catalogue/changes?after=<mid>&limit=1000 — one page of the change stream', rec.captured[0]);
      const seqRec = recorder();
      await new ChangesRepository(seqRec.db).sequence();
      // captured[0] is the advisory lock; [1] the search for final, unnumbered changes.
      await explain('changes-sequencer.txt', 'the sequencer run before every changes poll: final changes not numbered yet', seqRec.captured[1], { rollback: true });
    }
    if (ctx.leaderReviewDocId && ctx.leaderId) {
      // An UPDATE … RETURNING answers [rows, count] through TypeORM.
      const rec = recorder([[[], 0] as unknown[], []]);
      await new DocumentsRepository(rec.host).applyTransition(
        ctx.leaderReviewDocId,
        4,
        'leader_review',
        {
          state: 'published',
          publicAttribute: 'proactive',
          nonDisclosureReason: null,
          attributeRationale: null,
          officeAttribute: 'proactive',
          officeReason: null,
          proposedAttribute: null,
          proposedReason: null,
          reviewDue: false,
          decided: true,
          addLeaderApprover: ctx.leaderId,
        },
        365,
      );
      const update = rec.captured[0];
      await explain('transition-update.txt', 'POST /api/v1/documents/:id/transitions — the optimistic UPDATE of the leader’s approval (rolled back)', update, { rollback: true });
      // The heaviest statement of the approval: the catalogue entry with its search vector.
      const doc = await c.query<{ title: string; summary: string | null; body: string; code: string }>(
        `SELECT d.title, d.summary, d.body, u.code FROM documents d JOIN units u ON u.id = d.unit_id WHERE d.id = $1`,
        [ctx.leaderReviewDocId],
      );
      const d = doc.rows[0];
      const ins = recorder([[]]);
      await catalogueOn(ins)
        .publishFromDocument(ctx.leaderReviewDocId, { title: d.title, summary: d.summary, body: d.body, attachmentsText: '' }, ACTIVE_SUBSCRIBERS_JSON)
        .catch(() => undefined);
      await explain(
        'transition-catalogue-insert.txt',
        `POST /api/v1/documents/:id/transitions — the catalogue entry and its search vector with its index number and the subscribers (body ${d.body.length} characters; after the UPDATE above; rolled back)`,
        ins.captured[0],
        { rollback: true, before: [update] },
      );
    }
    {
      // The performance assessment of every unit for the last full year: each statement of the
      // ranking (grouped by unit), and the district trend's (grouped by month) where it differs.
      const year = chinaYearOf(Date.now()) - 1;
      const range = yearRange(year, new Date(chinaYearBounds(year).end), new WorkingDayCalendar(), DEFAULT_STEP_DEADLINES);
      const byUnit = { by: 'unit' } as const;
      const byMonth = { by: 'month', unitId: null } as const;
      const rec = recorder();
      const repo = new PerformanceRepository(rec.host);
      const statements: [string, string, () => Promise<unknown>][] = [
        ['published', 'catalogue entries published in the year, by unit', () => repo.published(range, byUnit)],
        ['publish-days', 'entries from the review chain by working days from the first submission to the publication', () => repo.publishDays(range, byUnit)],
        ['decided', 'documents signed off in the year, proactive among them', () => repo.decided(range, byUnit)],
        ['applications', 'applications received, replied, on time, overdue: one pass', () => repo.applicationsByUnit(range)],
        ['corrected', 'appeals concluded as corrected', () => repo.corrected(range, byUnit)],
        ['complaints', 'complaints replied as (partly) substantiated', () => repo.complaintsSubstantiated(range, byUnit)],
        ['steps-overdue', 'review steps overdue: the state changes from 150 days before the year, each with the next', () => repo.stepsOverdue(range, byUnit)],
        ['guides', 'each unit’s last guide update before the end of the year', () => repo.guides(range, byUnit)],
        ['trend-published', 'the district trend: entries published, by month', () => repo.published(range, byMonth)],
        ['trend-replied', 'the district trend: applications replied, by month', () => repo.replied(range, byMonth)],
      ];
      for (const [name, what, run] of statements) {
        await run();
        await explain(`performance-${name}.txt`, `GET /api/v1/performance/${name.startsWith('trend') ? 'trend' : 'units'}?year=${year} — ${what}`, rec.captured[rec.captured.length - 1]);
      }
    }
    {
      // The delivery worker's ordering checks, for a delivery of the receiver with the most
      // undelivered deliveries (a receiver that was down), when the dataset has any.
      const backlog = await c.query<{ id: string; subscriberId: string; changeId: string; grp: string }>(
        `SELECT d.id, d.subscriber_id AS "subscriberId", d.change_id::text AS "changeId", COALESCE(e.interprets_index_no, e.index_no) AS grp
           FROM deliveries d JOIN catalogue_changes c ON c.id = d.change_id JOIN catalogue_entries e ON e.index_no = c.index_no
          WHERE d.status <> 'delivered'
            AND d.subscriber_id = (SELECT subscriber_id FROM deliveries WHERE status <> 'delivered' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)
          ORDER BY d.change_id DESC LIMIT 1`,
      );
      const g = backlog.rows[0];
      if (g) {
        // The check answers rows; the release, an UPDATE … RETURNING, [rows, count].
        const rec = recorder([[], [[], 0] as unknown[]]);
        const repo = new DeliveryRepository(rec.host);
        await repo.earlierUndelivered(g);
        await repo.releaseWaiting(g);
        await explain('delivery-earlier-undelivered.txt', 'the delivery worker: an earlier delivery of the same group to the same receiver not delivered yet?', rec.captured[0]);
        await explain('delivery-release-waiting.txt', 'the delivery worker: the held-back deliveries of the group released', rec.captured[1], { rollback: true });
      }
    }
  } finally {
    await c.end();
  }
  return written;
}
