import {
  assertCrossCheck,
  computeAnnualReport,
  crossCheck,
  CrossCheckError,
  ReportInputError,
} from './annual-report.js';
import { chinaYearBounds, chinaYearOf } from '../../../common/china-time.js';
import type { AnnualReport, AppealRecord, ApplicationRecord, NormativeDocumentRecord, PublicationRecord } from './types.js';

/** An instant written in China time. */
const cst = (local: string) => new Date(`${local}+08:00`);

let seq = 0;
function app(
  applicantType: ApplicationRecord['applicantType'],
  receivedAt: Date,
  repliedAt: Date | null,
  outcome: string | null = null,
  reason: string | null = null,
): ApplicationRecord {
  return { id: `app-${++seq}`, applicantType, receivedAt, repliedAt, outcome, reason };
}

// Column order of every expected line: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
const COLS = [
  'natural_person',
  'commercial_enterprise',
  'research_institution',
  'social_welfare_org',
  'legal_service_org',
  'other_org',
  'total',
] as const;
const Z = [0, 0, 0, 0, 0, 0, 0];

/** Compares the whole of Table 3, row by row and in order, with a hand-written table. */
function expectTable3(report: AnnualReport, expected: Record<string, number[]>) {
  expect(report.applications.rows.map((r) => r.key)).toEqual(Object.keys(expected));
  for (const row of report.applications.rows) {
    expect({ [row.key]: COLS.map((c) => row[c]) }).toEqual({ [row.key]: expected[row.key] });
  }
}

describe('China-time year boundaries', () => {
  it('a year starts at 00:00 in Beijing, i.e. 16:00 UTC the day before', () => {
    const { start, end } = chinaYearBounds(2021);
    expect(new Date(start).toISOString()).toBe('2020-12-31T16:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2021-12-31T16:00:00.000Z');
    expect(chinaYearOf(new Date('2020-12-31T16:00:00.000Z'))).toBe(2021);
    expect(chinaYearOf(new Date('2020-12-31T15:59:59.999Z'))).toBe(2020);
  });
});

