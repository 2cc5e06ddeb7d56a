/**
 * The statutory letters of an application (受理回执, 补正告知书, 延期答复告知书, 第三方意见征询函,
 * 收费通知, 答复书 for every outcome of Arts. 36–39): issued with the step, numbered 〔year〕第n号
 * gap-free per agency and year, downloadable as DOCX (read back here with mammoth) and printable
 * HTML, by the office and by the applicant with the tracking code; the plain-text reply letter
 * states the same facts; the applicant's tracking page explains the due date.
 */
import mammoth from 'mammoth';
import { OUTCOME_RULES } from '../src/modules/applications/domain/outcomes.js';
import { binary, bearer, cn, seedDistrict, startTestApp, type District, type TestApp } from './support/app.js';

const API = '/api/v1/applications';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const FORM = {
  applicantType: 'natural_person',
  applicantName: '王小明',
  idNumber: '110101198805051234',
  contact: { phone: '13722223333', email: 'wang.xm@example.com', address: '北京市朝阳区望京街8号' },
  description: '2026年本区垃圾分类设施建设项目的招标文件（联系电话13722223333）',
  format: 'electronic',
  delivery: 'email',
};
const PERSONAL = [FORM.idNumber, FORM.contact.phone, FORM.contact.email, '望京街'];
const REMEDIES = ['六十日内依法申请行政复议', '六个月内依法向人民法院提起行政诉讼'];

