/**
 * What the browser carries from the start of a single sign-on to its callback, in the gk_oidc
 * cookie: the `state` the callback must bring back, the `nonce` the ID token must carry, the PKCE
 * code verifier, the redirect URI used and the page to return to. Sealed with AES-256-GCM (a key
 * derived from the token secret), so it can be neither read nor made by anyone else; it expires
 * after ten minutes. Binding the state to the browser's cookie is what stops a callback URL
 * from another browser (login CSRF) from signing this one in.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  /** A path of the web UI (starts with a single /). */
  next: string;
  /** Epoch milliseconds after which the cookie is refused. */
  expiresAt: number;
}

export const PENDING_SIGN_IN_SECONDS = 600;

export function sealPending(key: Buffer, p: PendingSignIn): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(p), 'utf8'), cipher.final()]);
  return [iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

export function openPending(key: Buffer, sealed: string | null, now = Date.now()): PendingSignIn | null {
  if (!sealed) return null;
  const [iv, body, tag] = sealed.split('.');
  if (!iv || !body || !tag) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const p = JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')) as PendingSignIn;
    return typeof p.expiresAt === 'number' && p.expiresAt > now ? p : null;
  } catch {
    return null;
  }
}

/** A local path to return to after signing in; anything else (another site, //host) becomes `/`. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 500) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\u0000-\u001f]/.test(next)) return '/';
  if (next.startsWith('/api/') || next === '/login' || next.startsWith('/login?')) return '/';
  return next;
}