describe('Table 3 — 2019 template (reports for 2019 and 2020)', () => {
  const apps: ApplicationRecord[] = [
    // a1: received and disclosed within 2019
    app('natural_person', cst('2019-03-01T09:00'), cst('2019-03-15T10:00'), 'disclosed'),
    // a2: received late 2019, partially disclosed in January 2020
    app('natural_person', cst('2019-12-20T09:00'), cst('2020-01-08T10:00'), 'partially_disclosed'),
    // a3: received 2020-01-01 00:30 Beijing time (still 2019 in UTC) → new in 2020
    app('commercial_enterprise', cst('2020-01-01T00:30'), cst('2020-01-02T10:00'), 'not_disclosed', 'state_secret'),
    // a4: received 2018, replied January 2019 → carried over into 2019
    app('research_institution', cst('2018-11-05T09:00'), cst('2019-01-10T10:00'), 'unable_to_provide', 'not_held'),
    // a5: "fee unpaid" folds into the single （六）其他处理 row of the 2019 template
    app('natural_person', cst('2019-06-01T09:00'), cst('2019-06-20T10:00'), 'other', 'fee_unpaid'),
    // a6: never answered
    app('legal_service_org', cst('2019-10-10T09:00'), null),
    // a7: received one second before the year end, replied at the stroke of midnight
    app('social_welfare_org', cst('2019-12-31T23:59:59'), cst('2020-01-01T00:00'), 'not_handled', 'duplicate'),
    // a8: dotted outcome form accepted
    app('other_org', cst('2020-05-01T09:00'), cst('2020-05-10T10:00'), 'other.correction_overdue', null),
    // a9: replied 2019-12-31T16:30Z = 2020-01-01 00:30 Beijing → a 2020 result
    app('natural_person', cst('2019-07-01T09:00'), new Date('2019-12-31T16:30:00Z'), 'not_disclosed', 'third_party_rights'),
    // a10: received and closed before 2019 → in neither report
    app('natural_person', cst('2017-05-01T09:00'), cst('2018-01-01T10:00'), 'disclosed'),
    // a11: received after both report years → ignored
    app('commercial_enterprise', cst('2021-01-05T09:00'), null),
  ];

  it('2019', () => {
    const report = computeAnnualReport({ year: 2019, applications: apps });
    expect(report.template).toBe('2019');
    expectTable3(report, {
      new: [4, 0, 0, 1, 1, 0, 6],
      carried_over: [0, 0, 1, 0, 0, 0, 1],
      disclosed: [1, 0, 0, 0, 0, 0, 1],
      partially_disclosed: Z,
      'not_disclosed.state_secret': Z,
      'not_disclosed.prohibited_by_law': Z,
      'not_disclosed.three_safeties_one_stability': Z,
      'not_disclosed.third_party_rights': Z,
      'not_disclosed.internal_affairs': Z,
      'not_disclosed.process_information': Z,
      'not_disclosed.enforcement_case_file': Z,
      'not_disclosed.administrative_query': Z,
      'unable_to_provide.not_held': [0, 0, 1, 0, 0, 0, 1],
      'unable_to_provide.needs_creation': Z,
      'unable_to_provide.unclear_after_correction': Z,
      'not_handled.petition_or_complaint': Z,
      'not_handled.duplicate': Z,
      'not_handled.publication_request': Z,
      'not_handled.excessive_without_reason': Z,
      'not_handled.confirmation_request': Z,
      other: [1, 0, 0, 0, 0, 0, 1],
      results_total: [2, 0, 1, 0, 0, 0, 3],
      carried_forward: [2, 0, 0, 1, 1, 0, 4],
    });
    expect(crossCheck(report)).toEqual({ ok: true, broken: [] });
  });

  it('2020', () => {
    const report = computeAnnualReport({ year: 2020, applications: apps });
    expect(report.template).toBe('2019');
    expectTable3(report, {
      new: [0, 1, 0, 0, 0, 1, 2],
      carried_over: [2, 0, 0, 1, 1, 0, 4],
      disclosed: Z,
      partially_disclosed: [1, 0, 0, 0, 0, 0, 1],
      'not_disclosed.state_secret': [0, 1, 0, 0, 0, 0, 1],
      'not_disclosed.prohibited_by_law': Z,
      'not_disclosed.three_safeties_one_stability': Z,
      'not_disclosed.third_party_rights': [1, 0, 0, 0, 0, 0, 1],
      'not_disclosed.internal_affairs': Z,
      'not_disclosed.process_information': Z,
      'not_disclosed.enforcement_case_file': Z,
      'not_disclosed.administrative_query': Z,
      'unable_to_provide.not_held': Z,
      'unable_to_provide.needs_creation': Z,
      'unable_to_provide.unclear_after_correction': Z,
      'not_handled.petition_or_complaint': Z,
      'not_handled.duplicate': [0, 0, 0, 1, 0, 0, 1],
      'not_handled.publication_request': Z,
      'not_handled.excessive_without_reason': Z,
      'not_handled.confirmation_request': Z,
      other: [0, 0, 0, 0, 0, 1, 1],
      results_total: [2, 1, 0, 1, 0, 1, 5],
      carried_forward: [0, 0, 0, 0, 1, 0, 1],
    });
    expect(crossCheck(report).ok).toBe(true);
  });

  it('uses the official 2019 labels', () => {
    const rows = computeAnnualReport({ year: 2019, applications: [] }).applications.rows;
    const label = (k: string) => rows.find((r) => r.key === k)?.label;
    expect(label('new')).toBe('一、本年新收政府信息公开申请数量');
    expect(label('partially_disclosed')).toBe('（二）部分公开（区分处理的，只计这一情形，不计其他情形）');
    expect(label('not_disclosed.three_safeties_one_stability')).toBe('3.危及“三安全一稳定”');
    expect(label('not_handled.confirmation_request')).toBe('5.要求行政机关确认或重新出具已获取信息');
    expect(label('other')).toBe('（六）其他处理');
    expect(label('results_total')).toBe('（七）总计');
    expect(label('carried_forward')).toBe('四、结转下年度继续办理');
  });
});

