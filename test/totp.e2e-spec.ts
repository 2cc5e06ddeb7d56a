/**
 * The second factor (TOTP, RFC 6238): enrolment, confirmation, recovery codes, login with a code,
 * a code used twice, the login limits, roles that require it (MFA_REQUIRED_ROLES=leader here),
 * and an admin's reset. Codes are computed by otplib from the otpauth URL, as an app would.
 */
import { generate } from 'otplib';
import { PASSWORD, bearer, startTestApp, uniqueCode, type TestApp } from './support/app.js';

const now = () => Math.floor(Date.now() / 1000);
/** The code of the current 30-second step (the service also accepts the steps just before and after). */
const codeNow = (secret: string) => generate({ secret, epoch: now() });

describe('second factor: TOTP enrolment and login', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let unitId: string;

  beforeAll(async () => {
    t = await startTestApp({ MFA_REQUIRED_ROLES: 'leader', TOTP_ISSUER: '某区政务公开' });
    admin = bearer(t.adminToken);
    unitId = (await t.http.post('/api/v1/units').set(admin).send({ code: uniqueCode('TO'), name: '双因素测试局' })).body.id;
  });
  afterAll(() => t.close());

  async function newUser(roles: string[] = ['drafter']) {
    const username = `t${Math.random().toString(36).slice(2, 10)}`;
    const res = await t.http.post('/api/v1/users').set(admin).send({ username, password: PASSWORD, displayName: '双因素', unitId, roles, leadsUnitIds: roles.includes('leader') ? [unitId] : [] });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, username };
  }
  const login = (username: string, totp?: string) => t.http.post('/api/v1/auth/login').send({ username, password: PASSWORD, ...(totp === undefined ? {} : { totp }) });

  /** Enrols and confirms; returns the secret (read from the otpauth URL) and the recovery codes. */
  async function enrol(token: string) {
    const started = await t.http.post('/api/v1/me/totp').set(bearer(token));
    expect(started.status).toBe(201);
    const secret = new URL(started.body.otpauthUrl).searchParams.get('secret')!;
    const epoch = now();
    const code = await generate({ secret, epoch });
    const confirmed = await t.http.post('/api/v1/me/totp/confirm').set(bearer(token)).send({ code });
    expect(confirmed.status).toBe(200);
    // The step after the confirmation's: the first code a login may use (the confirmation used its own).
    const nextCode = () => generate({ secret, epoch: epoch + 30 });
    return { secret, code, nextCode, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  }

  const audit = (action: string, userId: string) =>
    t.sql<{ data: Record<string, unknown> }>(`SELECT data FROM audit_log WHERE action = $1 AND actor_id::text = $2 ORDER BY id`, [action, userId]);

  it('enrolment: an otpauth URL (issuer, account, secret); a new one replaces a pending one; a wrong code is 400 and audited; the right one enables it with ten recovery codes, stored hashed and the secret encrypted', async () => {
    const u = await newUser();
    const token = (await login(u.username)).body.accessToken;
    const status = async () => (await t.http.get('/api/v1/me/totp').set(bearer(token))).body;
    expect(await status()).toEqual({ enabled: false, pending: false, recoveryCodesLeft: 0, required: false });
    const first = await t.http.post('/api/v1/me/totp').set(bearer(token));
    expect(first.status).toBe(201);
    expect(Object.keys(first.body)).toEqual(['otpauthUrl']);
    const url = new URL(first.body.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe(`/某区政务公开:${u.username}`);
    expect(url.searchParams.get('issuer')).toBe('某区政务公开');
    const firstSecret = url.searchParams.get('secret')!;
    expect(firstSecret).toMatch(/^[A-Z2-7]{32}$/);

    const second = await t.http.post('/api/v1/me/totp').set(bearer(token));
    const secret = new URL(second.body.otpauthUrl).searchParams.get('secret')!;
    expect(secret).not.toBe(firstSecret);
    // The first secret's codes no longer confirm anything.
    const stale = await t.http.post('/api/v1/me/totp/confirm').set(bearer(token)).send({ code: await codeNow(firstSecret) });
    expect(stale.status).toBe(400);
    expect(stale.body.message).toMatch(/^code /);
    expect((await t.http.post('/api/v1/me/totp/confirm').set(bearer(token)).send({ code: 'abc' })).status).toBe(400);
    expect((await audit('auth.totp_failed', u.id)).map((r) => r.data.during)).toEqual(['enrolment']);
    // Not enabled yet: login still needs no code.
    expect((await login(u.username)).status).toBe(200);

    expect(await status()).toMatchObject({ enabled: false, pending: true });
    const ok = await t.http.post('/api/v1/me/totp/confirm').set(bearer(token)).send({ code: await codeNow(secret) });
    expect(ok.status).toBe(200);
    expect(await status()).toEqual({ enabled: true, pending: false, recoveryCodesLeft: 10, required: false });
    expect(ok.body.enabled).toBe(true);
    expect(ok.body.recoveryCodes).toHaveLength(10);
    for (const c of ok.body.recoveryCodes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(new Set(ok.body.recoveryCodes).size).toBe(10);

    // At rest: the secret is not in the database in clear, the recovery codes are argon2id hashes.
    const [row] = await t.sql<{ secret_box: string }>(`SELECT secret_box FROM user_totp WHERE user_id = $1`, [u.id]);
    expect(row.secret_box).not.toContain(secret);
    expect(row.secret_box).toMatch(/^v1\./);
    const codes = await t.sql<{ code_hash: string }>(`SELECT code_hash FROM user_recovery_codes WHERE user_id = $1`, [u.id]);
    expect(codes).toHaveLength(10);
    for (const c of codes) expect(c.code_hash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(codes)).not.toContain(ok.body.recoveryCodes[0].replace('-', ''));

    // Never shown again: enrolling once more is refused, nothing returns the secret.
    const again = await t.http.post('/api/v1/me/totp').set(bearer(token));
    expect(again.status).toBe(409);
    expect(JSON.stringify((await t.http.get('/api/v1/me').set(bearer(token))).body)).not.toContain(secret);
    expect((await t.http.post('/api/v1/me/totp/confirm').set(bearer(token)).send({ code: await codeNow(secret) })).status).toBe(409);
    expect(await audit('auth.totp_enabled', u.id)).toHaveLength(1);
  });

  it('login with a second factor: 401 without a code (details say so), 401 with a wrong one (audited), 200 with the right one; the same code again is refused (a replay within its window)', async () => {
    const u = await newUser();
    const { code: enrolmentCode, nextCode } = await enrol((await login(u.username)).body.accessToken);

    const without = await login(u.username);
    expect(without.status).toBe(401);
    expect(without.body.details).toEqual({ totp: 'required' });
    expect(without.headers['set-cookie']).toBeUndefined();
    // Wrong password with any code: the same 401 as always (the code is not even looked at).
    const wrongPassword = await t.http.post('/api/v1/auth/login').send({ username: u.username, password: 'not-the-password', totp: '000000' });
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body.message).toBe('wrong username or password');

    // The confirmation used up the current step's code: the next step's is the one to sign in with.
    const next = await nextCode();
    const wrong = ['000000', '111111'].find((c) => c !== next && c !== enrolmentCode)!;
    const bad = await login(u.username, wrong);
    expect(bad.status).toBe(401);
    expect(bad.body.details).toEqual({ totp: 'invalid' });
    const reusedEnrolment = await login(u.username, enrolmentCode);
    expect(reusedEnrolment.status).toBe(401);
    expect(reusedEnrolment.body.details).toEqual({ totp: 'reused' });

    const ok = await login(u.username, next);
    expect(ok.status).toBe(200);
    expect(ok.body.restriction).toBeNull();
    expect((await t.http.get('/api/v1/me').set(bearer(ok.body.accessToken))).status).toBe(200);
    const [session] = await t.sql<{ second_factor: boolean }>(`SELECT second_factor FROM auth_sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1`, [u.id]);
    expect(session.second_factor).toBe(true);

    // The same code once more (someone who saw it over the shoulder): refused within its window.
    const replay = await login(u.username, next);
    expect(replay.status).toBe(401);
    expect(replay.body.details).toEqual({ totp: 'reused' });
    expect(replay.headers['set-cookie']).toBeUndefined();

    const failed = await audit('auth.totp_failed', u.id);
    expect(failed.map((r) => r.data.reason)).toEqual(['invalid', 'reused', 'reused']);
    expect((await audit('auth.login', u.id)).at(-1)!.data).toMatchObject({ method: 'password', secondFactor: true });
  });

  it('a recovery code signs in once, in place of the TOTP code (with or without the hyphen)', async () => {
    const u = await newUser();
    const { recoveryCodes } = await enrol((await login(u.username)).body.accessToken);
    expect((await login(u.username, recoveryCodes[3].toUpperCase().replace('-', ' '))).status).toBe(200);
    const again = await login(u.username, recoveryCodes[3]);
    expect(again.status).toBe(401);
    expect((await login(u.username, recoveryCodes[4])).status).toBe(200);
    expect((await login(u.username, 'aaaaa-aaaaa')).status).toBe(401);
    const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NOT NULL`, [u.id]);
    expect(n).toBe(2);
  });

  it('the login limits apply to codes: five wrong codes lock the account (429), even with the right code', async () => {
    const u = await newUser();
    const { nextCode } = await enrol((await login(u.username)).body.accessToken);
    for (let i = 0; i < 5; i++) expect((await login(u.username, '000000')).status).toBe(401);
    const locked = await login(u.username, await nextCode());
    expect(locked.status).toBe(429);
  });

  it('MFA_REQUIRED_ROLES: a leader without a second factor gets a session that may only enrol (403 elsewhere); after confirming, the same token works; from then on the code is required', async () => {
    const u = await newUser(['leader']);
    const first = await login(u.username);
    expect(first.status).toBe(200);
    expect(first.body.restriction).toBe('totp_enrolment');
    const token = first.body.accessToken as string;
    const blocked = await t.http.get('/api/v1/tasks').set(bearer(token));
    expect(blocked.status).toBe(403);
    expect(blocked.body.details).toEqual({ restriction: 'totp_enrolment' });
    expect((await t.http.get('/api/v1/me').set(bearer(token))).status).toBe(403);
    expect((await t.http.get('/api/v1/me/totp').set(bearer(token))).body).toMatchObject({ enabled: false, required: true });
    // Public routes treat it as nobody signed in (no 403 there).
    expect((await t.http.get('/api/v1/catalogue').set(bearer(token))).status).toBe(200);
    // The refresh says so too, and keeps the restriction.
    const cookie = (first.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('gk_refresh='))!.split(';')[0];
    const refreshed = await t.http.post('/api/v1/auth/refresh').set('Cookie', cookie);
    expect(refreshed.body.restriction).toBe('totp_enrolment');

    const { nextCode } = await enrol(token);
    expect((await t.http.get('/api/v1/tasks').set(bearer(token))).status).toBe(200);
    expect((await t.http.get('/api/v1/me').set(bearer(token))).status).toBe(200);
    expect((await login(u.username)).status).toBe(401);
    const full = await login(u.username, await nextCode());
    expect(full.status).toBe(200);
    expect(full.body.restriction).toBeNull();
    // Roles not listed need nothing.
    const d = await newUser(['drafter']);
    expect((await login(d.username)).body.restriction).toBeNull();
  });

  it('an admin resets a lost second factor: the user’s sessions end, login works without a code again; 404 when there is none; only admins', async () => {
    const u = await newUser();
    const token = (await login(u.username)).body.accessToken;
    const { nextCode } = await enrol(token);
    const withCode = await login(u.username, await nextCode());
    expect((await t.http.delete(`/api/v1/users/${u.id}/totp`).set(bearer(withCode.body.accessToken))).status).toBe(403);
    expect((await t.http.delete(`/api/v1/users/${u.id}/totp`).set(admin)).status).toBe(204);
    expect((await t.http.get('/api/v1/me').set(bearer(withCode.body.accessToken))).status).toBe(401);
    expect((await t.http.get('/api/v1/me').set(bearer(token))).status).toBe(401);
    expect((await login(u.username)).status).toBe(200);
    expect((await t.http.delete(`/api/v1/users/${u.id}/totp`).set(admin)).status).toBe(404);
    expect((await t.sql(`SELECT 1 FROM user_recovery_codes WHERE user_id = $1`, [u.id])).length).toBe(0);
  });
});
