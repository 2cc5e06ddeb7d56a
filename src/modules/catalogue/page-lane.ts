/**
 * The catalogue's page lane: `GET /api/v1/catalogue?limit=N&cursor=C`, the pages after a cursor
 * that portals and crawlers page back through, answered by the HTTP server's request listener in
 * front of Fastify and Nest (router, guard, pipes, helmet, CORS, serializer): the page is computed
 * by CatalogueService.list, as the route computes it, and sent with the headers the route sent
 * with its last such page (helmet's, CORS's, cache-control, content-type: the same for every
 * page, since none depends on the page or on the request).
 *
 * It answers only what the route would answer 200 to, without a doubt: a GET with nothing but a
 * `cursor` of base64url characters (at most 500, as the route's validation allows), an optional
 * `limit` written as the route reads it (1–100) and the optional filters (`category` one of the
 * categories, `unit` a unit code), each at most once, no credentials (no Authorization, no
 * cookie: a public route still recognises a logged-in caller), once the route has answered such a
 * page itself (its headers are the lane's). The route is public (`@Public()`), and the guard lets
 * a request without credentials through without an ability (auth.guard.ts): the only case the
 * lane answers, so permissions stay where they are. Everything else — another parameter, a repeated one,
 * a limit of 0 or "050", a cursor that does not decode, a failed query — goes to Fastify, which
 * answers it as it always has (a query that failed here is run again there). Each answer is
 * logged as Fastify logs one (AccessLog: one line, the same fields).
 *
 * Hand-written for the same reason as the fast lane (fast-lane.ts): a page after a cursor is
 * bound by its query (one index range scan of 51 rows), and the framework's layers around it were
 * about a third of the service's CPU per page (bench/RESULTS.md, "Reads, sixth round").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_PAGE_LIMIT, MAX_CURSOR_LENGTH, MAX_PAGE_LIMIT, type Page } from '../../common/pagination/pagination.js';
import { CATEGORIES } from '../documents/document.types.js';
import { UNIT_CODE_PATTERN } from '../identity/unit-code.js';
import type { CatalogueEntryResponse } from './catalogue.dto.js';
import { answerHeaders, chooseEncoding, compressBody, headerList, NOT_STORED, replyHeaders, requestIdOf } from './answer-bytes.js';

const PATH = '/api/v1/catalogue';
/** As the route reads `limit` (an integer from 1 to MAX_PAGE_LIMIT), here only in its plain decimal form. */
const LIMIT = /^[1-9]\d{0,2}$/;
/** What encodeCursor writes (base64url, no padding), within the route's MAX_CURSOR_LENGTH. */
const CURSOR = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_CURSOR_LENGTH}}$`);

/** A page the lane may answer: the route's parameters, as its validation would let them through. */
export interface PageRequest {
  limit: number;
  cursor: string;
  category?: string;
  unit?: string;
}

export interface PageLane {
  /** The route's own computation (CatalogueService.list, without search). */
  page: (q: PageRequest) => Promise<Page<CatalogueEntryResponse>>;
  /** Fastify's logger: the lane's answers are logged where the route's are. */
  log: FastifyBaseLogger;
  isTls: (req: IncomingMessage) => boolean;
  /** The client's address, by Fastify's `trustProxy` rule (request.ip). */
  clientIp: (req: IncomingMessage) => string | undefined;
  /** The headers of the route's last page after a cursor, as writeHead's flat list (answer-bytes.ts); null until it answered one. */
  headers: string[] | null;
}

const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);

/** The page's parameters when the lane may answer this request, else null. */
export function pageRequest(req: { method?: string; url?: string; headers: IncomingMessage['headers'] }): PageRequest | null {
  const url = req.url ?? '';
  if (req.method !== 'GET' || url.length > PATH.length + MAX_CURSOR_LENGTH + 100 || !url.startsWith(PATH) || url.charCodeAt(PATH.length) !== 63 /* ? */) return null;
  if (req.headers.authorization !== undefined || req.headers.cookie !== undefined) return null;
  let limit: number | undefined;
  let cursor: string | undefined;
  let category: string | undefined;
  let unit: string | undefined;
  for (const pair of url.slice(PATH.length + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) return null;
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (name === 'limit' && limit === undefined && LIMIT.test(value) && Number(value) <= MAX_PAGE_LIMIT) limit = Number(value);
    else if (name === 'cursor' && cursor === undefined && CURSOR.test(value)) cursor = value;
    else if (name === 'category' && category === undefined && CATEGORY_SET.has(value)) category = value;
    else if (name === 'unit' && unit === undefined && UNIT_CODE_PATTERN.test(value)) unit = value;
    else return null;
  }
  if (cursor === undefined) return null;
  const q: PageRequest = { limit: limit ?? DEFAULT_PAGE_LIMIT, cursor };
  if (category !== undefined) q.category = category;
  if (unit !== undefined) q.unit = unit;
  return q;
}

/**
 * Answers the request when the lane may (true), else false and nothing is written. A page whose
 * computation fails is handed to `fallback` (Fastify) before anything is written.
 */
export function serveFromPageLane(lane: PageLane, req: IncomingMessage, res: ServerResponse, fallback: () => void): boolean {
  const stored = lane.headers;
  if (stored === null) return false;
  const q = pageRequest(req);
  if (q === null) return false;
  const started = performance.now();
  const id = requestIdOf(req);
  if (id === null) return false;
  const answer = (page: Page<CatalogueEntryResponse>) => {
    if (res.headersSent || res.destroyed) return;
    // Written as a string: encoded to UTF-8 once, by the socket's write (a Buffer.from first was 4 % of a page's CPU).
    const json = JSON.stringify(page);
    const length = Buffer.byteLength(json, 'utf8');
    const encoding = chooseEncoding(true, length, req.headers['accept-encoding']);
    const body = encoding ? compressBody(Buffer.from(json, 'utf8'), encoding) : json;
    res.writeHead(200, answerHeaders(stored, id, lane.isTls(req), { length: typeof body === 'string' ? length : body.length, encoding }));
    res.end(body);
    lane.log.info(
      {
        reqId: id,
        req: { method: req.method, url: req.url, host: req.headers.host, remoteAddress: lane.clientIp(req), remotePort: req.socket.remotePort },
        res: { statusCode: 200 },
        responseTime: performance.now() - started,
      },
      'request completed',
    );
  };
  lane
    .page(q)
    .then(answer)
    .catch(() => {
      // The page's computation failed (or, before anything was written, its answer): the route answers.
      if (!res.headersSent && !res.destroyed) fallback();
      else if (!res.writableEnded) res.destroy();
    });
  return true;
}

/** Per-response headers, and those of a page that the next page does not share. */
const NOT_SHARED = new Set([...NOT_STORED, 'etag', 'last-modified']);

/**
 * Registers the hook that gives the lane its headers: those of each 200 the route itself sends to
 * a request the lane could have answered (so the lane starts after the route's first such page).
 */
export function registerPageLaneCapture(fastify: FastifyInstance, lane: () => PageLane | null): void {
  fastify.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const l = lane();
    if (!l || reply.statusCode !== 200 || pageRequest(req.raw) === null) return payload;
    l.headers = headerList(replyHeaders(reply, NOT_SHARED));
    return payload;
  });
}