describe('Table 3 — 2021 template (reports for 2021 and 2022)', () => {
  const apps: ApplicationRecord[] = [
    // b1: received December 2020, disclosed January 2021
    app('natural_person', cst('2020-12-28T09:00'), cst('2021-01-04T10:00'), 'disclosed'),
    app('commercial_enterprise', cst('2021-02-01T09:00'), cst('2021-02-20T10:00'), 'other', 'correction_overdue'),
    app('natural_person', cst('2021-03-01T09:00'), cst('2021-03-10T10:00'), 'other', 'fee_unpaid'),
    app('natural_person', cst('2021-04-01T09:00'), cst('2021-04-09T10:00'), 'other', 'other'),
    // b5: received end of 2021, answered January 2022
    app('research_institution', cst('2021-12-30T09:00'), cst('2022-01-05T10:00'), 'unable_to_provide', 'needs_creation'),
    // b6: received in the last millisecond of 2021, still open
    app('natural_person', new Date(chinaYearBounds(2022).start - 1), null),
    // b7: received exactly at the start of 2022
    app('legal_service_org', cst('2022-01-01T00:00'), cst('2022-01-10T10:00'), 'not_handled', 'confirmation_request'),
    // b8: received and answered the same minute
    app('other_org', cst('2021-06-01T09:00'), cst('2021-06-01T09:00'), 'not_disclosed', 'process_information'),
    app('social_welfare_org', cst('2022-03-01T09:00'), cst('2022-03-03T10:00'), 'not_handled', 'petition_or_complaint'),
    // b10: pending since 2020
    app('natural_person', cst('2020-10-01T09:00'), null),
    // b11: answered at 2023-01-01 00:00 Beijing → still open at the end of 2022
    app('commercial_enterprise', cst('2022-11-11T09:00'), cst('2023-01-01T00:00'), 'partially_disclosed'),
  ];

  it('2021', () => {
    const report = computeAnnualReport({ year: 2021, applications: apps });
    expect(report.template).toBe('2021');
    expectTable3(report, {
      new: [3, 1, 1, 0, 0, 1, 6],
      carried_over: [2, 0, 0, 0, 0, 0, 2],
      disclosed: [1, 0, 0, 0, 0, 0, 1],
      partially_disclosed: Z,
      'not_disclosed.state_secret': Z,
      'not_disclosed.prohibited_by_law': Z,
      'not_disclosed.three_safeties_one_stability': Z,
      'not_disclosed.third_party_rights': Z,
      'not_disclosed.internal_affairs': Z,
      'not_disclosed.process_information': [0, 0, 0, 0, 0, 1, 1],
      'not_disclosed.enforcement_case_file': Z,
      'not_disclosed.administrative_query': Z,
      'unable_to_provide.not_held': Z,
      'unable_to_provide.needs_creation': Z,
      'unable_to_provide.unclear_after_correction': Z,
      'not_handled.petition_or_complaint': Z,
      'not_handled.duplicate': Z,
      'not_handled.publication_request': Z,
      'not_handled.excessive_without_reason': Z,
      'not_handled.confirmation_request': Z,
      'other.correction_overdue': [0, 1, 0, 0, 0, 0, 1],
      'other.fee_unpaid': [1, 0, 0, 0, 0, 0, 1],
      'other.other': [1, 0, 0, 0, 0, 0, 1],
      results_total: [3, 1, 0, 0, 0, 1, 5],
      carried_forward: [2, 0, 1, 0, 0, 0, 3],
    });
    expect(crossCheck(report).ok).toBe(true);
  });

  it('2022', () => {
    const report = computeAnnualReport({ year: 2022, applications: apps });
    expectTable3(report, {
      new: [0, 1, 0, 1, 1, 0, 3],
      carried_over: [2, 0, 1, 0, 0, 0, 3],
      disclosed: Z,
      partially_disclosed: Z,
      'not_disclosed.state_secret': Z,
      'not_disclosed.prohibited_by_law': Z,
      'not_disclosed.three_safeties_one_stability': Z,
      'not_disclosed.third_party_rights': Z,
      'not_disclosed.internal_affairs': Z,
      'not_disclosed.process_information': Z,
      'not_disclosed.enforcement_case_file': Z,
      'not_disclosed.administrative_query': Z,
      'unable_to_provide.not_held': Z,
      'unable_to_provide.needs_creation': [0, 0, 1, 0, 0, 0, 1],
      'unable_to_provide.unclear_after_correction': Z,
      'not_handled.petition_or_complaint': [0, 0, 0, 1, 0, 0, 1],
      'not_handled.duplicate': Z,
      'not_handled.publication_request': Z,
      'not_handled.excessive_without_reason': Z,
      'not_handled.confirmation_request': [0, 0, 0, 0, 1, 0, 1],
      'other.correction_overdue': Z,
      'other.fee_unpaid': Z,
      'other.other': Z,
      results_total: [0, 0, 1, 1, 1, 0, 3],
      carried_forward: [2, 1, 0, 0, 0, 0, 3],
    });
    expect(crossCheck(report).ok).toBe(true);
  });

  it('with the 2019 template forced, the three 其他处理 grounds share one row', () => {
    const report = computeAnnualReport({ year: 2021, applications: apps, template: '2019' });
    expect(report.template).toBe('2019');
    const other = report.applications.rows.find((r) => r.key === 'other')!;
    expect(COLS.map((c) => other[c])).toEqual([2, 1, 0, 0, 0, 0, 3]);
    expect(report.applications.rows.some((r) => r.key.startsWith('other.'))).toBe(false);
    expect(crossCheck(report).ok).toBe(true);
  });

  it('uses the official 2021 labels for （六）其他处理', () => {
    const rows = computeAnnualReport({ year: 2021 }).applications.rows;
    expect(rows.map((r) => r.label).slice(20, 23)).toEqual([
      '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
      '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
      '3.其他',
    ]);
    expect(rows).toHaveLength(25);
  });
});

