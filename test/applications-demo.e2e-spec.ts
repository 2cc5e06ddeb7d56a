/** The demo data of `npm start` includes applications, referrals and complaints in every state, made through the use cases. */
import { DemoSeeder } from '../src/modules/demo/demo.seeder.js';
import { startTestApp, type TestApp } from './support/app.js';

describe('demo applications', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('seeds applications in every state, an appeal, and the officer sees them in the worklist', async () => {
    const logins = await t.app.get(DemoSeeder).seedIfEmpty();
    expect(logins).not.toBeNull();
    const states = await t.sql<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM applications GROUP BY state ORDER BY state`);
    expect(states.map((s) => s.state)).toEqual(['awaiting_correction', 'delivered', 'filed', 'handling', 'received', 'third_party_consultation']);
    expect(await t.sql(`SELECT 1 FROM appeals WHERE result = 'upheld'`)).toHaveLength(1);
    const officer = logins!.find((l) => l.username === 'officer')!;
    const token = (await t.http.post('/api/v1/auth/login').send({ username: officer.username, password: officer.password })).body.accessToken;
    const list = await t.http.get('/api/v1/applications?limit=100').set('Authorization', `Bearer ${token}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(8);
    expect(list.body.items[0].overdue).toBe(true);

    // … and complaints in each state; the FGW liaison sees the rectification its unit still has to make.
    const complaints = await t.http.get('/api/v1/complaints').set('Authorization', `Bearer ${token}`);
    expect(complaints.body.items.map((c: { state: string }) => c.state).sort()).toEqual(['assigned', 'closed', 'received', 'replied']);
    const liaison = logins!.find((l) => l.username === 'fgw.liaison')!;
    const liaisonToken = (await t.http.post('/api/v1/auth/login').send({ username: liaison.username, password: liaison.password })).body.accessToken;
    const theirs = await t.http.get('/api/v1/complaints').set('Authorization', `Bearer ${liaisonToken}`);
    expect(theirs.body.items).toEqual([expect.objectContaining({ state: 'replied', finding: 'partly_substantiated' })]);
    const board = await t.http.get('/api/v1/supervision').set('Authorization', `Bearer ${token}`);
    expect([...board.body.overdue, ...board.body.dueSoon].map((i: { kind: string }) => i.kind)).toContain('complaint');

    // … and referrals (转办): the FGW's liaison has one answered and one open, the finance bureau one open.
    const referrals = await t.http.get('/api/v1/referrals').set('Authorization', `Bearer ${liaisonToken}`);
    expect(referrals.body.items.map((r: { state: string }) => r.state).sort()).toEqual(['answered', 'open']);
    const all = await t.http.get('/api/v1/referrals').set('Authorization', `Bearer ${token}`);
    expect(all.body.items).toHaveLength(3);
    // Every accepted demo application has its receipt; the replied ones their reply letter.
    expect(await t.sql(`SELECT kind, count(*)::int AS n FROM application_notices GROUP BY kind ORDER BY kind`)).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'receipt' }), { kind: 'reply', n: 2 }]),
    );
  });
});
