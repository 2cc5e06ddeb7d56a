/**
 * What every answer gets at the HTTP edge, whoever wrote it:
 * - Cache-Control: `no-store` unless the route chose a policy. Answers that depend on who asks
 *   (anything behind a login, a token, an application with its applicant's data) must not be
 *   kept by a cache in between; the public catalogue and feeds set `public, max-age=0,
 *   must-revalidate` themselves.
 * - 304 to a GET whose If-None-Match matches the answer's ETag (weak comparison, RFC 9110 §13.1.2).
 * - Strict-Transport-Security only when the request came over TLS: the socket, or a trusted
 *   proxy's X-Forwarded-Proto (TRUST_PROXY). Sent over plain HTTP it means nothing, and an
 *   intranet name that later serves plain HTTP only would be locked out of browsers.
 * - CORS for the public read routes only (catalogue and feeds: GET and HEAD, no credentials),
 *   which portals and third-party pages read from browsers; everything else stays same-origin.
 * - br or gzip (@fastify/compress) when the client asks, for text, JSON and XML over 1 kB.
 */
import compress from '@fastify/compress';
import cors, { type FastifyCorsOptions } from '@fastify/cors';
import proxyAddr from '@fastify/proxy-addr';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { constants as zlib } from 'node:zlib';
import { noneMatch } from './etag.js';

/** Cache-Control of public answers that are the same for everyone: any cache may keep them, revalidated each time. */
export const PUBLIC_REVALIDATE = 'public, max-age=0, must-revalidate';

export const HSTS = 'max-age=31536000; includeSubDomains';

/** Content types worth compressing (and that therefore vary by Accept-Encoding). */
export const COMPRESSIBLE = /^text\/|^application\/(?:[\w.+-]+\+)?(?:json|xml)\b|javascript/i;

/** Smallest body compressed: below it the encoding costs more than it saves. */
export const COMPRESS_THRESHOLD = 1024;

/** The paths of the public read routes that carry CORS (see portal-integration.md): the catalogue, the feeds, the units' disclosure guides. */
export function isPublicReadPath(url: string): boolean {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  return path === '/api/v1/catalogue' || path.startsWith('/api/v1/catalogue/') || path.startsWith('/feeds/') || /^\/api\/v1\/units\/[^/]+\/guide$/.test(path);
}

/**
 * Whether a raw request came over TLS, by the rule Fastify's `request.protocol` follows with
 * `trustProxy`: a trusted peer's X-Forwarded-Proto (its last value), else the socket. For the
 * fast lane, which answers before Fastify sees the request.
 */
export function tlsDetector(trustProxy: boolean | string): (req: IncomingMessage) => boolean {
  const trusted = proxyTrust(trustProxy);
  return (req) => {
    const forwarded = req.headers['x-forwarded-proto'];
    const addr = req.socket?.remoteAddress;
    if (trusted && typeof forwarded === 'string' && forwarded !== '' && addr && trusted(addr, 0)) {
      const last = forwarded.slice(forwarded.lastIndexOf(',') + 1).trim();
      return last === 'https';
    }
    return (req.socket as TLSSocket | undefined)?.encrypted === true;
  };
}

/** Which peers `trustProxy` trusts (Fastify's rule: all, none, or the listed addresses and ranges); null for none. */
function proxyTrust(trustProxy: boolean | string): ((addr: string, i: number) => boolean) | null {
  return trustProxy === false ? null : trustProxy === true ? () => true : proxyAddr.compile(trustProxy.split(',').map((s) => s.trim()));
}

/** Fastify's `request.ip` for a raw request, with the same `trustProxy`: for the catalogue's lanes, which answer before Fastify. */
export function clientAddress(trustProxy: boolean | string): (req: IncomingMessage) => string | undefined {
  const trusted = proxyTrust(trustProxy) ?? (() => false);
  return (req) => proxyAddr(req, trusted);
}

/** Vary, with `value` added once. */
export function withVary(current: unknown, value: string): string {
  const list = (Array.isArray(current) ? current.join(',') : typeof current === 'string' ? current : '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (!list.some((v) => v.toLowerCase() === value.toLowerCase())) list.push(value);
  return list.join(', ');
}

/** The hooks that shape answers: call after the fast lane's capture hooks, before registerTransport. */
export function registerAnswerDefaults(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    // On the raw response, like helmet's headers: errors and 404s carry it too.
    if (req.protocol === 'https') reply.raw.setHeader('strict-transport-security', HSTS);
    done();
  });
  fastify.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && COMPRESSIBLE.test(type)) void reply.header('vary', withVary(reply.getHeader('vary'), 'accept-encoding'));
    if ((req.method === 'GET' || req.method === 'HEAD') && reply.statusCode === 200) {
      const etag = reply.getHeader('etag');
      if (typeof etag === 'string' && noneMatch(req.headers['if-none-match'], etag)) {
        void reply.code(304);
        reply.removeHeader('content-type');
        reply.removeHeader('content-length');
        return '';
      }
    }
    return payload;
  });
}

/** CORS for the public read routes and compression; registered last, so that compression sees the final answer. */
export async function registerTransport(app: NestFastifyApplication): Promise<void> {
  const publicCors: FastifyCorsOptions = {
    origin: '*',
    methods: ['GET', 'HEAD'],
    credentials: false,
    allowedHeaders: ['If-None-Match', 'If-Modified-Since', 'Accept', 'Accept-Language'],
    exposedHeaders: ['ETag', 'Last-Modified', 'X-Request-Id', 'Content-Disposition'],
    maxAge: 86400,
  };
  await app.register(cors as never, {
    delegator: (req: FastifyRequest, cb: (e: Error | null, o: FastifyCorsOptions) => void) =>
      cb(null, isPublicReadPath(req.url) && ['GET', 'HEAD', 'OPTIONS'].includes(req.method) ? publicCors : { origin: false }),
  });
  await app.register(compress as never, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: COMPRESS_THRESHOLD,
    customTypes: COMPRESSIBLE,
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
  });
}
