/**
 * Partial disclosure (Art. 37): a reply `partially_disclosed` provides a document whose redaction
 * spans (marked by the office at attribute review) are applied (■) in every copy the applicant
 * receives. The test then calls every public route of the OpenAPI document (and the office's
 * copies sent to the applicant) and searches each answer — JSON, HTML, feeds, DOCX read back — for
 * the redacted text: none has it.
 */
import mammoth from 'mammoth';
import { NOTICE_KINDS } from '../src/modules/applications/domain/notices.js';
import { binary, FULL_CHAIN, bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

const API = '/api/v1/applications';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PHONE = '13812345678';
const SECRET = '青龙计划暂缓实施';
const BODY = `老旧小区改造项目资金拨付表\n受益人联系电话${PHONE}\n内部评审意见：${SECRET}\n公开部分：项目总投资3000万元，2026年拨付1200万元。`;

describe('partial disclosure: the redacted text reaches no public or applicant-facing copy', () => {
  let t: TestApp;
  let d: District;
  let officer: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp({ APPLICATION_INTAKE_LIMIT: '100000', DELIVERY_WORKER: 'false' });
    d = await seedDistrict(t);
    officer = bearer(d.tokens.officer);
  });
  afterAll(() => t.close());

  /** Any answer as text: DOCX read back with mammoth, anything else as sent. */
  const read = async (url: string, headers: Record<string, string> = {}) => {
    const res = await t.http.get(url).set(headers).buffer(true).parse(binary);
    const body = res.body as Buffer;
    const text = res.headers['content-type'] === DOCX ? (await mammoth.extractRawText({ buffer: body })).value : body.toString('utf8');
    return { status: res.status, type: String(res.headers['content-type'] ?? ''), text };
  };

  it('the office redacts at attribute review, the reply provides the document; every copy has ■ and none the text', async () => {
    // The unit's document, on application; the office covers the phone number (a finding) and the internal opinion (any span).
    let doc = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }], ['reviewerA', { action: 'approve', findingsAcknowledged: true }]], {
      title: '老旧小区改造项目资金拨付表',
      body: BODY,
      publicAttribute: 'on_application',
      summary: '资金拨付情况。',
    });
    const assessment = (await t.http.get(`/api/v1/documents/${doc.id}/assessment`).set(officer)).body;
    const phone = assessment.findings.find((f: { kind: string }) => f.kind === 'mobile_phone');
    expect(phone).toBeDefined();
    let version = doc.version;
    for (const span of [{ findingId: phone.id }, { start: BODY.indexOf(SECRET), end: BODY.indexOf(SECRET) + SECRET.length, note: '内部评审意见' }]) {
      const res = await t.http.post(`/api/v1/documents/${doc.id}/redactions`).set(officer).set('If-Match', `"${version}"`).send(span);
      expect(res.status).toBe(201);
      version = Number(String(res.headers.etag).replace(/"/g, ''));
    }
    for (const [who, body] of [
      ['officer', { action: 'approve', publicAttribute: 'on_application' }],
      ['leaderA', { action: 'approve' }],
    ] as const) {
      const res = await t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens[who])).set('If-Match', `"${version}"`).send(body);
      expect(res.status).toBe(200);
      version = res.body.version;
      doc = res.body;
    }
    expect(doc.state).toBe('issued');
    // Something published too, so the catalogue, its entry, attachments list and feeds answer with content.
    const published = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '同期公开的文件' });

    // The application, referred to unit A, answered with the document, replied partially_disclosed.
    const created = await t.http.post(API).send({
      applicantType: 'natural_person',
      applicantName: '赵六',
      contact: { email: 'zhao.liu@example.com' },
      description: '老旧小区改造项目的资金拨付情况',
      format: 'electronic',
      delivery: 'online',
    });
    const a = created.body as { id: string; trackingCode: string };
    const act = async (body: Record<string, unknown>) => {
      const current = await t.http.get(`${API}/${a.id}`).set(officer);
      const res = await t.http.post(`${API}/${a.id}/actions`).set(officer).set('If-Match', current.headers.etag).send(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 200]);
      return res.body;
    };
    await act({ action: 'accept' });
    const [r] = (await t.http.post(`${API}/${a.id}/referrals`).set(officer).send({ unitIds: [d.unitA.id], comment: '请提供资金拨付表。' })).body.items;
    const answer = await t.http
      .post(`/api/v1/referrals/${r.id}/answer`)
      .set(bearer(d.tokens.liaisonA))
      .send({ proposedOutcome: 'partially_disclosed', comment: '联系电话和内部评审意见不予公开，其余部分可以公开。', documentIds: [doc.id] });
    expect(answer.status).toBe(200);
    await act({ action: 'reply', outcome: 'partially_disclosed', comment: '所提供信息中的个人联系电话和内部评审意见不予公开，已作遮盖处理', documentIds: [doc.id] });

    // The applicant's page lists the reply letter and the document, marked as redacted.
    const tracked = (await t.http.get(`${API}/track/${a.trackingCode}`)).body;
    expect(tracked.documents).toEqual([{ id: doc.id, title: doc.title, redacted: true, url: `${API}/track/${a.trackingCode}/documents/${doc.id}` }]);
    expect(tracked.notices.map((n: { kind: string }) => n.kind)).toEqual(['receipt', 'reply']);

    // The copies the applicant receives: the document (DOCX, HTML) with ■ in place of each span, the rest intact.
    for (const format of ['docx', 'html']) {
      const copy = await read(`${tracked.documents[0].url}?format=${format}`);
      expect(copy.status).toBe(200);
      expect(copy.text).toContain('■'.repeat(PHONE.length));
      expect(copy.text).toContain('■'.repeat(SECRET.length));
      expect(copy.text).toContain('项目总投资3000万元');
      expect(copy.text).toContain('以■标示');
    }
    const letter = await read(`${API}/track/${a.trackingCode}/notices/reply`);
    expect(letter.text).toContain('《老旧小区改造项目资金拨付表》（部分公开，已遮盖不予公开的内容）');
    expect(letter.text).toContain('第三十七条');
    // Another application's code, or a document this reply did not provide: 404.
    expect((await read(`${API}/track/${a.trackingCode}/documents/${published.id}`)).status).toBe(404);

    // Every public GET route of the OpenAPI document, with every value we know for its parameters.
    const spec = (await t.http.get('/api/docs-json')).body as { paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>> };
    const values: Record<string, string[]> = {
      trackingCode: [a.trackingCode],
      kind: [...NOTICE_KINDS],
      documentId: [doc.id],
      code: [d.unitA.code],
      indexNo: [published.indexNo!],
      attachmentId: ['00000000-0000-4000-8000-000000000000'],
    };
    const expand = (path: string): string[] => {
      const m = /\{(\w+)\}/.exec(path);
      if (!m) return [path];
      const options = values[m[1]];
      if (!options) throw new Error(`no value for {${m[1]}} in ${path}`);
      return options.flatMap((v) => expand(path.replace(m[0], encodeURIComponent(v))));
    };
    const urls: string[] = [];
    for (const [path, item] of Object.entries(spec.paths)) {
      const get = item.get;
      const security = get?.security ?? [{ bearer: [] }];
      if (!get || !(security.length === 0 || security.some((s) => Object.keys(s).length === 0))) continue;
      if (path.includes('oidc') || path.endsWith('/stream')) continue; // redirects to a provider; the live stream needs a ticket
      for (const url of expand(path)) {
        urls.push(url);
        if (/\/(notices\/\{kind\}|documents\/\{documentId\})$/.test(path)) urls.push(`${url}?format=html`);
      }
    }
    urls.push(`/api/v1/catalogue?q=${encodeURIComponent(SECRET)}`, `/api/v1/catalogue?q=${PHONE}`, `/api/v1/catalogue?q=${encodeURIComponent('青龙')}`);
    expect(urls).toEqual(expect.arrayContaining([`${API}/track/${a.trackingCode}`, `${API}/track/${a.trackingCode}/notices/reply`, `${API}/track/${a.trackingCode}/documents/${doc.id}`, '/feeds/catalogue.atom']));
    // … and the copies the office sends the applicant.
    const staff: string[] = [`${API}/${a.id}/letter`, ...NOTICE_KINDS.flatMap((k) => [`${API}/${a.id}/notices/${k}`, `${API}/${a.id}/notices/${k}?format=html`])];
    let answered = 0;
    for (const url of [...urls, ...staff]) {
      const res = await read(url, staff.includes(url) ? officer : {});
      if (res.status === 200) answered++;
      for (const secret of [PHONE, SECRET, '青龙']) expect([url, secret, res.text.includes(secret)]).toEqual([url, secret, false]);
    }
    expect(answered).toBeGreaterThan(15);
    // The officer still sees the original (it is the office's record), the public copies never do.
    expect((await t.http.get(`/api/v1/documents/${doc.id}`).set(officer)).body.body).toContain(SECRET);
  });
});
