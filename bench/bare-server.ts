/**
 * The "bare" comparison server: Node's own `http`, answering each route with bytes captured from
 * the service (same status, same headers, same body), and 304 to a matching If-None-Match. It is
 * what the service could at most do per request on this machine: no routing framework, no
 * validation, no database. Run as its own process, like the service.
 *
 *   node dist/bench/bare-server.js routes.json    → prints {"port": N} on stdout
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { CapturedRoute } from './lib/reads.js';

const routes = (JSON.parse(readFileSync(process.argv[2], 'utf8')) as CapturedRoute[]).map((r) => ({ ...r, bytes: Buffer.from(r.body, 'base64') }));
const byUrl = new Map(routes.map((r) => [r.path, r]));
const byPath = new Map(routes.map((r) => [r.path.split('?')[0], r]));

/** The service sends a request id (a UUID) on every answer: the bare server sends one of the same length. */
const REQUEST_ID = { 'x-request-id': '00000000-0000-4000-8000-000000000000' };

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  const route = byUrl.get(url) ?? byPath.get(url.split('?')[0]);
  if (!route) {
    res.writeHead(404).end();
    return;
  }
  const etag = route.headers['etag'];
  if (etag && req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ...(route.notModifiedHeaders ?? { etag }), ...REQUEST_ID }).end();
    return;
  }
  res.writeHead(route.status, { ...route.headers, ...REQUEST_ID, 'content-length': route.bytes.length });
  res.end(route.bytes);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: (server.address() as { port: number }).port }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
