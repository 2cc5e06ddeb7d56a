/**
 * The catalogue as the portal uses it: search in Chinese and English, feeds read by a real feed
 * parser, and a change stream that never misses or repeats a change.
 */
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../config/configuration.js';
import { createApp } from '../src/bootstrap.js';
import request from 'supertest';
import Parser from 'rss-parser';
import { ADMIN_PASSWORD, FULL_CHAIN, bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

describe('catalogue: search, feeds, change stream', () => {
  let t: TestApp;
  let d: District;
  const published: Record<string, { id: string; indexNo: string; version: number }> = {};
  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
    const docs: [string, Record<string, unknown>][] = [
      ['regs', { title: '《政府信息公开条例》实施细则', body: '为贯彻落实政府信息公开条例，制定本细则。', category: 'rules_and_normative_documents' }],
      ['budget', { title: '2026年部门预算说明', body: 'The district budgets for 2026 prioritise schools and clinics.', summary: 'Budget explanation', category: 'budgets_and_accounts', docType: 'report' }],
      ['plan', { title: '区交通发展规划', body: '到2030年建成轨道交通网络，推进信息化建设与公开透明。', category: 'plans_and_policies', docType: 'plan' }],
    ];
    for (const [key, form] of docs) {
      const doc = await walk(t, d, 'drafterA', FULL_CHAIN, form);
      published[key] = { id: doc.id, indexNo: doc.indexNo!, version: doc.version };
    }
    // Published in quick succession they may share a second, and then a feed's Last-Modified
    // cannot validate (If-Modified-Since → 200; http-semantics.e2e-spec.ts): a minute apart, in order.
    for (const [i, key] of ['plan', 'budget', 'regs'].entries()) {
      await t.sql(`UPDATE catalogue_entries SET published_at = published_at - make_interval(mins => $2) WHERE index_no = $1`, [published[key].indexNo, i]);
    }
  });
  afterAll(() => t.close());

  const search = async (q: string, extra = '') => (await t.http.get(`/api/v1/catalogue?q=${encodeURIComponent(q)}&unit=${d.unitA.code}${extra}`)).body.items.map((e: { indexNo: string }) => e.indexNo);

  it('list: newest first, the contract’s fields, keyset pages, filters', async () => {
    const res = await t.http.get(`/api/v1/catalogue?unit=${d.unitA.code}&limit=2`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(Object.keys(res.body.items[0]).sort()).toEqual(['category', 'docType', 'documentId', 'documentNumber', 'indexNo', 'publishedAt', 'summary', 'title', 'unit', 'url'].sort());
    expect(res.body.items[0].indexNo).toBe(published.plan.indexNo);
    const next = await t.http.get(`/api/v1/catalogue?unit=${d.unitA.code}&limit=2&cursor=${res.body.nextCursor}`);
    expect(next.body.items.map((e: { indexNo: string }) => e.indexNo)).toEqual([published.regs.indexNo]);
    expect(next.body.nextCursor).toBeNull();
    const cat = await t.http.get(`/api/v1/catalogue?category=budgets_and_accounts&unit=${d.unitA.code}`);
    expect(cat.body.items.map((e: { indexNo: string }) => e.indexNo)).toEqual([published.budget.indexNo]);
    expect((await t.http.get('/api/v1/catalogue?category=weather')).status).toBe(400);
    expect((await t.http.get('/api/v1/catalogue?unit=lower')).status).toBe(400);
    expect((await t.http.get('/api/v1/catalogue?limit=500')).status).toBe(400);
    expect((await t.http.get('/api/v1/catalogue/NOPE-2026-000001')).status).toBe(404);
    expect((await t.http.get('/api/v1/catalogue/%27%3B--')).status).toBe(404);
    const units = await t.http.get('/api/v1/catalogue/units');
    expect(units.status).toBe(200);
    expect(units.body).toContainEqual(expect.objectContaining({ code: d.unitA.code, name: '发展和改革委员会' }));
    expect(units.body.some((u: { code: string }) => u.code === d.office.code)).toBe(false);
  });

  it('search: 信息公开 finds 政府信息公开条例, budget finds English text, words combine', async () => {
    expect(await search('信息公开')).toEqual(expect.arrayContaining([published.regs.indexNo, published.plan.indexNo]));
    expect(await search('信息公开条例')).toEqual([published.regs.indexNo]);
    expect(await search('budget')).toEqual([published.budget.indexNo]);
    expect(await search('schools')).toEqual([published.budget.indexNo]);
    expect(await search('轨道交通 2030')).toEqual([published.plan.indexNo]);
    expect(await search('不存在的词语')).toEqual([]);
    expect(await search("'&|!:*")).toEqual([]);
    // Newest first by default (as the contract lists the catalogue); with sort=relevance a title
    // match ranks above a body-only match.
    expect(await search('信息公开')).toEqual([published.plan.indexNo, published.regs.indexNo]);
    expect(await search('信息公开', '&sort=relevance')).toEqual([published.regs.indexNo, published.plan.indexNo]);
    // Newest-first search pages through all results.
    const all = await search('信息公开', '&sort=newest&limit=1');
    expect(all).toEqual([published.plan.indexNo]);
  });

  it('feeds: Atom, RSS and JSON Feed parse, carry the entries, and answer 304 when unchanged', async () => {
    const parser = new Parser();
    for (const f of ['atom', 'rss'] as const) {
      const res = await t.http.get(`/feeds/catalogue.${f}?unit=${d.unitA.code}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(f === 'atom' ? /application\/atom\+xml/ : /application\/rss\+xml/);
      const feed = await parser.parseString(res.text);
      expect(feed.items.map((i) => i.title)).toEqual(['区交通发展规划', '2026年部门预算说明', '《政府信息公开条例》实施细则']);
      expect(feed.items[0].link).toContain(published.plan.indexNo);
      const etag = res.headers.etag;
      const lm = res.headers['last-modified'];
      expect(etag).toBeDefined();
      expect(lm).toBeDefined();
      expect((await t.http.get(`/feeds/catalogue.${f}?unit=${d.unitA.code}`).set('If-None-Match', etag)).status).toBe(304);
      expect((await t.http.get(`/feeds/catalogue.${f}?unit=${d.unitA.code}`).set('If-Modified-Since', lm)).status).toBe(304);
      expect((await t.http.get(`/feeds/catalogue.${f}?unit=${d.unitA.code}`).set('If-None-Match', '"other"')).status).toBe(200);
    }
    const json = await t.http.get(`/feeds/catalogue.json?category=budgets_and_accounts&unit=${d.unitA.code}`);
    expect(json.headers['content-type']).toMatch(/application\/feed\+json/);
    const jf = JSON.parse(json.text);
    // JSON Feed 1.1 required fields: version, title, items[].id (and content_html or content_text).
    expect(jf.version).toBe('https://jsonfeed.org/version/1.1');
    expect(typeof jf.title).toBe('string');
    expect(jf.items).toHaveLength(1);
    for (const item of jf.items) {
      expect(typeof item.id).toBe('string');
      expect(typeof item.content_html === 'string' || typeof item.content_text === 'string').toBe(true);
      expect(item.author).toBeUndefined();
    }
    expect((await t.http.get('/feeds/catalogue.json?category=nope')).status).toBe(400);
  });

  it('revocation removes the entry from list, detail, search and feeds, and changes the ETag', async () => {
    const doc = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '临时通告：道路施工', body: '施工期间绕行。', category: 'emergencies' });
    const before = await t.http.get(`/feeds/catalogue.atom?unit=${d.unitA.code}`);
    expect(before.text).toContain('道路施工');
    const rev = await t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens.officer)).set('If-Match', `"${doc.version}"`).send({ action: 'revoke', comment: '施工结束' });
    expect(rev.status).toBe(200);
    expect((await t.http.get(`/api/v1/catalogue/${doc.indexNo}`)).status).toBe(404);
    expect(await search('道路施工')).toEqual([]);
    const list = await t.http.get(`/api/v1/catalogue?unit=${d.unitA.code}&limit=100`);
    expect(list.body.items.some((e: { indexNo: string }) => e.indexNo === doc.indexNo)).toBe(false);
    const after = await t.http.get(`/feeds/catalogue.atom?unit=${d.unitA.code}`).set('If-None-Match', before.headers.etag);
    expect(after.status).toBe(200);
    const parsed = await new Parser().parseString(after.text);
    expect(parsed.items.some((i) => i.title === '临时通告：道路施工')).toBe(false);
    expect(after.text).toContain('at:deleted-entry');
    for (const f of ['rss', 'json']) expect((await t.http.get(`/feeds/catalogue.${f}?unit=${d.unitA.code}`)).text).not.toContain('道路施工');
  });

  it('change stream: a change whose transaction commits late is neither skipped nor repeated', async () => {
    const { lastSeq: start } = (await t.http.get('/api/v1/catalogue/changes?after=0&limit=1000')).body;
    // A transaction takes its change row first and holds it open…
    const held = new pg.Client({ connectionString: t.databaseUrl });
    await held.connect();
    await held.query('BEGIN');
    await held.query(`INSERT INTO catalogue_changes (type, index_no) VALUES ('published', $1)`, [published.regs.indexNo]);
    // …while another publication commits after it.
    const later = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '后提交的公告' });
    const during = await t.http.get(`/api/v1/catalogue/changes?after=${start}`);
    expect(during.body.changes).toEqual([]); // the later one waits for the held one
    await held.query('COMMIT');
    await held.end();
    const res = await t.http.get(`/api/v1/catalogue/changes?after=${start}`);
    expect(res.body.changes.map((c: { indexNo: string }) => c.indexNo)).toEqual([published.regs.indexNo, later.indexNo]);
    expect(res.body.changes.map((c: { seq: number }) => c.seq)).toEqual([start + 1, start + 2]);
    expect(res.body.lastSeq).toBe(start + 2);
    expect((await t.http.get(`/api/v1/catalogue/changes?after=${res.body.lastSeq}`)).body).toEqual({ changes: [], lastSeq: start + 2 });
    expect((await t.http.get('/api/v1/catalogue/changes?after=-1')).status).toBe(400);
    expect((await t.http.get('/api/v1/catalogue/changes?after=abc')).status).toBe(400);
  });

  it('change stream: a poller running during a burst of parallel publications sees every change once, in order', async () => {
    let { lastSeq } = (await t.http.get('/api/v1/catalogue/changes?after=0&limit=1000')).body;
    const ready = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        walk(t, d, i % 2 ? 'drafterA' : 'drafterB', (i % 2 ? FULL_CHAIN : FULL_CHAIN.map(([w, b]) => [w.replace(/A$/, 'B'), b] as [string, Record<string, unknown>])).slice(0, 3)),
      ),
    );
    const seen: { seq: number; indexNo: string }[] = [];
    let done = false;
    const poller = (async () => {
      while (!done) {
        const res = await t.http.get(`/api/v1/catalogue/changes?after=${lastSeq}&limit=5`);
        seen.push(...res.body.changes);
        lastSeq = res.body.lastSeq;
      }
    })();
    const approvals = await Promise.all(
      ready.map((doc, i) =>
        t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens[i % 2 ? 'leaderA' : 'leaderB'])).set('If-Match', `"${doc.version}"`).send({ action: 'approve' }),
      ),
    );
    expect(approvals.map((a) => [a.status, a.body.message])).toEqual(approvals.map(() => [200, undefined]));
    // Revoke half of them concurrently too.
    const entries = await t.sql<{ id: string; version: number }>(`SELECT id, version FROM documents WHERE id = ANY($1::uuid[]) AND state = 'published'`, [ready.map((r) => r.id)]);
    await Promise.all(
      entries.slice(0, 8).map((e) => t.http.post(`/api/v1/documents/${e.id}/transitions`).set(bearer(d.tokens.officer)).set('If-Match', `"${e.version}"`).send({ action: 'revoke', comment: '撤回' })),
    );
    done = true;
    await poller;
    // Transactions elsewhere in the cluster may hold a change back for a moment: keep polling
    // like a client would, until all 24 arrived.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const res = await t.http.get(`/api/v1/catalogue/changes?after=${lastSeq}&limit=5`);
      seen.push(...res.body.changes);
      lastSeq = res.body.lastSeq;
      const mine = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM catalogue_changes WHERE document_id = ANY($1::uuid[]) AND seq <= $2`, [ready.map((r) => r.id), lastSeq]);
      if (mine[0].n === 24) break;
      if (res.body.changes.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    const seqs = seen.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const all = await t.sql<{ seq: string }>(`SELECT seq FROM catalogue_changes WHERE seq > $1 ORDER BY seq`, [seqs[0] - 1]);
    expect(seqs).toEqual(all.map((r) => Number(r.seq)));
    expect(seen.filter((c) => (c as unknown as { type: string }).type === 'published')).toHaveLength(16);
    expect(seen.filter((c) => (c as unknown as { type: string }).type === 'revoked')).toHaveLength(8);
  });

  it('the cached newest page and feeds change the moment a publication commits, on every instance', async () => {
    const config = loadConfig({ ADMIN_PASSWORD, LOG_LEVEL: 'silent', DB_POOL_SIZE: '4', PUBLIC_URL: 'http://gongkai.test', MIGRATIONS_RUN: 'false', DELIVERY_WORKER: 'false' });
    const other = await createApp(config, { databaseUrl: t.databaseUrl, logger: pino({ level: 'silent' }) });
    await other.init();
    await other.getHttpAdapter().getInstance().ready();
    try {
      const b = request(other.getHttpServer());
      const pageUrl = `/api/v1/catalogue?unit=${d.unitA.code}&limit=5`;
      // Warm both caches.
      await t.http.get(pageUrl);
      await b.get(pageUrl);
      const feedA = await t.http.get(`/feeds/catalogue.json?unit=${d.unitA.code}`);
      await b.get(`/feeds/catalogue.json?unit=${d.unitA.code}`);
      const doc = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '缓存失效测试' });
      // The publishing instance: immediately.
      expect((await t.http.get(pageUrl)).body.items[0].indexNo).toBe(doc.indexNo);
      const feedA2 = await t.http.get(`/feeds/catalogue.json?unit=${d.unitA.code}`).set('If-None-Match', feedA.headers.etag);
      expect(feedA2.status).toBe(200);
      expect(feedA2.text).toContain('缓存失效测试');
      // Another instance: as soon as PostgreSQL delivers the notification.
      const deadline = Date.now() + 2000;
      let seen = false;
      while (!seen && Date.now() < deadline) {
        seen = (await b.get(pageUrl)).body.items[0].indexNo === doc.indexNo;
        if (!seen) await new Promise((r) => setTimeout(r, 10));
      }
      expect(seen).toBe(true);
      expect((await b.get(`/feeds/catalogue.json?unit=${d.unitA.code}`)).text).toContain('缓存失效测试');
    } finally {
      await other.close();
    }
  });
});
