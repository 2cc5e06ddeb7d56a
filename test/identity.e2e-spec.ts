import { ADMIN_PASSWORD, PASSWORD, bearer, startTestApp, uniqueCode, type TestApp } from './support/app.js';

describe('identity: login, units, users', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let unitId: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = bearer(t.adminToken);
    unitId = (await t.http.post('/api/v1/units').set(admin).send({ code: uniqueCode('ID'), name: '测试局' })).body.id;
  });
  afterAll(() => t.close());

  const newUser = async (over: Record<string, unknown> = {}) => {
    const username = `u${Math.random().toString(36).slice(2, 10)}`;
    const res = await t.http.post('/api/v1/users').set(admin).send({ username, password: PASSWORD, displayName: '测试', unitId, roles: ['drafter'], ...over });
    return { res, username };
  };
  const login = (username: string, password = PASSWORD) => t.http.post('/api/v1/auth/login').send({ username, password });

  it('login: 200 with a token and the user; wrong username or password: 401 with the same message', async () => {
    const ok = await login('admin', ADMIN_PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.body.accessToken).toEqual(expect.any(String));
    expect(ok.body.user).toMatchObject({ username: 'admin', roles: ['admin'] });
    const badUser = await login('nobody-here', 'whatever-password');
    const badPass = await login('admin', 'wrong-password!');
    expect(badUser.status).toBe(401);
    expect(badPass.status).toBe(401);
    expect(badUser.body.message).toBe(badPass.body.message);
    expect((await t.http.post('/api/v1/auth/login').send({ username: 'admin' })).status).toBe(400);
  });

  it('me: 200 with the contract fields; no or bad token: 401', async () => {
    const me = await t.http.get('/api/v1/me').set(admin);
    expect(me.status).toBe(200);
    expect(Object.keys(me.body)).toEqual(expect.arrayContaining(['id', 'username', 'displayName', 'unitId', 'roles', 'leadsUnitIds']));
    expect((await t.http.get('/api/v1/me')).status).toBe(401);
    expect((await t.http.get('/api/v1/me').set('Authorization', 'Bearer nonsense')).status).toBe(401);
    expect((await t.http.get('/api/v1/me').set('Authorization', `Bearer ${t.adminToken}x`)).status).toBe(401);
  });

  it('units: 201, 409 on a duplicate code, 400 on a bad code, 403 for non-admins, listed', async () => {
    const code = uniqueCode('UN');
    const created = await t.http.post('/api/v1/units').set(admin).send({ code, name: '审计局' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), code, name: '审计局' });
    expect((await t.http.post('/api/v1/units').set(admin).send({ code, name: 'again' })).status).toBe(409);
    for (const bad of ['a', 'lowercase', 'TOO-LONG-CODE-FOR-A-UNIT', 'SP ACE']) {
      expect((await t.http.post('/api/v1/units').set(admin).send({ code: bad, name: 'x' })).status).toBe(400);
    }
    expect((await t.http.post('/api/v1/units').set(admin).send({ code: uniqueCode(), name: 'x', extra: 1 })).status).toBe(400);
    const { username } = await newUser();
    const tok = (await login(username)).body.accessToken;
    expect((await t.http.post('/api/v1/units').set(bearer(tok)).send({ code: uniqueCode(), name: 'x' })).status).toBe(403);
    expect((await t.http.post('/api/v1/units').send({ code: uniqueCode(), name: 'x' })).status).toBe(401);
    const list = await t.http.get('/api/v1/units?limit=100').set(bearer(tok));
    expect(list.status).toBe(200);
    expect(list.body.items.some((u: { code: string }) => u.code === code)).toBe(true);
  });

  it('users: 201 without any password field; 400 on short password, unknown role, unknown unit; 409 on duplicate', async () => {
    const { res, username } = await newUser();
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    expect(res.body).toMatchObject({ username, roles: ['drafter'], unitId, leadsUnitIds: [] });
    expect((await newUser({ password: 'short' })).res.status).toBe(400);
    expect((await newUser({ roles: ['emperor'] })).res.status).toBe(400);
    expect((await newUser({ unitId: '00000000-0000-4000-8000-000000000000' })).res.status).toBe(400);
    expect((await newUser({ roles: ['secrecy_reviewer'], unitId: null })).res.status).toBe(400);
    const dup = await t.http.post('/api/v1/users').set(admin).send({ username, password: PASSWORD, displayName: 'x', unitId, roles: ['drafter'] });
    expect(dup.status).toBe(409);
    const leader = await newUser({ roles: ['leader'], leadsUnitIds: [unitId] });
    expect(leader.res.body.leadsUnitIds).toEqual([unitId]);
    const list = await t.http.get('/api/v1/users?limit=100').set(admin);
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toMatch(/passwordHash|password_hash/);
  });

  it('deactivation, password change and role change take effect at once, also for issued tokens', async () => {
    const { res, username } = await newUser();
    const id = res.body.id;
    let token = (await login(username)).body.accessToken;
    expect((await t.http.get('/api/v1/me').set(bearer(token))).status).toBe(200);

    // Role change: the drafter loses the drafter role → creating documents is refused at once.
    expect((await t.http.patch(`/api/v1/users/${id}`).set(admin).send({ roles: ['secrecy_reviewer'] })).status).toBe(200);
    expect((await t.http.get('/api/v1/me').set(bearer(token))).status).toBe(401);
    token = (await login(username)).body.accessToken;
    const create = await t.http.post('/api/v1/documents').set(bearer(token)).send({ title: 't', docType: 'notice', body: 'b', publicAttribute: 'proactive' });
    expect(create.status).toBe(403);

    // Password change: old token void, old password refused, new password works.
    expect((await t.http.patch(`/api/v1/users/${id}`).set(admin).send({ password: 'a-brand-new-password' })).status).toBe(200);
    expect((await t.http.get('/api/v1/me').set(bearer(token))).status).toBe(401);
    expect((await login(username)).status).toBe(401);
    token = (await login(username, 'a-brand-new-password')).body.accessToken;
    expect((await t.http.get('/api/v1/me').set(bearer(token))).status).toBe(200);

    // Deactivation: token void, login refused.
    expect((await t.http.patch(`/api/v1/users/${id}`).set(admin).send({ active: false })).status).toBe(200);
    expect((await t.http.get('/api/v1/me').set(bearer(token))).status).toBe(401);
    expect((await login(username, 'a-brand-new-password')).status).toBe(401);
  });

  it('PATCH users: 404 unknown, 400 empty or unknown field, 403 non-admin', async () => {
    expect((await t.http.patch('/api/v1/users/00000000-0000-4000-8000-000000000000').set(admin).send({ displayName: 'x' })).status).toBe(404);
    expect((await t.http.patch('/api/v1/users/not-a-uuid').set(admin).send({ displayName: 'x' })).status).toBe(400);
    const { res, username } = await newUser();
    expect((await t.http.patch(`/api/v1/users/${res.body.id}`).set(admin).send({})).status).toBe(400);
    expect((await t.http.patch(`/api/v1/users/${res.body.id}`).set(admin).send({ username: 'renamed' })).status).toBe(400);
    const tok = (await login(username)).body.accessToken;
    expect((await t.http.patch(`/api/v1/users/${res.body.id}`).set(bearer(tok)).send({ displayName: 'x' })).status).toBe(403);
  });

  it('failed logins are limited per account (429) while successful ones are not throttled', async () => {
    const { username } = await newUser();
    for (let i = 0; i < 5; i++) expect((await login(username, 'wrong-password-x')).status).toBe(401);
    const locked = await login(username);
    expect(locked.status).toBe(429);
    // Another account from the same address still logs in, many times.
    const other = await newUser();
    for (let i = 0; i < 130; i++) {
      const ok = await login(other.username);
      if (ok.status !== 200) throw new Error(`login ${i} gave ${ok.status}`);
    }
  }, 120_000);
});
