/**
 * The performance assessment of units (绩效考核) through the HTTP API. One fixture for 2025: the
 * three units of the test district (A, B and the government office O) with documents taken
 * through the review chain (their history and publication moved to chosen 2025 dates), a
 * historic catalogue entry, applications with dated steps, appeals, complaints (rows inserted
 * with SQL: their API is not this test's) and disclosure guides. Every metric, normalised value,
 * score and rank below is counted by hand from the fixture; the arithmetic is in the comments.
 * Working days follow the 2025 State Council calendar: 4 April (清明), 1–5 May (劳动节, 27 April
 * worked), 31 May–2 June (端午), 1–8 October (国庆节, 28 September and 11 October worked).
 */
import ExcelJS from 'exceljs';
import { cn, FULL_CHAIN, bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

const APPS = '/api/v1/applications';
const UNITS = '/api/v1/performance/units';
const RUBRIC = '/api/v1/performance/rubric';
const B_CHAIN: [string, Record<string, unknown>][] = [
  ['drafterB', { action: 'submit' }],
  ['reviewerB', { action: 'approve' }],
  ['officer', { action: 'approve' }],
  ['leaderB', { action: 'approve' }],
];
const DEFAULT_RUBRIC = [
  { key: 'documentsPublished', weight: 15 },
  { key: 'medianWorkingDaysToPublish', weight: 10 },
  { key: 'proactiveShare', weight: 15 },
  { key: 'onTimeShare', weight: 15 },
  { key: 'overdue', weight: 10 },
  { key: 'stepsOverdue', weight: 10 },
  { key: 'correctedOnAppeal', weight: 10 },
  { key: 'complaintsSubstantiated', weight: 10 },
  { key: 'guideFreshness', weight: 5 },
];
const base = { applicantType: 'natural_person', applicantName: '考核测试申请人', contact: { phone: '13700000000' }, description: '绩效考核测试用申请', format: 'electronic', delivery: 'email', channel: 'in_person' };
const reply = (at: string, outcome = 'disclosed', reason?: string) => ({ action: 'reply', outcome, ...(reason ? { reason } : {}), comment: '答复意见', at });

describe('performance assessment of units', () => {
  let t: TestApp;
  let d: District;
  let officer: Record<string, string>;
  let admin: Record<string, string>;
  const apps: Record<string, string> = {};

  /** Creates and takes a document through `chain`, then dates its history rows (create, then one per step) and, when published, its catalogue entry. */
  const dated = async (drafter: string, chain: [string, Record<string, unknown>][], dates: string[], form: Record<string, unknown> = {}) => {
    const doc = await walk(t, d, drafter, chain, form);
    const rows = await t.sql<{ id: string }>(`SELECT id FROM document_history WHERE document_id = $1 ORDER BY id`, [doc.id]);
    expect(rows.length).toBe(dates.length + 1);
    // The create row: the day before the submission.
    await t.sql(`UPDATE document_history SET at = $2::timestamptz - interval '1 day' WHERE id = $1`, [rows[0].id, dates[0]]);
    for (const [i, at] of dates.entries()) await t.sql(`UPDATE document_history SET at = $2 WHERE id = $1`, [rows[i + 1].id, at]);
    if (chain.length === 4) {
      await t.sql(`UPDATE documents SET decided_at = $2 WHERE id = $1`, [doc.id, dates[3]]);
      await t.sql(`UPDATE catalogue_entries SET published_at = $2 WHERE document_id = $1`, [doc.id, dates[3]]);
    }
    return doc;
  };
  const application = async (name: string, unitId: string, receivedAt: string, steps: Record<string, unknown>[] = []) => {
    const res = await t.http.post(APPS).set(officer).send({ ...base, receivedAt, unitId });
    if (res.status !== 201) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
    let version = 1;
    for (const step of steps) {
      const r = await t.http.post(`${APPS}/${res.body.id}/actions`).set(officer).set('If-Match', `"${version}"`).send(step);
      if (r.status !== 200) throw new Error(`${name} ${JSON.stringify(step)}: ${r.status} ${JSON.stringify(r.body)}`);
      version = r.body.version;
    }
    apps[name] = res.body.id;
  };
  const appeal = async (name: string, kind: string, filedAt: string, result: string, concludedAt: string) => {
    const res = await t.http.post('/api/v1/appeals').set(officer).send({ applicationId: apps[name], kind, filedAt });
    expect(res.status).toBe(201);
    await t.http.post(`/api/v1/appeals/${res.body.id}/conclusion`).set(officer).send({ result, concludedAt }).expect(200);
  };
  let complaintSeq = 0;
  const complaint = async (unitId: string, finding: string | null, receivedAt: string, repliedAt: string | null) => {
    complaintSeq++;
    await t.sql(
      `INSERT INTO complaints (tracking_code, kind, unit_id, description, name, contact, state, received_at, due_at, assigned_at, replied_at, finding, reply)
       VALUES ($1, 'complaint', $2, '未按期答复申请', '投诉人', '{"phone":"13900000000"}', $3, $4, $4::timestamptz + interval '21 days', $4, $5, $6, $7)`,
      [`PERFTESTCOMPLAINT${'ABCDEFG'[complaintSeq]}AA`.slice(0, 20), unitId, repliedAt ? 'replied' : 'assigned', receivedAt, repliedAt, finding, repliedAt ? '经核查' : null],
    );
  };
  const guide = async (unitId: string, version: number, updatedAt: string) => {
    await t.sql(
      `INSERT INTO unit_profiles (unit_id, version, functions, address, postcode, office_hours, phone, leaders, accepts_applications, updated_by, updated_at)
       VALUES ($1, $2, '负责本单位政府信息公开工作。', '某区某路1号', '100000', '工作日 9:00–17:00', '010-12345678', '[]', true, (SELECT id FROM users WHERE username = 'admin'), $3)`,
      [unitId, version, updatedAt],
    );
  };
  const assessment = async (year = 2025) => {
    const res = await t.http.get(`${UNITS}?year=${year}`).set(officer);
    expect(res.status).toBe(200);
    return res.body as { year: number; rubric: { key: string; weight: number }[]; rubricVersion: number; units: { unitId: string; code: string; metrics: Record<string, unknown>; normalised: Record<string, number | null>; score: number | null; rank: number | null }[] };
  };
  const byUnit = (body: Awaited<ReturnType<typeof assessment>>) => Object.fromEntries(body.units.map((u) => [u.unitId, u]));

  beforeAll(async () => {
    t = await startTestApp({ APPLICATION_INTAKE_LIMIT: '100000' });
    d = await seedDistrict(t);
    officer = bearer(d.tokens.officer);
    admin = bearer(t.adminToken);
    const A = d.unitA.id;
    const B = d.unitB.id;

    // Unit A's documents: [submit, secrecy approval, office approval, leader sign-off].
    // A1: (3 Mar, 7 Mar] = 4, 5, 6, 7 March: 4 working days; every step within its limit.
    await dated('drafterA', FULL_CHAIN, [cn('2025-03-03'), cn('2025-03-04'), cn('2025-03-05'), cn('2025-03-07')]);
    // A2: (26 Sep, 10 Oct] = 28 (worked Sunday), 29, 30 September, 9, 10 October: 5 working days.
    //     Its secrecy review (3 working days) was due 30 September and ended 9 October: a step overdue in September.
    await dated('drafterA', FULL_CHAIN, [cn('2025-09-26'), cn('2025-10-09'), cn('2025-10-09'), cn('2025-10-10')]);
    // A3, on application (issued, not published): the leader's sign-off (3 working days after 5 June: 6, 9, 10 June)
    //     was due 10 June and came 12 June: a step overdue in June.
    await dated('drafterA', FULL_CHAIN, [cn('2025-06-03'), cn('2025-06-04'), cn('2025-06-05'), cn('2025-06-12')], { publicAttribute: 'on_application' });
    // A4: published 9 May, revoked 20 May: decided proactive, but not counted as published.
    const a4 = await dated('drafterA', FULL_CHAIN, [cn('2025-05-06'), cn('2025-05-07'), cn('2025-05-08'), cn('2025-05-09')]);
    await t.http.post(`/api/v1/documents/${a4.id}/transitions`).set(officer).set('If-Match', `"${a4.version}"`).send({ action: 'revoke', comment: '发布有误' }).expect(200);
    await t.sql(`UPDATE catalogue_entries SET revoked_at = $2 WHERE document_id = $1`, [a4.id, cn('2025-05-20')]);
    // A5: published now (2026): not in 2025.
    await walk(t, d, 'drafterA', FULL_CHAIN);
    // A6: waiting in secrecy review since 30 December 2025: due 5 January 2026 (31 Dec, 4 Jan worked, 5 Jan), not a 2025 step.
    await dated('drafterA', [['drafterA', { action: 'submit' }]], [cn('2025-12-30')]);

    // Unit B's documents.
    // B1: (1 Apr, 15 Apr] = 2, 3, 7–11, 14, 15 April: 9 working days. Its attribute review (5 working days after
    //     2 April: 3, 7, 8, 9, 10 April) was due 10 April and ended 14 April: a step overdue in April.
    await dated('drafterB', B_CHAIN, [cn('2025-04-01'), cn('2025-04-02'), cn('2025-04-14'), cn('2025-04-15')]);
    // B2, not public (issued): decided 1 July.
    await dated('drafterB', B_CHAIN, [cn('2025-06-30'), cn('2025-07-01'), cn('2025-07-01'), cn('2025-07-01')], { publicAttribute: 'not_public', nonDisclosureReason: 'internal_affairs' });
    // B3: waiting in secrecy review since 22 December: due 25 December, still there: a step overdue in December.
    await dated('drafterB', [['drafterB', { action: 'submit' }]], [cn('2025-12-22')]);
    // A historic entry of B (no document): published, not from the review chain.
    await t.sql(`INSERT INTO catalogue_entries (index_no, unit_id, year, serial, title, body, doc_type, published_at) VALUES ($1, $2, 2025, 1, '历史文件', '正文', 'notice', $3)`, [
      `${d.unitB.code}-2025-000001`,
      B,
      cn('2025-05-20'),
    ]);

    // Unit A's applications (due: the end of the 20th working day after receipt).
    await application('PA1', A, cn('2025-03-03'), [{ action: 'accept', at: cn('2025-03-04') }, reply(cn('2025-03-20'))]); // due 31 March: on time
    await application('PA2', A, cn('2025-05-06'), [{ action: 'accept', at: cn('2025-05-07') }, reply(cn('2025-06-20'))]); // due 4 June: late, overdue in June
    await application('PA3', A, cn('2025-12-01'), [{ action: 'accept', at: cn('2025-12-02') }]); // due 29 December, still open: overdue in December
    await application('PA4', A, cn('2024-12-20'), [reply(cn('2025-01-10'))]); // received in 2024, due 20 January 2025: replied on time
    // Unit B's.
    await application('PB1', B, cn('2025-02-10'), [reply(cn('2025-02-12'))]); // on the spot: on time
    await application('PB2', B, cn('2025-08-04'), [
      { action: 'accept', at: cn('2025-08-05') },
      { action: 'extend', comment: '延期答复', at: cn('2025-08-20') },
      reply(cn('2025-09-25')),
    ]); // due 1 September, extended to 28 September: on time
    await application('PB3', B, cn('2025-11-03'), [{ action: 'accept', at: cn('2025-11-04') }, reply(cn('2025-12-15'))]); // due 1 December: late, overdue in December
    await application('PB4', B, cn('2025-06-03'), [{ action: 'accept', at: cn('2025-06-04') }, reply(cn('2025-06-10'))]); // on time
    await application('PB5', B, cn('2025-07-01'), [{ action: 'request_correction', comment: '请补正', at: cn('2025-07-02') }, reply(cn('2025-08-01'), 'other', 'correction_overdue')]); // the clock stopped: on time

    // Appeals: only A's reconsideration concluded in 2025 as corrected counts.
    await appeal('PA2', 'reconsideration', cn('2025-07-01'), 'corrected', cn('2025-09-15'));
    await appeal('PB3', 'litigation', cn('2025-12-20'), 'corrected', cn('2026-01-15')); // concluded in 2026
    await appeal('PB1', 'reconsideration', cn('2025-03-01'), 'upheld', cn('2025-05-10')); // upheld

    // Complaints: A one substantiated (April); B one partly substantiated (August), one of 2024, one not replied.
    await complaint(A, 'substantiated', cn('2025-03-20'), cn('2025-04-10'));
    await complaint(A, 'unsubstantiated', cn('2025-04-20'), cn('2025-05-10'));
    await complaint(B, 'partly_substantiated', cn('2025-07-20'), cn('2025-08-10'));
    await complaint(B, 'substantiated', cn('2024-11-20'), cn('2024-12-10'));
    await complaint(B, null, cn('2025-10-10'), null);

    // Guides: A updated 2 October 2025 (and again in 2026, after the year); B 1 November 2024; O none.
    await guide(A, 1, '2025-10-02T00:00:00+08:00');
    await guide(A, 2, '2026-02-01T00:00:00+08:00');
    await guide(B, 1, '2024-11-01T00:00:00+08:00');
  }, 180_000);
  afterAll(() => t.close());

  it('the fixture’s clocks are the ones the comments count with', async () => {
    const due = async (name: string) => (await t.sql<{ d: string | null }>(`SELECT to_char(due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS d FROM applications WHERE id = $1`, [apps[name]]))[0].d;
    expect([await due('PA1'), await due('PA2'), await due('PA3'), await due('PA4'), await due('PB2'), await due('PB3'), await due('PB5')]).toEqual([
      '2025-03-31',
      '2025-06-04',
      '2025-12-29',
      '2025-01-20',
      '2025-09-28',
      '2025-12-01',
      null,
    ]);
  });

  it('2025: every metric as counted by hand', async () => {
    const body = await assessment();
    expect(body.year).toBe(2025);
    expect(body.rubricVersion).toBe(1);
    expect(body.rubric).toEqual(DEFAULT_RUBRIC);
    const u = byUnit(body);
    expect(Object.keys(u).sort()).toEqual([d.unitA.id, d.unitB.id, d.office.id].sort());
    expect(u[d.unitA.id].metrics).toEqual({
      documentsPublished: 2, // A1, A2 (A4 revoked, A5 in 2026)
      medianWorkingDaysToPublish: 4.5, // (4 + 5) / 2
      documentsDecided: 4, // A1, A2, A3, A4
      proactiveShare: 0.75, // A1, A2, A4 of 4
      applicationsReceived: 3, // PA1, PA2, PA3
      applicationsReplied: 3, // PA1, PA2, PA4
      repliedOnTime: 2, // PA1, PA4
      onTimeShare: 0.6667, // 2 / 3
      overdue: 2, // PA2 (due 4 June, replied 20 June), PA3 (due 29 December, open)
      stepsOverdue: 2, // A2's secrecy review, A3's sign-off
      correctedOnAppeal: 1,
      complaintsSubstantiated: 1,
      guideUpdatedAt: '2025-10-02T00:00:00.000+08:00',
      guideFreshness: 0.7507, // 1 − 91 days / 365
    });
    expect(u[d.unitB.id].metrics).toEqual({
      documentsPublished: 2, // B1 and the historic entry
      medianWorkingDaysToPublish: 9, // B1 alone: the historic entry has no submission
      documentsDecided: 2, // B1, B2
      proactiveShare: 0.5,
      applicationsReceived: 5,
      applicationsReplied: 5,
      repliedOnTime: 4, // all but PB3
      onTimeShare: 0.8,
      overdue: 1, // PB3
      stepsOverdue: 2, // B1's attribute review, B3's secrecy review
      correctedOnAppeal: 0, // concluded in 2026; upheld
      complaintsSubstantiated: 1, // partly substantiated counts
      guideUpdatedAt: '2024-11-01T00:00:00.000+08:00',
      guideFreshness: 0, // 426 days
    });
    expect(u[d.office.id].metrics).toEqual({
      documentsPublished: 0,
      medianWorkingDaysToPublish: null,
      documentsDecided: 0,
      proactiveShare: null,
      applicationsReceived: 0,
      applicationsReplied: 0,
      repliedOnTime: 0,
      onTimeShare: null,
      overdue: 0,
      stepsOverdue: 0,
      correctedOnAppeal: 0,
      complaintsSubstantiated: 0,
      guideUpdatedAt: null,
      guideFreshness: 0,
    });

    // Normalised: counts and durations min–max over the units with a value (lower is better: inverted); shares as they are.
    expect(u[d.unitA.id].normalised).toEqual({
      documentsPublished: 1, // (2 − 0) / (2 − 0)
      medianWorkingDaysToPublish: 1, // (9 − 4.5) / (9 − 4.5)
      proactiveShare: 0.75,
      onTimeShare: 0.6667,
      overdue: 0, // (2 − 2) / (2 − 0)
      stepsOverdue: 0, // (2 − 2) / (2 − 0)
      correctedOnAppeal: 0, // (1 − 1) / (1 − 0)
      complaintsSubstantiated: 0,
      guideFreshness: 0.7507,
    });
    expect(u[d.unitB.id].normalised).toEqual({
      documentsPublished: 1,
      medianWorkingDaysToPublish: 0, // (9 − 9) / 4.5
      proactiveShare: 0.5,
      onTimeShare: 0.8,
      overdue: 0.5, // (2 − 1) / 2
      stepsOverdue: 0,
      correctedOnAppeal: 1, // (1 − 0) / 1
      complaintsSubstantiated: 0,
      guideFreshness: 0,
    });
    expect(u[d.office.id].normalised).toEqual({
      documentsPublished: 0,
      medianWorkingDaysToPublish: null,
      proactiveShare: null,
      onTimeShare: null,
      overdue: 1,
      stepsOverdue: 1,
      correctedOnAppeal: 1,
      complaintsSubstantiated: 1,
      guideFreshness: 0,
    });
    // Scores (weights 15 10 15 15 10 10 10 10 5, Σ 100):
    // A: 15·1 + 10·1 + 15·0.75 + 15·0.6667 + 0 + 0 + 0 + 0 + 5·0.7507 = 50.004 → 50
    // B: 15·1 + 0 + 15·0.5 + 15·0.8 + 10·0.5 + 0 + 10·1 + 0 + 0 = 49.5
    // O: no value for the median and the shares, so their weights (40) are left out:
    //    (15·0 + 10·1 + 10·1 + 10·1 + 10·1 + 5·0) / 60 × 100 = 66.67
    expect(body.units.map((x) => [x.unitId, x.score, x.rank])).toEqual([
      [d.office.id, 66.67, 1],
      [d.unitA.id, 50, 2],
      [d.unitB.id, 49.5, 3],
    ]);
  });

  it('the monthly trend of a unit and of the district, by the month each record counts in', async () => {
    const res = await t.http.get(`${UNITS}/${d.unitA.id}/trend?year=2025`).set(officer);
    expect(res.status).toBe(200);
    expect(res.body.unit).toEqual({ unitId: d.unitA.id, code: d.unitA.code, name: '发展和改革委员会' });
    const months = res.body.months as Record<string, number | null>[];
    expect(months.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const series = (k: string) => months.map((m) => m[k]);
    expect(series('documentsPublished')).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0]); // A1 March, A2 October
    expect(series('medianWorkingDaysToPublish')).toEqual([null, null, 4, null, null, null, null, null, null, 5, null, null]);
    expect(series('documentsDecided')).toEqual([0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0]); // A1, A4, A3, A2
    expect(series('applicationsReplied')).toEqual([1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]); // PA4, PA1, PA2
    expect(series('overdue')).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]); // by due date: PA2 June, PA3 December
    expect(series('stepsOverdue')).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0]); // A3 June, A2 September
    expect(series('correctedOnAppeal')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
    expect(series('complaintsSubstantiated')).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);

    const all = await t.http.get('/api/v1/performance/trend?year=2025').set(officer);
    expect(all.status).toBe(200);
    expect(all.body.unit).toBeNull();
    const total = (k: string) => (all.body.months as Record<string, number>[]).reduce((s, m) => s + m[k], 0);
    expect([total('documentsPublished'), total('applicationsReplied'), total('overdue'), total('stepsOverdue')]).toEqual([4, 8, 3, 4]);
    // B1 (9) and A1 (4) in their months; April: B1 alone.
    expect((all.body.months as Record<string, number | null>[])[3].medianWorkingDaysToPublish).toBe(9);
    // This year: the months up to the current one.
    const now = await t.http.get(`/api/v1/performance/trend`).set(officer);
    expect(now.body.months.length).toBe(Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', month: 'numeric' }).format(new Date())));
    expect((await t.http.get(`${UNITS}/00000000-0000-4000-8000-000000000000/trend?year=2025`).set(officer)).status).toBe(404);
  });

  it('the XLSX has the ranking and the rubric', async () => {
    const res = await t.http.get(`${UNITS}?year=2025&format=xlsx`).set(officer).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain(`filename="2025-performance-assessment.xlsx"`);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('2025年度政府信息公开工作绩效考核.xlsx')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const ranking = wb.getWorksheet('考核排名')!;
    expect(ranking.getCell(1, 1).value).toBe('2025年度各单位政府信息公开工作绩效考核');
    expect(ranking.getRow(3).getCell(4).value).toBe('得分');
    const row = (r: number) => [1, 2, 4, 5, 6, 8, 12].map((c) => ranking.getRow(r).getCell(c).value);
    // rank, code, score, documents published, median days, proactive share, on-time share
    expect(row(4)).toEqual([1, d.office.code, 66.67, 0, null, null, null]);
    expect(row(5)).toEqual([2, d.unitA.code, 50, 2, 4.5, 0.75, 0.6667]);
    expect(row(6)).toEqual([3, d.unitB.code, 49.5, 2, 9, 0.5, 0.8]);
    expect(ranking.getRow(5).getCell(8).numFmt).toBe('0.0%');
    expect(ranking.getRow(5).getCell(17).value).toEqual(new Date('2025-10-02T00:00:00Z')); // the guide's update, a date
    const rubric = wb.getWorksheet('评分规则')!;
    const weights = DEFAULT_RUBRIC.map((_, i) => [rubric.getRow(4 + i).getCell(2).value, rubric.getRow(4 + i).getCell(3).value]);
    expect(weights).toEqual(DEFAULT_RUBRIC.map((r) => [r.key, r.weight]));
  });

  it('the rubric decides the order: new weights, new ranks; equal scores share a rank', async () => {
    const current = await t.http.get(RUBRIC).set(officer);
    expect(current.status).toBe(200);
    expect(current.headers.etag).toBe('"1"');
    expect(current.body).toMatchObject({ version: 1, rubric: DEFAULT_RUBRIC, updatedBy: null });

    // Publication volume and speed only: A (3·1 + 1·1) / 4 = 100; B (3·1 + 1·0) / 4 = 75; O 3·0 / 3 = 0 (no median).
    const put = await t.http
      .put(RUBRIC)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ rubric: [{ key: 'documentsPublished', weight: 3 }, { key: 'medianWorkingDaysToPublish', weight: 1 }] });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe('"2"');
    expect(put.body.rubric.filter((r: { weight: number }) => r.weight > 0)).toEqual([
      { key: 'documentsPublished', weight: 3 },
      { key: 'medianWorkingDaysToPublish', weight: 1 },
    ]);
    let body = await assessment();
    expect(body.rubricVersion).toBe(2);
    expect(body.units.map((x) => [x.unitId, x.score, x.rank])).toEqual([
      [d.unitA.id, 100, 1],
      [d.unitB.id, 75, 2],
      [d.office.id, 0, 3],
    ]);

    // Volume alone: A and B tie at 100 and share rank 1; O is third (competition ranking).
    expect((await t.http.put(RUBRIC).set(admin).send({ rubric: [{ key: 'documentsPublished', weight: 1 }] })).status).toBe(200);
    body = await assessment();
    expect(body.units.map((x) => [x.score, x.rank])).toEqual([
      [100, 1],
      [100, 1],
      [0, 3],
    ]);

    // A stale If-Match: 412, nothing changes.
    const stale = await t.http.put(RUBRIC).set(admin).set('If-Match', '"1"').send({ rubric: DEFAULT_RUBRIC });
    expect(stale.status).toBe(412);
    expect((await t.http.get(RUBRIC).set(officer)).body.version).toBe(3);

    // Every change is audited, with the weights.
    const audit = await t.sql<{ actor_id: string; data: { version: number; weights: Record<string, number> } }>(
      `SELECT actor_id, data FROM audit_log WHERE action = 'performance.rubric' ORDER BY id`,
    );
    expect(audit.map((a) => [a.data.version, a.data.weights.documentsPublished, a.data.weights.onTimeShare])).toEqual([
      [2, 3, 0],
      [3, 1, 0],
    ]);

    // Back to the defaults.
    expect((await t.http.put(RUBRIC).set(admin).set('If-Match', '"3"').send({ rubric: DEFAULT_RUBRIC })).status).toBe(200);
    expect((await assessment()).units.map((x) => x.rank)).toEqual([1, 2, 3]);
  });

  it('a rubric with an unknown or repeated metric, a weight out of range or only zeros is refused, and changes nothing', async () => {
    const before = (await t.http.get(RUBRIC).set(officer)).body.version;
    for (const [rubric, message] of [
      [[{ key: 'popularity', weight: 5 }], /key must be one of/],
      [[{ key: 'overdue', weight: -1 }], /weight must not be less than 0/],
      [[{ key: 'overdue', weight: 1001 }], /weight must not be greater than 1000/],
      [[{ key: 'overdue', weight: 2.5 }], /weight must be an integer/],
      [[{ key: 'overdue', weight: 0 }, { key: 'stepsOverdue', weight: 0 }], /at least one weight must be more than 0/],
      [[{ key: 'overdue', weight: 1 }, { key: 'overdue', weight: 2 }], /overdue is given twice/],
      [[], /rubric must contain at least 1 elements/],
      ['overdue', /rubric must be an array/],
    ] as [unknown, RegExp][]) {
      const res = await t.http.put(RUBRIC).set(admin).send({ rubric });
      expect([JSON.stringify(rubric), res.status]).toEqual([JSON.stringify(rubric), 400]);
      expect(res.body.message).toMatch(message);
    }
    expect((await t.http.put(RUBRIC).set(admin).send({ rubric: DEFAULT_RUBRIC, extra: 1 })).status).toBe(400);
    expect((await t.http.get(RUBRIC).set(officer)).body.version).toBe(before);
  });

  it('the database keeps the rubric’s rules too: known metrics only, whole weights 0–1000, not all zero, versions never rewritten', async () => {
    const weights = Object.fromEntries(DEFAULT_RUBRIC.map((r) => [r.key, r.weight]));
    const insert = (w: unknown) => t.sql(`INSERT INTO performance_rubrics (version, weights) VALUES (1000, $1)`, [JSON.stringify(w)]);
    for (const w of [
      { ...weights, popularity: 1 },
      { ...weights, overdue: -1 },
      { ...weights, overdue: 2.5 },
      { ...weights, overdue: '5' },
      Object.fromEntries(DEFAULT_RUBRIC.map((r) => [r.key, 0])),
      (({ overdue: _, ...rest }) => rest)(weights),
    ]) {
      await expect(insert(w)).rejects.toThrow(/performance_rubrics_weights_valid|cannot cast|invalid input/);
    }
    await expect(t.sql(`UPDATE performance_rubrics SET weights = weights WHERE version = 1`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`DELETE FROM performance_rubrics WHERE version = 1`)).rejects.toThrow(/append-only/);
  });

  it('who may see it: the office, leaders and the administrator; the rubric is the administrator’s', async () => {
    const status = async (token: string | undefined, path = `${UNITS}?year=2025`) => (await (token ? t.http.get(path).set(bearer(token)) : t.http.get(path))).status;
    expect({
      officer: await status(d.tokens.officer),
      leaderA: await status(d.tokens.leaderA),
      admin: await status(t.adminToken),
      drafterA: await status(d.tokens.drafterA),
      reviewerA: await status(d.tokens.reviewerA),
      liaisonA: await status(d.tokens.liaisonA),
      anonymous: await status(undefined),
    }).toEqual({ officer: 200, leaderA: 200, admin: 200, drafterA: 403, reviewerA: 403, liaisonA: 403, anonymous: 401 });
    expect(await status(d.tokens.drafterA, `${UNITS}/${d.unitA.id}/trend`)).toBe(403);
    expect(await status(d.tokens.liaisonA, RUBRIC)).toBe(403);
    for (const who of ['officer', 'leaderA', 'drafterA', 'liaisonA']) {
      expect([who, (await t.http.put(RUBRIC).set(bearer(d.tokens[who])).send({ rubric: DEFAULT_RUBRIC })).status]).toEqual([who, 403]);
    }
  });

  it('a unit’s statistics are public: counts only, nothing about a person', async () => {
    const res = await t.http.get(`/api/v1/units/${d.unitA.code}/statistics?year=2025`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(res.body).toEqual({
      unit: { code: d.unitA.code, name: '发展和改革委员会' },
      year: 2025,
      asOf: '2026-01-01T00:00:00.000+08:00',
      documentsPublished: 2,
      publishedByMonth: [0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0],
      applicationsReceived: 3,
      applicationsReplied: 3,
      repliedOnTime: 2,
      overdue: 2,
      correctedOnAppeal: 1,
      complaintsSubstantiated: 1,
      guideUpdatedAt: '2025-10-02T00:00:00.000+08:00',
    });
    const text = JSON.stringify(res.body);
    for (const secret of ['考核测试申请人', '13700000000', '投诉人', '13900000000', 'score', 'rank']) expect(text).not.toContain(secret);
    expect((await t.http.get('/api/v1/units/NOSUCHUNIT/statistics?year=2025')).status).toBe(404);
    expect((await t.http.get('/api/v1/units/not%20a%20code/statistics')).status).toBe(404);
    // Without a year: this year, so far.
    const now = await t.http.get(`/api/v1/units/${d.unitA.code}/statistics`);
    expect(now.status).toBe(200);
    expect(now.body.year).toBe(Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())));
    expect(now.body.documentsPublished).toBe(1); // A5
  });

  it('a year out of range or an unknown format is a 400', async () => {
    const nextYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())) + 1;
    for (const q of ['year=2018', `year=${nextYear}`, 'year=abc', 'year=2025.5', 'year=2025&format=csv', 'year=2025&format=', 'year=2025&sort=score']) {
      const res = await t.http.get(`${UNITS}?${q}`).set(officer);
      expect([q, res.status]).toEqual([q, 400]);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    for (const path of [`/api/v1/performance/trend?year=2018`, `${UNITS}/${d.unitA.id}/trend?year=${nextYear}`, `/api/v1/units/${d.unitA.code}/statistics?year=2018`, `/api/v1/units/${d.unitA.code}/statistics?year=${nextYear}`]) {
      expect([path, (await t.http.get(path).set(officer)).status]).toEqual([path, 400]);
    }
    expect((await t.http.get(`${UNITS}/not-a-uuid/trend`).set(officer)).status).toBe(400); // a unit id is a UUID
  });
});
