/**
 * The search strategy (CatalogueRepository.newestMatches) takes one of several paths depending on
 * how frequent a term is. Whatever path it takes, a search must answer exactly what the plain SQL
 * answers: every exact match, newest first, each once across pages. This file drives every path
 * on a small catalogue by setting the strategy's parameters, and compares with the plain query.
 */
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { CatalogueRepository, SEARCH_TUNING, tsQuerySql, type SearchTuning } from '../src/modules/catalogue/catalogue.repository.js';
import { CatalogueService } from '../src/modules/catalogue/catalogue.service.js';
import { parseQuery } from '../src/modules/catalogue/search/search-text.js';
import { sqlParams } from '../src/common/database/sql-params.js';
import { seedDistrict, startTestApp, type District, type TestApp } from './support/app.js';

describe('catalogue search: every path answers what the plain query answers', () => {
  let t: TestApp;
  let d: District;
  let db: DataSource;
  let repo: CatalogueRepository;

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
    repo = t.app.get(CatalogueRepository);
    const service = t.app.get(CatalogueService);
    const unitId = d.unitA.id;
    // 160 entries, in batches so that publication times differ (and ties are broken by index number).
    for (let batch = 0; batch < 8; batch++) {
      await db.transaction(async (m) => {
        for (let i = batch * 20; i < batch * 20 + 20; i++) {
          const { title, body } = text(i);
          await service.publishStandalone(m, { unitId, unitCode: d.unitA.code, title, summary: null, body, docType: 'notice', category: 'other' });
        }
      });
    }
    await db.query(`ANALYZE catalogue_entries`);
  });
  afterAll(() => t.close());
  afterEach(() => {
    repo.tuning = { ...SEARCH_TUNING };
  });

  async function expected(q: string): Promise<string[]> {
    const { params, p } = sqlParams();
    const tsq = tsQuerySql(parseQuery(q), p);
    const rows = (await db.query(
      `SELECT index_no FROM catalogue_entries WHERE revoked_at IS NULL AND search @@ ${tsq} ORDER BY published_at DESC, index_no DESC`,
      params,
    )) as { index_no: string }[];
    return rows.map((r) => r.index_no);
  }

  async function pages(q: string, sort: 'newest' | 'relevance', limit: number): Promise<{ indexNo: string }[][]> {
    const out: { indexNo: string }[][] = [];
    let cursor = '';
    for (let guard = 0; guard < 200; guard++) {
      const res = await t.http.get(`/api/v1/catalogue?q=${encodeURIComponent(q)}&limit=${limit}${sort === 'relevance' ? '&sort=relevance' : ''}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      out.push(res.body.items);
      if (!res.body.nextCursor) return out;
      cursor = res.body.nextCursor;
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
    repo.tuning = { ...SEARCH_TUNING, ...tuning };
    for (const q of queries) {
      const want = await expected(q);
      for (const limit of [1, 7, 100]) {
        const got = (await pages(q, 'newest', limit)).flat().map((e) => e.indexNo);
        expect({ q, limit, got }).toEqual({ q, limit, got: want });
      }
    }
  });

  it.each(variants)('relevance: every match once, blocks newest first, ranked within, %s', async (_name, tuning) => {
    repo.tuning = { ...SEARCH_TUNING, ...tuning, relevanceBlock: 12 };
    for (const q of ['工作', '信息公开', '森林防火', 'budget']) {
      const want = await expected(q);
      const got = (await pages(q, 'relevance', 5)).flat().map((e) => e.indexNo);
      expect([...got].sort()).toEqual([...want].sort());
      // Block k holds the newest-first matches k*12 .. k*12+11, whatever order within.
      for (let k = 0; k * 12 < want.length; k++) {
        expect(new Set(got.slice(k * 12, k * 12 + 12))).toEqual(new Set(want.slice(k * 12, k * 12 + 12)));
      }
    }
  });

  it('relevance ranks title matches above body-only matches within a block', async () => {
    repo.tuning = { ...SEARCH_TUNING, relevanceBlock: 20 };
    const first = (await pages('信息公开', 'relevance', 20))[0].map((e) => e.indexNo);
    const titles = (await db.query(`SELECT index_no, title FROM catalogue_entries WHERE index_no = ANY($1)`, [first])) as { index_no: string; title: string }[];
    const inTitle = new Map(titles.map((r) => [r.index_no, r.title.includes('信息公开')]));
    const flags = first.map((i) => inTitle.get(i));
    expect(flags.indexOf(false)).toBeGreaterThan(0);
    expect(flags.slice(flags.indexOf(false)).every((f) => f === false)).toBe(true);
  });

  it('a relevance cursor keeps its block when newer entries are published meanwhile', async () => {
    repo.tuning = { ...SEARCH_TUNING, relevanceBlock: 12 };
    const first = await t.http.get(`/api/v1/catalogue?q=${encodeURIComponent('信息公开')}&limit=5&sort=relevance`);
    const service = t.app.get(CatalogueService);
    const unitId = d.unitA.id;
    await db.transaction((m) =>
      service.publishStandalone(m, { unitId, unitCode: d.unitA.code, title: '信息公开新通知', summary: null, body: '政府信息公开。', docType: 'notice', category: 'other' }),
    );
    const want = (await expected('信息公开')).slice(1, 13); // the block the first page came from
    let cursor = first.body.nextCursor as string;
    const seen = first.body.items.map((e: { indexNo: string }) => e.indexNo) as string[];
    while (seen.length < 12) {
      const res = await t.http.get(`/api/v1/catalogue?q=${encodeURIComponent('信息公开')}&limit=5&sort=relevance&cursor=${cursor}`);
      seen.push(...res.body.items.map((e: { indexNo: string }) => e.indexNo));
      cursor = res.body.nextCursor;
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
