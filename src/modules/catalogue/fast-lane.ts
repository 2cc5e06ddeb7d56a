/**
 * The catalogue's fast lane: the answers portals poll (the feeds and the first page of the list,
 * per filter) served as stored bytes by the HTTP server's request listener, in front of Fastify
 * and Nest (router, guards, pipes, helmet, request logging); 304 to a matching `If-None-Match` /
 * `If-Modified-Since`.
 *
 * What it serves is exactly what the full pipeline answered last time: the first request for a
 * URL goes through Nest (authorization policy, validation, the service, helmet), and its 200
 * response (status, headers, body) is stored by the `onSend` hook. Stored answers live in
 * CatalogueCache and are cleared with it, when a publication or revocation commits on any
 * instance; an answer computed while a change was committing is not stored (generation check).
 * Only URLs whose query holds nothing but the filters are eligible, so a query that validation
 * would refuse is never stored (only 200s are), and a cursor or a search never comes here.
 *
 * Hand-written: @fastify/caching and similar plugins cache by time (max-age), not by an
 * invalidation signal from the database, which the catalogue's "never stale after commit" needs.
 */
import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { noneMatch } from '../../common/http/etag.js';
import { COMPRESSIBLE, withVary } from '../../common/http/http-edge.js';
import { answerHeaders, chooseEncoding, compressBody, headerList, NOT_STORED, replyHeaders, requestIdOf, type Encoding } from './answer-bytes.js';
import type { CatalogueCache, StoredAnswer } from './catalogue-cache.js';
import { serveFromPageLane, type PageLane } from './page-lane.js';

/** What the lane needs from the service: the cache, whether feeds' keys hold the host, and whether a request came over TLS. */
export interface Lane {
  cache: CatalogueCache;
  hostInKey: boolean;
  isTls: (req: IncomingMessage) => boolean;
  /** The pages after a cursor (page-lane.ts). */
  pages?: PageLane;
}

/** Path → the query parameters it may carry and still be served from the lane. */
const ELIGIBLE: Record<string, ReadonlySet<string>> = {
  '/api/v1/catalogue': new Set(['limit', 'category', 'unit']),
  '/feeds/catalogue.atom': new Set(['category', 'unit']),
  '/feeds/catalogue.rss': new Set(['category', 'unit']),
  '/feeds/catalogue.json': new Set(['category', 'unit']),
};



const LANE = Symbol('catalogue-fast-lane');
type LaneState = { key: string; generation: number | null };
type LaneRequest = FastifyRequest & { [LANE]?: LaneState };

/**
 * The cache key of a request, or null when the request is not eligible. Feed links are absolute,
 * built from the Host header when PUBLIC_URL is not set: then the host is part of a feed's key.
 */
function laneKey(req: { method: string; url: string; headers: Record<string, string | string[] | undefined> }, hostInKey: boolean): string | null {
  if (req.method !== 'GET') return null;
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const allowed = ELIGIBLE[path];
  if (!allowed) return null;
  if (q >= 0) {
    const seen = new Set<string>();
    for (const pair of req.url.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      if (!allowed.has(name) || seen.has(name)) return null;
      seen.add(name);
    }
  }
  return hostInKey && path.startsWith('/feeds/') ? `${String(req.headers.host ?? '')} ${req.url}` : req.url;
}

/**
 * RFC 9110 §13.2.2: If-None-Match (weak comparison) wins over If-Modified-Since. `lastModified`
 * is the second of the Last-Modified header when it validates, null when it cannot (two changes
 * fell in that second, so a copy dated by it may predate the second one: feeds.service.ts).
 */
export function notModified(headers: Record<string, string | string[] | undefined>, etag: string, lastModified: Date | null): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) return noneMatch(inm, etag);
  const ims = headers['if-modified-since'];
  if (typeof ims === 'string' && lastModified) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && lastModified.getTime() <= since;
  }
  return false;
}

const LAST_MODIFIED_VALIDATES = Symbol('last-modified-validates');

/** Tells the lane whether this answer's Last-Modified may be used for If-Modified-Since (default: yes). */
export function markLastModified(reply: FastifyReply, validates: boolean): void {
  (reply as FastifyReply & { [LAST_MODIFIED_VALIDATES]?: boolean })[LAST_MODIFIED_VALIDATES] = validates;
}

