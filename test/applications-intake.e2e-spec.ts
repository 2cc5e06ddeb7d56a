/**
 * The public intake under load and in the logs: a low APPLICATION_INTAKE_LIMIT for this app only,
 * and a logger at the most verbose level whose every line is checked for the applicant's data.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { loadConfig } from '../config/configuration.js';
import { createApp } from '../src/bootstrap.js';
import { ADMIN_PASSWORD, createTestDatabase } from './support/app.js';

const API = '/api/v1/applications';
const FORM = {
  applicantType: 'natural_person',
  applicantName: '欧阳修远',
  idNumber: '440301198805051237',
  contact: { phone: '13912345678', email: 'ouyang.xiuyuan@example.org', address: '深圳市福田区深南大道7号' },
  description: '关于本区2026年学校建设规划的信息',
  format: 'electronic',
  delivery: 'email',
};
const PERSONAL = ['欧阳修远', '440301198805051237', '13912345678', 'ouyang.xiuyuan@example.org', '深南大道'];

describe('public intake: rate limit and logs', () => {
  let app: NestFastifyApplication;
  let http: ReturnType<typeof request>;
  const lines: string[] = [];
  beforeAll(async () => {
    const databaseUrl = await createTestDatabase();
    const config = loadConfig({ ADMIN_PASSWORD, LOG_LEVEL: 'trace', DB_POOL_SIZE: '5', APPLICATION_INTAKE_LIMIT: '3', APPLICATION_INTAKE_WINDOW_SECONDS: '600' });
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    app = await createApp(config, { databaseUrl, logger: pino({ level: 'trace' }, sink) });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const { IdentityService } = await import('../src/modules/identity/identity.service.js');
    await app.get(IdentityService).ensureAdmin();
    http = request(app.getHttpServer());
  });
  afterAll(() => app.close());

  it('the 4th attempt from one address within the window is 429 with Retry-After; other addresses and officers are not affected', async () => {
    const ip = { 'X-Forwarded-For': '198.51.100.20' };
    expect((await http.post(API).set(ip).send(FORM)).status).toBe(201);
    expect((await http.post(API).set(ip).send({ ...FORM, applicantType: 'nobody' })).status).toBe(400); // attempts count, valid or not
    expect((await http.post(API).set(ip).send(FORM)).status).toBe(201);
    const limited = await http.post(API).set(ip).send(FORM);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(600);
    expect((await http.post(API).set(ip).send({ broken: true })).status).toBe(429);
    expect((await http.post(API).set({ 'X-Forwarded-For': '198.51.100.21' }).send(FORM)).status).toBe(201);
    // Tracking and the rest of the API are not limited.
    expect((await http.get(`${API}/track/AAAAAAAAAAAAAAAAAAAA`).set(ip)).status).toBe(404);
    expect((await http.get('/health').set(ip)).status).toBe(200);

    // A disclosure officer entering paper applications from the same address is not limited.
    const admin = (await http.post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD })).body.accessToken;
    const unit = (await http.post('/api/v1/units').set('Authorization', `Bearer ${admin}`).send({ code: 'ZWGK', name: '政务公开办' })).body;
    await http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'officer.limit', password: 'password-for-tests', displayName: '公开办', unitId: unit.id, roles: ['disclosure_officer'] })
      .expect(201);
    const officer = (await http.post('/api/v1/auth/login').send({ username: 'officer.limit', password: 'password-for-tests' })).body.accessToken;
    for (let i = 0; i < 5; i++) {
      const res = await http.post(API).set(ip).set('Authorization', `Bearer ${officer}`).send({ ...FORM, channel: 'registered_post', receivedAt: '2026-11-20T10:00:00+08:00' });
      expect(res.status).toBe(201);
    }
  });

  it('the applicant’s personal data never appears in the logs', async () => {
    const ip = { 'X-Forwarded-For': '198.51.100.30' };
    const ok = await http.post(API).set(ip).send(FORM);
    expect(ok.status).toBe(201);
    await http.post(API).set(ip).send({ ...FORM, contact: { phone: 'call 13912345678' } });
    await http.get(`${API}/track/${ok.body.trackingCode}`);
    const all = lines.join('');
    expect(all).toContain(API); // the requests were logged…
    for (const p of PERSONAL) expect(all).not.toContain(p); // …without personal data
  });
});
