/**
 * The search strategy (CatalogueSearchRepository.newestMatches) takes one of several paths depending
 * on how frequent a term is. Whatever path it takes, a search must answer exactly what the plain SQL
 * answers: every exact match, newest first, each once across pages. This file drives every path
 * on a small catalogue with a search repository built for each set of the strategy's parameters
 * (the app's own keeps its SEARCH_TUNING provider), and compares with the plain query.
 */
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { CatalogueCache } from '../src/modules/catalogue/catalogue-cache.js';
import { CatalogueRepository } from '../src/modules/catalogue/catalogue.repository.js';
import { CatalogueService } from '../src/modules/catalogue/catalogue.service.js';
import { ChangesRepository } from '../src/modules/catalogue/changes.repository.js';
import { CatalogueSearchRepository, SEARCH_TUNING, tsQuerySql, type SearchTuning } from '../src/modules/catalogue/search/catalogue-search.repository.js';
import { DeliveryService } from '../src/modules/delivery/delivery.service.js';
import { parseQuery } from '../src/modules/catalogue/search/search-text.js';
import { sqlParams } from '../src/common/database/sql-params.js';
import { TransactionHost } from '../src/common/database/transaction-host.js';
import { seedDistrict, startTestApp, type District, type TestApp } from './support/app.js';