describe('invalid application records', () => {
  it('refuses a reply without a recognised outcome, naming the application', () => {
    const bad = [
      { ...app('natural_person', cst('2021-02-01T09:00'), cst('2021-02-02T09:00'), null), id: 'no-outcome' },
      { ...app('natural_person', cst('2021-02-01T09:00'), cst('2021-02-02T09:00'), 'not_disclosed', 'whim'), id: 'bad-reason' },
      { ...app('natural_person', cst('2021-02-01T09:00'), cst('2021-02-02T09:00'), 'not_disclosed', null), id: 'no-reason' },
    ];
    try {
      computeAnnualReport({ year: 2021, applications: bad });
      throw new Error('expected a ReportInputError');
    } catch (e) {
      expect(e).toBeInstanceOf(ReportInputError);
      expect((e as ReportInputError).issues.map((i) => i.id)).toEqual(['no-outcome', 'bad-reason', 'no-reason']);
      expect((e as Error).message).toContain('no-outcome');
    }
  });

  it("ignores problems of records that do not touch the year", () => {
    const old = app('natural_person', cst('2015-02-01T09:00'), cst('2015-02-02T09:00'), null);
    const future = app('alien' as never, cst('2023-02-01T09:00'), null);
    const report = computeAnnualReport({ year: 2021, applications: [old, future] });
    expect(report.applications.rows.every((r) => r.total === 0)).toBe(true);
  });

  it("reports a reply dated before receipt, an unknown applicant type and an invalid date", () => {
    const recs = [
      { ...app('natural_person', cst('2021-05-02T09:00'), cst('2021-05-01T09:00'), 'disclosed'), id: 'backwards' },
      { ...app('robot' as never, cst('2021-05-02T09:00'), null), id: 'robot' },
      { ...app('natural_person', new Date('nonsense'), null), id: 'nan' },
    ];
    expect(() => computeAnnualReport({ year: 2021, applications: recs })).toThrow(ReportInputError);
    try {
      computeAnnualReport({ year: 2021, applications: recs });
    } catch (e) {
      expect((e as ReportInputError).issues.map((i) => [i.id, i.problem])).toEqual([
        ['backwards', 'repliedAt is earlier than receivedAt'],
        ['robot', 'unknown applicantType "robot"'],
        ['nan', 'receivedAt is missing or not a valid date'],
      ]);
    }
  });

  it("in 'coerce' mode still produces a balanced report", () => {
    const recs = [
      app('natural_person', cst('2021-02-01T09:00'), cst('2021-02-02T09:00'), 'mystery'),
      app('robot' as never, cst('2021-05-02T09:00'), null),
      // replied "before" receipt, across the year boundary: treated as replied on receipt (2021)
      app('commercial_enterprise', cst('2021-01-01T09:00'), cst('2020-12-30T09:00'), 'disclosed'),
    ];
    const report = computeAnnualReport({ year: 2021, applications: recs, invalidRecords: 'coerce' });
    const row = (k: string) => report.applications.rows.find((r) => r.key === k)!;
    expect(row('other.other').natural_person).toBe(1);
    expect(row('carried_forward').other_org).toBe(1);
    expect(row('disclosed').commercial_enterprise).toBe(1);
    expect(row('new').total).toBe(3);
    expect(crossCheck(report).ok).toBe(true);
    const previous = computeAnnualReport({ year: 2020, applications: recs, invalidRecords: 'coerce' });
    expect(previous.applications.rows.every((r) => r.total === 0)).toBe(true);
  });

  it('rejects an invalid year', () => {
    expect(() => computeAnnualReport({ year: 2021.5 })).toThrow(RangeError);
  });
});

