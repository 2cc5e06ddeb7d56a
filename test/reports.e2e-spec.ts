/**
 * The annual report through the HTTP API. One fixture for 2025 (2021 template) is built through
 * the API — applications with their Art. 31 receipt dates and dated steps, appeals, normative
 * documents published, revoked and repealed — and its tables are written out below, counted by
 * hand from the fixture.
 */
import ExcelJS from 'exceljs';
import { chinaDate } from '../src/common/china-time.js';
import { cn, FULL_CHAIN, bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

const APPS = '/api/v1/applications';
const REPORT = '/api/v1/reports/annual';
const base = {
  applicantName: '报表测试申请人',
  contact: { phone: '13700000000' },
  description: '年度报告测试用申请',
  format: 'electronic',
  delivery: 'email',
  channel: 'in_person',
};

/** Table 3 rows that are not zero, counted by hand: [natural_person, commercial, research, social_welfare, legal_service, other, total]. */
const TABLE3_2025: Record<string, number[]> = {
  new: [4, 1, 1, 1, 1, 1, 9], // A3 A6 A10 A11 | A7 | A4 | A8 | A5 | A9
  carried_over: [1, 0, 0, 0, 0, 0, 1], // A1
  disclosed: [1, 0, 0, 0, 0, 0, 1], // A1
  partially_disclosed: [0, 0, 1, 0, 0, 0, 1], // A4
  'not_disclosed.state_secret': [1, 0, 0, 0, 0, 0, 1], // A3
  'unable_to_provide.not_held': [0, 0, 0, 0, 1, 0, 1], // A5
  'not_handled.petition_or_complaint': [1, 0, 0, 0, 0, 0, 1], // A11
  'other.correction_overdue': [1, 0, 0, 0, 0, 0, 1], // A6
  'other.fee_unpaid': [0, 1, 0, 0, 0, 0, 1], // A7
  results_total: [4, 1, 1, 0, 1, 0, 7],
  carried_forward: [1, 0, 0, 1, 0, 1, 3], // A10 | A8 | A9
};
const COLUMNS = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org', 'total'];

describe('the annual report', () => {
  let t: TestApp;
  let d: District;
  let officer: Record<string, string>;
  const ids: Record<string, string> = {};
  const docs: Record<string, string> = {};

  const application = async (name: string, applicantType: string, receivedAt: string, steps: Record<string, unknown>[] = [], extra: Record<string, unknown> = {}) => {
    const res = await t.http.post(APPS).set(officer).send({ ...base, applicantType, receivedAt, ...extra });
    if (res.status !== 201) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
    let version = 1;
    for (const step of steps) {
      const r = await t.http.post(`${APPS}/${res.body.id}/actions`).set(officer).set('If-Match', `"${version}"`).send(step);
      if (r.status !== 200) throw new Error(`${name} ${JSON.stringify(step)}: ${r.status} ${JSON.stringify(r.body)}`);
      version = r.body.version;
    }
    ids[name] = res.body.id;
  };
  const appeal = async (application: string, kind: string, filedAt: string, result?: string, concludedAt?: string) => {
    const res = await t.http.post('/api/v1/appeals').set(officer).send({ applicationId: ids[application], kind, filedAt });
    if (res.status !== 201) throw new Error(`appeal: ${res.status} ${JSON.stringify(res.body)}`);
    if (result) await t.http.post(`/api/v1/appeals/${res.body.id}/conclusion`).set(officer).send({ result, concludedAt }).expect(200);
  };
  /** Publishes through the review chain, then moves the catalogue entry to `publishedAt` (the catalogue stamps the current time). */
  const normative = async (name: string, publishedAt: string, drafter = 'drafterA', over: Record<string, unknown> = {}) => {
    const chain: [string, Record<string, unknown>][] =
      drafter === 'drafterB'
        ? [
            ['drafterB', { action: 'submit' }],
            ['reviewerB', { action: 'approve' }],
            ['officer', { action: 'approve' }],
            ['leaderB', { action: 'approve' }],
          ]
        : FULL_CHAIN;
    const doc = await walk(t, d, drafter, chain, { title: `规范性文件${name}`, ...over });
    expect(doc.state).toBe('published');
    await t.sql(`UPDATE catalogue_entries SET published_at = $2 WHERE document_id = $1`, [doc.id, publishedAt]);
    docs[name] = doc.id;
    return doc;
  };
  const repeal = (name: string, repealedAt: string, who = officer) => t.http.post(`/api/v1/documents/${docs[name]}/repeal`).set(who).send({ repealedAt });

  beforeAll(async () => {
    t = await startTestApp({ APPLICATION_INTAKE_LIMIT: '100000' });
    d = await seedDistrict(t);
    officer = bearer(d.tokens.officer);

    // Table 3 and 4 fixture.
    const reply = (outcome: string, reason: string | null, at: string) => ({ action: 'reply', outcome, ...(reason ? { reason } : {}), comment: '答复意见', at });
    await application('A1', 'natural_person', cn('2024-12-20'), [reply('disclosed', null, cn('2025-01-10'))]);
    await application('A2', 'commercial_enterprise', cn('2024-11-05'), [reply('disclosed', null, cn('2024-11-20'))]);
    await application('A3', 'natural_person', cn('2025-03-03'), [{ action: 'accept', at: cn('2025-03-04') }, reply('not_disclosed', 'state_secret', cn('2025-03-20'))]);
    await application('A4', 'research_institution', cn('2025-05-06'), [reply('partially_disclosed', null, cn('2025-05-20'))]);
    await application('A5', 'legal_service_org', cn('2025-06-02'), [reply('unable_to_provide', 'not_held', cn('2025-06-10'))]);
    await application('A6', 'natural_person', cn('2025-07-01'), [
      { action: 'request_correction', comment: '请补正', at: cn('2025-07-02') },
      reply('other', 'correction_overdue', cn('2025-08-01')),
    ]);
    await application('A7', 'commercial_enterprise', cn('2025-08-04'), [
      { action: 'accept', at: cn('2025-08-05') },
      { action: 'charge_fee', method: 'per_volume', pages: 40, at: cn('2025-08-06') },
      reply('other', 'fee_unpaid', cn('2025-09-30')),
    ]);
    await application('A8', 'social_welfare_org', cn('2025-12-22'), [reply('not_handled', 'duplicate', cn('2026-01-10'))]);
    await application('A9', 'other_org', cn('2025-12-29'));
    await application('A10', 'natural_person', '2025-12-31T23:30:00+08:00');
    await application('A10b', 'natural_person', '2026-01-01T00:30:00+08:00'); // 2025-12-31 16:30 UTC: already 2026 in China
    await application('A11', 'natural_person', cn('2025-02-10'), [reply('not_handled', 'petition_or_complaint', cn('2025-02-28'))], { unitId: d.unitA.id });
    await appeal('A3', 'reconsideration', cn('2025-04-01'), 'upheld', cn('2025-06-01'));
    await appeal('A5', 'litigation', cn('2025-07-01'), 'corrected', cn('2026-02-01')); // pending at the end of 2025
    await appeal('A3', 'litigation_after_reconsideration', cn('2025-10-01'), 'other', cn('2025-12-01'));
    await appeal('A1', 'reconsideration', cn('2024-12-25'), 'corrected', cn('2025-03-01')); // a 2024 case
    await appeal('A8', 'reconsideration', cn('2026-01-05')); // a 2026 case

    // Table 2 fixture: normative documents of unit A.
    await normative('N1', cn('2024-06-01'));
    await normative('N2', cn('2025-03-01'));
    await normative('N3', cn('2025-04-01'));
    await repeal('N3', cn('2025-09-01')).expect(200);
    await normative('N4', cn('2024-02-01'));
    await repeal('N4', cn('2024-10-01')).expect(200);
    await normative('N5', cn('2025-05-01'));
    await repeal('N5', cn('2026-02-01')).expect(200);
    await normative('N6', cn('2025-06-15'), 'drafterB', { docType: 'plan', category: 'plans_and_policies' });
    const n7 = await normative('N7', cn('2025-07-01'));
    await t.http.post(`/api/v1/documents/${n7.id}/transitions`).set(officer).set('If-Match', `"${n7.version}"`).send({ action: 'revoke', comment: '发布有误' }).expect(200);
  });
  afterAll(() => t.close());

  const rowsOf = (body: { applications: { rows: Record<string, unknown>[] } }) =>
    Object.fromEntries(body.applications.rows.map((r) => [r.key as string, COLUMNS.map((c) => r[c] as number)]));

  it('2025, the whole government: Tables 2, 3 and 4 as counted by hand', async () => {
    await t.http
      .put(`${REPORT}/2025/inputs`)
      .set(officer)
      .send({ licensing: { decisions: 1520 }, penalty: { decisions: 310 }, coercion: { decisions: 12 }, fees: { amount: 36.5 } })
      .expect(200);
    const res = await t.http.get(`${REPORT}/2025`).set(officer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2025, template: '2021', unit: null });

    const table3 = rowsOf(res.body);
    expect(Object.keys(table3)).toHaveLength(25);
    expect(Object.keys(table3)[0]).toBe('new');
    expect(Object.keys(table3).slice(-2)).toEqual(['results_total', 'carried_forward']);
    for (const [key, values] of Object.entries(table3)) expect([key, values]).toEqual([key, TABLE3_2025[key] ?? [0, 0, 0, 0, 0, 0, 0]]);

    expect(res.body.appeals).toEqual({
      reconsideration: { upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 },
      litigation: { upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 },
      litigation_after_reconsideration: { upheld: 0, corrected: 0, other: 1, pending: 0, total: 1 },
    });

    // N2, N3, N5 issued in 2025; N3 repealed in 2025; N1, N2, N5 in force at its end (N4 repealed in 2024, N7 revoked, N6 not normative).
    const table2 = Object.fromEntries(res.body.proactive.rows.map((r: Record<string, unknown>) => [r.key, r]));
    expect(table2.rules).toMatchObject({ issued: 0, repealed: 0, in_force: 0, section: '第二十条第（一）项' });
    expect(table2.normative_documents).toMatchObject({ label: '行政规范性文件', issued: 3, repealed: 1, in_force: 3 });
    expect(table2.licensing).toMatchObject({ label: '行政许可', decisions: 1520 });
    expect(table2.penalty.decisions).toBe(310);
    expect(table2.coercion.decisions).toBe(12);
    expect(table2.fees).toMatchObject({ label: '行政事业性收费', amount: 36.5 });

    // Publications: N2 (March), N3 (April), N5 (May), N6 (June); not N7 (revoked).
    expect(res.body.publishedCount).toBe(4);
    expect(res.body.publishedByMonth).toEqual([0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(res.body.publishedByCategory).toEqual({ plans_and_policies: 1, rules_and_normative_documents: 3 });
  });

  it('?unit= reports one unit: its applications, appeals, documents and publications', async () => {
    const a = await t.http.get(`${REPORT}/2025?unit=${d.unitA.code}`).set(officer);
    expect(a.status).toBe(200);
    expect(a.body.unit).toEqual({ code: d.unitA.code, name: '发展和改革委员会' });
    const table3 = rowsOf(a.body);
    expect(table3.new).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(table3['not_handled.petition_or_complaint']).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(table3.carried_forward).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(a.body.appeals.reconsideration.total).toBe(0);
    expect(a.body.proactive.rows.find((r: { key: string }) => r.key === 'normative_documents')).toMatchObject({ issued: 3, repealed: 1, in_force: 3 });
    expect(a.body.proactive.rows.find((r: { key: string }) => r.key === 'licensing').decisions).toBeNull(); // entered for the government only
    expect(a.body.publishedCount).toBe(3);
    const b = await t.http.get(`${REPORT}/2025?unit=${d.unitB.code}`).set(officer);
    expect(b.body.publishedCount).toBe(1);
    expect(b.body.proactive.rows.find((r: { key: string }) => r.key === 'normative_documents')).toMatchObject({ issued: 0, repealed: 0, in_force: 0 });
    expect(rowsOf(b.body).new).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('the 2019 template for 2020 and earlier: one row for other handling; 2026 counts A10b as new', async () => {
    const r2020 = await t.http.get(`${REPORT}/2020`).set(officer);
    expect(r2020.status).toBe(200);
    expect(r2020.body.template).toBe('2019');
    const keys = r2020.body.applications.rows.map((r: { key: string }) => r.key);
    expect(keys).toContain('other');
    expect(keys).not.toContain('other.fee_unpaid');
    expect(r2020.body.proactive.rows.map((r: { key: string }) => r.key)).toEqual([
      'rules',
      'normative_documents',
      'licensing',
      'other_services',
      'penalty',
      'coercion',
      'fees',
      'procurement',
    ]);
    const r2026 = await t.http.get(`${REPORT}/2026`).set(officer);
    const t3 = rowsOf(r2026.body);
    expect(t3.carried_over).toEqual([1, 0, 0, 1, 0, 1, 3]); // last year's carried_forward
    expect(t3.new[0]).toBe(1); // A10b
    expect(t3['not_handled.duplicate']).toEqual([0, 0, 0, 1, 0, 0, 1]); // A8
    expect(r2026.body.appeals.reconsideration.pending).toBe(1);
  });

  it('csv, xlsx and html: the same tables as files with the right Content-Type and Content-Disposition', async () => {
    const csv = await t.http.get(`${REPORT}/2025?format=csv`).set(officer);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="2025-annual-report.csv"; filename*=UTF-8''${encodeURIComponent('2025年政府信息公开工作年度报告.csv')}`,
    );
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain('\r\n一、本年新收政府信息公开申请数量,,,4,1,1,1,1,1,9\r\n');
    expect(csv.text).toContain('四、结转下年度继续办理,,,1,0,0,1,0,1,3');
    expect(csv.text).toContain('1,0,0,0,1,0,0,0,1,1,0,0,1,0,1');

    const xlsx = await t.http
      .get(`${REPORT}/2025?format=xlsx&unit=${d.unitA.code}`)
      .set(officer)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toContain(`filename="2025-annual-report-${d.unitA.code}.xlsx"`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况']);
    const sheet = wb.worksheets[1];
    let found: number[] | null = null;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === '一、本年新收政府信息公开申请数量') found = [4, 5, 6, 7, 8, 9, 10].map((c) => Number(row.getCell(c).value));
    });
    expect(found).toEqual([1, 0, 0, 0, 0, 0, 1]);

    await t.http.put(`${REPORT}/2025/narrative`).set(officer).send({ overall: '2025年，区政府坚持以公开为常态。\n<script>alert(1)</script>', problems: '解读形式不够丰富。' }).expect(200);
    const html = await t.http.get(`${REPORT}/2025?format=html`).set(officer);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-disposition']).toMatch(/^attachment; filename="2025-annual-report\.html"/);
    expect(html.text).toContain('<title>2025年政府信息公开工作年度报告</title>');
    expect(html.text).toContain('<p>2025年，区政府坚持以公开为常态。</p>');
    expect(html.text).toContain('&lt;script&gt;');
    expect(html.text).not.toContain('<script>');
    expect(html.text).toContain('五、存在的主要问题及改进情况');
  });

  it('400 on a bad year, unit or format; who may read and who may not', async () => {
    for (const url of [`${REPORT}/2018`, `${REPORT}/2027`, `${REPORT}/abc`, `${REPORT}/2025?unit=NOPE`, `${REPORT}/2025?unit=bad code`, `${REPORT}/2025?format=pdf`, `${REPORT}/2025?colour=red`]) {
      expect([url, (await t.http.get(url).set(officer)).status]).toEqual([url, 400]);
    }
    for (const who of ['officer', 'leaderA', 'admin']) expect((await t.http.get(`${REPORT}/2025`).set(bearer(d.tokens[who]))).status).toBe(200);
    for (const who of ['drafterA', 'reviewerA']) {
      for (const url of [`${REPORT}/2025`, `${REPORT}/2025/inputs`, `${REPORT}/2025/narrative`, `${REPORT}/reminders`]) {
        expect([who, url, (await t.http.get(url).set(bearer(d.tokens[who]))).status]).toEqual([who, url, 403]);
      }
    }
    for (const who of ['leaderA', 'admin', 'drafterA']) {
      expect((await t.http.put(`${REPORT}/2025/inputs`).set(bearer(d.tokens[who])).send({})).status).toBe(403);
      expect((await t.http.put(`${REPORT}/2025/narrative`).set(bearer(d.tokens[who])).send({})).status).toBe(403);
      expect((await t.http.post(`${REPORT}/2025/publish`).set(bearer(d.tokens[who]))).status).toBe(403);
      expect((await repeal('N1', cn('2025-01-01'), bearer(d.tokens[who]))).status).toBe(403);
    }
    for (const url of [`${REPORT}/2025`, `${REPORT}/reminders`, `${REPORT}/2025/inputs`, `${REPORT}/2025/narrative`]) expect((await t.http.get(url)).status).toBe(401);
    expect((await t.http.post(`${REPORT}/2025/publish`)).status).toBe(401);
  });

  it('inputs: validated against the year’s template; If-Match optional (ETag "0" while empty)', async () => {
    const url = `${REPORT}/2024/inputs`;
    const empty = await t.http.get(url).set(officer);
    expect(empty.status).toBe(200);
    expect(empty.headers.etag).toBe('"0"');
    expect(empty.body).toEqual({ year: 2024, template: '2021', unit: null, inputs: {}, version: 0 });
    for (const body of [
      { licensing: { decisions: -1 } },
      { licensing: { decisions: 1.5 } },
      { licensing: { decisions: '12' } },
      { fees: { amount: -3 } },
      { fees: { amount: 1.123456 } },
      { weather: { decisions: 1 } },
      { licensing: { approvals: 1 } },
      { otherServices: { decisions: 3 } }, // 2019 template only
      { licensing: { lastYearItems: 3 } },
      { procurement: { items: 3 } },
      { licensing: 12 },
    ]) {
      const res = await t.http.put(url).set(officer).send(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
    const first = await t.http.put(url).set(officer).set('If-Match', '"0"').send({ licensing: { decisions: 10 }, fees: { amount: 0.5, lastYearItems: null } });
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe('"1"');
    expect(first.body.inputs).toEqual({ licensing: { decisions: 10 }, fees: { amount: 0.5 } });
    expect((await t.http.put(url).set(officer).set('If-Match', '"0"').send({ licensing: { decisions: 11 } })).status).toBe(412);
    expect((await t.http.put(url).set(officer).set('If-Match', 'nonsense').send({ licensing: { decisions: 11 } })).status).toBe(412);
    const second = await t.http.put(url).set(officer).send({ penalty: { decisions: 4 } });
    expect(second.headers.etag).toBe('"2"');
    expect(second.body.inputs).toEqual({ penalty: { decisions: 4 } });
    const report = await t.http.get(`${REPORT}/2024`).set(officer);
    expect(report.body.proactive.rows.find((r: { key: string }) => r.key === 'penalty').decisions).toBe(4);
    expect(report.body.proactive.rows.find((r: { key: string }) => r.key === 'licensing').decisions).toBeNull();
    // The 2019 template has other figures.
    const old = await t.http.put(`${REPORT}/2020/inputs`).set(officer).send({ licensing: { lastYearItems: 120, change: -3, decisions: 900 }, procurement: { items: 14, amount: 1250.8 } });
    expect(old.status).toBe(200);
    expect((await t.http.put(`${REPORT}/2020/inputs`).set(officer).send({ fees: { amount: 3 } })).status).toBe(400);
    const r2020 = await t.http.get(`${REPORT}/2020`).set(officer);
    expect(r2020.body.proactive.rows.find((r: { key: string }) => r.key === 'procurement')).toMatchObject({ items: 14, amount: 1250.8 });
    expect(r2020.body.proactive.rows.find((r: { key: string }) => r.key === 'licensing')).toMatchObject({ last_year_items: 120, change: -3, decisions: 900 });
  });

  it('narrative: stored per year (and unit), replaced by PUT, If-Match optional', async () => {
    const url = `${REPORT}/2023/narrative?unit=${d.unitB.code}`;
    expect((await t.http.get(url).set(officer)).body).toEqual({ year: 2023, unit: { code: d.unitB.code, name: '教育局' }, overall: null, problems: null, other: null, version: 0 });
    const put = await t.http.put(url).set(officer).set('If-Match', '"0"').send({ overall: '总体情况', other: '本年度未收取信息处理费。' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ overall: '总体情况', problems: null, other: '本年度未收取信息处理费。', version: 1 });
    expect((await t.http.put(url).set(officer).set('If-Match', '"0"').send({ overall: 'x' })).status).toBe(412);
    expect((await t.http.put(url).set(officer).send({ overall: 'x'.repeat(20001) })).status).toBe(400);
    expect((await t.http.put(url).set(officer).send({ summary: 'x' })).status).toBe(400);
    expect((await t.http.get(`${REPORT}/2023/narrative`).set(officer)).body.version).toBe(0); // the government's is separate
  });

  it('repeal: only a published normative document, once, dated between its publication and now', async () => {
    const notice = await walk(t, d, 'drafterA', FULL_CHAIN, { docType: 'notice', title: '通知' });
    const draft = await walk(t, d, 'drafterA', [], { title: '草稿' });
    expect((await t.http.post(`/api/v1/documents/${notice.id}/repeal`).set(officer).send({ repealedAt: cn('2026-11-01') })).status).toBe(409);
    expect((await t.http.post(`/api/v1/documents/${draft.id}/repeal`).set(officer).send({ repealedAt: cn('2026-11-01') })).status).toBe(404); // a draft is not visible to the office
    const submitted = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }]], { title: '审查中' });
    expect((await t.http.post(`/api/v1/documents/${submitted.id}/repeal`).set(officer).send({ repealedAt: cn('2026-11-01') })).status).toBe(409);
    expect((await repeal('N3', cn('2025-10-01'))).status).toBe(409); // already repealed
    expect((await repeal('N1', cn('2024-05-01'))).status).toBe(400); // before its publication
    expect((await repeal('N1', new Date(Date.now() + 86_400_000).toISOString())).status).toBe(400);
    expect((await repeal('N1', 'soon')).status).toBe(400);
    expect((await t.http.post('/api/v1/documents/00000000-0000-4000-8000-000000000000/repeal').set(officer).send({ repealedAt: cn('2026-11-01') })).status).toBe(404);
    expect((await t.sql(`SELECT repealed_at FROM documents WHERE id = $1`, [docs.N1]))[0]).toEqual({ repealed_at: null });
  });

  it('publish: the 2025 report becomes a catalogue entry of the office with the text; once; not before the year is over', async () => {
    expect((await t.http.post(`${REPORT}/2026/publish`).set(officer)).status).toBe(409);
    const res = await t.http.post(`${REPORT}/2025/publish`).set(officer);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      year: 2025,
      unit: null,
      indexNo: `${d.office.code}-2026-000001`,
      title: '2025年政府信息公开工作年度报告',
      url: `/api/v1/catalogue/${d.office.code}-2026-000001`,
    });
    const entry = await t.http.get(res.body.url);
    expect(entry.status).toBe(200);
    expect(entry.body).toMatchObject({ title: '2025年政府信息公开工作年度报告', category: 'other', docType: 'report', documentId: null, unit: { code: d.office.code } });
    expect(entry.body.body).toContain('一、总体情况');
    expect(entry.body.body).toContain('2025年，区政府坚持以公开为常态。');
    expect(entry.body.body).toContain('一、本年新收政府信息公开申请数量：4 / 1 / 1 / 1 / 1 / 1 / 9');
    expect(entry.body.body).toContain('行政复议：结果维持 1，结果纠正 0，其他结果 0，尚未审结 0，总计 1');
    expect(entry.body.body).toContain('（三）不予公开 1.属于国家秘密：1 / 0 / 0 / 0 / 0 / 0 / 1');
    expect(entry.body.body).not.toMatch(/<(p|table|tr|td|th|h1|h2|section|html)[\s>]/); // plain text, not the HTML export
    expect(entry.body.body).toContain('<script>alert(1)</script>'); // the officer's words as written (plain text is escaped by whoever renders it)
    const changes = await t.sql<{ type: string }>(`SELECT type FROM catalogue_changes WHERE index_no = $1`, [res.body.indexNo]);
    expect(changes).toEqual([{ type: 'published' }]);
    expect((await t.http.post(`${REPORT}/2025/publish`).set(officer)).status).toBe(409);
    const unitReport = await t.http.post(`${REPORT}/2025/publish?unit=${d.unitA.code}`).set(officer);
    expect(unitReport.status).toBe(201);
    expect(unitReport.body).toMatchObject({ indexNo: `${d.office.code}-2026-000002`, title: '发展和改革委员会2025年政府信息公开工作年度报告' });
    expect((await t.sql(`SELECT year, index_no FROM report_publications ORDER BY index_no`)).length).toBe(2);

    // Reminders: the government's 2025 report is published; this year's reports are coming due.
    const rem = await t.http.get(`${REPORT}/reminders`).set(officer);
    expect(rem.status).toBe(200);
    const today = rem.body.today as string;
    expect(today).toBe(chinaDate(new Date()));
    const year = Number(today.slice(0, 4));
    const days = (date: string) => Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);
    const gov2025 = rem.body.items.find((i: { year: number; scope: string }) => i.year === 2025 && i.scope === 'government');
    expect(gov2025).toMatchObject({ dueDate: '2026-03-31', published: true, indexNo: res.body.indexNo, overdue: false });
    const b2025 = rem.body.items.find((i: { year: number; unit: { code: string } | null }) => i.year === 2025 && i.unit?.code === d.unitB.code);
    expect(b2025).toMatchObject({ scope: 'department', dueDate: '2026-01-31', published: false, overdue: days('2026-01-31') < 0, daysRemaining: days('2026-01-31') });
    const govNow = rem.body.items.find((i: { year: number; scope: string }) => i.year === year && i.scope === 'government');
    expect(govNow).toMatchObject({ dueDate: `${year + 1}-03-31`, daysRemaining: days(`${year + 1}-03-31`), published: false });
    expect(rem.body.items[rem.body.items.length - 1].published).toBe(true); // unpublished first
  });

  it('Table 3 still cross-checks with referred applications: each counts once, in the year and row of its reply, however many units it was referred to', async () => {
    const year = Number(chinaDate(new Date()).slice(0, 4));
    const before = rowsOf((await t.http.get(`${REPORT}/${year}`).set(officer)).body);
    const unitBefore = rowsOf((await t.http.get(`${REPORT}/${year}?unit=${d.unitA.code}`).set(officer)).body);
    const liaison = (who: string) => bearer(d.tokens[who]);
    const referred = async (name: string, applicantType: string, unitIds: string[]) => {
      await application(name, applicantType, cn(`${year}-01-05`), [{ action: 'accept', at: cn(`${year}-01-06`) }]);
      const res = await t.http.post(`${APPS}/${ids[name]}/referrals`).set(officer).send({ unitIds, comment: '请核实并提出答复意见。' });
      expect(res.status).toBe(201);
      return res.body.items as { id: string; unitId: string }[];
    };
    const answer = (id: string, who: string, body: Record<string, unknown>) => t.http.post(`/api/v1/referrals/${id}/answer`).set(liaison(who)).send(body).expect(200);
    const replyNow = async (name: string, body: Record<string, unknown>) => {
      const current = await t.http.get(`${APPS}/${ids[name]}`).set(officer);
      await t.http.post(`${APPS}/${ids[name]}/actions`).set(officer).set('If-Match', current.headers.etag).send({ action: 'reply', comment: '答复意见', ...body }).expect(200);
    };
    // R1: referred to both units, both answer, disclosed. R2: referred to A, A answers not held, B's referral closed by the reply. R3: referred, still open.
    const [r1a, r1b] = await referred('R1', 'natural_person', [d.unitA.id, d.unitB.id]);
    await answer(r1a.id, 'liaisonA', { proposedOutcome: 'disclosed', comment: '可以公开。' });
    await answer(r1b.id, 'liaisonB', { proposedOutcome: 'unable_to_provide', reason: 'not_held', comment: '本单位未保存。' });
    await replyNow('R1', { outcome: 'disclosed' });
    const [r2a] = await referred('R2', 'commercial_enterprise', [d.unitA.id, d.unitB.id]);
    await answer(r2a.id, 'liaisonA', { proposedOutcome: 'unable_to_provide', reason: 'not_held', comment: '未制作。' });
    await replyNow('R2', { outcome: 'unable_to_provide', reason: 'not_held', closeOpenReferrals: true });
    await referred('R3', 'natural_person', [d.unitB.id]);

    const after = rowsOf((await t.http.get(`${REPORT}/${year}`).set(officer)).body);
    const delta = (key: string) => after[key].map((v, i) => v - before[key][i]);
    expect(delta('new')).toEqual([2, 1, 0, 0, 0, 0, 3]);
    expect(delta('disclosed')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(delta('unable_to_provide.not_held')).toEqual([0, 1, 0, 0, 0, 0, 1]);
    expect(delta('results_total')).toEqual([1, 1, 0, 0, 0, 0, 2]);
    expect(delta('carried_forward')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    // Row 一 + row 二 = row 三(七) + row 四, in every column.
    for (let c = 0; c < COLUMNS.length; c++) expect([COLUMNS[c], after.new[c] + after.carried_over[c]]).toEqual([COLUMNS[c], after.results_total[c] + after.carried_forward[c]]);
    // A referral does not move the application to the referred unit's report.
    expect(rowsOf((await t.http.get(`${REPORT}/${year}?unit=${d.unitA.code}`).set(officer)).body).new).toEqual(unitBefore.new);
  });
});
