/**
 * The refresh token's cookie, written and read by hand: one cookie with fixed attributes does not
 * need @fastify/cookie's parser running on every request of the service.
 *
 * - `HttpOnly`: scripts never see the refresh token (an XSS bug cannot take the session away);
 * - `SameSite=Strict` and `Path=/api/v1/auth`: sent only to the sign-in routes, and only by pages
 *   of this site;
 * - `Secure` when the request came over TLS (the socket, or a trusted proxy's X-Forwarded-Proto).
 *
 * Beside it, `gk_signed_in=1` (Path=/, readable by scripts, no secret in it) tells the web UI that
 * this browser holds a session, so a new tab or the page the provider sends the browser back to
 * refreshes instead of showing the login page. It is set and cleared with the refresh cookie.
 *
 * The OpenID Connect sign-in keeps its state in a second cookie (`gk_oidc`, SameSite=Lax: the
 * provider's redirect back is a cross-site navigation), sealed (oidc-state.ts), for ten minutes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const REFRESH_COOKIE = 'gk_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';
export const SIGNED_IN_COOKIE = 'gk_signed_in';
export const OIDC_COOKIE = 'gk_oidc';
export const OIDC_COOKIE_PATH = '/api/v1/auth/oidc';

/** The value of cookie `name` in a Cookie header, or null (values here are base64url: no decoding). */
export function readCookie(header: string | string[] | undefined, name: string): string | null {
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text) return null;
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9._~-]{1,4096}$/.test(value) ? value : null;
  }
  return null;
}

interface CookieOptions {
  path: string;
  maxAgeSeconds: number;
  sameSite: 'Strict' | 'Lax';
  secure: boolean;
  /** Scripts may read it (only the signed-in hint). */
  readable?: boolean;
}

export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${value}`, `Path=${o.path}`, `Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`, ...(o.readable ? [] : ['HttpOnly']), `SameSite=${o.sameSite}`];
  if (o.maxAgeSeconds <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}

const overTls = (req: FastifyRequest) => req.protocol === 'https';

export function setRefreshCookie(req: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  const secure = overTls(req);
  void reply.header('set-cookie', serializeCookie(REFRESH_COOKIE, token, { path: REFRESH_COOKIE_PATH, maxAgeSeconds, sameSite: 'Strict', secure }));
  void reply.header('set-cookie', serializeCookie(SIGNED_IN_COOKIE, '1', { path: '/', maxAgeSeconds, sameSite: 'Strict', secure, readable: true }));
}

export function clearRefreshCookie(req: FastifyRequest, reply: FastifyReply): void {
  const secure = overTls(req);
  void reply.header('set-cookie', serializeCookie(REFRESH_COOKIE, '', { path: REFRESH_COOKIE_PATH, maxAgeSeconds: 0, sameSite: 'Strict', secure }));
  void reply.header('set-cookie', serializeCookie(SIGNED_IN_COOKIE, '', { path: '/', maxAgeSeconds: 0, sameSite: 'Strict', secure, readable: true }));
}

export function setOidcCookie(req: FastifyRequest, reply: FastifyReply, sealed: string, maxAgeSeconds: number): void {
  void reply.header('set-cookie', serializeCookie(OIDC_COOKIE, sealed, { path: OIDC_COOKIE_PATH, maxAgeSeconds, sameSite: 'Lax', secure: overTls(req) }));
}

export function clearOidcCookie(req: FastifyRequest, reply: FastifyReply): void {
  void reply.header('set-cookie', serializeCookie(OIDC_COOKIE, '', { path: OIDC_COOKIE_PATH, maxAgeSeconds: 0, sameSite: 'Lax', secure: overTls(req) }));
}

export const refreshTokenOf = (req: FastifyRequest) => readCookie(req.headers.cookie, REFRESH_COOKIE);

/**
 * The sign-in routes that act on the cookie (refresh, logout) refuse a request whose Origin is
 * another site's. SameSite=Strict already keeps the cookie from cross-site requests; this also
 * covers sibling sites of the same registrable domain, which SameSite counts as the same site.
 */
export function sameOrigin(req: FastifyRequest, publicUrl: string | null): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (typeof origin !== 'string' || origin === 'null') return false;
  return origin === `${req.protocol}://${req.host}` || (publicUrl !== null && origin === new URL(publicUrl).origin);
}

/** The client's User-Agent, cut to what the session list shows. */
export function userAgentOf(req: FastifyRequest): string | null {
  const ua = req.headers['user-agent'];
  return typeof ua === 'string' && ua.length > 0 ? ua.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 300) : null;
}