describe('Table 2 — proactive disclosure', () => {
  const docs: NormativeDocumentRecord[] = [
    { id: 'd1', publishedAt: cst('2019-05-01T09:00'), repealedAt: null },
    { id: 'd2', publishedAt: cst('2020-03-01T09:00'), repealedAt: cst('2021-06-01T09:00') },
    { id: 'd3', publishedAt: cst('2021-02-01T09:00'), repealedAt: null },
    { id: 'd4', publishedAt: cst('2021-04-01T09:00'), repealedAt: cst('2021-10-01T09:00') },
    { id: 'd5', publishedAt: cst('2021-12-31T23:59'), repealedAt: null },
    { id: 'd6', publishedAt: cst('2022-01-01T00:00'), repealedAt: null },
    { id: 'd7', publishedAt: cst('2018-01-01T09:00'), repealedAt: cst('2022-01-05T09:00') },
    { id: 'd8', kind: 'rule', publishedAt: cst('2021-03-01T09:00'), repealedAt: null },
    { id: 'd9', publishedAt: cst('2017-01-01T09:00'), repealedAt: cst('2019-01-01T09:00') },
  ];

  it('2021 template: counts documents and passes the entered figures through', () => {
    const report = computeAnnualReport({
      year: 2021,
      normativeDocuments: docs,
      inputs: { licensing: { decisions: 1520 }, penalty: { decisions: 37 }, coercion: { decisions: 4 }, fees: { amount: 12.35 } },
    });
    expect(report.proactive.rows).toEqual([
      { key: 'rules', label: '规章', section: '第二十条第（一）项', issued: 1, repealed: 0, in_force: 1 },
      { key: 'normative_documents', label: '行政规范性文件', section: '第二十条第（一）项', issued: 3, repealed: 2, in_force: 4 },
      { key: 'licensing', label: '行政许可', section: '第二十条第（五）项', decisions: 1520 },
      { key: 'penalty', label: '行政处罚', section: '第二十条第（六）项', decisions: 37 },
      { key: 'coercion', label: '行政强制', section: '第二十条第（六）项', decisions: 4 },
      { key: 'fees', label: '行政事业性收费', section: '第二十条第（八）项', amount: 12.35 },
    ]);
  });

  it('2019 template: newly made ≈ newly published, total published = in force; missing figures are null', () => {
    const report = computeAnnualReport({
      year: 2020,
      normativeDocuments: docs,
      inputs: {
        licensing: { lastYearItems: 120, change: -3, decisions: 900 },
        otherServices: { lastYearItems: 15, change: 2, decisions: 40 },
        penalty: { lastYearItems: 60, change: 0, decisions: 25 },
        fees: { lastYearItems: 4, change: -1 },
        procurement: { items: 6, amount: 25.1 },
      },
    });
    expect(report.proactive.rows).toEqual([
      { key: 'rules', label: '规章', section: '第二十条第（一）项', newly_made: 0, newly_published: 0, total_published: 0 },
      {
        key: 'normative_documents',
        label: '规范性文件',
        section: '第二十条第（一）项',
        newly_made: 1,
        newly_published: 1,
        total_published: 3,
      },
      { key: 'licensing', label: '行政许可', section: '第二十条第（五）项', last_year_items: 120, change: -3, decisions: 900 },
      {
        key: 'other_services',
        label: '其他对外管理服务事项',
        section: '第二十条第（五）项',
        last_year_items: 15,
        change: 2,
        decisions: 40,
      },
      { key: 'penalty', label: '行政处罚', section: '第二十条第（六）项', last_year_items: 60, change: 0, decisions: 25 },
      { key: 'coercion', label: '行政强制', section: '第二十条第（六）项', last_year_items: null, change: null, decisions: null },
      { key: 'fees', label: '行政事业性收费', section: '第二十条第（八）项', last_year_items: 4, change: -1 },
      { key: 'procurement', label: '政府集中采购', section: '第二十条第（九）项', items: 6, amount: 25.1 },
    ]);
  });

  it('rejects invalid hand-entered figures', () => {
    expect(() =>
      computeAnnualReport({ year: 2021, inputs: { licensing: { decisions: -1 }, fees: { amount: Number.NaN } } }),
    ).toThrow(/licensing\.decisions.*fees\.amount/);
  });
});

