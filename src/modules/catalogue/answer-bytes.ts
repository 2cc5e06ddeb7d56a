/**
 * What the catalogue's lanes (fast-lane.ts, page-lane.ts) share about what they send: the
 * headers taken from the route's answer and those of each answer (request id, HSTS, length,
 * encoding), and compression as @fastify/compress does it for the rest of the service
 * (http-edge.ts): br, then gzip, above the same threshold.
 */
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { validateHeaderValue, type IncomingMessage } from 'node:http';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { COMPRESS_THRESHOLD, HSTS } from '../../common/http/http-edge.js';

/** Headers that belong to one response, not to the stored answer (HSTS: only over TLS, decided per request). */
export const NOT_STORED = new Set(['x-request-id', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'strict-transport-security', 'content-encoding']);

/** The encodings the lane answers with, in the server's order of preference (as @fastify/compress in http-edge.ts). */
const ENCODINGS = ['br', 'gzip'];
export type Encoding = 'br' | 'gzip';

/** The encoding among br and gzip that the client prefers for a body of `length` bytes, or null (identity). */
export function chooseEncoding(compressible: boolean, length: number, acceptEncoding: string | string[] | undefined): Encoding | null {
  if (!compressible || length < COMPRESS_THRESHOLD || typeof acceptEncoding !== 'string') return null;
  return (negotiate(acceptEncoding, ENCODINGS) as Encoding | undefined) ?? null;
}

/** `body` compressed with `encoding`, with the settings of @fastify/compress in http-edge.ts (brotli quality 4). */
export function compressBody(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br' ? brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }) : gzipSync(body);
}

/**
 * A reply's headers as strings, without those in `skip` (lower-case names), for a lane to send
 * again: what the route itself answered.
 */
export function replyHeaders(reply: FastifyReply, skip: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined || skip.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/**
 * Headers as the flat name/value list `ServerResponse.writeHead` takes. Headers given to writeHead
 * this way, none set before with setHeader, are written as given (validated once); with one set
 * before, Node copies each into its own map first.
 */
export function headerList(headers: Record<string, string>): string[] {
  const out: string[] = [];
  for (const name in headers) out.push(name, headers[name]);
  return out;
}

/**
 * The request id of an answer, by Fastify's rule (the client's `X-Request-Id`, else a new UUID);
 * null when the client's is a value Node would refuse to write back (Fastify answers it then).
 */
export function requestIdOf(req: IncomingMessage): string | null {
  const given = req.headers['x-request-id'];
  if (typeof given !== 'string' || given === '') return randomUUID();
  try {
    validateHeaderValue('x-request-id', given);
    return given;
  } catch {
    return null;
  }
}

/**
 * A lane's answer headers: the stored ones (`headerList`) with this answer's own — its request
 * id, HSTS over TLS, and for a body its length and encoding.
 */
export function answerHeaders(stored: readonly string[], requestId: string, tls: boolean, body?: { length: number; encoding: Encoding | null }): string[] {
  const out = stored.slice();
  out.push('x-request-id', requestId);
  if (tls) out.push('strict-transport-security', HSTS);
  if (body) {
    out.push('content-length', String(body.length));
    if (body.encoding) out.push('content-encoding', body.encoding);
  }
  return out;
}
