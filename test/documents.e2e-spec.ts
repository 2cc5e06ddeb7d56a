import { FULL_CHAIN, bearer, form, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

describe('documents: the signing-and-approval form', () => {
  let t: TestApp;
  let d: District;
  let drafter: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
    drafter = bearer(d.tokens.drafterA);
  });
  afterAll(() => t.close());

  const count = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM documents`))[0].n;

  it('POST creates a draft in the drafter’s unit: 201, every field, ETag', async () => {
    const res = await t.http.post('/api/v1/documents').set(drafter).send(form({ documentNumber: '区发改发〔2026〕1号', attributeRationale: '规范性文件' }));
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      ...form({ documentNumber: '区发改发〔2026〕1号', attributeRationale: '规范性文件' }),
      state: 'draft',
      version: 1,
      unitId: d.unitA.id,
      drafterId: d.ids.drafterA,
      nonDisclosureReason: null,
    });
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    const got = await t.http.get(`/api/v1/documents/${res.body.id}`).set(drafter);
    expect(got.status).toBe(200);
    expect(got.headers.etag).toBe('"1"');
  });

  it.each([
    ['missing title', { title: undefined }],
    ['empty title', { title: '' }],
    ['title over 300', { title: '长'.repeat(301) }],
    ['unknown docType', { docType: 'memo' }],
    ['unknown publicAttribute', { publicAttribute: 'secret' }],
    ['unknown category', { category: 'weather' }],
    ['unknown reason', { publicAttribute: 'not_public', nonDisclosureReason: 'because' }],
    ['not_public without reason', { publicAttribute: 'not_public' }],
    ['reason without not_public', { nonDisclosureReason: 'state_secret' }],
    ['administrative_query is not a document ground', { publicAttribute: 'not_public', nonDisclosureReason: 'administrative_query' }],
    ['body of wrong type', { body: 42 }],
    ['summary over 2000', { summary: 'x'.repeat(2001) }],
    ['unknown property', { colour: 'red' }],
    ['unitId is not the drafter’s to choose', { unitId: '00000000-0000-4000-8000-000000000000' }],
  ])('POST 400: %s, and nothing is written', async (_name, over) => {
    const before = await count();
    const res = await t.http.post('/api/v1/documents').set(drafter).send(form(over));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(JSON.stringify(res.body.message)).toMatch(/title|docType|publicAttribute|category|nonDisclosureReason|body|summary|colour|unitId/);
    expect(await count()).toBe(before);
  });

  it('POST 400 on broken JSON, 413 on a body over 1 MB, and nothing is written', async () => {
    const before = await count();
    const broken = await t.http.post('/api/v1/documents').set(drafter).set('Content-Type', 'application/json').send('{"title": "x",');
    expect(broken.status).toBe(400);
    expect(broken.body.statusCode).toBe(400);
    const big = await t.http.post('/api/v1/documents').set(drafter).send(form({ body: '公'.repeat(400_000) }));
    expect(big.status).toBe(413);
    const huge = await t.http.post('/api/v1/documents').set(drafter).send(form({ body: 'x'.repeat(5 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(await count()).toBe(before);
  });

  it('POST 403 for a non-drafter, 401 without a token', async () => {
    expect((await t.http.post('/api/v1/documents').set(bearer(d.tokens.reviewerA)).send(form())).status).toBe(403);
    expect((await t.http.post('/api/v1/documents').set(bearer(d.tokens.officer)).send(form())).status).toBe(403);
    expect((await t.http.post('/api/v1/documents').send(form())).status).toBe(401);
  });

  it('GET 404 for unknown and invisible documents, 400 for a malformed id', async () => {
    const doc = await walk(t, d, 'drafterA', []);
    expect((await t.http.get('/api/v1/documents/00000000-0000-4000-8000-000000000000').set(drafter)).status).toBe(404);
    expect((await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterB))).status).toBe(404);
    expect((await t.http.get('/api/v1/documents/xyz').set(drafter)).status).toBe(400);
  });

  it('PATCH: 428 without If-Match, 412 stale, 200 with the next ETag, 409 once submitted, 403 for a colleague', async () => {
    const doc = await walk(t, d, 'drafterA', []);
    const url = `/api/v1/documents/${doc.id}`;
    expect((await t.http.patch(url).set(drafter).send({ title: '新标题' })).status).toBe(428);
    expect((await t.http.patch(url).set(drafter).set('If-Match', '"7"').send({ title: '新标题' })).status).toBe(412);
    expect((await t.http.patch(url).set(drafter).set('If-Match', 'garbage').send({ title: '新标题' })).status).toBe(412);
    const ok = await t.http.patch(url).set(drafter).set('If-Match', '"1"').send({ title: '新标题', publicAttribute: 'not_public', nonDisclosureReason: 'process_information' });
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.body).toMatchObject({ title: '新标题', version: 2, publicAttribute: 'not_public', nonDisclosureReason: 'process_information' });
    expect((await t.http.patch(url).set(drafter).set('If-Match', '"1"').send({ title: '再改' })).status).toBe(412);
    // Switching back to proactive clears the reason.
    const back = await t.http.patch(url).set(drafter).set('If-Match', '"2"').send({ publicAttribute: 'proactive' });
    expect(back.body).toMatchObject({ publicAttribute: 'proactive', nonDisclosureReason: null });
    expect((await t.http.patch(url).set(drafter).set('If-Match', '"3"').send({ publicAttribute: 'not_public' })).status).toBe(400);
    expect((await t.http.patch(url).set(drafter).set('If-Match', '"3"').send({ bogus: 1 })).status).toBe(400);

    const colleague = await t.http.patch(url).set(bearer(d.tokens.drafterA2)).set('If-Match', '"3"').send({ title: 'x' });
    expect(colleague.status).toBe(404); // a colleague does not see another's draft
    const submitted = await t.http.post(`${url}/transitions`).set(drafter).set('If-Match', '"3"').send({ action: 'submit' });
    expect(submitted.status).toBe(200);
    expect((await t.http.patch(url).set(drafter).set('If-Match', '"4"').send({ title: 'x' })).status).toBe(409);
    expect((await t.http.patch(url).set(bearer(d.tokens.drafterA2)).set('If-Match', '"4"').send({ title: 'x' })).status).toBe(403);
  });

  it('list: filtered by state, keyset-paginated, 400 on bad state, limit or cursor', async () => {
    for (let i = 0; i < 5; i++) await walk(t, d, 'drafterB', []);
    const b = bearer(d.tokens.drafterB);
    const first = await t.http.get('/api/v1/documents?state=draft&limit=2').set(b);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const seen = new Set<string>(first.body.items.map((i: { id: string }) => i.id));
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await t.http.get(`/api/v1/documents?state=draft&limit=2&cursor=${cursor}`).set(b);
      for (const i of next.body.items) {
        expect(seen.has(i.id)).toBe(false);
        seen.add(i.id);
      }
      cursor = next.body.nextCursor;
    }
    expect(seen.size).toBe(5);
    expect((await t.http.get('/api/v1/documents?state=nope').set(b)).status).toBe(400);
    expect((await t.http.get('/api/v1/documents?limit=101').set(b)).status).toBe(400);
    expect((await t.http.get('/api/v1/documents?limit=0').set(b)).status).toBe(400);
    expect((await t.http.get('/api/v1/documents?cursor=bad').set(b)).status).toBe(400);
    expect((await t.http.get('/api/v1/documents?unexpected=1').set(b)).status).toBe(400);
  });
});

describe('workflow: transitions', () => {
  let t: TestApp;
  let d: District;
  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
  });
  afterAll(() => t.close());

  const step = (id: string, who: string, version: number, body: Record<string, unknown>) =>
    t.http.post(`/api/v1/documents/${id}/transitions`).set(bearer(d.tokens[who])).set('If-Match', `"${version}"`).send(body);

  it('428 without If-Match, 412 stale, 400 on unknown action or field, 404 invisible', async () => {
    const doc = await walk(t, d, 'drafterA', []);
    const url = `/api/v1/documents/${doc.id}/transitions`;
    expect((await t.http.post(url).set(bearer(d.tokens.drafterA)).send({ action: 'submit' })).status).toBe(428);
    expect((await step(doc.id, 'drafterA', 9, { action: 'submit' })).status).toBe(412);
    expect((await step(doc.id, 'drafterA', 1, { action: 'publish' })).status).toBe(400);
    expect((await step(doc.id, 'drafterA', 1, { action: 'submit', colour: 'red' })).status).toBe(400);
    expect((await step(doc.id, 'drafterA', 1, { action: 'submit', publicAttribute: 'proactive' })).status).toBe(400);
    expect((await step(doc.id, 'drafterA', 1, { action: 'submit', findingsAcknowledged: 'yes' })).status).toBe(400);
    expect((await step(doc.id, 'drafterB', 1, { action: 'submit' })).status).toBe(404);
    const unchanged = await t.sql<{ version: number }>(`SELECT version FROM documents WHERE id = $1`, [doc.id]);
    expect(unchanged[0].version).toBe(1);
  });

  it('the transition body accepts every field the contract names', async () => {
    const doc = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }]]);
    const res = await step(doc.id, 'reviewerA', doc.version, { action: 'approve', comment: '不涉密', findingsAcknowledged: true });
    expect(res.status).toBe(200);
    const office = await step(doc.id, 'officer', res.body.version, {
      action: 'approve',
      comment: '建议依申请公开',
      publicAttribute: 'on_application',
      attributeRationale: '涉及具体项目',
    });
    expect(office.status).toBe(200);
    expect(office.body.officeOpinion).toEqual({ publicAttribute: 'on_application', nonDisclosureReason: null });
  });

  it('return needs a comment (400), and sends the document back to its drafter', async () => {
    const doc = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }]]);
    expect((await step(doc.id, 'reviewerA', doc.version, { action: 'return' })).status).toBe(400);
    expect((await step(doc.id, 'reviewerA', doc.version, { action: 'return', comment: '   ' })).status).toBe(400);
    const back = await step(doc.id, 'reviewerA', doc.version, { action: 'return', comment: '请补充附件' });
    expect(back.status).toBe(200);
    expect(back.body.state).toBe('returned');
    const edited = await t.http.patch(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterA)).set('If-Match', `"${back.body.version}"`).send({ body: '已补充' });
    expect(edited.status).toBe(200);
    const again = await step(doc.id, 'drafterA', edited.body.version, { action: 'submit' });
    expect(again.body.state).toBe('secrecy_review');
  });

  it('the leader decides the final attribute; a change from the office’s opinion needs a comment', async () => {
    const doc = await walk(t, d, 'drafterA', [
      ['drafterA', { action: 'submit' }],
      ['reviewerA', { action: 'approve' }],
      ['officer', { action: 'approve', publicAttribute: 'proactive' }],
    ]);
    const noComment = await step(doc.id, 'leaderA', doc.version, { action: 'approve', publicAttribute: 'not_public', nonDisclosureReason: 'process_information' });
    expect(noComment.status).toBe(400);
    const noReason = await step(doc.id, 'leaderA', doc.version, { action: 'approve', publicAttribute: 'not_public', comment: '不公开' });
    expect(noReason.status).toBe(400);
    const issued = await step(doc.id, 'leaderA', doc.version, {
      action: 'approve',
      publicAttribute: 'not_public',
      nonDisclosureReason: 'process_information',
      comment: '属于过程性信息',
    });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ state: 'issued', publicAttribute: 'not_public', nonDisclosureReason: 'process_information', indexNo: null });
    const entries = await t.sql(`SELECT 1 FROM catalogue_entries WHERE document_id = $1`, [doc.id]);
    expect(entries).toHaveLength(0);
    const hist = await t.http.get(`/api/v1/documents/${doc.id}/history`).set(bearer(d.tokens.drafterA));
    expect(hist.status).toBe(200);
    const last = hist.body[hist.body.length - 1];
    expect(last).toMatchObject({ action: 'approve', fromState: 'leader_review', toState: 'issued', comment: '属于过程性信息', publicAttribute: 'not_public', nonDisclosureReason: 'process_information', actorId: d.ids.leaderA });
    expect(Object.keys(last)).toEqual(expect.arrayContaining(['at', 'actorId', 'action', 'fromState', 'toState', 'comment', 'publicAttribute', 'nonDisclosureReason']));
  });

  it('withdraw ends a draft; nothing more can happen to it (409)', async () => {
    const doc = await walk(t, d, 'drafterA', [['drafterA', { action: 'withdraw' }]]);
    expect(doc.state).toBe('withdrawn');
    expect((await step(doc.id, 'drafterA', doc.version, { action: 'submit' })).status).toBe(409);
  });

  it('revoke needs a comment and removes the entry from the catalogue list and detail', async () => {
    const doc = await walk(t, d, 'drafterA', FULL_CHAIN);
    expect((await t.http.get(`/api/v1/catalogue/${doc.indexNo}`)).status).toBe(200);
    expect((await step(doc.id, 'officer', doc.version, { action: 'revoke' })).status).toBe(400);
    const revoked = await step(doc.id, 'officer', doc.version, { action: 'revoke', comment: '已废止' });
    expect(revoked.body.state).toBe('revoked');
    expect((await t.http.get(`/api/v1/catalogue/${doc.indexNo}`)).status).toBe(404);
    const list = await t.http.get(`/api/v1/catalogue?unit=${d.unitA.code}&limit=100`);
    expect(list.body.items.some((e: { indexNo: string }) => e.indexNo === doc.indexNo)).toBe(false);
    const changes = await t.sql<{ type: string }>(`SELECT type FROM catalogue_changes WHERE index_no = $1 ORDER BY seq`, [doc.indexNo]);
    expect(changes.map((c) => c.type)).toEqual(['published', 'revoked']);
  });

  it('idempotency: a retry returns the first answer and has one effect; another body with the key is 422', async () => {
    const h = { ...bearer(d.tokens.drafterA), 'Idempotency-Key': 'create-abc-1' };
    const first = await t.http.post('/api/v1/documents').set(h).send(form({ title: '幂等测试' }));
    const again = await t.http.post('/api/v1/documents').set(h).send(form({ title: '幂等测试' }));
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    const n = await t.sql(`SELECT 1 FROM documents WHERE title = '幂等测试'`);
    expect(n).toHaveLength(1);
    const other = await t.http.post('/api/v1/documents').set(h).send(form({ title: '另一个' }));
    expect(other.status).toBe(422);

    const key = { 'Idempotency-Key': 'submit-1' };
    const s1 = await t.http.post(`/api/v1/documents/${first.body.id}/transitions`).set(bearer(d.tokens.drafterA)).set(key).set('If-Match', '"1"').send({ action: 'submit' });
    const s2 = await t.http.post(`/api/v1/documents/${first.body.id}/transitions`).set(bearer(d.tokens.drafterA)).set(key).set('If-Match', '"1"').send({ action: 'submit' });
    expect([s1.status, s2.status]).toEqual([200, 200]);
    expect(s2.body).toEqual(s1.body);
    const hist = await t.sql(`SELECT 1 FROM document_history WHERE document_id = $1 AND action = 'submit'`, [first.body.id]);
    expect(hist).toHaveLength(1);
    // Concurrent retries of a creation: still one document.
    const k3 = { ...bearer(d.tokens.drafterA), 'Idempotency-Key': 'parallel-create' };
    const all = await Promise.all(Array.from({ length: 8 }, () => t.http.post('/api/v1/documents').set(k3).send(form({ title: '并发幂等' }))));
    expect(new Set(all.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(all.map((r) => r.body.id)).size).toBe(1);
  });
});
