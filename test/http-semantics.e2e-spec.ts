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





});
