/**
 * Sessions: the rotating refresh token in its cookie, reuse detection, logout, sessions ended by
 * user changes and by an admin, and access tokens that are expired, altered or of an ended
 * session. Against the real service and database.
 */
import { SignJWT, jwtVerify } from 'jose';
import { createSecretKey } from 'node:crypto';
import { PASSWORD, bearer, startTestApp, uniqueCode, type TestApp } from './support/app.js';

const JWT_SECRET = 'sessions-test-secret-that-is-long-enough-0123456789';

/** The gk_refresh cookie a response sets: its value and attributes. */
function refreshCookieOf(res: { headers: Record<string, unknown> }): { value: string; attrs: string[]; raw: string } | null {
  const set = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  const raw = set.find((c) => c.startsWith('gk_refresh='));
  if (!raw) return null;
  const [pair, ...attrs] = raw.split(';').map((s) => s.trim());
  return { value: pair.slice('gk_refresh='.length), attrs, raw };
}

describe('sessions: refresh tokens, reuse detection, logout, ending sessions', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let unitId: string;

  beforeAll(async () => {
    t = await startTestApp({ JWT_SECRET });
    admin = bearer(t.adminToken);
    unitId = (await t.http.post('/api/v1/units').set(admin).send({ code: uniqueCode('SE'), name: '会话测试局' })).body.id;
  });
  afterAll(() => t.close());

  async function newUser(roles: string[] = ['drafter']) {
    const username = `s${Math.random().toString(36).slice(2, 10)}`;
    const res = await t.http.post('/api/v1/users').set(admin).send({ username, password: PASSWORD, displayName: '会话', unitId, roles });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, username };
  }

  async function login(username: string, headers: Record<string, string> = {}) {
    const res = await t.http.post('/api/v1/auth/login').set(headers).send({ username, password: PASSWORD });
    expect(res.status).toBe(200);
    const cookie = refreshCookieOf(res);
    expect(cookie).not.toBeNull();
    return { accessToken: res.body.accessToken as string, refresh: cookie!.value, res };
  }

  const refresh = (token: string | null, headers: Record<string, string> = {}) => {
    const req = t.http.post('/api/v1/auth/refresh').set(headers);
    return token === null ? req : req.set('Cookie', `gk_refresh=${token}`);
  };

  const auditRows = (action: string, subjectId?: string) =>
    t.sql<{ action: string; data: Record<string, unknown>; subject_id: string | null }>(
      `SELECT action, data, subject_id::text FROM audit_log WHERE action = $1 AND ($2::text IS NULL OR subject_id::text = $2) ORDER BY id`,
      [action, subjectId ?? null],
    );

  it('login sets the refresh cookie: HttpOnly, SameSite=Strict, Path=/api/v1/auth; Secure only behind TLS; never in the body', async () => {
    const u = await newUser();
    const { res } = await login(u.username);
    const c = refreshCookieOf(res)!;
    expect(c.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(c.attrs).toEqual(expect.arrayContaining(['Path=/api/v1/auth', 'HttpOnly', 'SameSite=Strict', 'Max-Age=28800']));
    expect(c.attrs).not.toContain('Secure');
    // The web UI's hint that this browser holds a session: readable by scripts, nothing secret in it.
    const hint = ((res.headers['set-cookie'] as unknown as string[]) ?? []).find((x) => x.startsWith('gk_signed_in='));
    expect(hint).toBe('gk_signed_in=1; Path=/; Max-Age=28800; SameSite=Strict');
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresIn', 'restriction', 'user']);
    expect(res.body.restriction).toBeNull();
    expect(JSON.stringify(res.body)).not.toContain(c.value);
    // A TLS-terminating proxy on the same host (TRUST_PROXY=loopback, the default) says https.
    const behindTls = await login(u.username, { 'X-Forwarded-Proto': 'https' });
    expect(refreshCookieOf(behindTls.res)!.attrs).toContain('Secure');
    // Stored as a hash only.
    const rows = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM auth_refresh_tokens WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'`, [c.value]);
    expect(rows[0].n).toBe(0);
  });

  it('refresh rotates: a new access token and a new refresh token, the session goes on; the access token works', async () => {
    const u = await newUser();
    const first = await login(u.username);
    const r1 = await refresh(first.refresh);
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ accessToken: expect.any(String), expiresIn: 900, user: { id: u.id, username: u.username }, restriction: null });
    const next = refreshCookieOf(r1)!;
    expect(next.value).not.toBe(first.refresh);
    expect(next.attrs).toEqual(expect.arrayContaining(['Path=/api/v1/auth', 'HttpOnly', 'SameSite=Strict']));
    expect((await t.http.get('/api/v1/me').set(bearer(r1.body.accessToken))).status).toBe(200);
    const r2 = await refresh(next.value);
    expect(r2.status).toBe(200);
    // One session all along, three generations of its token.
    const sessions = await t.sql<{ n: number; g: number }>(
      `SELECT count(DISTINCT s.id)::int AS n, max(t.generation)::int AS g FROM auth_sessions s JOIN auth_refresh_tokens t ON t.session_id = s.id WHERE s.user_id = $1`,
      [u.id],
    );
    expect(sessions[0]).toEqual({ n: 1, g: 2 });
  });

  it('a refresh token used twice ends the whole session: 401, the newer token and every access token of the session are refused, and it is audited', async () => {
    const u = await newUser();
    const first = await login(u.username);
    const rotated = await refresh(first.refresh);
    expect(rotated.status).toBe(200);
    const newer = refreshCookieOf(rotated)!.value;
    // The old token again (a thief's copy, or a replay).
    const reuse = await refresh(first.refresh);
    expect(reuse.status).toBe(401);
    expect(reuse.body.message).toMatch(/already used/);
    // Its cookie is cleared.
    expect(refreshCookieOf(reuse)!.attrs).toContain('Max-Age=0');
    // The legitimate holder of the newer token is out too, and so is every access token.
    expect((await refresh(newer)).status).toBe(401);
    expect((await t.http.get('/api/v1/me').set(bearer(first.accessToken))).status).toBe(401);
    expect((await t.http.get('/api/v1/me').set(bearer(rotated.body.accessToken))).status).toBe(401);
    const [session] = await t.sql<{ id: string; end_reason: string }>(`SELECT id::text, end_reason FROM auth_sessions WHERE user_id = $1`, [u.id]);
    expect(session.end_reason).toBe('refresh_reuse');
    const audit = await auditRows('auth.refresh_reuse', session.id);
    expect(audit).toHaveLength(1);
    expect(audit[0].data).toMatchObject({ generation: 0 });
    // A new login is a new session.
    expect((await t.http.get('/api/v1/me').set(bearer((await login(u.username)).accessToken))).status).toBe(200);
  });

  it('two refreshes at once with the same token: one is answered, the other is reuse and the session ends', async () => {
    const u = await newUser();
    const { refresh: token } = await login(u.username);
    const [a, b] = await Promise.all([refresh(token), refresh(token)]);
    expect([a.status, b.status].sort()).toEqual([200, 401]);
    const winner = a.status === 200 ? a : b;
    expect((await refresh(refreshCookieOf(winner)!.value)).status).toBe(401);
    expect((await t.sql<{ end_reason: string }>(`SELECT end_reason FROM auth_sessions WHERE user_id = $1`, [u.id]))[0].end_reason).toBe('refresh_reuse');
  });

  it('refresh: no cookie, a made-up or altered token, another site’s Origin, an expired session: refused, nothing issued', async () => {
    const noCookie = await refresh(null);
    expect(noCookie.status).toBe(401);
    // Cleared, with the signed-in hint: the web UI stops trying.
    expect(refreshCookieOf(noCookie)).toMatchObject({ value: '' });
    const madeUp = await refresh('A'.repeat(43));
    expect(madeUp.status).toBe(401);
    expect(refreshCookieOf(madeUp)).toMatchObject({ value: '' });
    expect((await auditRows('auth.refresh_refused')).some((r) => r.data.reason === 'unknown_token')).toBe(true);
    const u = await newUser();
    const { refresh: token, accessToken } = await login(u.username);
    const altered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await refresh(altered)).status).toBe(401);
    expect((await refresh(token, { Origin: 'https://evil.example' })).status).toBe(403);
    // Same origin is fine (the Host the request came to).
    const ok = await refresh(token, { Origin: `http://${'gongkai.test'}` });
    expect(ok.status).toBe(200);
    // Idle for longer than SESSION_IDLE_TIMEOUT.
    await t.sql(`UPDATE auth_sessions SET idle_expires_at = now() - interval '1 second' WHERE user_id = $1`, [u.id]);
    const expired = await refresh(refreshCookieOf(ok)!.value);
    expect(expired.status).toBe(401);
    expect(expired.body.message).toMatch(/expired/);
    expect((await t.http.get('/api/v1/me').set(bearer(accessToken))).status).toBe(401);
  });

  it('logout ends the session: its refresh and access tokens are refused, the cookie is cleared; the user’s other sessions stay', async () => {
    const u = await newUser();
    const laptop = await login(u.username);
    const phone = await login(u.username);
    const out = await t.http.post('/api/v1/auth/logout').set('Cookie', `gk_refresh=${laptop.refresh}`);
    expect(out.status).toBe(204);
    expect(refreshCookieOf(out)!.attrs).toEqual(expect.arrayContaining(['Max-Age=0', 'Path=/api/v1/auth']));
    expect((out.headers['set-cookie'] as unknown as string[]).some((x) => x.startsWith('gk_signed_in=; Path=/; Max-Age=0'))).toBe(true);
    expect((await refresh(laptop.refresh)).status).toBe(401);
    expect((await t.http.get('/api/v1/me').set(bearer(laptop.accessToken))).status).toBe(401);
    expect((await t.http.get('/api/v1/me').set(bearer(phone.accessToken))).status).toBe(200);
    expect((await refresh(phone.refresh)).status).toBe(200);
    // Logging out twice, or with nothing: still 204.
    expect((await t.http.post('/api/v1/auth/logout').set('Cookie', `gk_refresh=${laptop.refresh}`)).status).toBe(204);
    expect((await t.http.post('/api/v1/auth/logout')).status).toBe(204);
    // With only the access token (a client that lost its cookie): that session ends.
    const tablet = await login(u.username);
    expect((await t.http.post('/api/v1/auth/logout').set(bearer(tablet.accessToken))).status).toBe(204);
    expect((await t.http.get('/api/v1/me').set(bearer(tablet.accessToken))).status).toBe(401);
    expect((await auditRows('auth.session_ended')).filter((r) => r.data.reason === 'logout').length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['a new password', { password: 'another-password-1' }, 'password_changed'],
    ['deactivation', { active: false }, 'deactivated'],
    ['a role change', { roles: ['drafter', 'secrecy_reviewer'] }, 'roles_changed'],
  ])('%s ends every session of the user: refresh 401 at once, audited', async (_what, change, reason) => {
    const u = await newUser();
    const a = await login(u.username);
    const b = await login(u.username);
    expect((await t.http.patch(`/api/v1/users/${u.id}`).set(admin).send(change)).status).toBe(200);
    expect((await refresh(a.refresh)).status).toBe(401);
    expect((await refresh(b.refresh)).status).toBe(401);
    expect((await t.http.get('/api/v1/me').set(bearer(a.accessToken))).status).toBe(401);
    const ended = await auditRows('auth.sessions_ended', u.id);
    expect(ended).toHaveLength(1);
    expect(ended[0].data).toMatchObject({ reason });
    expect(ended[0].data.sessionIds).toHaveLength(2);
    // A change of the display name ends nothing.
    const v = await newUser();
    const c = await login(v.username);
    expect((await t.http.patch(`/api/v1/users/${v.id}`).set(admin).send({ displayName: '新名字' })).status).toBe(200);
    expect((await refresh(c.refresh)).status).toBe(200);
  });

  it('an admin lists a user’s live sessions (newest first, paginated) and ends one or all of them; others may not', async () => {
    const u = await newUser();
    const s1 = await login(u.username, { 'User-Agent': 'Browser One' });
    const s2 = await login(u.username, { 'User-Agent': 'Browser Two' });
    const s3 = await login(u.username, { 'User-Agent': 'Browser Three' });
    const page1 = await t.http.get(`/api/v1/users/${u.id}/sessions?limit=2`).set(admin);
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.items[0]).toEqual({
      id: expect.any(String),
      method: 'password',
      secondFactor: false,
      restriction: null,
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      expiresAt: expect.any(String),
      ip: expect.any(String),
      userAgent: 'Browser Three',
      current: false,
    });
    const page2 = await t.http.get(`/api/v1/users/${u.id}/sessions?limit=2&cursor=${page1.body.nextCursor}`).set(admin);
    expect(page2.body.items.map((s: { userAgent: string }) => s.userAgent)).toEqual(['Browser One']);
    expect(page2.body.nextCursor).toBeNull();
    const [idOf3, idOf2] = page1.body.items.map((s: { id: string }) => s.id);

    // The user themselves sees the same, with the current one marked.
    const mine = await t.http.get('/api/v1/me/sessions').set(bearer(s2.accessToken));
    expect(mine.body.items.filter((s: { current: boolean }) => s.current).map((s: { id: string }) => s.id)).toEqual([idOf2]);

    // A drafter may not look at anyone's sessions.
    expect((await t.http.get(`/api/v1/users/${u.id}/sessions`).set(bearer(s1.accessToken))).status).toBe(403);
    expect((await t.http.delete(`/api/v1/users/${u.id}/sessions`).set(bearer(s1.accessToken))).status).toBe(403);

    // One: 204, effective at once; again: 404.
    expect((await t.http.delete(`/api/v1/users/${u.id}/sessions/${idOf3}`).set(admin)).status).toBe(204);
    expect((await t.http.get('/api/v1/me').set(bearer(s3.accessToken))).status).toBe(401);
    expect((await refresh(s3.refresh)).status).toBe(401);
    expect((await t.http.get('/api/v1/me').set(bearer(s1.accessToken))).status).toBe(200);
    expect((await t.http.delete(`/api/v1/users/${u.id}/sessions/${idOf3}`).set(admin)).status).toBe(404);
    // Another user's session under this user's id: 404.
    const other = await newUser();
    await login(other.username);
    const [otherSession] = (await t.http.get(`/api/v1/users/${other.id}/sessions`).set(admin)).body.items;
    expect((await t.http.delete(`/api/v1/users/${u.id}/sessions/${otherSession.id}`).set(admin)).status).toBe(404);

    // All: the count of live ones ended.
    const all = await t.http.delete(`/api/v1/users/${u.id}/sessions`).set(admin);
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ ended: 2 });
    expect((await t.http.get('/api/v1/me').set(bearer(s1.accessToken))).status).toBe(401);
    expect((await refresh(s2.refresh)).status).toBe(401);
    expect((await t.http.get(`/api/v1/users/${u.id}/sessions`).set(admin)).body.items).toEqual([]);
    expect((await t.http.delete(`/api/v1/users/${u.id}/sessions`).set(admin)).body).toEqual({ ended: 0 });

    // Unknown user, bad ids, bad cursor.
    const nobody = '00000000-0000-4000-8000-000000000000';
    expect((await t.http.get(`/api/v1/users/${nobody}/sessions`).set(admin)).status).toBe(404);
    expect((await t.http.delete(`/api/v1/users/${nobody}/sessions`).set(admin)).status).toBe(404);
    expect((await t.http.delete(`/api/v1/users/${u.id}/sessions/not-a-uuid`).set(admin)).status).toBe(400);
    expect((await t.http.get(`/api/v1/users/${u.id}/sessions?cursor=bad`).set(admin)).status).toBe(400);
    const ended = await auditRows('auth.session_ended', idOf3);
    expect(ended[0].data).toMatchObject({ reason: 'admin', userId: u.id });
  });

  it('access tokens: expired, altered, signed with another key, without a session, or of an ended session: 401', async () => {
    const u = await newUser();
    const { accessToken } = await login(u.username);
    const [session] = await t.sql<{ id: string }>(`SELECT id::text FROM auth_sessions WHERE user_id = $1`, [u.id]);
    const key = createSecretKey(Buffer.from(JWT_SECRET, 'utf8'));
    const sign = (claims: Record<string, unknown>, exp: number | string, k = key) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(u.id).setIssuer('gongkai').setIssuedAt().setExpirationTime(exp).sign(k);

    const valid = await sign({ tv: 0, sid: session.id }, '5m');
    expect((await t.http.get('/api/v1/me').set(bearer(valid))).status).toBe(200);
    const expired = await sign({ tv: 0, sid: session.id }, Math.floor(Date.now() / 1000) - 10);
    const res = await t.http.get('/api/v1/me').set(bearer(expired));
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/expired/);
    // Altered payload, same signature.
    const [h, p, s] = accessToken.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}.${s}`;
    expect((await t.http.get('/api/v1/me').set(bearer(forged))).status).toBe(401);
    const otherKey = createSecretKey(Buffer.from('another-secret-another-secret-another-secret', 'utf8'));
    expect((await t.http.get('/api/v1/me').set(bearer(await sign({ tv: 0, sid: session.id }, '5m', otherKey)))).status).toBe(401);
    // A token of the old kind, without a session, or naming a session that does not exist.
    expect((await t.http.get('/api/v1/me').set(bearer(await sign({ tv: 0 }, '5m')))).status).toBe(401);
    expect((await t.http.get('/api/v1/me').set(bearer(await sign({ tv: 0, sid: '00000000-0000-4000-8000-000000000000' }, '5m')))).status).toBe(401);
    // alg "none".
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    expect((await t.http.get('/api/v1/me').set(bearer(none))).status).toBe(401);
    // Another issuer, another HMAC, no expiry: refused (the check takes HS256 from gongkai, with exp).
    const claims = { tv: 0, sid: session.id };
    const otherIssuer = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(u.id).setIssuer('elsewhere').setExpirationTime('5m').sign(key);
    expect((await t.http.get('/api/v1/me').set(bearer(otherIssuer))).status).toBe(401);
    const hs512 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS512' }).setSubject(u.id).setIssuer('gongkai').setExpirationTime('5m').sign(createSecretKey(Buffer.from(JWT_SECRET.repeat(2), 'utf8')));
    expect((await t.http.get('/api/v1/me').set(bearer(hs512))).status).toBe(401);
    const noExpiry = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(u.id).setIssuer('gongkai').sign(key);
    expect((await t.http.get('/api/v1/me').set(bearer(noExpiry))).status).toBe(401);
    // The service's own token is a standard HS256 JWT another implementation verifies.
    const { payload: own, protectedHeader } = await jwtVerify(accessToken, key, { issuer: 'gongkai', algorithms: ['HS256'] });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(own).toMatchObject({ sub: u.id, tv: 0, sid: session.id, iss: 'gongkai' });
    expect((own.exp as number) - (own.iat as number)).toBeGreaterThan(0);
  });

  it('the OpenAPI document covers the session routes', async () => {
    const doc = (await t.http.get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/auth/refresh'])).toContain('post');
    expect(Object.keys(doc.paths['/api/v1/auth/logout'])).toContain('post');
    expect(Object.keys(doc.paths['/api/v1/auth/options'])).toContain('get');
    expect(Object.keys(doc.paths['/api/v1/users/{id}/sessions']).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(doc.paths['/api/v1/users/{id}/sessions/{sessionId}'])).toEqual(['delete']);
    expect(Object.keys(doc.paths['/api/v1/me/sessions'])).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/me/totp']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/me/totp/confirm'])).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/v1/auth/oidc/login'])).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/auth/oidc/callback'])).toEqual(['get']);
  });
});
