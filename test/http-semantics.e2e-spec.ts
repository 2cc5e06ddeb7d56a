/**
 * HTTP as an outside integrator's tools read it: text the service can store and put into XML,
 * error answers of the framework itself, 405 with Allow, caching of authenticated answers,
 * conditional requests per RFC 9110 (If-Match, If-None-Match, If-Modified-Since), compression,
 * CORS on the public read routes and HSTS only over TLS.
 */
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import request from 'supertest';
import { FULL_CHAIN, bearer, form, rawGet, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

const APPLICATION = {
  applicantType: 'natural_person',
  applicantName: '张三',
  idNumber: '11010519491231002X',
  contact: { phone: '13912345678' },
  description: '请公开本区老旧小区改造资金安排',
  format: 'electronic',
  delivery: 'email',
};

describe('HTTP semantics at the edge', () => {
  let t: TestApp;
  let d: District;

  beforeAll(async () => {
    t = await startTestApp({ APPLICATION_INTAKE_LIMIT: '1000' });
    d = await seedDistrict(t);
    await t.app.listen(0, '127.0.0.1');
  });

  /** The raw bytes of an answer, not decoded (supertest decompresses on its own). */
  const raw = (path: string, headers: Record<string, string>) => rawGet(t, path, headers);
  afterAll(() => t?.close());

  const count = async (table: string) => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  describe('text the service stores', () => {
    it.each([
      ['title', 'U+0001', { title: 'a\u0001b' }, 'title'],
      ['summary', 'U+000B', { summary: 'vertical\u000btab' }, 'summary'],
      ['body', 'U+001B', { body: 'escape \u001b[31m red' }, 'body'],
      ['body', 'U+0008', { body: 'back\bspace' }, 'body'],
      ['attributeRationale', 'U+FFFE', { attributeRationale: 'not a character \ufffe' }, 'attributeRationale'],
    ])('a control character in %s (%s) is refused with 400 naming the field, and nothing is stored', async (_f, _c, over, field) => {
      const before = await count('documents');
      const res = await t.http.post('/api/v1/documents').set(bearer(d.tokens.drafterA)).send(form(over));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'invalid_input' });
      expect(res.body.message).toMatch(new RegExp(`^${field} `));
      expect(res.body.message).toMatch(/control character/);
      expect(await count('documents')).toBe(before);
    });

    it('nested fields are named by their path; tab, line feed and carriage return are text', async () => {
      const bad = await t.http.post('/api/v1/applications').send({ ...APPLICATION, contact: { address: '北京\u0007市' } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^contact\.address /);
      const ok = await t.http.post('/api/v1/documents').set(bearer(d.tokens.drafterA)).send(form({ body: '第一段\t缩进\r\n第二段\n第三段' }));
      expect(ok.status).toBe(201);
      expect(ok.body.body).toBe('第一段\t缩进\r\n第二段\n第三段');
    });
  });

  describe('answers of the framework itself', () => {
    it('a method the route does not have answers 405 with Allow; an unknown path stays 404', async () => {
      const del = await t.http.delete('/health');
      expect(del.status).toBe(405);
      expect(del.headers.allow).toBe('GET, HEAD');
      expect(del.body).toMatchObject({ statusCode: 405, error: 'Method Not Allowed', code: 'method_not_allowed' });
      const put = await t.http.put('/api/v1/documents').set(bearer(d.tokens.drafterA)).send({});
      expect(put.status).toBe(405);
      expect(put.headers.allow).toBe('GET, HEAD, POST');
      const doc = await t.http.post(`/api/v1/documents/00000000-0000-4000-8000-000000000000`).set(bearer(d.tokens.drafterA)).send({});
      expect(doc.status).toBe(405);
      expect(doc.headers.allow).toBe('GET, HEAD, PATCH');
      const none = await t.http.get('/api/v1/nothing-here');
      expect(none.status).toBe(404);
      expect(none.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'not_found' });
      expect(none.headers.allow).toBeUndefined();
    });

    it('broken JSON, a body over the limit and a wrong content type carry the status name and a code', async () => {
      const broken = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username":');
      expect(broken.status).toBe(400);
      expect(broken.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'invalid_json' });
      const big = await t.http
        .post('/api/v1/documents')
        .set(bearer(d.tokens.drafterA))
        .set('Content-Type', 'application/json')
        .send(`{"title":"x","body":"${'a'.repeat(5 * 1024 * 1024)}"}`);
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', code: 'payload_too_large' });
      const type = await t.http.post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('username=a');
      expect(type.status).toBe(415);
      expect(type.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type', code: 'unsupported_media_type' });
      for (const r of [broken, big, type]) expect(r.body.error).not.toBe('HttpException');
    });
  });

  describe('null and empty values in the DTOs', () => {
    it('POST /calendar/overrides with "publishYear": null is a 400, not a 500', async () => {
      const before = await count('calendar_overrides');
      const res = await t.http
        .post('/api/v1/calendar/overrides')
        .set(bearer(t.adminToken))
        .send({ overrides: [{ date: '2031-01-01', kind: 'holiday', name: '元旦' }], publishYear: null });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^publishYear /);
      expect(await count('calendar_overrides')).toBe(before);
    });

    it('null is refused where a string is expected: override names, subscriber secrets and descriptions, a PATCH of nulls', async () => {
      const name = await t.http.post('/api/v1/calendar/overrides').set(bearer(t.adminToken)).send({ overrides: [{ date: '2031-02-03', kind: 'holiday', name: null }] });
      expect(name.status).toBe(400);
      expect(name.body.message).toMatch(/name/);
      const secret = await t.http.post('/api/v1/subscribers').set(bearer(t.adminToken)).send({ url: 'https://portal.example.test/hook', secret: null });
      expect(secret.status).toBe(400);
      expect(secret.body.message).toMatch(/secret/);
      const description = await t.http.post('/api/v1/subscribers').set(bearer(t.adminToken)).send({ url: 'https://portal.example.test/hook', description: null });
      expect(description.status).toBe(400);
      expect(description.body.message).toMatch(/description/);
      const sub = await t.http.post('/api/v1/subscribers').set(bearer(t.adminToken)).send({ url: 'https://portal.example.test/hook', description: '门户' });
      expect(sub.status).toBe(201);
      const patch = await t.http.patch(`/api/v1/subscribers/${sub.body.id}`).set(bearer(t.adminToken)).send({ active: null, url: null, description: null });
      expect(patch.status).toBe(400);
      expect(patch.body.message).toMatch(/active/);
      expect(patch.body.message).toMatch(/url/);
      expect(patch.body.message).toMatch(/description/);
      const [row] = await t.sql<{ url: string; description: string; active: boolean }>(`SELECT url, description, active FROM subscribers WHERE id = $1`, [sub.body.id]);
      expect(row).toEqual({ url: 'https://portal.example.test/hook', description: '门户', active: true });
    });

    it('{"url": ""} is refused by the URL check (400 naming url), on create and on change', async () => {
      const create = await t.http.post('/api/v1/subscribers').set(bearer(t.adminToken)).send({ url: '' });
      expect(create.status).toBe(400);
      expect(create.body).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^url /) });
      const sub = await t.http.post('/api/v1/subscribers').set(bearer(t.adminToken)).send({ url: 'https://portal.example.test/other' });
      const change = await t.http.patch(`/api/v1/subscribers/${sub.body.id}`).set(bearer(t.adminToken)).send({ url: '' });
      expect(change.status).toBe(400);
      expect(change.body.message).toMatch(/^url /);
    });
  });

  describe('caching of authenticated answers', () => {
    it('Cache-Control: no-store on the login, /me, a document, an application and their errors', async () => {
      const login = await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'admin-password-for-tests' });
      expect(login.status).toBe(200);
      expect(login.headers['cache-control']).toBe('no-store');
      const me = await t.http.get('/api/v1/me').set(bearer(d.tokens.drafterA));
      expect(me.headers['cache-control']).toBe('no-store');
      const doc = await walk(t, d, 'drafterA', []);
      const got = await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterA));
      expect(got.status).toBe(200);
      expect(got.headers['cache-control']).toBe('no-store');
      const app = await t.http.post('/api/v1/applications').send(APPLICATION);
      expect(app.status).toBe(201);
      expect(app.headers['cache-control']).toBe('no-store');
      const one = await t.http.get(`/api/v1/applications/${app.body.id}`).set(bearer(d.tokens.officer));
      expect(one.status).toBe(200);
      expect(one.body.idNumber).toBe(APPLICATION.idNumber);
      expect(one.headers['cache-control']).toBe('no-store');
      const track = await t.http.get(`/api/v1/applications/track/${app.body.trackingCode}`);
      expect(track.headers['cache-control']).toBe('no-store');
      for (const r of [await t.http.get('/api/v1/me'), await t.http.get('/api/v1/users').set(bearer(d.tokens.drafterA))]) expect(r.headers['cache-control']).toBe('no-store');
      // The public catalogue stays cacheable (with revalidation).
      const list = await t.http.get('/api/v1/catalogue');
      expect(list.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    });
  });

  describe('conditional requests (RFC 9110)', () => {
    it('GET of a document answers 304 to a matching If-None-Match, 200 otherwise', async () => {
      const doc = await walk(t, d, 'drafterA', []);
      const first = await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterA));
      const again = await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterA)).set('If-None-Match', first.headers.etag);
      expect(again.status).toBe(304);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(again.text ?? '').toBe('');
      const weak = await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterA)).set('If-None-Match', `"x", W/${first.headers.etag}`);
      expect(weak.status).toBe(304);
      const other = await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterA)).set('If-None-Match', '"99"');
      expect(other.status).toBe(200);
      // Not visible: still 404, whatever the precondition.
      const hidden = await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterB)).set('If-None-Match', first.headers.etag);
      expect(hidden.status).toBe(404);
    });

    it('If-Modified-Since: a second publication in the same second as Last-Modified is not answered 304', async () => {
      const url = `/feeds/catalogue.atom?unit=${d.unitA.code}`;
      let made = 0;
      const ready = async () => {
        const step = FULL_CHAIN.slice(0, 3);
        // A short counter, not a random number: 16 random digits can pass the Luhn check and
        // be taken for a bank card by the assessment, which then holds the approval.
        return walk(t, d, 'drafterA', step, { title: `同一秒 第${++made}件` });
      };
      let attempts = 0;
      for (;;) {
        attempts++;
        const [a, b] = [await ready(), await ready()];
        // Start at the beginning of a second, so that both publications land in it.
        await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
        const approve = (doc: { id: string; version: number }) =>
          t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens.leaderA)).set('If-Match', `"${doc.version}"`).send({ action: 'approve' });
        expect((await approve(a)).status).toBe(200);
        const first = await t.http.get(url);
        expect(first.status).toBe(200);
        expect((await approve(b)).status).toBe(200);
        const [pa, pb] = await t.sql<{ s: string }>(
          `SELECT date_trunc('second', published_at)::text AS s FROM catalogue_entries WHERE document_id = ANY($1::uuid[]) ORDER BY published_at`,
          [[a.id, b.id]],
        );
        if (pa.s !== pb.s && attempts < 5) continue;
        expect(pa.s).toBe(pb.s);
        const again = await t.http.get(url).set('If-Modified-Since', first.headers['last-modified']);
        expect(again.status).toBe(200);
        expect(again.text).toContain(String(b.title));
        break;
      }
    });
  });

  describe('If-Match (RFC 9110)', () => {
    const transition = (id: string, ifMatch: string) => t.http.post(`/api/v1/documents/${id}/transitions`).set(bearer(d.tokens.drafterA)).set('If-Match', ifMatch).send({ action: 'submit' });

    it('If-Match: * matches an existing document', async () => {
      const doc = await walk(t, d, 'drafterA', []);
      const res = await transition(doc.id, '*');
      expect(res.status).toBe(200);
      expect(res.body.state).toBe('secrecy_review');
      expect(res.headers.etag).toBe(`"${doc.version + 1}"`);
    });

    it('If-Match with a list matches when the list holds the current version', async () => {
      const doc = await walk(t, d, 'drafterA', []);
      const res = await transition(doc.id, `"${doc.version + 5}", "${doc.version}"`);
      expect(res.status).toBe(200);
      expect((await transition((await walk(t, d, 'drafterA', [])).id, '"7", "8"')).status).toBe(412);
    });

    it('If-Match compares strongly: a weak W/"<version>" does not match (412), and changes nothing', async () => {
      const doc = await walk(t, d, 'drafterA', []);
      const res = await transition(doc.id, `W/"${doc.version}"`);
      expect(res.status).toBe(412);
      const got = await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterA));
      expect(got.body).toMatchObject({ state: 'draft', version: doc.version });
    });
  });

  describe('compression, CORS and HSTS', () => {
    it('the OpenAPI document and the feeds are compressed with br or gzip when asked; not otherwise', async () => {
      const br = await raw('/api/docs-json', { 'accept-encoding': 'br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      const doc = JSON.parse(brotliDecompressSync(br.body).toString('utf8'));
      expect(doc.openapi).toMatch(/^3\./);
      expect(br.body.length).toBeLessThan(JSON.stringify(doc).length / 4);
      // A small answer is not worth compressing.
      const small = await raw('/health', { 'accept-encoding': 'gzip, br' });
      expect(small.headers['content-encoding']).toBeUndefined();
      await walk(t, d, 'drafterA', FULL_CHAIN, { title: '压缩测试', body: '正文'.repeat(2000) });
      for (const url of [`/feeds/catalogue.atom?unit=${d.unitA.code}`, `/feeds/catalogue.rss?unit=${d.unitA.code}`, '/feeds/catalogue.json']) {
        // Twice: the first answer goes through Fastify, the second comes from the fast lane.
        for (let i = 0; i < 2; i++) {
          const gz = await raw(url, { 'accept-encoding': 'gzip' });
          expect(gz.status).toBe(200);
          expect(gz.headers['content-encoding']).toBe('gzip');
          expect(gz.headers.vary).toMatch(/accept-encoding/i);
          expect(gunzipSync(gz.body).toString('utf8')).toContain('压缩测试');
          expect(String(gz.headers.vary).toLowerCase().split(/,\s*/).filter((v) => v === 'accept-encoding')).toHaveLength(1);
          const brotli = await raw(url, { 'accept-encoding': 'gzip;q=0.5, br' });
          expect(brotli.headers['content-encoding']).toBe('br');
          expect(brotliDecompressSync(brotli.body).equals(gunzipSync(gz.body))).toBe(true);
          const plain = await raw(url, {});
          expect(plain.headers['content-encoding']).toBeUndefined();
          expect(plain.headers.vary).toMatch(/accept-encoding/i);
          expect(plain.body.equals(gunzipSync(gz.body))).toBe(true);
          const notModified = await raw(url, { 'accept-encoding': 'gzip', 'if-none-match': String(plain.headers.etag) });
          expect(notModified.status).toBe(304);
          expect(notModified.body.length).toBe(0);
        }
      }
    });

    it('CORS on the public catalogue and feeds (GET, no credentials), not on authenticated routes', async () => {
      const origin = 'https://portal.example.gov.cn';
      for (const url of ['/api/v1/catalogue', '/feeds/catalogue.rss', '/feeds/catalogue.json', '/api/v1/catalogue/changes?after=0']) {
        for (let i = 0; i < 2; i++) {
          const res = await t.http.get(url).set('Origin', origin);
          expect(res.status).toBe(200);
          expect(res.headers['access-control-allow-origin']).toBe('*');
          expect(res.headers['access-control-allow-credentials']).toBeUndefined();
          expect(res.headers['access-control-expose-headers']).toMatch(/etag/i);
        }
      }
      const preflight = await t.http.options('/feeds/catalogue.atom').set('Origin', origin).set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'if-none-match');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('*');
      expect(preflight.headers['access-control-allow-methods']).toMatch(/GET/);
      expect(preflight.headers['access-control-allow-methods']).not.toMatch(/POST|DELETE/);
      expect(preflight.headers['access-control-allow-headers']).toMatch(/if-none-match/i);
      for (const [method, url] of [
        ['get', '/api/v1/me'],
        ['get', '/api/v1/documents'],
        ['post', '/api/v1/applications'],
      ] as const) {
        const res = await t.http[method](url).set('Origin', origin);
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
      }
      const noPreflight = await t.http.options('/api/v1/documents').set('Origin', origin).set('Access-Control-Request-Method', 'POST');
      expect(noPreflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('HSTS only when the request came over TLS (a trusted proxy’s X-Forwarded-Proto: https)', async () => {
      for (const url of ['/health', '/api/v1/catalogue', '/feeds/catalogue.atom', '/api/v1/nothing-here']) {
        for (let i = 0; i < 2; i++) {
          const plain = await t.http.get(url);
          expect(plain.headers['strict-transport-security']).toBeUndefined();
          const tls = await t.http.get(url).set('X-Forwarded-Proto', 'https');
          expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        }
      }
    });

    it('HSTS: X-Forwarded-Proto from a client that is not a trusted proxy is not believed', async () => {
      const u = await startTestApp({ TRUST_PROXY: 'false' });
      try {
        const res = await request(u.server as never).get('/health').set('X-Forwarded-Proto', 'https');
        expect(res.headers['strict-transport-security']).toBeUndefined();
        const lane = await request(u.server as never).get('/feeds/catalogue.atom').set('X-Forwarded-Proto', 'https');
        expect(lane.headers['strict-transport-security']).toBeUndefined();
      } finally {
        await u.close();
      }
    });
  });
});
