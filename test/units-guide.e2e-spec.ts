/**
 * Units in public: a unit's profile (versioned, If-Match, admin or the unit's liaison, bad input
 * named), the public disclosure guide made from it (sections, languages, 404s), stale after a
 * year and then on the supervision board, and the public list of publishing units linking to it.
 */
import { bearer, seedDistrict, startTestApp, type District, type TestApp } from './support/app.js';

const PROFILE = {
  functions: '负责全区国民经济和社会发展规划的拟订和组织实施。',
  address: '北京市朝阳区日坛北路33号',
  postcode: '100020',
  officeHours: '工作日 上午9:00—12:00，下午13:30—17:00',
  phone: '010-65091234',
  email: 'gongkai@fgw.example.gov.cn',
  website: 'https://fgw.example.gov.cn/',
  leaders: [
    { name: '王明', title: '主任', duties: '主持全面工作。' },
    { name: '李华', title: '副主任', duties: '分管政务公开、办公室。' },
  ],
  acceptsApplications: true,
};

describe('unit profiles and disclosure guides', () => {
  let t: TestApp;
  let d: District;
  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
  });
  afterAll(() => t?.close());

  const put = (who: string | null, unitId: string, body: unknown, ifMatch?: string) => {
    const r = t.http.put(`/api/v1/units/${unitId}/profile`);
    if (who) r.set(bearer(d.tokens[who]));
    if (ifMatch) r.set('If-Match', ifMatch);
    return r.send(body as object);
  };

  it('the first profile needs no If-Match; later ones need the current version (428, 412); every version is kept', async () => {
    const first = await put('admin', d.unitA.id, PROFILE);
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe('"1"');
    expect(first.body).toMatchObject({ unitId: d.unitA.id, unitCode: d.unitA.code, version: 1, stale: false, ...PROFILE, fax: null });
    expect(Date.parse(first.body.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await put('admin', d.unitA.id, PROFILE)).status).toBe(428);
    const second = await put('liaisonA', d.unitA.id, { ...PROFILE, phone: '010-65091235', fax: '010-65091236' }, '"1"');
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ version: 2, phone: '010-65091235', fax: '010-65091236', updatedBy: d.ids.liaisonA });
    const stale = await put('admin', d.unitA.id, PROFILE, '"1"');
    expect(stale.status).toBe(412);
    expect((await put('admin', d.unitA.id, PROFILE, 'W/"2"')).status).toBe(412);
    const current = await t.http.get(`/api/v1/units/${d.unitA.id}/profile`).set(bearer(d.tokens.drafterA));
    expect(current.status).toBe(200);
    expect(current.headers.etag).toBe('"2"');
    expect(current.body.phone).toBe('010-65091235');
    const history = await t.http.get(`/api/v1/units/${d.unitA.id}/profile/history`).set(bearer(d.tokens.officer));
    expect(history.body.map((v: { version: number; phone: string }) => [v.version, v.phone])).toEqual([
      [2, '010-65091235'],
      [1, '010-65091234'],
    ]);
    // The history cannot be rewritten, not even in SQL.
    await expect(t.sql(`UPDATE unit_profiles SET phone = '110' WHERE unit_id = $1`, [d.unitA.id])).rejects.toThrow(/append-only/);
    // Two writers of the same version: one wins, the other is told to reload.
    const [a, b] = await Promise.all([put('admin', d.unitA.id, PROFILE, '"2"'), put('liaisonA', d.unitA.id, PROFILE, '"2"')]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
  });

  it('only an administrator or a liaison of that unit may write it', async () => {
    expect((await put(null, d.unitB.id, PROFILE)).status).toBe(401);
    for (const who of ['drafterB', 'reviewerB', 'officer', 'leaderB', 'liaisonA']) expect({ who, status: (await put(who, d.unitB.id, PROFILE)).status }).toEqual({ who, status: 403 });
    expect((await put('liaisonB', d.unitB.id, PROFILE)).status).toBe(200);
    expect((await put('admin', '00000000-0000-4000-8000-000000000000', PROFILE)).status).toBe(404);
    expect((await put('admin', 'not-a-uuid', PROFILE)).status).toBe(400);
  });

  it('bad input is a 400 naming the field, and changes nothing', async () => {
    const before = (await t.http.get(`/api/v1/units/${d.unitB.id}/profile`).set(bearer(d.tokens.admin))).body.version as number;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...PROFILE, phone: 'call us' }, /^phone /],
      [{ ...PROFILE, phone: '12' }, /^phone /],
      [{ ...PROFILE, phone: '010-6509 1234, 010-6509 1235' }, /^phone /],
      [{ ...PROFILE, fax: 'none' }, /^fax /],
      [{ ...PROFILE, postcode: '10002' }, /^postcode /],
      [{ ...PROFILE, postcode: '1000200' }, /^postcode /],
      [{ ...PROFILE, postcode: 100020 }, /postcode/],
      [{ ...PROFILE, email: 'nobody' }, /^email /],
      [{ ...PROFILE, website: 'ftp://x.example' }, /^website /],
      [{ ...PROFILE, leaders: [{ name: '王明', title: '主任' }] }, /leaders\.0\.duties/],
      [{ ...PROFILE, leaders: 'all of them' }, /leaders/],
      [{ ...PROFILE, acceptsApplications: 'yes' }, /acceptsApplications/],
      [{ ...PROFILE, functions: '' }, /functions/],
      [{ ...PROFILE, email: null }, /email/],
      [{ ...PROFILE, extra: 1 }, /extra/],
      [(({ address: _a, ...rest }) => rest)(PROFILE), /address/],
    ];
    for (const [body, message] of cases) {
      const res = await put('admin', d.unitB.id, body, `"${before}"`);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.message).toMatch(message);
    }
    for (const phone of ['(010)65091234', '+86 10 6509 1234', '13800138000', '12345', '010-65091234转8001']) expect({ phone, status: (await put('admin', d.unitB.id, { ...PROFILE, phone }, '*')).status }).toEqual({ phone, status: 200 });
  });

  it('the guide is public: the unit, its profile, the standard sections, the date of its last update', async () => {
    const res = await t.http.get(`/api/v1/units/${d.unitA.code}/guide`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ unit: { code: d.unitA.code, name: '发展和改革委员会' }, profile: { address: PROFILE.address, leaders: PROFILE.leaders }, stale: false, lang: 'zh' });
    expect(res.body.version).toBeGreaterThanOrEqual(2);
    const keys = res.body.sections.map((s: { key: string }) => s.key);
    expect(keys).toEqual(expect.arrayContaining(['scope', 'proactive_channels', 'application_procedure', 'fees', 'remedies', 'contacts']));
    const text = (key: string) => res.body.sections.find((s: { key: string }) => s.key === key).text as string;
    expect(text('scope')).toContain('（十五）');
    expect(text('fees')).toContain('国办函〔2020〕109号');
    expect(text('remedies')).toMatch(/60日.*6个月/s);
    expect(text('contacts')).toContain(PROFILE.address);
    expect(text('contacts')).toContain(PROFILE.postcode);
    expect(text('application_procedure')).toContain('20个工作日');
    expect(text('proactive_channels')).toContain(`/catalogue?unit=${d.unitA.code}`);
    expect(res.headers['cache-control']).toMatch(/public/);
    expect((await t.http.get(`/api/v1/units/${d.unitA.code}/guide`).set('If-None-Match', res.headers.etag)).status).toBe(304);
    // Portals may show it: CORS like the catalogue (GET, no credentials).
    const cross = await t.http.get(`/api/v1/units/${d.unitA.code}/guide`).set('Origin', 'https://portal.example.gov.cn');
    expect(cross.headers['access-control-allow-origin']).toBe('*');
    expect(cross.headers['access-control-allow-credentials']).toBeUndefined();
    expect((await t.http.get(`/api/v1/units/${d.unitA.id}/profile`).set(bearer(d.tokens.drafterA)).set('Origin', 'https://portal.example.gov.cn')).headers['access-control-allow-origin']).toBeUndefined();
    const en = await t.http.get(`/api/v1/units/${d.unitA.code}/guide?lang=en`);
    expect(en.body.lang).toBe('en');
    expect(en.body.sections.find((s: { key: string }) => s.key === 'fees').title).toBe('Fees');
    expect((await t.http.get(`/api/v1/units/${d.unitA.code}/guide?lang=fr`)).status).toBe(400);
  });

  it('a guide of an unknown unit, or of a unit without a profile, is 404', async () => {
    expect((await t.http.get('/api/v1/units/NOSUCHUNIT/guide')).status).toBe(404);
    expect((await t.http.get(`/api/v1/units/${d.unitA.code.toLowerCase()}/guide`)).status).toBe(404);
    const res = await t.http.get(`/api/v1/units/${d.office.code}/guide`);
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(/no disclosure guide yet/);
  });

  it('the guide lists the channels in use', async () => {
    const sub = await t.http.post('/api/v1/subscribers').set(bearer(t.adminToken)).send({ url: 'https://wechat-bridge.example.gov.cn/hook', channel: 'wechat' });
    expect(sub.status).toBe(201);
    const text = (await t.http.get(`/api/v1/units/${d.unitA.code}/guide`)).body.sections.find((s: { key: string }) => s.key === 'proactive_channels').text as string;
    expect(text).toContain('政务微信公众号');
    await t.http.patch(`/api/v1/subscribers/${sub.body.id}`).set(bearer(t.adminToken)).send({ active: false });
  });

  it('stale after a year without an update: the guide says so and supervision lists it; the next update clears it', async () => {
    const { version } = (await t.http.get(`/api/v1/units/${d.unitB.id}/profile`).set(bearer(d.tokens.admin))).body as { version: number };
    // A version written 400 days ago (as if nobody had touched the profile since).
    await t.sql(
      `INSERT INTO unit_profiles (unit_id, version, functions, address, postcode, office_hours, phone, leaders, accepts_applications, updated_by, updated_at)
       SELECT unit_id, version + 1, functions, address, postcode, office_hours, phone, leaders, accepts_applications, updated_by, now() - interval '400 days'
         FROM unit_profiles WHERE unit_id = $1 AND version = $2`,
      [d.unitB.id, version],
    );
    const guide = await t.http.get(`/api/v1/units/${d.unitB.code}/guide`);
    expect(guide.body.stale).toBe(true);
    expect(Date.parse(guide.body.staleAt)).toBeLessThan(Date.now());
    const board = await t.http.get('/api/v1/supervision').set(bearer(d.tokens.officer));
    const item = board.body.overdue.find((i: { kind: string; id: string }) => i.kind === 'guide' && i.id === d.unitB.id);
    expect(item).toMatchObject({ kind: 'guide', unitId: d.unitB.id, state: 'stale' });
    expect(item.overdueWorkingDays).toBeGreaterThan(10);
    expect(board.body.overdue.some((i: { kind: string; id: string }) => i.kind === 'guide' && i.id === d.unitA.id)).toBe(false);
    const renewed = await put('liaisonB', d.unitB.id, PROFILE, `"${version + 1}"`);
    expect(renewed.status).toBe(200);
    expect((await t.http.get(`/api/v1/units/${d.unitB.code}/guide`)).body.stale).toBe(false);
    const after = await t.http.get('/api/v1/supervision').set(bearer(d.tokens.officer));
    expect([...after.body.overdue, ...after.body.dueSoon].some((i: { kind: string; id: string }) => i.kind === 'guide' && i.id === d.unitB.id)).toBe(false);
  });

  it('the public list of publishing units links to each guide, also of a unit with nothing published yet', async () => {
    const units = (await t.http.get('/api/v1/catalogue/units')).body as { code: string; guideUrl: string | null; guideUpdatedAt: string | null }[];
    const a = units.find((u) => u.code === d.unitA.code)!;
    expect(a.guideUrl).toBe(`/api/v1/units/${d.unitA.code}/guide`);
    expect(Date.parse(a.guideUpdatedAt!)).toBeGreaterThan(Date.now() - 600_000);
    expect((await t.http.get(a.guideUrl!)).status).toBe(200);
    expect(units.some((u) => u.code === d.office.code)).toBe(false);
  });
});