describe('Table 4 — reconsideration and litigation', () => {
  const appeals: AppealRecord[] = [
    { kind: 'reconsideration', filedAt: cst('2021-03-01T09:00'), concludedAt: cst('2021-05-01T09:00'), result: 'upheld' },
    // concluded only in 2022: pending in the 2021 report, and not reported again in 2022
    { kind: 'reconsideration', filedAt: cst('2021-11-01T09:00'), concludedAt: cst('2022-02-01T09:00'), result: 'corrected' },
    { kind: 'litigation', filedAt: cst('2021-06-01T09:00'), concludedAt: cst('2021-09-01T09:00'), result: 'corrected' },
    { kind: 'litigation', filedAt: cst('2021-08-01T09:00'), concludedAt: null, result: null },
    {
      kind: 'litigation_after_reconsideration',
      filedAt: cst('2021-07-01T09:00'),
      concludedAt: cst('2021-12-31T23:00'),
      result: 'other',
    },
    // filed 2020-12-31 23:00 Beijing (15:00 UTC) → the 2020 report
    { kind: 'reconsideration', filedAt: cst('2020-12-31T23:00'), concludedAt: cst('2021-01-20T09:00'), result: 'upheld' },
  ];

  it('reports appeals in their filing year with the status at year end', () => {
    expect(computeAnnualReport({ year: 2021, appeals }).appeals).toEqual({
      reconsideration: { upheld: 1, corrected: 0, other: 0, pending: 1, total: 2 },
      litigation: { upheld: 0, corrected: 1, other: 0, pending: 1, total: 2 },
      litigation_after_reconsideration: { upheld: 0, corrected: 0, other: 1, pending: 0, total: 1 },
    });
    // filed in 2020, concluded in January 2021: pending at the end of 2020
    expect(computeAnnualReport({ year: 2020, appeals }).appeals.reconsideration).toEqual({
      upheld: 0,
      corrected: 0,
      other: 0,
      pending: 1,
      total: 1,
    });
    expect(computeAnnualReport({ year: 2022, appeals }).appeals.reconsideration.total).toBe(0);
  });

  it('refuses a concluded appeal without result unless coercing', () => {
    const bad: AppealRecord[] = [
      { id: 'x', kind: 'litigation', filedAt: cst('2021-03-01T09:00'), concludedAt: cst('2021-04-01T09:00'), result: null },
    ];
    expect(() => computeAnnualReport({ year: 2021, appeals: bad })).toThrow(ReportInputError);
    expect(computeAnnualReport({ year: 2021, appeals: bad, invalidRecords: 'coerce' }).appeals.litigation).toEqual({
      upheld: 0,
      corrected: 0,
      other: 1,
      pending: 0,
      total: 1,
    });
  });
});

describe('publication statistics', () => {
  const pubs: PublicationRecord[] = [
    { publishedAt: cst('2021-01-01T00:00'), category: 'policy' },
    { publishedAt: cst('2020-12-31T23:59'), category: 'policy' },
    { publishedAt: cst('2021-06-15T09:00'), category: null },
    { publishedAt: cst('2021-12-31T23:59'), category: 'notice' },
    { publishedAt: new Date('2021-12-31T16:00:00Z'), category: 'notice' },
    { publishedAt: new Date('2021-06-30T16:30:00Z'), category: 'policy' },
  ];

  it('counts by category and by China-time month', () => {
    const r = computeAnnualReport({ year: 2021, publications: pubs });
    expect(r.publishedCount).toBe(4);
    expect(r.publishedByCategory).toEqual({ notice: 1, policy: 2, 未分类: 1 });
    expect(r.publishedByMonth).toEqual([1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1]);
  });
});