/** The stored body in the encoding the client prefers among br and gzip (made once per answer), or identity. */
function encodedBody(hit: StoredAnswer, acceptEncoding: string | string[] | undefined): { encoding: Encoding | null; body: Buffer } {
  const encoding = chooseEncoding(hit.compressible, hit.body.length, acceptEncoding);
  if (!encoding) return { encoding: null, body: hit.body };
  const variants = (hit.encoded ??= {});
  return { encoding, body: (variants[encoding] ??= compressBody(hit.body, encoding)) };
}

/**
 * Answers a request from the lane when it holds the answer; false sends it on to Fastify. The
 * request id follows Fastify's rule (the client's `X-Request-Id`, else a new UUID). Not logged one
 * by one: these are the polls.
 */
function serveFromLane(lane: Lane, req: IncomingMessage, res: ServerResponse): boolean {
  const key = laneKey({ method: req.method ?? '', url: req.url ?? '', headers: req.headers }, lane.hostInKey);
  if (key === null) return false;
  const hit = lane.cache.getAnswer(key);
  if (!hit) return false;
  const id = requestIdOf(req);
  if (id === null) return false;
  const tls = lane.isTls(req);
  if (notModified(req.headers, hit.etag, hit.lastModified)) {
    res.writeHead(304, answerHeaders(hit.notModifiedHeaders, id, tls));
    res.end();
  } else {
    const { encoding, body } = encodedBody(hit, req.headers['accept-encoding']);
    res.writeHead(200, answerHeaders(hit.headers, id, tls, { length: body.length, encoding }));
    res.end(body);
  }
  return true;
}

/** Fastify's `serverFactory`: Fastify's own HTTP/1 server set-up, with the lane in front. */
export function laneServerFactory(lane: () => Lane | null) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void, opts: FastifyServerOptions): Server => {
    const server = http.createServer((req, res) => {
      const l = lane();
      try {
        if (l && (serveFromLane(l, req, res) || (l.pages && serveFromPageLane(l.pages, req, res, () => handler(req, res))))) return;
      } catch {
        // E.g. a request id Node refuses to write back: Fastify answers it instead.
        if (res.headersSent) return void res.destroy();
      }
      handler(req, res);
    });
    server.keepAliveTimeout = opts.keepAliveTimeout ?? 72_000;
    server.requestTimeout = opts.requestTimeout ?? 0;
    server.setTimeout(opts.connectionTimeout ?? 0);
    if ((opts.maxRequestsPerSocket ?? 0) > 0) server.maxRequestsPerSocket = opts.maxRequestsPerSocket!;
    return server;
  };
}

/**
 * Registers the hooks that fill the lane: a request the lane could not answer is marked with the
 * cache's generation on arrival, and its 200 answer is stored when it is sent.
 */
export function registerLaneCapture(fastify: FastifyInstance, cache: CatalogueCache, hostInKey: boolean): void {
  fastify.addHook('onRequest', (req: LaneRequest, _reply: FastifyReply, done: () => void) => {
    const key = laneKey(req, hostInKey);
    if (key !== null) req[LANE] = { key, generation: cache.currentGeneration() };
    done();
  });

  fastify.addHook('onSend', async (req: LaneRequest, reply: FastifyReply, payload: unknown) => {
    const state = req[LANE];
    if (!state || state.generation === null || reply.statusCode !== 200) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.isBuffer(payload) ? payload : null;
    if (!body) return payload;
    let etag = reply.getHeader('etag');
    if (typeof etag !== 'string') {
      // The list page has no ETag of its own: one from its bytes, so portals can poll it too.
      etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      void reply.header('etag', etag);
    }
    const headers = replyHeaders(reply, NOT_STORED);
    const compressible = COMPRESSIBLE.test(headers['content-type'] ?? '');
    if (compressible) headers.vary = withVary(headers.vary, 'accept-encoding');
    const { 'content-type': _type, ...notModifiedHeaders } = headers;
    const validates = (reply as FastifyReply & { [LAST_MODIFIED_VALIDATES]?: boolean })[LAST_MODIFIED_VALIDATES] !== false;
    const lm = headers['last-modified'] && validates ? new Date(headers['last-modified']) : null;
    const answer: StoredAnswer = {
      etag,
      lastModified: lm && !Number.isNaN(lm.getTime()) ? lm : null,
      headers: headerList(headers),
      notModifiedHeaders: headerList(notModifiedHeaders),
      body,
      compressible,
    };
    cache.putAnswer(state.key, state.generation, answer);
    return payload;
  });
}
