/**
 * Push delivery to portals: signed webhooks (verified with the `standardwebhooks` reference
 * library) received by a real HTTP server; a receiver that fails first and recovers later gets
 * everything; two instances deliver each event once per attempt.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { createApp } from '../src/bootstrap.js';
import { loadConfig } from '../config/configuration.js';
import { pino } from 'pino';
import { ADMIN_PASSWORD, FULL_CHAIN, bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

interface Received {
  id: string;
  body: string;
  headers: Record<string, string>;
}

class Receiver {
  server: Server;
  received: Received[] = [];
  failuresLeft = 0;
  url = '';
  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.failuresLeft > 0) {
          this.failuresLeft--;
          res.writeHead(503).end('down');
          return;
        }
        this.received.push({ id: String(req.headers['webhook-id']), body: Buffer.concat(chunks).toString('utf8'), headers: req.headers as Record<string, string> });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

async function until(check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ENV = { WEBHOOK_RETRY_DELAY_SECONDS: '1', WEBHOOK_RETRY_LIMIT: '6' };

describe('webhook delivery', () => {
  let t: TestApp;
  let d: District;
  const receiver = new Receiver();
  let secret: string;
  let subscriberId: string;
  beforeAll(async () => {
    t = await startTestApp(ENV);
    d = await seedDistrict(t);
    await receiver.start();
    const res = await t.http.post('/api/v1/subscribers').set(bearer(t.adminToken)).send({ url: receiver.url, description: '门户网站' });
    expect(res.status).toBe(201);
    secret = res.body.secret;
    subscriberId = res.body.id;
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('admin only; bad urls are 400', async () => {
    expect((await t.http.post('/api/v1/subscribers').set(bearer(d.tokens.officer)).send({ url: receiver.url })).status).toBe(403);
    expect((await t.http.post('/api/v1/subscribers').set(bearer(t.adminToken)).send({ url: 'ftp://x' })).status).toBe(400);
    expect((await t.http.post('/api/v1/subscribers').set(bearer(t.adminToken)).send({ url: 'https://u:p@x.test/' })).status).toBe(400);
    expect((await t.http.post('/api/v1/subscribers').set(bearer(t.adminToken)).send({ url: 'https://x.test/', secret: 'plain' })).status).toBe(400);
    const list = await t.http.get('/api/v1/subscribers').set(bearer(t.adminToken));
    expect(list.body.map((s: { id: string }) => s.id)).toContain(subscriberId);
    expect(JSON.stringify(list.body)).not.toContain(secret);
  });

  it('every publication and revocation arrives signed (Standard Webhooks), even after the receiver was down', async () => {
    receiver.failuresLeft = 3;
    const doc = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '推送测试' });
    const rev = await t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens.officer)).set('If-Match', `"${doc.version}"`).send({ action: 'revoke', comment: '撤回' });
    expect(rev.status).toBe(200);
    await until(() => receiver.received.filter((r) => r.body.includes(doc.indexNo!)).length >= 2);
    const wh = new Webhook(secret);
    const mine = receiver.received.filter((r) => r.body.includes(doc.indexNo!));
    const types = mine.map((r) => (wh.verify(r.body, r.headers) as { type: string }).type).sort();
    expect(types).toEqual(['catalogue.published', 'catalogue.revoked']);
    const payload = JSON.parse(mine[0].body);
    expect(payload.data.indexNo).toBe(doc.indexNo);
    // A forged body fails verification.
    expect(() => wh.verify(mine[0].body.replace(doc.indexNo!, 'X'), mine[0].headers)).toThrow();

    const log = await t.http.get(`/api/v1/subscribers/${subscriberId}/deliveries?limit=100`).set(bearer(t.adminToken));
    expect(log.status).toBe(200);
    const entries = log.body.items.filter((i: { payload: { data: { indexNo: string } } }) => i.payload.data.indexNo === doc.indexNo);
    expect(entries.map((e: { status: string }) => e.status)).toEqual(['delivered', 'delivered']);
    const attempts = entries.flatMap((e: { attemptLog: { statusCode: number }[] }) => e.attemptLog.map((a) => a.statusCode));
    expect(attempts.filter((s: number) => s === 503)).toHaveLength(3);
  }, 60_000);

  it('an admin can replay a delivery', async () => {
    const log = await t.http.get(`/api/v1/subscribers/${subscriberId}/deliveries?limit=1`).set(bearer(t.adminToken));
    const id = log.body.items[0].id;
    const before = receiver.received.filter((r) => r.id === id).length;
    const res = await t.http.post(`/api/v1/deliveries/${id}/replay`).set(bearer(t.adminToken));
    expect(res.status).toBe(202);
    await until(() => receiver.received.filter((r) => r.id === id).length === before + 1);
    expect((await t.http.post('/api/v1/deliveries/00000000-0000-4000-8000-000000000000/replay').set(bearer(t.adminToken))).status).toBe(404);
  }, 30_000);

  it('two instances on one database deliver each event exactly once per attempt', async () => {
    const config = loadConfig({ ADMIN_PASSWORD, LOG_LEVEL: 'silent', DB_POOL_SIZE: '5', PUBLIC_URL: 'http://gongkai.test', MIGRATIONS_RUN: 'false', ...ENV });
    const second = await createApp(config, { databaseUrl: t.databaseUrl, logger: pino({ level: 'silent' }) });
    await second.init();
    try {
      const start = receiver.received.length;
      const docs = await Promise.all(Array.from({ length: 10 }, (_, i) => walk(t, d, i % 2 ? 'drafterA' : 'drafterA2', FULL_CHAIN.map(([w, b]) => [w === 'drafterA' ? (i % 2 ? 'drafterA' : 'drafterA2') : w, b]))));
      await until(() => receiver.received.length >= start + 10);
      await new Promise((r) => setTimeout(r, 1500)); // a duplicate would arrive by now
      const ids = receiver.received.slice(start).map((r) => r.id);
      expect(ids).toHaveLength(10);
      expect(new Set(ids).size).toBe(10);
      const indexNos = receiver.received.slice(start).map((r) => JSON.parse(r.body).data.indexNo).sort();
      expect(indexNos).toEqual(docs.map((x) => x.indexNo).sort());
    } finally {
      await second.close();
    }
  }, 60_000);
});