describe('cross-check', () => {
  const apps: ApplicationRecord[] = [
    app('natural_person', cst('2020-12-28T09:00'), cst('2021-01-04T10:00'), 'disclosed'),
    app('natural_person', cst('2021-03-01T09:00'), cst('2021-03-10T10:00'), 'other', 'fee_unpaid'),
    app('commercial_enterprise', cst('2021-12-30T09:00'), null),
  ];
  const fresh = () => computeAnnualReport({ year: 2021, applications: apps });

  it('passes on a computed report', () => {
    expect(() => assertCrossCheck(fresh())).not.toThrow();
  });

  it('rejects a hand-edited （七）总计 and names the cells', () => {
    const report = fresh();
    report.applications.rows.find((r) => r.key === 'results_total')!.total = 3;
    const result = crossCheck(report);
    expect(result.ok).toBe(false);
    const balance = result.broken.find((b) => b.rule === 'balance')!;
    expect(balance).toMatchObject({
      column: 'total',
      expected: 3,
      actual: 4,
      cells: ['new.total', 'carried_over.total', 'results_total.total', 'carried_forward.total'],
      message: 'new.total + carried_over.total = 3 but results_total.total + carried_forward.total = 4',
    });
    expect(result.broken.map((b) => b.rule).sort()).toEqual(['balance', 'results_total', 'row_total']);
    expect(() => assertCrossCheck(report)).toThrow(CrossCheckError);
    expect(() => assertCrossCheck(report)).toThrow(
      'new.total + carried_over.total = 3 but results_total.total + carried_forward.total = 4',
    );
  });

  it('rejects an edited result cell, naming the result row', () => {
    const report = fresh();
    report.applications.rows.find((r) => r.key === 'disclosed')!.natural_person = 2;
    const result = crossCheck(report);
    expect(result.ok).toBe(false);
    const sum = result.broken.find((b) => b.rule === 'results_total')!;
    expect(sum.column).toBe('natural_person');
    expect(sum.cells).toContain('disclosed.natural_person');
    expect(sum.message).toBe('sum of the 21 result rows in column natural_person = 3 but results_total.natural_person = 2');
    const rowTotal = result.broken.find((b) => b.rule === 'row_total')!;
    expect(rowTotal.cells[0]).toBe('disclosed.total');
  });

  it('rejects a missing row and an edited Table 4 total', () => {
    const report = fresh();
    report.applications.rows = report.applications.rows.filter((r) => r.key !== 'carried_forward');
    report.appeals.litigation.total = 1;
    const result = crossCheck(report);
    expect(result.broken.some((b) => b.rule === 'balance' && b.message.includes('missing'))).toBe(true);
    const appeals = result.broken.find((b) => b.rule === 'appeals_total')!;
    expect(appeals.column).toBe('appeals.litigation.total');
    expect(appeals.message).toBe(
      'appeals.litigation.upheld + appeals.litigation.corrected + appeals.litigation.other + appeals.litigation.pending = 0 but appeals.litigation.total = 1',
    );
    try {
      assertCrossCheck(report);
    } catch (e) {
      expect((e as CrossCheckError).broken).toEqual(result.broken);
    }
  });
});

describe('performance', () => {
  it('computes a report over 100,000 applications in well under 100 ms', () => {
    const types = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org'] as const;
    const outcomes: [string, string | null][] = [
      ['disclosed', null],
      ['partially_disclosed', null],
      ['not_disclosed', 'state_secret'],
      ['unable_to_provide', 'not_held'],
      ['not_handled', 'duplicate'],
      ['other', 'fee_unpaid'],
    ];
    const base = cst('2020-01-01T00:00').getTime();
    const day = 86_400_000;
    const applications: ApplicationRecord[] = [];
    for (let i = 0; i < 100_000; i++) {
      const r = base + ((i * 7919) % (3 * 365)) * day + (i % 86_400) * 1000;
      const replied = i % 11 === 0 ? null : new Date(r + (i % 40) * day);
      const [outcome, reason] = outcomes[i % outcomes.length];
      applications.push({ id: String(i), applicantType: types[i % 6], receivedAt: new Date(r), repliedAt: replied, outcome, reason });
    }
    computeAnnualReport({ year: 2021, applications }); // warm-up
    let best = Infinity;
    let report: AnnualReport | undefined;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      report = computeAnnualReport({ year: 2021, applications });
      best = Math.min(best, performance.now() - t0);
    }
    expect(crossCheck(report!).ok).toBe(true);
    expect(best).toBeLessThan(100);
  });
});
