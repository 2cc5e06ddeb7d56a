/**
 * How fast can a conditional GET be answered with 304 on this machine, and what costs what?
 * Not part of `npm run bench` (it measures frameworks, not the service); run it after a build:
 *
 *   npx tsc -p tsconfig.bench.json && node dist/bench/floor-304.js [variants]
 *
 * Variants (each its own process, 32 connections, 5 s after 1 s of warm-up):
 *   node                  node:http answering 304 to a matching If-None-Match
 *   fastify               a Fastify route answering 304
 *   fastify-helmet-log    the same behind helmet's headers and request logging at info (the service's setup)
 *   hook-first            a Fastify onRequest hook registered before helmet answers 304; request logging on
 *   hook-first-nolog      the same with request logging off for those answers
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

const require = createRequire(import.meta.url);
const ETAG = '"feed-etag"';
const ALL = ['node', 'fastify', 'fastify-helmet-log', 'hook-first', 'hook-first-nolog'];

async function serve(kind: string): Promise<void> {
  if (kind === 'node') {
    const s = http.createServer((req, res) => {
      if (req.headers['if-none-match'] === ETAG) res.writeHead(304, { etag: ETAG }).end();
      else res.writeHead(200).end('feed');
    });
    s.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: (s.address() as AddressInfo).port })));
    return;
  }
  type Reply = { code(n: number): Reply; header(k: string, v: string): Reply; send(b?: unknown): Reply };
  type Req = { headers: Record<string, string | undefined> };
  const Fastify = require('fastify') as (o: object) => {
    addHook(name: string, fn: (req: Req, reply: Reply) => Promise<unknown>): void;
    register(p: unknown): Promise<void>;
    get(path: string, fn: (req: Req, reply: Reply) => Promise<unknown>): void;
    listen(o: object): Promise<string>;
    server: http.Server;
  };
  const logging = kind.includes('log') || kind.startsWith('hook-first');
  const app = Fastify({
    logger: logging ? { level: 'info', stream: { write() {} } } : false,
    // Deprecated in Fastify 5 in favour of logController, still honoured; enough for a measurement.
    disableRequestLogging: kind.endsWith('nolog'),
  });
  const answer304 = async (req: Req, reply: Reply) => {
    if (req.headers['if-none-match'] === ETAG) return reply.code(304).header('etag', ETAG).send();
    return undefined;
  };
  if (kind.startsWith('hook-first')) app.addHook('onRequest', answer304);
  if (kind.includes('helmet') || kind.startsWith('hook-first')) {
    // As the service sets them (src/bootstrap.ts): helmet's middleware, built once, in an onRequest hook.
    const headers = (require('helmet') as () => (req: unknown, res: unknown, next: () => void) => void)();
    app.addHook('onRequest', (req, reply) => new Promise<undefined>((done) => headers((req as { raw?: unknown }).raw, (reply as { raw?: unknown }).raw, () => done(undefined))));
  }
  app.get('/feeds/catalogue.atom', async (req, reply) => (await answer304(req, reply)) ?? 'feed');
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(JSON.stringify({ port: (app.server.address() as AddressInfo).port }));
}

async function main(): Promise<void> {
  if (process.argv[2] === 'serve') return serve(process.argv[3]);
  const autocannon = require('autocannon') as (o: object) => Promise<{ duration: number; statusCodeStats: Record<string, { count: number }> }>;
  const variants = process.argv[2] ? process.argv[2].split(',') : ALL;
  const rates: Record<string, number> = {};
  for (const kind of variants) {
    const child = spawn(process.execPath, [process.argv[1], 'serve', kind], { stdio: ['ignore', 'pipe', 'ignore'] });
    const port = await new Promise<number>((r) => child.stdout!.once('data', (d: Buffer) => r((JSON.parse(d.toString()) as { port: number }).port)));
    const opts = { url: `http://127.0.0.1:${port}/feeds/catalogue.atom`, connections: 32, headers: { 'if-none-match': ETAG } };
    await autocannon({ ...opts, duration: 1 });
    const r = await autocannon({ ...opts, duration: 5 });
    rates[kind] = Math.round((r.statusCodeStats['304']?.count ?? 0) / r.duration);
    child.kill();
  }
  const base = rates.node;
  for (const [k, v] of Object.entries(rates)) console.log(`${k.padEnd(20)} ${String(v).padStart(7)} /s${base ? `   ${(v / base).toFixed(2)} of node:http` : ''}`);
}

void main();
