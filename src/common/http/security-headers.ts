import type { Socket } from 'node:net';

/**
 * The security headers for the few answers Fastify writes itself, before any hook (and so before
 * helmet) runs: a URL it cannot decode (400), a path parameter over maxParamLength (414), and
 * requests Node refuses while parsing (431 header too large, 408, 400). They carry no content, so
 * the strictest policy fits. Strict-Transport-Security is added only over TLS (http-edge.ts).
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

/** Fastify's `clientErrorHandler`: its default answer, plus the security headers. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, error, message, code] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'the request took too long', 'request_timeout']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'the request headers are larger than allowed', 'headers_too_large']
        : [400, 'Bad Request', 'the request is not valid HTTP', 'invalid_input'];
  const body = JSON.stringify({ statusCode: status, message, error, code });
  const headers = Object.entries(SECURITY_HEADERS)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${error}\r\n${headers}Cache-Control: no-store\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