describe('statutory letters', () => {
  let t: TestApp;
  let d: District;
  let officer: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp({ APPLICATION_INTAKE_LIMIT: '100000', DELIVERY_WORKER: 'false' });
    d = await seedDistrict(t);
    officer = bearer(d.tokens.officer);
  });
  afterAll(() => t.close());

  const staffEntry = async (receivedAt: string, over: Record<string, unknown> = {}) => {
    const res = await t.http.post(API).set(officer).send({ ...FORM, channel: 'in_person', receivedAt, ...over });
    expect(res.status).toBe(201);
    return res.body as { id: string; trackingCode: string };
  };
  const act = async (id: string, body: Record<string, unknown>) => {
    const current = await t.http.get(`${API}/${id}`).set(officer);
    return t.http.post(`${API}/${id}/actions`).set(officer).set('If-Match', current.headers.etag).send(body);
  };
  const steps = async (id: string, list: Record<string, unknown>[]) => {
    for (const body of list) {
      const res = await act(id, body);
      if (res.status !== 200) throw new Error(`${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  };
  /** A letter as the office downloads it, read back as text. */
  const docx = async (url: string, who: Record<string, string> | null = officer) => {
    const req = t.http.get(url).buffer(true).parse(binary);
    const res = await (who ? req.set(who) : req);
    expect([url, res.status]).toEqual([url, 200]);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.docx"; filename\*=UTF-8''/);
    const { value } = await mammoth.extractRawText({ buffer: res.body as Buffer });
    return value;
  };
  const html = async (url: string, who: Record<string, string> | null = officer) => {
    const req = t.http.get(`${url}?format=html`);
    const res = await (who ? req.set(who) : req);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^inline; /);
    expect(res.text).not.toMatch(/<script/i);
    return res.text;
  };

  it('each step issues its letter: receipt, correction, extension, third-party consultation, fee; each names the agency, the applicant, the tracking code, the dates and its article', async () => {
    // Handled by unit A: every letter is issued by it.
    const a = await staffEntry(cn('2026-11-02'));
    await steps(a.id, [
      { action: 'accept', unitId: d.unitA.id, at: cn('2026-11-03') },
      { action: 'extend', comment: '所需信息涉及多个部门，需要协调', at: cn('2026-11-05') },
      { action: 'consult_third_party', comment: '涉及投标人某某公司的商业秘密。', at: cn('2026-11-06') },
      { action: 'third_party_replied', at: cn('2026-11-09') },
    ]);
    const list = (await t.http.get(`${API}/${a.id}/notices`).set(officer)).body;
    expect(list.map((n: { kind: string }) => n.kind)).toEqual(['receipt', 'extension', 'third_party']);
    expect(list[0]).toMatchObject({ id: expect.any(String), kind: 'receipt', issuedAt: '2026-11-03T10:00:00.000+08:00', number: expect.stringMatching(/^〔2026〕第\d+号$/) });
    const app = (await t.http.get(`${API}/${a.id}`).set(officer)).body;

    const receipt = await docx(`${API}/${a.id}/notices/receipt`);
    for (const fact of ['发展和改革委员会', '政府信息公开申请受理回执', list[0].number, `${FORM.applicantName}：`, `查询码：${a.trackingCode}`, '2026年11月2日收到', '第三十一条', '第三十三条', '2026年11月3日', '（盖章）']) {
      expect([fact, receipt.includes(fact)]).toEqual([fact, true]);
    }
    const ext = await docx(`${API}/${a.id}/notices/extension`);
    for (const fact of ['政府信息公开申请延期答复告知书', '第三十三条第二款', '所需信息涉及多个部门，需要协调。', '2026年11月5日', `查询码：${a.trackingCode}`]) expect([fact, ext.includes(fact)]).toEqual([fact, true]);
    // The extended due date stated is the one the clock had after the extension (the consultation moved it later).
    expect(ext).toMatch(/延长后的答复期限至2026年12月\d+日/);
    expect(app.clock.extended).toBe(true);

    // The letter to the third party: its article, the request; neither the applicant nor the tracking code, nor the officer's note naming the party.
    const third = await docx(`${API}/${a.id}/notices/third_party`);
    expect(third).toContain('政府信息公开第三方意见征询函');
    expect(third).toContain('第三十二条');
    expect(third).toContain('15个工作日内');
    for (const hidden of [FORM.applicantName, a.trackingCode, '某某公司', ...PERSONAL]) expect([hidden, third.includes(hidden)]).toEqual([hidden, false]);

    // Correction (Art. 30) and fee (Art. 42) on two more applications.
    const b = await staffEntry(cn('2026-11-02'), { description: '关于那个项目的文件' });
    await steps(b.id, [{ action: 'request_correction', comment: '请说明所需信息的名称、文号或者便于查询的其他特征性描述', at: cn('2026-11-04') }]);
    const corr = await docx(`${API}/${b.id}/notices/correction`);
    for (const fact of ['政府信息公开申请补正告知书', '第三十条', '请说明所需信息的名称、文号或者便于查询的其他特征性描述。', '2026年11月4日', '重新计算']) expect([fact, corr.includes(fact)]).toEqual([fact, true]);

    const c = await staffEntry(cn('2026-11-16'), { description: '大量历史档案的复制件' });
    await steps(c.id, [
      { action: 'accept', at: cn('2026-11-16', '11:00') },
      { action: 'charge_fee', method: 'per_volume', pages: 120, at: cn('2026-11-17') },
    ]);
    const fee = await docx(`${API}/${c.id}/notices/fee`);
    for (const fact of ['政府信息公开信息处理费收费通知', '第四十二条', '国办函〔2020〕109号', '人民币1100元', '共120页', '31–100页：70×10元＝700元', '2026年11月17日']) expect([fact, fee.includes(fact)]).toEqual([fact, true]);
    expect(fee).toMatch(/请您于2026年12月\d+日前缴纳/);

    // No letter carries a personal number of the applicant (the description's phone is masked).
    for (const text of [receipt, ext, third, corr, fee]) for (const p of PERSONAL) expect(text).not.toContain(p);
    expect(receipt).toContain('[电话号码已隐去]');
  });

  it.each(OUTCOME_RULES.map((r) => [r.outcome, r.reason, r]))('the reply %s/%s: DOCX and HTML name the agency, the applicant, the tracking code, the dates, the article and the remedies; the text letter says the same', async (_o, _r, rule) => {
    const a = await staffEntry(cn('2026-10-12'));
    const comment = rule.reason === 'correction_overdue' ? '申请人逾期未补正。' : '具体理由见本答复。';
    if (rule.reason === 'correction_overdue') {
      await steps(a.id, [{ action: 'request_correction', comment: '请补充所需信息的文号。', at: cn('2026-10-13') }]);
    } else if (rule.reason === 'fee_unpaid') {
      await steps(a.id, [
        { action: 'accept', at: cn('2026-10-12', '11:00') },
        { action: 'charge_fee', method: 'per_volume', pages: 50, at: cn('2026-10-13') },
      ]);
    } else {
      await steps(a.id, [{ action: 'accept', at: cn('2026-10-12', '11:00') }]);
    }
    const res = await act(a.id, { action: 'reply', outcome: rule.outcome, ...(rule.reason ? { reason: rule.reason } : {}), comment, at: cn('2026-11-20') });
    expect(res.status).toBe(200);
    const url = `${API}/${a.id}/notices/reply`;
    const article = rule.article ?? '第三十六条';
    const number = (await t.http.get(`${API}/${a.id}/notices`).set(officer)).body.find((n: { kind: string }) => n.kind === 'reply').number;
    const facts = ['政府信息公开申请答复书', '政府办公室', number, `${FORM.applicantName}：`, `查询码：${a.trackingCode}`, '2026年10月12日收到', article, '2026年11月20日', comment, ...REMEDIES];
    const fromDocx = await docx(url);
    const fromHtml = await html(url);
    const fromText = (await t.http.get(`${API}/${a.id}/letter`).set(officer)).text;
    for (const fact of facts) {
      expect(['docx', fact, fromDocx.includes(fact)]).toEqual(['docx', fact, true]);
      expect(['html', fact, fromHtml.includes(fact)]).toEqual(['html', fact, true]);
      expect(['text', fact, fromText.includes(fact)]).toEqual(['text', fact, true]);
    }
    if (rule.findingZh) expect(fromDocx).toContain(rule.findingZh.slice(0, 12));
    for (const p of PERSONAL) for (const copy of [fromDocx, fromHtml, fromText]) expect(copy).not.toContain(p);
    // The applicant downloads the same letter by tracking code, without login.
    expect(await docx(`${API}/track/${a.trackingCode}/notices/reply`, null)).toBe(fromDocx);
  });

  it('numbers are gap-free per agency and year: a step refused (rolled back) takes none; another agency and another year count on their own', async () => {
    const numbers = async (agency: string | null, year: number) =>
      (
        await t.sql<{ serial: number }>(
          `SELECT serial FROM application_notices WHERE agency_key = COALESCE($1::text, '-') AND year = $2 ORDER BY serial`,
          [agency, year],
        )
      ).map((r) => r.serial);
    const a = await staffEntry(cn('2026-11-23'));
    await steps(a.id, [{ action: 'accept', unitId: d.unitB.id, at: cn('2026-11-23', '11:00') }]);
    const before = await numbers(d.unitB.id, 2026);
    // A reply refused by an unknown document (400) after its letter's number was taken: rolled back with it.
    const refused = await act(a.id, { action: 'reply', outcome: 'disclosed', comment: '予以公开。', documentIds: ['00000000-0000-4000-8000-000000000000'], at: cn('2026-11-24') });
    expect(refused.status).toBe(400);
    expect(await numbers(d.unitB.id, 2026)).toEqual(before);
    await steps(a.id, [{ action: 'reply', outcome: 'disclosed', comment: '予以公开。', at: cn('2026-11-24') }]);
    const after = await numbers(d.unitB.id, 2026);
    expect(after).toEqual(Array.from({ length: after.length }, (_, i) => i + 1));
    // Concurrent steps of one agency: distinct numbers, still gap-free.
    const many = await Promise.all([0, 1, 2, 3, 4].map(() => staffEntry(cn('2026-11-25'))));
    await Promise.all(many.map((m) => act(m.id, { action: 'accept', unitId: d.unitB.id, at: cn('2026-11-25', '11:00') })));
    const all = await numbers(d.unitB.id, 2026);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    // A letter dated in 2025 starts 2025's count for its agency.
    const old = await staffEntry(cn('2025-12-29'));
    await steps(old.id, [{ action: 'accept', unitId: d.unitB.id, at: cn('2025-12-30') }]);
    expect(await numbers(d.unitB.id, 2025)).toEqual([1]);
    expect((await t.http.get(`${API}/${old.id}/notices`).set(officer)).body[0].number).toBe('〔2025〕第1号');
    // Letters cannot be changed afterwards.
    await expect(t.sql(`UPDATE application_notices SET serial = 99 WHERE application_id = $1`, [old.id])).rejects.toThrow(/cannot change/);
  });

  it('the applicant’s page: the explanation of the due date and every letter with its download address; 404 alike for unknown and malformed codes; a kind not issued is 404', async () => {
    const a = await staffEntry(cn('2026-09-07'));
    await steps(a.id, [
      { action: 'accept', at: cn('2026-09-08') },
      { action: 'consult_third_party', comment: '征求意见。', at: cn('2026-09-15') },
      { action: 'third_party_replied', at: cn('2026-09-25', '17:00') },
    ]);
    const tracked = (await t.http.get(`${API}/track/${a.trackingCode}`)).body;
    expect(tracked.dueAt).toBe('2026-10-21T23:59:59.999+08:00');
    const zh = tracked.explanation.map((l: { textZh: string }) => l.textZh);
    const en = tracked.explanation.map((l: { text: string }) => l.text);
    expect(zh).toEqual(
      expect.arrayContaining([
        expect.stringContaining('2026年9月7日收到申请'),
        '2026年9月8日至2026年9月15日计6个工作日',
        expect.stringContaining('征求第三方意见，所需8个工作日不计入答复期限'),
        '2026年9月26日至2026年10月21日计14个工作日',
        '不计入：国庆节假期，2026年10月1日至2026年10月7日（其中5个工作日休假）',
        expect.stringContaining('2026年10月10日（星期六'),
        '答复期限届满日：2026年10月21日',
      ]),
    );
    expect(en).toEqual(expect.arrayContaining(['Counted 2026-09-08 – 2026-09-15: 6 working days', expect.stringMatching(/^Not counted: National Day/)]));
    expect(tracked.notices).toEqual([
      { kind: 'receipt', number: expect.any(String), issuedAt: '2026-09-08T10:00:00.000+08:00', url: `${API}/track/${a.trackingCode}/notices/receipt` },
      { kind: 'third_party', number: expect.any(String), issuedAt: '2026-09-15T10:00:00.000+08:00', url: `${API}/track/${a.trackingCode}/notices/third_party` },
    ]);
    for (const n of tracked.notices) {
      expect(await docx(n.url, null)).toContain(n.number);
      expect(await html(n.url, null)).toContain(n.number);
    }
    const text = JSON.stringify(tracked);
    for (const p of [FORM.applicantName, ...PERSONAL]) expect(text).not.toContain(p);

    // A kind not issued, an unknown kind: 404, for the applicant and the office.
    expect((await t.http.get(`${API}/track/${a.trackingCode}/notices/reply`)).status).toBe(404);
    expect((await t.http.get(`${API}/track/${a.trackingCode}/notices/summons`)).status).toBe(404);
    expect((await t.http.get(`${API}/${a.id}/notices/fee`).set(officer)).status).toBe(404);
    expect((await t.http.get(`${API}/${a.id}/notices/reply?format=pdf`).set(officer)).status).toBe(400);
    expect((await t.http.get(`${API}/00000000-0000-4000-8000-000000000000/notices`).set(officer)).status).toBe(404);
    // Unknown and malformed tracking codes: the same answer, on every route.
    const answers: string[] = [];
    for (const code of ['AAAAAAAAAAAAAAAAAAAA', 'nope', encodeURIComponent("' OR 1=1 --"), a.trackingCode.slice(0, 19) + (a.trackingCode.endsWith('A') ? 'B' : 'A')]) {
      for (const suffix of ['', '/notices/receipt', `/documents/00000000-0000-4000-8000-000000000000`]) {
        const res = await t.http.get(`${API}/track/${code}${suffix}`);
        expect(res.status).toBe(404);
        answers.push(JSON.stringify(res.body));
      }
    }
    expect(new Set(answers)).toEqual(new Set([JSON.stringify({ statusCode: 404, message: 'application not found', error: 'Not Found', code: 'not_found' })]));
    // A wrong code and a code that does not exist take as long: both cost one index lookup (measured, not asserted).
    const time = async (code: string) => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < 30; i++) await t.http.get(`${API}/track/${code}`);
      return Number(process.hrtime.bigint() - started) / 30e6;
    };
    const [unknown, malformed] = [await time('AAAAAAAAAAAAAAAAAAAA'), await time('not-a-code')];
    console.log(`track 404: unknown code ${unknown.toFixed(2)} ms, malformed ${malformed.toFixed(2)} ms per request`);
  });
});
