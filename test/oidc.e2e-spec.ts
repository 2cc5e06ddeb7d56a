/**
 * Single sign-on against a real OpenID provider (oidc-provider, OpenID Certified) on a loopback
 * port: the whole authorization code flow with PKCE, state and nonce, and what must be refused —
 * a wrong or missing state, a replayed code, an ID token issued to another client or for another
 * sign-in, unknown and deactivated users — each with nothing signed in and an audit row. Also
 * PASSWORD_LOGIN=false and the second factor after single sign-on.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServer, type AddressInfo } from 'node:net';
import { generate } from 'otplib';
import { pino } from 'pino';
import request from 'supertest';
import { loadConfig } from '../config/configuration.js';
import { createApp } from '../src/bootstrap.js';
import { ADMIN_PASSWORD, PASSWORD, bearer, createTestDatabase, startTestApp, uniqueCode, type TestApp } from './support/app.js';
import { startOidcProvider, type TestClient, type TestProvider } from './support/oidc-provider.js';

const REDIRECT = 'http://gongkai.test/api/v1/auth/oidc/callback';
const GONGKAI: TestClient = { client_id: 'gongkai', client_secret: 'gongkai-client-secret', redirect_uris: [REDIRECT] };
const OTHER: TestClient = { client_id: 'other-system', client_secret: 'other-client-secret', redirect_uris: ['http://other.test/callback'] };

const cookieOf = (res: { headers: Record<string, unknown> }, name: string) =>
  ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith(`${name}=`)) ?? null;
const valueOf = (cookie: string | null) => (cookie ? cookie.split(';')[0].slice(cookie.indexOf('=') + 1) : null);

describe('single sign-on with OpenID Connect, against a real provider', () => {
  let provider: TestProvider;
  let t: TestApp;
  let admin: Record<string, string>;
  let unitId: string;

  beforeAll(async () => {
    provider = await startOidcProvider([GONGKAI, OTHER]);
    t = await startTestApp({ OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: GONGKAI.client_id, OIDC_CLIENT_SECRET: GONGKAI.client_secret, OIDC_DISPLAY_NAME: '统一身份认证平台' });
    admin = bearer(t.adminToken);
    unitId = (await t.http.post('/api/v1/units').set(admin).send({ code: uniqueCode('SSO'), name: '单点登录测试局' })).body.id;
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  async function newUser(roles: string[] = ['drafter']) {
    const username = `o${Math.random().toString(36).slice(2, 10)}`;
    const res = await t.http.post('/api/v1/users').set(admin).send({ username, password: PASSWORD, displayName: '单点', unitId, roles });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, username };
  }

  /** GET /oidc/login: the provider's URL and the browser's state cookie. */
  async function begin(next?: string) {
    const res = await t.http.get(`/api/v1/auth/oidc/login${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`);
    expect(res.status).toBe(302);
    const state = cookieOf(res, 'gk_oidc');
    expect(state).not.toBeNull();
    return { authUrl: new URL(res.headers.location as string), stateCookie: state!, stateValue: valueOf(state)! };
  }

  /** The callback as the browser calls it, coming back from the provider. */
  const callback = (back: URL, stateValue: string | null, accept = 'application/json') => {
    const req = t.http.get(`/api/v1/auth/oidc/callback${back.search}`).set('Accept', accept);
    return stateValue === null ? req : req.set('Cookie', `gk_oidc=${stateValue}`);
  };

  const audit = (action: string) => t.sql<{ actor_id: string | null; data: Record<string, unknown> }>(`SELECT actor_id::text, data FROM audit_log WHERE action = $1 ORDER BY id`, [action]);
  const sessionsOf = async (userId: string) => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM auth_sessions WHERE user_id = $1`, [userId]))[0].n;

  it('the login page learns how to sign in here', async () => {
    const res = await t.http.get('/api/v1/auth/options');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ passwordLogin: 'all', sso: { displayName: '统一身份认证平台', loginUrl: '/api/v1/auth/oidc/login' } });
  });

  it('the whole flow: 302 to the provider (code, PKCE S256, state, nonce); the provider signs the user in; the callback validates the ID token, sets the refresh cookie and returns to the page; refresh then gives the user’s access token', async () => {
    const u = await newUser();
    const { authUrl, stateCookie, stateValue } = await begin('/tasks');
    expect(authUrl.origin).toBe(provider.issuer);
    const p = authUrl.searchParams;
    expect(p.get('client_id')).toBe('gongkai');
    expect(p.get('response_type')).toBe('code');
    expect(p.get('redirect_uri')).toBe(REDIRECT);
    expect(p.get('scope')).toBe('openid profile');
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The state cookie: HttpOnly, Lax (the provider's redirect back is cross-site), on the OIDC routes only, ten minutes.
    expect(stateCookie).toMatch(/; Path=\/api\/v1\/auth\/oidc; Max-Age=600; HttpOnly; SameSite=Lax/);
    // Sealed: neither the state, the nonce nor the verifier can be read from it.
    expect(stateValue).not.toContain(p.get('state')!);
    expect(Buffer.from(stateValue.replace(/\./g, ''), 'base64url').toString('latin1')).not.toContain(p.get('nonce')!);

    const back = await provider.signIn(authUrl.href, u.username);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe(p.get('state'));
    expect(back.searchParams.get('code')).toBeTruthy();

    const res = await callback(back, stateValue, 'text/html');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/tasks');
    const refreshCookie = cookieOf(res, 'gk_refresh')!;
    expect(refreshCookie).toMatch(/Path=\/api\/v1\/auth; Max-Age=\d+; HttpOnly; SameSite=Strict/);
    expect(cookieOf(res, 'gk_oidc')).toMatch(/Max-Age=0/);

    const refreshed = await t.http.post('/api/v1/auth/refresh').set('Cookie', refreshCookie.split(';')[0]);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.user).toMatchObject({ id: u.id, username: u.username });
    expect(refreshed.body.restriction).toBeNull();
    expect((await t.http.get('/api/v1/me').set(bearer(refreshed.body.accessToken))).body.username).toBe(u.username);
    const sessions = (await t.http.get(`/api/v1/users/${u.id}/sessions`).set(admin)).body.items;
    expect(sessions).toHaveLength(1);
    expect(sessions[0].method).toBe('oidc');
    const logins = (await audit('auth.oidc_login')).filter((r) => r.actor_id === u.id);
    expect(logins).toHaveLength(1);
    expect(logins[0].data).toMatchObject({ issuer: provider.issuer, sub: u.username, sessionId: sessions[0].id });
  });

  it('users are matched by OIDC_USERNAME_CLAIM (preferred_username), case-insensitively, whatever the provider’s subject is', async () => {
    const u = await newUser();
    provider.accounts['emp-000123'] = { preferred_username: u.username.toUpperCase() };
    const { authUrl, stateValue } = await begin();
    const res = await callback(await provider.signIn(authUrl.href, 'emp-000123'), stateValue);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
    expect(await sessionsOf(u.id)).toBe(1);
  });

  it('a callback with a wrong state, or without the browser’s state cookie: 400, nothing signed in, audited', async () => {
    const u = await newUser();
    const { authUrl, stateValue } = await begin();
    const back = await provider.signIn(authUrl.href, u.username);
    const forged = new URL(back);
    forged.searchParams.set('state', 'an-attacker-chosen-state');
    const wrong = await callback(forged, stateValue);
    expect(wrong.status).toBe(400);
    expect(wrong.body.details).toEqual({ reason: 'state_mismatch' });
    expect(cookieOf(wrong, 'gk_refresh')).toBeNull();
    // Another browser (no cookie, or another sign-in's cookie) brings the genuine answer.
    expect((await callback(back, null)).status).toBe(400);
    const other = await begin();
    expect((await callback(back, other.stateValue)).status).toBe(400);
    // An altered cookie does not open.
    expect((await callback(back, stateValue.slice(0, -2) + (stateValue.endsWith('AA') ? 'BB' : 'AA'))).body.details).toEqual({ reason: 'state_missing' });
    expect(await sessionsOf(u.id)).toBe(0);
    const reasons = (await audit('auth.oidc_refused')).map((r) => r.data.reason);
    expect(reasons).toEqual(expect.arrayContaining(['state_mismatch', 'state_missing']));
    // The genuine callback still works afterwards (the code was not spent by the refusals).
    expect((await callback(back, stateValue)).status).toBe(302);
  });

  it('a replayed callback: the provider refuses the spent code, 400, no second session', async () => {
    const u = await newUser();
    const { authUrl, stateValue } = await begin();
    const back = await provider.signIn(authUrl.href, u.username);
    expect((await callback(back, stateValue)).status).toBe(302);
    const replay = await callback(back, stateValue);
    expect(replay.status).toBe(400);
    expect(replay.body.details).toEqual({ reason: 'code_rejected' });
    expect(cookieOf(replay, 'gk_refresh')).toBeNull();
    expect(await sessionsOf(u.id)).toBe(1);
  });

  it('an ID token issued to another client (audience) is refused: 401, nothing signed in, audited', async () => {
    const u = await newUser();
    const { authUrl, stateValue } = await begin();
    // A token the provider genuinely signed, for the same person and even this sign-in's nonce, but for another system.
    provider.replaceIdToken = await provider.idTokenFor(OTHER, u.username, authUrl.searchParams.get('nonce')!);
    const res = await callback(await provider.signIn(authUrl.href, u.username), stateValue);
    expect(res.status).toBe(401);
    expect(res.body.details).toEqual({ reason: 'id_token_invalid' });
    expect(cookieOf(res, 'gk_refresh')).toBeNull();
    expect(await sessionsOf(u.id)).toBe(0);
    const refused = (await audit('auth.oidc_refused')).at(-1)!;
    expect(refused.data).toMatchObject({ reason: 'id_token_invalid', claim: 'aud' });
  });

  it('an ID token with another sign-in’s nonce (a replayed ID token) is refused: 401, nothing signed in', async () => {
    const u = await newUser();
    const { authUrl, stateValue } = await begin();
    provider.replaceIdToken = await provider.idTokenFor(GONGKAI, u.username, 'the-nonce-of-an-earlier-sign-in');
    const res = await callback(await provider.signIn(authUrl.href, u.username), stateValue);
    expect(res.status).toBe(401);
    expect(res.body.details).toEqual({ reason: 'id_token_invalid' });
    expect(await sessionsOf(u.id)).toBe(0);
    expect((await audit('auth.oidc_refused')).at(-1)!.data).toMatchObject({ reason: 'id_token_invalid', claim: 'nonce' });
  });

  it('an unknown user and a deactivated one are refused with a clear page (403), audited', async () => {
    const stranger = await begin();
    const page = await callback(await provider.signIn(stranger.authUrl.href, 'nobody-known-here'), stranger.stateValue, 'text/html,application/xhtml+xml');
    expect(page.status).toBe(403);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('本系统中没有您的账号');
    expect(page.text).toContain('there is no account for you');
    expect(page.text).toContain('href="/login"');
    expect(cookieOf(page, 'gk_refresh')).toBeNull();

    const u = await newUser();
    expect((await t.http.patch(`/api/v1/users/${u.id}`).set(admin).send({ active: false })).status).toBe(200);
    const inactive = await begin();
    const res = await callback(await provider.signIn(inactive.authUrl.href, u.username), inactive.stateValue);
    expect(res.status).toBe(403);
    expect(res.body.details).toEqual({ reason: 'inactive_user' });
    expect(await sessionsOf(u.id)).toBe(0);
    const refused = await audit('auth.oidc_refused');
    expect(refused.map((r) => r.data.reason)).toEqual(expect.arrayContaining(['unknown_user', 'inactive_user']));
    expect(refused.find((r) => r.data.reason === 'inactive_user')!.actor_id).toBe(u.id);
  });

  it('the provider’s own refusal (error=access_denied) is a 400 page; `next` never leaves the site', async () => {
    const { stateValue, authUrl } = await begin('https://evil.example/phish');
    const denied = new URL(REDIRECT);
    denied.searchParams.set('error', 'access_denied');
    denied.searchParams.set('state', authUrl.searchParams.get('state')!);
    const res = await callback(denied, stateValue, 'text/html');
    expect(res.status).toBe(400);
    expect(res.text).toContain('provider_error');
    const u = await newUser();
    const again = await begin('//evil.example/x');
    expect((await callback(await provider.signIn(again.authUrl.href, u.username), again.stateValue)).headers.location).toBe('/');
  });

  it('a user with a second factor still gives the code after single sign-on: the session waits (403 elsewhere) until POST /auth/totp', async () => {
    const u = await newUser();
    const pw = await t.http.post('/api/v1/auth/login').send({ username: u.username, password: PASSWORD });
    const started = await t.http.post('/api/v1/me/totp').set(bearer(pw.body.accessToken));
    const secret = new URL(started.body.otpauthUrl).searchParams.get('secret')!;
    const epoch = Math.floor(Date.now() / 1000);
    expect((await t.http.post('/api/v1/me/totp/confirm').set(bearer(pw.body.accessToken)).send({ code: await generate({ secret, epoch }) })).status).toBe(200);

    const { authUrl, stateValue } = await begin();
    const res = await callback(await provider.signIn(authUrl.href, u.username), stateValue);
    expect(res.status).toBe(302);
    const refreshed = await t.http.post('/api/v1/auth/refresh').set('Cookie', cookieOf(res, 'gk_refresh')!.split(';')[0]);
    expect(refreshed.body.restriction).toBe('totp');
    const token = refreshed.body.accessToken as string;
    const blocked = await t.http.get('/api/v1/documents').set(bearer(token));
    expect(blocked.status).toBe(403);
    expect(blocked.body.details).toEqual({ restriction: 'totp' });
    const wrong = await t.http.post('/api/v1/auth/totp').set(bearer(token)).send({ code: '000000' });
    expect(wrong.status).toBe(400);
    expect((await t.http.post('/api/v1/auth/totp').set(bearer(token)).send({ code: await generate({ secret, epoch: epoch + 30 }) })).status).toBe(204);
    expect((await t.http.get('/api/v1/documents').set(bearer(token))).status).toBe(200);
    expect((await t.http.post('/api/v1/auth/totp').set(bearer(token)).send({ code: '123456' })).status).toBe(409);
    expect((await audit('auth.totp_failed')).filter((r) => r.actor_id === u.id).map((r) => r.data.during)).toEqual(['sso']);
  });
});

describe('PASSWORD_LOGIN=false (single sign-on only, and the admin account while ADMIN_PASSWORD_LOGIN), and a provider that is down', () => {
  let provider: TestProvider;
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    provider = await startOidcProvider([GONGKAI]);
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await provider?.close();
  });

  /** The service on a fresh database with `env` (no login at start: the admin's may be refused). */
  async function boot(env: Record<string, string>) {
    const config = loadConfig({
      ADMIN_PASSWORD,
      LOG_LEVEL: 'silent',
      DB_POOL_SIZE: '5',
      PUBLIC_URL: 'http://gongkai.test',
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: GONGKAI.client_id,
      OIDC_CLIENT_SECRET: GONGKAI.client_secret,
      PASSWORD_LOGIN: 'false',
      ...env,
    });
    const app = await createApp(config, { databaseUrl: await createTestDatabase(), logger: pino({ level: 'silent' }) });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    apps.push(app);
    const { IdentityService } = await import('../src/modules/identity/identity.service.js');
    await app.get(IdentityService).ensureAdmin();
    return request(app.getHttpServer());
  }

  it('users are refused a password login (403, not a password oracle) but sign in through the provider; admin keeps the password', async () => {
    const http = await boot({});
    expect((await http.get('/api/v1/auth/options')).body).toMatchObject({ passwordLogin: 'admin', sso: { loginUrl: '/api/v1/auth/oidc/login' } });
    const adminLogin = await http.post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD });
    expect(adminLogin.status).toBe(200);
    const admin = bearer(adminLogin.body.accessToken);
    const username = `p${Math.random().toString(36).slice(2, 10)}`;
    expect((await http.post('/api/v1/users').set(admin).send({ username, password: PASSWORD, displayName: '只用单点', roles: ['disclosure_officer'] })).status).toBe(201);
    const right = await http.post('/api/v1/auth/login').send({ username, password: PASSWORD });
    const wrong = await http.post('/api/v1/auth/login').send({ username, password: 'wrong-password!' });
    const nobody = await http.post('/api/v1/auth/login').send({ username: 'nobody-at-all', password: 'whatever' });
    expect([right.status, wrong.status, nobody.status]).toEqual([403, 403, 403]);
    expect(right.body.message).toBe(wrong.body.message);
    expect(right.headers['set-cookie']).toBeUndefined();

    const start = await http.get('/api/v1/auth/oidc/login');
    const back = await provider.signIn(start.headers.location as string, username);
    const cb = await http.get(`/api/v1/auth/oidc/callback${back.search}`).set('Cookie', `gk_oidc=${valueOf(cookieOf(start, 'gk_oidc'))}`);
    expect(cb.status).toBe(302);
    const refreshed = await http.post('/api/v1/auth/refresh').set('Cookie', cookieOf(cb, 'gk_refresh')!.split(';')[0]);
    expect(refreshed.body.user.username).toBe(username);
  });

  it('ADMIN_PASSWORD_LOGIN=false: the admin account signs in through the provider too', async () => {
    const http = await boot({ ADMIN_PASSWORD_LOGIN: 'false' });
    expect((await http.get('/api/v1/auth/options')).body.passwordLogin).toBe('none');
    expect((await http.post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD })).status).toBe(403);
    const start = await http.get('/api/v1/auth/oidc/login');
    const back = await provider.signIn(start.headers.location as string, 'admin');
    const cb = await http.get(`/api/v1/auth/oidc/callback${back.search}`).set('Cookie', `gk_oidc=${valueOf(cookieOf(start, 'gk_oidc'))}`);
    expect(cb.status).toBe(302);
  });

  it('a provider that does not answer: 503 at the start of a sign-in, and the service itself keeps running', async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const http = await boot({ PASSWORD_LOGIN: 'true', OIDC_ISSUER: `http://127.0.0.1:${closed}` });
    const res = await http.get('/api/v1/auth/oidc/login');
    expect(res.status).toBe(503);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await http.post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD })).status).toBe(200);
  });
});