describe('catalogue search: every path answers what the plain query answers', () => {
  let t: TestApp;
  let d: District;
  let db: DataSource;

  /** Entry i's text: terms of different frequencies, and near-misses for the word-order check. */
  function text(i: number): { title: string; body: string } {
    const parts = ['本区政府工作安排。'];
    if (i % 2 === 0) parts.push('推进政府信息公开工作。');
    if (i % 3 === 0) parts.push('信息和公开是两回事。'); // 信息, 公开 apart: a loose match, not an exact one
    if (i % 10 === 0) parts.push('做好森林防火。');
    if (i === 17 || i === 140) parts.push('东湖体育公园开放。');
    if (i % 7 === 0) parts.push('The district budget for schools.');
    const title = i % 5 === 0 ? `关于信息公开的通知（${i}）` : `工作通知（${i}）`;
    return { title, body: parts.join('') };
  }

  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
    db = t.app.get<DataSource>(getDataSourceToken());
    const service = t.app.get(CatalogueService);
    const unitId = d.unitA.id;
    // 160 entries, in batches so that publication times differ (and ties are broken by index number).
    for (let batch = 0; batch < 8; batch++) {
      await t.app.get(TransactionHost).run(async () => {
        for (let i = batch * 20; i < batch * 20 + 20; i++) {
          const { title, body } = text(i);
          await service.publishStandalone({ unitId, unitCode: d.unitA.code, title, summary: null, body, docType: 'notice', category: 'other' });
        }
      });
    }
    await db.query(`ANALYZE catalogue_entries`);
  });
  afterAll(() => t.close());

  async function expected(q: string): Promise<string[]> {
    const { params, p } = sqlParams();
    const tsq = tsQuerySql(parseQuery(q), p);
    const rows = (await db.query(
      `SELECT index_no FROM catalogue_entries WHERE revoked_at IS NULL AND search @@ ${tsq} ORDER BY published_at DESC, index_no DESC`,
      params,
    )) as { index_no: string }[];
    return rows.map((r) => r.index_no);
  }

  /** One page of GET /api/v1/catalogue?q=…, however it is answered. */
  type Lister = (o: { q: string; sort: 'newest' | 'relevance'; limit: number; cursor: string }) => Promise<{ items: { indexNo: string }[]; nextCursor: string | null }>;

  /** Over HTTP, by the app itself (its search repository has the SEARCH_TUNING provider's parameters). */
  const overHttp: Lister = async ({ q, sort, limit, cursor }) => {
    const res = await t.http.get(`/api/v1/catalogue?q=${encodeURIComponent(q)}&limit=${limit}${sort === 'relevance' ? '&sort=relevance' : ''}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  /** CatalogueService.list as the controller calls it, on a search repository built with these parameters. */
  function withTuning(tuning: Partial<SearchTuning>): Lister {
    const search = new CatalogueSearchRepository(t.app.get(TransactionHost), { ...SEARCH_TUNING, ...tuning });
    const service = new CatalogueService(t.app.get(CatalogueRepository), search, t.app.get(ChangesRepository), t.app.get(DeliveryService), t.app.get(CatalogueCache));
    return ({ q, sort, limit, cursor }) => service.list({ q, sort: sort === 'relevance' ? 'relevance' : undefined, limit, cursor: cursor || undefined });
  }

  async function pages(list: Lister, q: string, sort: 'newest' | 'relevance', limit: number): Promise<{ indexNo: string }[][]> {
    const out: { indexNo: string }[][] = [];
    let cursor = '';
    for (let guard = 0; guard < 200; guard++) {
      const page = await list({ q, sort, limit, cursor });
      out.push(page.items);
      if (!page.nextCursor) return out;
      cursor = page.nextCursor;
    }
    throw new Error('paging did not end');
  }

  const variants: [string, Partial<SearchTuning>][] = [
    ['the default parameters (the probe sees the whole catalogue)', {}],
    ['the walk (small probe, walking always cheaper)', { probeWindow: 8, walkCostRatio: 0 }],
    ['the index path (small probe, walking never cheaper)', { probeWindow: 8, walkCostRatio: Number.POSITIVE_INFINITY }],
    ['the index path with its exact fallback (loose matches checked one per entry wanted)', { probeWindow: 1, walkCostRatio: Number.POSITIVE_INFINITY, looseFactor: 1 }],
  ];
  const queries = ['工作', '信息公开', '森林防火', '东湖体育公园', 'budget', '信息公开 budget', '不存在的词'];

  it.each(variants)('newest first, %s', async (_name, tuning) => {
    const list = withTuning(tuning);
    for (const q of queries) {
      const want = await expected(q);
      for (const limit of [1, 7, 100]) {
        const got = (await pages(list, q, 'newest', limit)).flat().map((e) => e.indexNo);
        expect({ q, limit, got }).toEqual({ q, limit, got: want });
      }
    }
  });

  it.each(variants)('relevance: every match once, blocks newest first, ranked within, %s', async (_name, tuning) => {
    const list = withTuning({ ...tuning, relevanceBlock: 12 });
    for (const q of ['工作', '信息公开', '森林防火', 'budget']) {
      const want = await expected(q);
      const got = (await pages(list, q, 'relevance', 5)).flat().map((e) => e.indexNo);
      expect([...got].sort()).toEqual([...want].sort());
      // Block k holds the newest-first matches k*12 .. k*12+11, whatever order within.
      for (let k = 0; k * 12 < want.length; k++) {
        expect(new Set(got.slice(k * 12, k * 12 + 12))).toEqual(new Set(want.slice(k * 12, k * 12 + 12)));
      }
    }
  });

  it('over HTTP, the app with its own parameters answers the same: newest first, and relevance in blocks of 30', async () => {
    expect(SEARCH_TUNING.relevanceBlock).toBe(30);
    for (const q of queries) {
      const want = await expected(q);
      for (const limit of [1, 7, 100]) {
        const got = (await pages(overHttp, q, 'newest', limit)).flat().map((e) => e.indexNo);
        expect({ q, limit, got }).toEqual({ q, limit, got: want });
      }
    }
    for (const q of ['工作', '信息公开', '森林防火', 'budget']) {
      const want = await expected(q);
      const got = (await pages(overHttp, q, 'relevance', 5)).flat().map((e) => e.indexNo);
      expect([...got].sort()).toEqual([...want].sort());
      for (let k = 0; k * 30 < want.length; k++) {
        expect(new Set(got.slice(k * 30, k * 30 + 30))).toEqual(new Set(want.slice(k * 30, k * 30 + 30)));
      }
    }
  });

  it('relevance ranks title matches above body-only matches within a block', async () => {
    const first = (await pages(withTuning({ relevanceBlock: 20 }), '信息公开', 'relevance', 20))[0].map((e) => e.indexNo);
    const titles = (await db.query(`SELECT index_no, title FROM catalogue_entries WHERE index_no = ANY($1)`, [first])) as { index_no: string; title: string }[];
    const inTitle = new Map(titles.map((r) => [r.index_no, r.title.includes('信息公开')]));
    const flags = first.map((i) => inTitle.get(i));
    expect(flags.indexOf(false)).toBeGreaterThan(0);
    expect(flags.slice(flags.indexOf(false)).every((f) => f === false)).toBe(true);
  });

  it('a relevance cursor keeps its block when newer entries are published meanwhile', async () => {
    const list = withTuning({ relevanceBlock: 12 });
    const first = await list({ q: '信息公开', sort: 'relevance', limit: 5, cursor: '' });
    const service = t.app.get(CatalogueService);
    const unitId = d.unitA.id;
    await t.app.get(TransactionHost).run(() =>
      service.publishStandalone({ unitId, unitCode: d.unitA.code, title: '信息公开新通知', summary: null, body: '政府信息公开。', docType: 'notice', category: 'other' }),
    );
    const want = (await expected('信息公开')).slice(1, 13); // the block the first page came from
    let cursor = first.nextCursor!;
    const seen = first.items.map((e) => e.indexNo);
    while (seen.length < 12) {
      const page = await list({ q: '信息公开', sort: 'relevance', limit: 5, cursor });
      seen.push(...page.items.map((e) => e.indexNo));
      cursor = page.nextCursor!;
    }
    expect(new Set(seen.slice(0, 12))).toEqual(new Set(want));
  });

  it('a cursor of the other sort, or a made-up one, is a 400', async () => {
    const newest = await t.http.get(`/api/v1/catalogue?q=${encodeURIComponent('工作')}&limit=2`);
    expect((await t.http.get(`/api/v1/catalogue?q=${encodeURIComponent('工作')}&limit=2&sort=relevance&cursor=${newest.body.nextCursor}`)).status).toBe(400);
    const bogus = Buffer.from(JSON.stringify(['x', 'y', 'z', 'not-a-date', 'q'])).toString('base64url');
    expect((await t.http.get(`/api/v1/catalogue?q=${encodeURIComponent('工作')}&sort=relevance&cursor=${bogus}`)).status).toBe(400);
  });
});
