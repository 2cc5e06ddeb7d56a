import { DomainError } from '../../common/errors/domain-error.js';
import { computeAnnualReport } from './domain/index.js';
import { reminders, reportDueDate } from './reminders.js';
import { reportText } from './report-text.js';
import { refuseUnlessConsistent } from './reports.service.js';

const report = () =>
  computeAnnualReport({
    year: 2025,
    applications: [
      { id: 'a', applicantType: 'natural_person', receivedAt: new Date('2025-03-01T10:00:00+08:00'), repliedAt: new Date('2025-03-10T10:00:00+08:00'), outcome: 'disclosed', reason: null },
      { id: 'b', applicantType: 'other_org', receivedAt: new Date('2025-12-30T10:00:00+08:00'), repliedAt: null, outcome: null, reason: null },
    ],
    appeals: [{ kind: 'reconsideration', filedAt: new Date('2025-05-01T10:00:00+08:00'), concludedAt: null, result: null }],
  });

describe('refusing a report that breaks the cross-check', () => {
  it('lets a computed report through', () => {
    expect(() => refuseUnlessConsistent(report())).not.toThrow();
  });

  it('refuses a tampered Table 3 with a 409 naming the broken cells', () => {
    const r = report();
    const total = r.applications.rows.find((x) => x.key === 'results_total')!;
    total.natural_person = 5;
    try {
      refuseUnlessConsistent(r);
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      const err = e as DomainError;
      expect(err.code).toBe('invalid_state');
      expect(err.message).toContain('results_total.natural_person');
      expect(err.message).toContain('new.natural_person + carried_over.natural_person = 1');
      expect(err.details?.brokenCells).toEqual(expect.arrayContaining(['results_total.natural_person', 'new.natural_person', 'results_total.total']));
    }
  });

  it('refuses a Table 4 whose total is not the sum of its cells', () => {
    const r = report();
    r.appeals.reconsideration.total = 3;
    expect(() => refuseUnlessConsistent(r)).toThrow(/appeals\.reconsideration\.total/);
  });
});

describe('reminders (Art. 49)', () => {
  const units = [
    { id: 'u1', code: 'FGW', name: '发改委' },
    { id: 'u2', code: 'JYJ', name: '教育局' },
  ];

  it('departments by 31 January, the government by 31 March of the next year', () => {
    expect(reportDueDate(2026, 'department')).toBe('2027-01-31');
    expect(reportDueDate(2026, 'government')).toBe('2027-03-31');
  });

  it('last year’s and this year’s reports, days remaining, late when unpublished; unpublished first', () => {
    const list = reminders('2026-11-27', units, new Map([['2025:', 'BGS-2026-000001']]));
    expect(list).toHaveLength(6);
    const find = (year: number, code: string | null) => list.find((r) => r.year === year && (r.unit?.code ?? null) === code)!;
    expect(find(2026, 'FGW')).toEqual({ year: 2026, scope: 'department', unit: { code: 'FGW', name: '发改委' }, dueDate: '2027-01-31', daysRemaining: 65, overdue: false, published: false, indexNo: null });
    expect(find(2026, null)).toMatchObject({ scope: 'government', dueDate: '2027-03-31', daysRemaining: 124 });
    expect(find(2025, 'JYJ')).toMatchObject({ dueDate: '2026-01-31', daysRemaining: -300, overdue: true, published: false });
    expect(find(2025, null)).toMatchObject({ published: true, overdue: false, indexNo: 'BGS-2026-000001' });
    expect(list[list.length - 1]).toBe(find(2025, null));
    expect(list[0]).toBe(find(2025, 'FGW'));
  });
});

describe('the report as plain text', () => {
  it('has the six sections in order and the tables line by line', () => {
    const text = reportText(report(), '2025年政府信息公开工作年度报告', { overall: '第一段\n\n第二段', problems: null });
    const order = ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项'];
    const positions = order.map((h) => text.indexOf(h));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain('　　第一段\n　　第二段');
    expect(text).toContain('一、本年新收政府信息公开申请数量：1 / 0 / 0 / 0 / 0 / 1 / 2');
    expect(text).toContain('行政复议：结果维持 0，结果纠正 0，其他结果 0，尚未审结 1，总计 1');
    expect(text).toContain('行政许可：本年处理决定数量 —'); // not entered
  });

  it('reports the year’s complaints under 一 as （六）监督保障, with or without accountability', () => {
    const none = reportText(report(), '2025年报告', {});
    expect(none).toContain('（六）监督保障：本年度收到关于政府信息公开工作的投诉举报0件，经查属实（含部分属实）0件，完成整改0件，未发生政府信息公开工作责任追究情况。');
    const r = computeAnnualReport({ year: 2025, complaints: { received: 7, substantiated: 2, rectified: 1, accountability: 1 } });
    const text = reportText(r, '2025年报告', {});
    expect(text).toContain('投诉举报7件，经查属实（含部分属实）2件，完成整改1件，问责1件。');
    expect(text.indexOf('（六）监督保障')).toBeLessThan(text.indexOf('二、主动公开政府信息情况'));
  });
});
