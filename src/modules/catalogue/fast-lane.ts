/**
 * The catalogue's fast lane: the answers portals poll (the feeds and the first page of the list,
 * per filter) served as stored bytes from a Fastify `onRequest` hook that runs before helmet and
 * before Nest's router, guards and pipes; 304 to a matching `If-None-Match` / `If-Modified-Since`.
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
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogueCache, StoredAnswer } from './catalogue-cache.js';

/** Path → the query parameters it may carry and still be served from the lane. */
const ELIGIBLE: Record<string, ReadonlySet<string>> = {
  '/api/v1/catalogue': new Set(['limit', 'category', 'unit']),
  '/feeds/catalogue.atom': new Set(['category', 'unit']),
  '/feeds/catalogue.rss': new Set(['category', 'unit']),
  '/feeds/catalogue.json': new Set(['category', 'unit']),
};

/** Headers that belong to one response, not to the stored answer. */
const NOT_STORED = new Set(['x-request-id', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding']);

const LANE = Symbol('catalogue-fast-lane');
type LaneState = { key: string; generation: number | null; served: boolean };
type LaneRequest = FastifyRequest & { [LANE]?: LaneState };

/**
 * The cache key of a request, or null when the request is not eligible. Feed links are absolute,
 * built from the Host header when PUBLIC_URL is not set: then the host is part of a feed's key.
 */
export function laneKey(req: { method: string; url: string; headers: Record<string, string | string[] | undefined> }, hostInKey: boolean): string | null {
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

/** RFC 9110: If-None-Match wins over If-Modified-Since. */
export function notModified(headers: Record<string, string | string[] | undefined>, etag: string, lastModified: Date | null): boolean {
  const inm = headers['if-none-match'];
  if (typeof inm === 'string') return inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
  const ims = headers['if-modified-since'];
  if (typeof ims === 'string' && lastModified) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && lastModified.getTime() <= since;
  }
  return false;
}

/** Whether Fastify's per-request log lines are skipped: for answers the lane serves (polls). */
export function servedByLane(cache: CatalogueCache, req: FastifyRequest, hostInKey: boolean): boolean {
  const state = (req as LaneRequest)[LANE];
  if (state) return state.served;
  const key = laneKey(req, hostInKey);
  return key !== null && cache.getAnswer(key) !== undefined;
}

/** Registers the lane's two hooks; call before helmet so that the lane answers first. */
export function registerFastLane(fastify: FastifyInstance, cache: CatalogueCache, hostInKey: boolean): void {
  fastify.addHook('onRequest', (req: LaneRequest, reply: FastifyReply, done: () => void) => {
    const key = laneKey(req, hostInKey);
    if (key === null) return done();
    const hit = cache.getAnswer(key);
    if (!hit) {
      req[LANE] = { key, generation: cache.currentGeneration(), served: false };
      return done();
    }
    req[LANE] = { key, generation: null, served: true };
    // Written straight to the socket: the stored headers are the full pipeline's (helmet's included).
    reply.hijack();
    if (notModified(req.headers, hit.etag, hit.lastModified)) {
      reply.raw.writeHead(304, { ...hit.notModifiedHeaders, 'x-request-id': req.id });
      reply.raw.end();
    } else {
      reply.raw.writeHead(200, { ...hit.headers, 'content-length': hit.body.length, 'x-request-id': req.id });
      reply.raw.end(hit.body);
    }
  });

  fastify.addHook('onSend', async (req: LaneRequest, reply: FastifyReply, payload: unknown) => {
    const state = req[LANE];
    if (!state || state.served || state.generation === null || reply.statusCode !== 200) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.isBuffer(payload) ? payload : null;
    if (!body) return payload;
    let etag = reply.getHeader('etag');
    if (typeof etag !== 'string') {
      // The list page has no ETag of its own: one from its bytes, so portals can poll it too.
      etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      void reply.header('etag', etag);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined || NOT_STORED.has(name)) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    const { 'content-type': _type, ...notModifiedHeaders } = headers;
    const lm = headers['last-modified'] ? new Date(headers['last-modified']) : null;
    const answer: StoredAnswer = { etag, lastModified: lm && !Number.isNaN(lm.getTime()) ? lm : null, headers, notModifiedHeaders, body };
    cache.putAnswer(state.key, state.generation, answer);
    return payload;
  });
}
