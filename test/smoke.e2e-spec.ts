import { FULL_CHAIN, bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

describe('smoke: a document from draft to the catalogue', () => {
  let t: TestApp;
  let d: District;
  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
  });
  afterAll(() => t.close());

  it('health answers', async () => {
    expect((await t.http.get('/health')).body).toEqual({ status: 'ok' });
    expect((await t.http.get('/health/ready')).status).toBe(200);
  });

  it('publishes a proactive document with an index number', async () => {
    const doc = await walk(t, d, 'drafterA', FULL_CHAIN);
    expect(doc.state).toBe('published');
    expect(doc.indexNo).toMatch(new RegExp(`^${d.unitA.code}-\\d{4}-000001$`));
    const entry = await t.http.get(`/api/v1/catalogue/${doc.indexNo}`);
    expect(entry.status).toBe(200);
    expect(entry.body.unit.code).toBe(d.unitA.code);
    const hist = await t.http.get(`/api/v1/documents/${doc.id}/history`).set(bearer(d.tokens.drafterA));
    expect(hist.body.map((h: { action: string }) => h.action)).toEqual(['create', 'submit', 'approve', 'approve', 'approve']);
  });
});
