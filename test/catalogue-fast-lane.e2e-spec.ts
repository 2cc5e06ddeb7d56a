/**
 * The fast lane (src/modules/catalogue/fast-lane.ts) answers polls of the feeds and the first
 * catalogue page from stored bytes. It must answer exactly what the full pipeline answers
 * (headers included), 304 when asked conditionally, and never anything stale after a commit.
 */
import { jest } from '@jest/globals';
import { CatalogueCache } from '../src/modules/catalogue/catalogue-cache.js';
import { CatalogueRepository } from '../src/modules/catalogue/catalogue.repository.js';
import { FULL_CHAIN, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

// Strict-Transport-Security is sent over TLS only (test/http-semantics.e2e-spec.ts checks the lane too).
const SECURITY = ['content-security-policy', 'x-content-type-options', 'x-frame-options'];

describe('catalogue fast lane', () => {
  let t: TestApp;
  let d: District;
  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
    await walk(t, d, 'drafterA', FULL_CHAIN, { title: '第一份公开文件', body: '正文。' });
  });
  afterAll(() => t.close());

  it('serves the first page as the pipeline made it, with an ETag, and 304 to If-None-Match', async () => {
    const url = `/api/v1/catalogue?limit=5&unit=${d.unitA.code}`;
    const first = await t.http.get(url);
    const second = await t.http.get(url);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    expect(second.headers.etag).toMatch(/^".+"$/);
    for (const h of SECURITY) expect(second.headers[h]).toBe(first.headers[h]);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    const nm = await t.http.get(url).set('If-None-Match', second.headers.etag);
    expect(nm.status).toBe(304);
    expect(nm.text).toBe('');
    expect(nm.headers.etag).toBe(second.headers.etag);
    for (const h of SECURITY) expect(nm.headers[h]).toBeDefined();
    expect((await t.http.get(url).set('If-None-Match', '"something-else"')).status).toBe(200);
  });

  it('a publication commits: the next poll has it, and the old ETag no longer matches', async () => {
    const url = `/api/v1/catalogue?limit=5&unit=${d.unitA.code}`;
    await t.http.get(url);
    const before = await t.http.get(url);
    const doc = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '第二份公开文件', body: '正文。' });
    const after = await t.http.get(url).set('If-None-Match', before.headers.etag);
    expect(after.status).toBe(200);
    expect(after.body.items[0].indexNo).toBe(doc.indexNo);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    for (const f of ['atom', 'rss', 'json']) expect((await t.http.get(`/feeds/catalogue.${f}?unit=${d.unitA.code}`)).text).toContain('第二份公开文件');
  });

  it('feeds: 304 to If-None-Match and If-Modified-Since from the lane, with the feed headers', async () => {
    // If-Modified-Since validates only when the newest second holds one change: the two
    // publications above may share theirs, so the older one is moved a minute back.
    await t.sql(`UPDATE catalogue_entries SET published_at = published_at - interval '1 minute' WHERE title = '第一份公开文件'`);
    t.app.get(CatalogueCache).invalidate();
    for (const f of ['atom', 'rss', 'json']) {
      const url = `/feeds/catalogue.${f}?unit=${d.unitA.code}`;
      const a = await t.http.get(url);
      const b = await t.http.get(url);
      expect(b.text).toBe(a.text);
      expect(b.headers['content-type']).toBe(a.headers['content-type']);
      expect(b.headers['last-modified']).toBe(a.headers['last-modified']);
      expect((await t.http.get(url).set('If-None-Match', b.headers.etag)).status).toBe(304);
      expect((await t.http.get(url).set('If-Modified-Since', b.headers['last-modified'])).status).toBe(304);
      expect((await t.http.get(url).set('If-Modified-Since', 'Thu, 01 Jan 2015 00:00:00 GMT')).status).toBe(200);
    }
  });

  it('after a publication, concurrent polls of a feed share one rendering (and none sees the old feed)', async () => {
    const url = `/feeds/catalogue.atom?unit=${d.unitA.code}`;
    await t.http.get(url);
    const doc = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '第三份公开文件', body: '正文。' });
    const repo = t.app.get(CatalogueRepository);
    const newest = jest.spyOn(repo, 'newest');
    const revoked = jest.spyOn(repo, 'recentlyRevoked');
    try {
      const answers = await Promise.all(Array.from({ length: 12 }, () => t.http.get(url)));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      for (const a of answers) expect(a.text).toBe(answers[0].text);
      expect(answers[0].text).toContain(doc.indexNo);
      expect(newest).toHaveBeenCalledTimes(1);
      expect(revoked).toHaveBeenCalledTimes(1);
    } finally {
      newest.mockRestore();
      revoked.mockRestore();
    }
  });

  it('anything but the filters goes through the pipeline: refused queries stay refused, cursors and searches are not stored', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await t.http.get('/api/v1/catalogue?limit=5&foo=1')).status).toBe(400);
      expect((await t.http.get('/api/v1/catalogue?limit=500')).status).toBe(400);
      expect((await t.http.get('/api/v1/catalogue?unit=lower')).status).toBe(400);
      expect((await t.http.get('/feeds/catalogue.atom?category=nope')).status).toBe(400);
    }
    const page = await t.http.get(`/api/v1/catalogue?limit=1&unit=${d.unitA.code}`);
    const next = await t.http.get(`/api/v1/catalogue?limit=1&unit=${d.unitA.code}&cursor=${page.body.nextCursor}`);
    expect(next.status).toBe(200);
    expect(next.headers.etag).toBeUndefined();
    const search = await t.http.get(`/api/v1/catalogue?q=${encodeURIComponent('公开文件')}`);
    expect(search.status).toBe(200);
    expect(search.headers.etag).toBeUndefined();
    const post = await t.http.post('/api/v1/catalogue?limit=5');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });
});
