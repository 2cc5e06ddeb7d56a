/**
 * The page lane (src/modules/catalogue/page-lane.ts) answers the catalogue's pages after a cursor
 * in front of Fastify and Nest. It must answer exactly what the route answers (status, headers,
 * body), only what the route would answer 200 to, and hand everything else to the route.
 *
 * Which road answered is seen from the route's guard (AuthGuard runs for every request that
 * reaches Nest). A second server on the same application, whose listener is Fastify's router
 * alone, gives the route's own answers to compare with (routeOnly).
 */
import { jest } from '@jest/globals';
import request from 'supertest';
import { createServer, type Server } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { AuthGuard } from '../src/modules/authorization/auth.guard.js';
import { CatalogueService } from '../src/modules/catalogue/catalogue.service.js';
import { FULL_CHAIN, rawGet, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

/** Headers that belong to one response (or to the connection). */
const PER_RESPONSE = new Set(['x-request-id', 'date', 'connection', 'keep-alive']);
const shared = (h: Record<string, unknown>) => Object.fromEntries(Object.entries(h).filter(([k]) => !PER_RESPONSE.has(k.toLowerCase())).map(([k, v]) => [k.toLowerCase(), String(v)]));

/**
 * The route's own answers: a second HTTP server whose listener is Fastify's router alone (what the
 * service's server calls when the lane does not answer), on the same application.
 */
async function routeOnly(t: TestApp): Promise<{ server: Server; get: (url: string, headers?: Record<string, string>) => request.Test }> {
  const fastify = t.app.getHttpAdapter().getInstance();
  const server = createServer((req, res) => fastify.routing(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, get: (url, headers = {}) => request(server).get(url).set(headers) };
}

const raw = rawGet;

describe('catalogue page lane', () => {
  let t: TestApp;
  let d: District;
  let guard: ReturnType<typeof jest.spyOn>;
  /** The cursors of the unit's catalogue, a page of one entry each. */
  let cursors: string[];
  let route: Awaited<ReturnType<typeof routeOnly>>;

  /** Runs `fn` and tells whether the request(s) it made reached Nest. */
  async function viaRoute<T>(fn: () => Promise<T>): Promise<{ result: T; routed: number }> {
    guard.mockClear();
    const result = await fn();
    return { result, routed: guard.mock.calls.length };
  }

  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
    for (const title of ['第一份', '第二份', '第三份', '第四份']) await walk(t, d, 'drafterA', FULL_CHAIN, { title: `${title}公开文件`, body: '正文。'.repeat(400) });
    guard = jest.spyOn(AuthGuard.prototype, 'canActivate');
    cursors = [];
    let url = `/api/v1/catalogue?limit=1&unit=${d.unitA.code}`;
    for (;;) {
      const page = await t.http.get(url);
      expect(page.status).toBe(200);
      if (!page.body.nextCursor) break;
      cursors.push(page.body.nextCursor);
      url = `/api/v1/catalogue?limit=1&unit=${d.unitA.code}&cursor=${page.body.nextCursor}`;
    }
    expect(cursors.length).toBeGreaterThanOrEqual(3);
    route = await routeOnly(t);
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    guard.mockRestore();
    await new Promise((r) => route.server.close(r));
    await t.close();
  });

  it('answers a page after a cursor as the route does: the same status, headers and body', async () => {
    const urls = [
      ...cursors.map((c) => `/api/v1/catalogue?limit=1&unit=${d.unitA.code}&cursor=${c}`),
      ...cursors.map((c) => `/api/v1/catalogue?cursor=${c}`),
      `/api/v1/catalogue?limit=100&cursor=${cursors[0]}`,
      `/api/v1/catalogue?cursor=${cursors[0]}&limit=2&category=plans_and_policies`,
    ];
    // The route answers one such page itself first: the lane takes its headers from it.
    await t.http.get(urls[0]);
    for (const url of urls) {
      const lane = await viaRoute(() => t.http.get(url));
      expect(lane.routed).toBe(0);
      const viaFastify = await viaRoute(() => route.get(url));
      expect(viaFastify.routed).toBe(1);
      expect(lane.result.status).toBe(200);
      expect(viaFastify.result.status).toBe(200);
      expect(lane.result.text).toBe(viaFastify.result.text);
      expect(shared(lane.result.headers)).toEqual(shared(viaFastify.result.headers));
      expect(lane.result.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    // The pages chain as the route's do, and hold what the route holds.
    const second = await t.http.get(`/api/v1/catalogue?limit=1&unit=${d.unitA.code}&cursor=${cursors[0]}`);
    expect(second.body.nextCursor).toBe(cursors[1]);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].unit.code).toBe(d.unitA.code);
  });

  it('keeps the client’s X-Request-Id, and adds HSTS only over TLS (a trusted proxy’s X-Forwarded-Proto)', async () => {
    const url = `/api/v1/catalogue?limit=1&cursor=${cursors[0]}`;
    await t.http.get(url);
    const { result, routed } = await viaRoute(() => t.http.get(url).set('X-Request-Id', 'portal-42'));
    expect(routed).toBe(0);
    expect(result.headers['x-request-id']).toBe('portal-42');
    expect(result.headers['strict-transport-security']).toBeUndefined();
    const tls = await viaRoute(() => t.http.get(url).set('X-Forwarded-Proto', 'https'));
    expect(tls.routed).toBe(0);
    expect(tls.result.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    // CORS as on the route, with or without an Origin.
    const cors = await viaRoute(() => t.http.get(url).set('Origin', 'https://portal.example.gov.cn'));
    expect(cors.routed).toBe(0);
    expect(cors.result.headers['access-control-allow-origin']).toBe('*');
    expect(cors.result.headers['access-control-expose-headers']).toMatch(/etag/i);
  });

  it('compresses with br or gzip when asked, as the route does', async () => {
    const url = `/api/v1/catalogue?limit=3&cursor=${cursors[0]}`;
    await t.http.get(url);
    const plain = await raw(t, url);
    const identity = plain.body as Buffer;
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await viaRoute(() => raw(t, url, { 'accept-encoding': 'br' }));
    expect(br.routed).toBe(0);
    expect(br.result.headers['content-encoding']).toBe('br');
    expect(br.result.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.result.body).equals(identity)).toBe(true);
    const gz = await viaRoute(() => raw(t, url, { 'accept-encoding': 'gzip' }));
    expect(gz.routed).toBe(0);
    expect(gz.result.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.result.headers['content-length'])).toBe((gz.result.body).length);
    expect(gunzipSync(gz.result.body).equals(identity)).toBe(true);
    const viaFastify = await route.get(url, { 'accept-encoding': 'gzip' }).buffer(true);
    expect(viaFastify.headers['content-encoding']).toBe('gzip');
    expect(viaFastify.body.items).toEqual(JSON.parse(identity.toString('utf8')).items);
  });

  it('hands everything else to the route, which answers it as before', async () => {
    const c = cursors[0];
    // A cursor of the right characters that does not decode: the lane's computation fails, the route answers 400.
    const cases: [string, Record<string, string>, number | null][] = [
      [`/api/v1/catalogue?cursor=bm9wZQ`, {}, 400],
      [`/api/v1/catalogue?limit=0&cursor=${c}`, {}, 400],
      [`/api/v1/catalogue?limit=101&cursor=${c}`, {}, 400],
      [`/api/v1/catalogue?limit=050&cursor=${c}`, {}, 200],
      [`/api/v1/catalogue?cursor=${c}&cursor=${c}`, {}, 400],
      [`/api/v1/catalogue?cursor=${c}&foo=1`, {}, 400],
      [`/api/v1/catalogue?cursor=${c}&category=nope`, {}, 400],
      [`/api/v1/catalogue?cursor=${c}&unit=lower`, {}, 400],
      [`/api/v1/catalogue?cursor=${c}&q=${encodeURIComponent('公开')}`, {}, 200],
      [`/api/v1/catalogue?cursor=${'A'.repeat(501)}`, {}, 400],
      [`/api/v1/catalogue?cursor=${c}`, { authorization: 'Bearer not-a-token' }, null],
      [`/api/v1/catalogue?cursor=${c}`, { cookie: 'gk_session=x' }, null],
    ];
    for (const [url, headers, status] of cases) {
      const lane = await viaRoute(() => t.http.get(url).set(headers));
      expect([url, lane.routed]).toEqual([url, 1]);
      const viaFastify = await route.get(url, headers);
      expect([url, lane.result.status]).toEqual([url, viaFastify.status]);
      if (status !== null) expect([url, lane.result.status]).toEqual([url, status]);
      if (lane.result.status >= 400) expect(lane.result.body).toEqual(viaFastify.body);
    }
    const head = await viaRoute(() => t.http.head(`/api/v1/catalogue?cursor=${c}`));
    expect(head.routed).toBe(1);
    expect(head.result.status).toBe(200);
  });

  it('a page whose computation fails in the lane is answered by the route', async () => {
    const url = `/api/v1/catalogue?limit=2&cursor=${cursors[0]}`;
    await t.http.get(url);
    const list = jest.spyOn(t.app.get(CatalogueService), 'list').mockRejectedValueOnce(new Error('connection terminated'));
    try {
      const { result, routed } = await viaRoute(() => t.http.get(url));
      expect(routed).toBe(1);
      expect(result.status).toBe(200);
      expect(result.body.items).toHaveLength(2);
      expect(list).toHaveBeenCalledTimes(2);
    } finally {
      list.mockRestore();
    }
  });

  it('logs each answer as the route’s access log does (one line: request, status, time)', async () => {
    const url = `/api/v1/catalogue?limit=1&cursor=${cursors[0]}`;
    await t.http.get(url);
    const log = t.app.getHttpAdapter().getInstance().log as unknown as { info: (...a: unknown[]) => void };
    const info = jest.spyOn(log, 'info');
    try {
      const res = await t.http.get(url).set('X-Request-Id', 'crawler-7');
      expect(res.status).toBe(200);
      const line = info.mock.calls.find((c) => c[1] === 'request completed' && (c[0] as { reqId?: string }).reqId === 'crawler-7');
      expect(line?.[0]).toMatchObject({ req: { method: 'GET', url, host: expect.any(String), remoteAddress: expect.any(String) }, res: { statusCode: 200 }, responseTime: expect.any(Number) });
    } finally {
      info.mockRestore();
    }
  });
});
