/**
 * HTTP as an outside integrator's tools read it: text the service can store and put into XML,
 * error answers of the framework itself, 405 with Allow, caching of authenticated answers,
 * conditional requests per RFC 9110 (If-Match, If-None-Match, If-Modified-Since), compression,
 * CORS on the public read routes and HSTS only over TLS.
 */
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import request from 'supertest';
import { FULL_CHAIN, bearer, form, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

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
  });
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



});
