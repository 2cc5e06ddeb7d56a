/** Administrative reconsideration and litigation about applications (Table 4 of the annual report). */
import { cn, bearer, seedDistrict, startTestApp, type District, type TestApp } from './support/app.js';

const FORM = {
  applicantType: 'legal_service_org',
  applicantName: '某律师事务所',
  contact: { email: 'office@lawfirm.example' },
  description: '某行政处罚决定的执法依据',
  format: 'electronic',
  delivery: 'email',
};

describe('appeals', () => {
  let t: TestApp;
  let d: District;
  let officer: Record<string, string>;
  let applicationId: string;
  beforeAll(async () => {
    t = await startTestApp({ APPLICATION_INTAKE_LIMIT: '100000' });
    d = await seedDistrict(t);
    officer = bearer(d.tokens.officer);
    const a = await t.http.post('/api/v1/applications').set(officer).send({ ...FORM, channel: 'registered_post', receivedAt: cn('2025-11-03') });
    applicationId = a.body.id;
    await t.http
      .post(`/api/v1/applications/${applicationId}/actions`)
      .set(officer)
      .set('If-Match', '"1"')
      .send({ action: 'reply', outcome: 'not_disclosed', reason: 'enforcement_case_file', comment: '属于行政执法案卷信息。', at: cn('2025-11-20') })
      .expect(200);
  });
  afterAll(() => t.close());

  const count = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM appeals`))[0].n;

  it('POST records a reconsideration: 201; the conclusion: 200; a second conclusion: 409', async () => {
    const res = await t.http.post('/api/v1/appeals').set(officer).send({ applicationId, kind: 'reconsideration', filedAt: cn('2025-12-10') });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      applicationId,
      trackingCode: expect.stringMatching(/^[A-Z2-7]{20}$/),
      kind: 'reconsideration',
      filedAt: '2025-12-10T10:00:00.000+08:00',
      result: null,
      concludedAt: null,
      version: 1,
    });
    const done = await t.http.post(`/api/v1/appeals/${res.body.id}/conclusion`).set(officer).send({ result: 'corrected', concludedAt: cn('2026-02-10') });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ result: 'corrected', concludedAt: '2026-02-10T10:00:00.000+08:00', version: 2 });
    expect((await t.http.post(`/api/v1/appeals/${res.body.id}/conclusion`).set(officer).send({ result: 'upheld', concludedAt: cn('2026-03-10') })).status).toBe(409);
    expect((await t.http.get(`/api/v1/appeals/${res.body.id}`).set(officer)).body.result).toBe('corrected');
    const audit = await t.sql<{ action: string }>(`SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id`, [res.body.id]);
    expect(audit.map((a) => a.action)).toEqual(['appeal.create', 'appeal.conclude']);
  });

  it('400 on bad input, and nothing is written', async () => {
    const before = await count();
    for (const body of [
      {},
      { applicationId, kind: 'appeal', filedAt: cn('2025-12-10') },
      { applicationId, kind: 'litigation' },
      { applicationId, kind: 'litigation', filedAt: 'last week' },
      { applicationId: 'nope', kind: 'litigation', filedAt: cn('2025-12-10') },
      { applicationId: '00000000-0000-4000-8000-000000000000', kind: 'litigation', filedAt: cn('2025-12-10') },
      { applicationId, kind: 'litigation', filedAt: cn('2025-10-01') }, // before the application
      { applicationId, kind: 'litigation', filedAt: new Date(Date.now() + 86_400_000).toISOString() },
      { applicationId, kind: 'litigation', filedAt: cn('2025-12-10'), court: '某区人民法院' },
    ]) {
      const res = await t.http.post('/api/v1/appeals').set(officer).send(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
    expect(await count()).toBe(before);
    const a = (await t.http.post('/api/v1/appeals').set(officer).send({ applicationId, kind: 'litigation', filedAt: cn('2026-01-10') })).body;
    for (const body of [
      { result: 'won', concludedAt: cn('2026-02-01') },
      { result: 'upheld' },
      { result: 'upheld', concludedAt: cn('2026-01-05') }, // before filing
      { result: 'upheld', concludedAt: new Date(Date.now() + 86_400_000).toISOString() },
    ]) {
      const res = await t.http.post(`/api/v1/appeals/${a.id}/conclusion`).set(officer).send(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
    expect((await t.http.get(`/api/v1/appeals/${a.id}`).set(officer)).body.result).toBeNull();
    expect((await t.http.post('/api/v1/appeals/00000000-0000-4000-8000-000000000000/conclusion').set(officer).send({ result: 'upheld', concludedAt: cn('2026-02-01') })).status).toBe(404);
    expect((await t.http.get('/api/v1/appeals/00000000-0000-4000-8000-000000000000').set(officer)).status).toBe(404);
  });

  it('GET ?year= lists the appeals filed in that year (China time), keyset-paginated', async () => {
    await t.http.post('/api/v1/appeals').set(officer).send({ applicationId, kind: 'litigation_after_reconsideration', filedAt: '2025-12-31T23:30:00+08:00' }).expect(201);
    await t.http.post('/api/v1/appeals').set(officer).send({ applicationId, kind: 'litigation', filedAt: '2025-12-31T16:30:00Z' }).expect(201); // 2026-01-01 00:30 in China
    const y2025 = await t.http.get('/api/v1/appeals?year=2025').set(officer);
    expect(y2025.status).toBe(200);
    expect(y2025.body.items.map((a: { kind: string }) => a.kind)).toEqual(['reconsideration', 'litigation_after_reconsideration']);
    const y2026 = await t.http.get('/api/v1/appeals?year=2026&limit=1').set(officer);
    expect(y2026.body.items).toHaveLength(1);
    const next = await t.http.get(`/api/v1/appeals?year=2026&limit=1&cursor=${y2026.body.nextCursor}`).set(officer);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].id).not.toBe(y2026.body.items[0].id);
    expect((await t.http.get('/api/v1/appeals').set(officer)).body.items).toHaveLength(4);
    // ?applicationId= one application's (the application page lists them).
    const other = (await t.http.post('/api/v1/applications').set(officer).send({ ...FORM, channel: 'registered_post', receivedAt: cn('2025-11-04') })).body.id;
    await t.http.post(`/api/v1/applications/${other}/actions`).set(officer).set('If-Match', '"1"').send({ action: 'reply', outcome: 'disclosed', comment: '予以公开。', at: cn('2025-11-21') }).expect(200);
    const mine = (await t.http.post('/api/v1/appeals').set(officer).send({ applicationId: other, kind: 'reconsideration', filedAt: cn('2025-12-01') }).expect(201)).body;
    expect((await t.http.get(`/api/v1/appeals?applicationId=${other}`).set(officer)).body.items.map((a: { id: string }) => a.id)).toEqual([mine.id]);
    expect((await t.http.get(`/api/v1/appeals?applicationId=${applicationId}&year=2026`).set(officer)).body.items).toHaveLength(2);
    for (const q of ['year=abc', 'year=1900', 'limit=0', 'cursor=zzz', 'applicationId=nope']) expect((await t.http.get(`/api/v1/appeals?${q}`).set(officer)).status).toBe(400);
  });

  it('Idempotency-Key: one appeal per key', async () => {
    const h = { ...officer, 'Idempotency-Key': 'appeal-1' };
    const body = { applicationId, kind: 'reconsideration', filedAt: cn('2026-03-01') };
    const first = await t.http.post('/api/v1/appeals').set(h).send(body);
    const again = await t.http.post('/api/v1/appeals').set(h).send(body);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect((await t.http.post('/api/v1/appeals').set(h).send({ ...body, kind: 'litigation' })).status).toBe(422);
  });
});
