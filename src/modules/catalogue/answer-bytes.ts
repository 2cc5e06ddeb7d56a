/**
 * What the catalogue's lanes (fast-lane.ts, page-lane.ts) share about the bytes they send: the
 * headers that belong to one response only, and compression as @fastify/compress does it for the
 * rest of the service (http-edge.ts): br, then gzip, above the same threshold.
 */
import { negotiate } from '@fastify/accept-negotiator';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { COMPRESS_THRESHOLD } from '../../common/http/http-edge.js';

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
 * Headers as the flat name/value list `ServerResponse.writeHead` takes. A response whose headers
 * are all given to writeHead this way, none set before with setHeader, has them written as given
 * (validated once); with one set before, Node copies each into its own map first.
 */
export function headerList(headers: Record<string, string>): string[] {
  const out: string[] = [];
  for (const name in headers) out.push(name, headers[name]);
  return out;
}

/** What Node accepts in a header value (`checkInvalidHeaderChar`): a client's request id outside it is left to Fastify. */
export const WRITABLE_HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
