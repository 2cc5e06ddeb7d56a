/**
 * The confidentiality gate, end to end: what the service finds, what it suggests, and that no path
 * publishes a secrecy-marked text or an unredacted finding.
 */
import { bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

// A checksum-valid resident ID (GB 11643), a mobile number, a Luhn-valid card, an e-mail.
const ID = '11010519491231002X';
const PHONE = '13800138000';
const CARD = '6222021234567890128';
const PERSONAL = `经核实，申请人张三（身份证号${ID}，手机${PHONE}，银行卡${CARD}，邮箱zhangsan@example.com）已领取补助。`;

describe('assessment and the confidentiality gate', () => {
  let t: TestApp;
  let d: District;
  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
  });
  afterAll(() => t.close());

  const step = (id: string, who: string, version: number, body: Record<string, unknown>) =>
    t.http.post(`/api/v1/documents/${id}/transitions`).set(bearer(d.tokens[who])).set('If-Match', `"${version}"`).send(body);

  it('finds personal data with masked excerpts and offsets, and suggests with the legal basis', async () => {
    const doc = await walk(t, d, 'drafterA', [], { body: PERSONAL, docType: 'notice', category: 'social_programmes', title: '关于发放困难群众补助的公示' });
    const res = await t.http.get(`/api/v1/documents/${doc.id}/assessment`).set(bearer(d.tokens.drafterA));
    expect(res.status).toBe(200);
    const kinds = res.body.findings.map((f: { kind: string }) => f.kind).sort();
    expect(kinds).toEqual(['bank_card', 'email', 'id_card_number', 'mobile_phone']);
    for (const f of res.body.findings) {
      expect(f.source).toBe('body');
      expect(PERSONAL.slice(f.start, f.end)).toMatch(/\d|@/);
    }
    const text = JSON.stringify(res.body.findings);
    expect(text).not.toContain(ID);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(CARD);
    expect(res.body.redactionSuggested).toBe(true);
    expect(res.body.basis.some((b: { article: string }) => /15|十五/.test(b.article))).toBe(true);
    expect((await t.http.get(`/api/v1/documents/${doc.id}/assessment`).set(bearer(d.tokens.drafterB))).status).toBe(404);
  });

  it.each([
    [{ docType: 'normative_document', title: '区住房保障管理办法', body: '第一条 为规范住房保障工作……' }, 'proactive', null],
    [{ docType: 'other', title: '关于申请追加经费的请示', body: '区政府：现申请……' }, 'not_public', 'process_information'],
    [{ docType: 'notice', title: '关于王五同志职务任免的通知', body: '经研究，决定任命王五同志为……（人事任免）' }, 'not_public', 'internal_affairs'],
    [{ docType: 'notice', title: '关于某项目的通知', body: '机密★5年\n关于……' }, 'not_public', 'state_secret'],
  ])('suggests the attribute from the rule table: %o', async (form, attribute, reason) => {
    const res = await t.http.post('/api/v1/assessment').set(bearer(d.tokens.drafterA)).send(form);
    expect(res.status).toBe(200);
    expect(res.body.suggestedAttribute).toBe(attribute);
    expect(res.body.nonDisclosureReason).toBe(reason);
    expect(res.body.basis[0]).toEqual(expect.objectContaining({ rule: expect.any(String), article: expect.any(String), explanation: expect.any(String) }));
  });

  it('approving at secrecy review with findings needs acknowledgement (409 naming them)', async () => {
    const doc = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }]], { body: PERSONAL });
    const refused = await step(doc.id, 'reviewerA', doc.version, { action: 'approve' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/mobile_phone|id_card_number/);
    expect(refused.body.message).not.toContain(PHONE);
    const ok = await step(doc.id, 'reviewerA', doc.version, { action: 'approve', findingsAcknowledged: true });
    expect(ok.status).toBe(200);
  });

  it('a secrecy-marked document can never be approved as proactive, whoever asks, redacted or not', async () => {
    const doc = await walk(
      t,
      d,
      'drafterA',
      [
        ['drafterA', { action: 'submit' }],
        ['reviewerA', { action: 'approve', findingsAcknowledged: true }],
      ],
      { body: '秘密★1年\n关于……的通知' },
    );
    const assessment = await t.http.get(`/api/v1/documents/${doc.id}/assessment`).set(bearer(d.tokens.officer));
    const marking = assessment.body.findings.find((f: { kind: string }) => f.kind === 'secrecy_marking');
    const red = await t.http.post(`/api/v1/documents/${doc.id}/redactions`).set(bearer(d.tokens.officer)).set('If-Match', `"${doc.version}"`).send({ findingId: marking.id });
    expect(red.status).toBe(201);
    const v = Number(red.headers.etag.replace(/"/g, ''));
    const office = await step(doc.id, 'officer', v, { action: 'approve', publicAttribute: 'proactive' });
    expect(office.status).toBe(200);
    for (const leader of ['leaderA', 'allRoundA']) {
      const res = await step(doc.id, leader, office.body.version, { action: 'approve', publicAttribute: 'proactive' });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/secrecy marking/);
    }
    const entries = await t.sql(`SELECT 1 FROM catalogue_entries WHERE document_id = $1`, [doc.id]);
    expect(entries).toHaveLength(0);
    const withheld = await step(doc.id, 'leaderA', office.body.version, { action: 'approve', publicAttribute: 'not_public', nonDisclosureReason: 'state_secret', comment: '涉密' });
    expect(withheld.status).toBe(200);
    expect(withheld.body.state).toBe('issued');
  });

  it('unredacted personal data is never published; redacted spans reach the catalogue, search and feeds as ■', async () => {
    let doc = await walk(
      t,
      d,
      'drafterA',
      [
        ['drafterA', { action: 'submit' }],
        ['reviewerA', { action: 'approve', findingsAcknowledged: true }],
        ['officer', { action: 'approve' }],
      ],
      { body: PERSONAL, title: '困难群众补助发放情况公示', category: 'social_programmes', docType: 'notice' },
    );
    const blocked = await step(doc.id, 'leaderA', doc.version, { action: 'approve' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.message).toMatch(/unredacted/);

    // Redaction permissions: drafter and reviewer may not; the leader in charge may at sign-off.
    const a = await t.http.get(`/api/v1/documents/${doc.id}/assessment`).set(bearer(d.tokens.leaderA));
    expect((await t.http.post(`/api/v1/documents/${doc.id}/redactions`).set(bearer(d.tokens.drafterA)).set('If-Match', `"${doc.version}"`).send({ start: 0, end: 2 })).status).toBe(403);
    expect((await t.http.post(`/api/v1/documents/${doc.id}/redactions`).set(bearer(d.tokens.reviewerA)).set('If-Match', `"${doc.version}"`).send({ start: 0, end: 2 })).status).toBe(403);
    expect((await t.http.post(`/api/v1/documents/${doc.id}/redactions`).set(bearer(d.tokens.officer)).set('If-Match', `"${doc.version}"`).send({ start: 0, end: 2 })).status).toBe(409);
    expect((await t.http.post(`/api/v1/documents/${doc.id}/redactions`).set(bearer(d.tokens.leaderA)).send({ start: 0, end: 2 })).status).toBe(428);
    expect((await t.http.post(`/api/v1/documents/${doc.id}/redactions`).set(bearer(d.tokens.leaderA)).set('If-Match', `"${doc.version}"`).send({ start: 5, end: 99999 })).status).toBe(400);
    expect((await t.http.post(`/api/v1/documents/${doc.id}/redactions`).set(bearer(d.tokens.leaderA)).set('If-Match', `"${doc.version}"`).send({ findingId: 'nope' })).status).toBe(400);
    let version = doc.version;
    for (const f of a.body.findings) {
      const r = await t.http.post(`/api/v1/documents/${doc.id}/redactions`).set(bearer(d.tokens.leaderA)).set('If-Match', `"${version}"`).send({ findingId: f.id, note: '个人信息' });
      expect(r.status).toBe(201);
      version = Number(r.headers.etag.replace(/"/g, ''));
    }
    const signed = await step(doc.id, 'leaderA', version, { action: 'approve' });
    expect(signed.status).toBe(200);
    expect(signed.body.state).toBe('published');
    doc = signed.body;

    const entry = await t.http.get(`/api/v1/catalogue/${doc.indexNo}`);
    for (const secret of [ID, PHONE, CARD, 'zhangsan@example.com']) expect(entry.body.body).not.toContain(secret);
    expect(entry.body.body).toContain('■'.repeat(PHONE.length));
    expect(entry.body.body.length).toBe(PERSONAL.length);
    for (const q of [PHONE, 'zhangsan', ID.slice(0, 12)]) {
      const found = await t.http.get(`/api/v1/catalogue?q=${encodeURIComponent(q)}&unit=${d.unitA.code}`);
      expect(found.body.items).toEqual([]);
    }
    expect((await t.http.get(`/api/v1/catalogue?q=${encodeURIComponent('补助发放')}&unit=${d.unitA.code}`)).body.items).toHaveLength(1);
    for (const f of ['atom', 'rss', 'json']) {
      const feed = await t.http.get(`/feeds/catalogue.${f}`);
      expect(feed.status).toBe(200);
      for (const secret of [ID, PHONE, CARD, 'zhangsan@example.com']) expect(feed.text).not.toContain(secret);
    }
    // The original stays internal.
    const internal = await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterA));
    expect(internal.body.body).toBe(PERSONAL);
  });

  it('Art. 18: a withheld document falls due for re-assessment; the office proposes, the leader decides and it is published', async () => {
    const issued = await walk(t, d, 'drafterA', [
      ['drafterA', { action: 'submit' }],
      ['reviewerA', { action: 'approve' }],
      ['officer', { action: 'approve', publicAttribute: 'not_public', nonDisclosureReason: 'process_information' }],
      ['leaderA', { action: 'approve' }],
    ]);
    expect(issued.state).toBe('issued');
    expect(issued.reviewDueAt).toEqual(expect.any(String));
    const tasks0 = await t.http.get('/api/v1/tasks?limit=100').set(bearer(d.tokens.officer2));
    expect(tasks0.body.items.some((i: { id: string }) => i.id === issued.id)).toBe(false);
    await t.sql(`UPDATE documents SET review_due_at = now() - interval '1 day' WHERE id = $1`, [issued.id]);
    const tasks = await t.http.get('/api/v1/tasks?limit=100').set(bearer(d.tokens.officer2));
    const task = tasks.body.items.find((i: { id: string }) => i.id === issued.id);
    expect(task.actions).toEqual(['propose']);
    expect((await step(issued.id, 'officer2', issued.version, { action: 'propose' })).status).toBe(400);
    expect((await step(issued.id, 'drafterA', issued.version, { action: 'propose', publicAttribute: 'proactive' })).status).toBe(403);
    const proposed = await step(issued.id, 'officer2', issued.version, { action: 'propose', publicAttribute: 'proactive', comment: '情况已变化，可以公开' });
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({ state: 'reassessment_review', publicAttribute: 'not_public', proposal: { publicAttribute: 'proactive', nonDisclosureReason: null } });
    // The proposing officer may not decide, even holding the leader role elsewhere; the leader in charge decides.
    expect((await step(issued.id, 'leaderB', proposed.body.version, { action: 'approve' })).status).toBe(404);
    const decided = await step(issued.id, 'leaderA', proposed.body.version, { action: 'approve' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ state: 'published', publicAttribute: 'proactive', proposal: null, reviewDueAt: null });
    expect((await t.http.get(`/api/v1/catalogue/${decided.body.indexNo}`)).status).toBe(200);

    // A rejected proposal keeps the document withheld, with a new review date.
    const other = await walk(t, d, 'drafterA', [
      ['drafterA', { action: 'submit' }],
      ['reviewerA', { action: 'approve' }],
      ['officer', { action: 'approve', publicAttribute: 'on_application' }],
      ['leaderA', { action: 'approve' }],
    ]);
    await t.sql(`UPDATE documents SET review_due_at = now() - interval '1 day' WHERE id = $1`, [other.id]);
    const p2 = await step(other.id, 'officer2', other.version, { action: 'propose', publicAttribute: 'proactive' });
    expect((await step(other.id, 'leaderA', p2.body.version, { action: 'return' })).status).toBe(400);
    const kept = await step(other.id, 'leaderA', p2.body.version, { action: 'return', comment: '暂不公开' });
    expect(kept.body).toMatchObject({ state: 'issued', publicAttribute: 'on_application', proposal: null });
    expect(new Date(kept.body.reviewDueAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('a new body drops the redaction spans made for the old one', async () => {
    const doc = await walk(
      t,
      d,
      'drafterA',
      [
        ['drafterA', { action: 'submit' }],
        ['reviewerA', { action: 'approve', findingsAcknowledged: true }],
      ],
      { body: PERSONAL },
    );
    const r = await t.http.post(`/api/v1/documents/${doc.id}/redactions`).set(bearer(d.tokens.officer)).set('If-Match', `"${doc.version}"`).send({ start: 0, end: 3 });
    const v = Number(r.headers.etag.replace(/"/g, ''));
    const back = await step(doc.id, 'officer', v, { action: 'return', comment: '请删除个人信息' });
    const edited = await t.http.patch(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterA)).set('If-Match', `"${back.body.version}"`).send({ body: '已删除个人信息的正文。' });
    expect(edited.status).toBe(200);
    expect(await t.sql(`SELECT 1 FROM redactions WHERE document_id = $1`, [doc.id])).toHaveLength(0);
  });
});
