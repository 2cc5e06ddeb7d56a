import fc from 'fast-check';
import { computeAnnualReport, crossCheck } from './annual-report.js';
import { chinaYearBounds } from '../../../common/china-time.js';
import { templateForYear } from './templates.js';
import { OUTCOME_REASONS } from '../../applications/domain/outcomes.js';
import { APPLICANT_TYPES } from '../../applications/domain/vocabulary.js';
import {
  APPLICATION_COLUMNS,
  type AnnualReport,
  type ApplicationRecord,
  type ReportTemplate,
} from './types.js';

const YEARS = [2018, 2019, 2020, 2021, 2022, 2023, 2024];
const DAY = 86_400_000;
const FIRST = chinaYearBounds(2017).start;
const LAST = chinaYearBounds(2025).end;

const OUTCOMES: [string, string | null][] = [
  ['disclosed', null],
  ['partially_disclosed', null],
  ...OUTCOME_REASONS.not_disclosed.map((r): [string, string] => ['not_disclosed', r]),
  ...OUTCOME_REASONS.unable_to_provide.map((r): [string, string] => ['unable_to_provide', r]),
  ...OUTCOME_REASONS.not_handled.map((r): [string, string] => ['not_handled', r]),
  ...OUTCOME_REASONS.other.map((r): [string, string] => ['other', r]),
];

/** Instants spread over 2017–2025, with extra weight right around the China-time year boundaries. */
const instant = fc.oneof(
  fc.integer({ min: FIRST, max: LAST - 1 }),
  fc
    .tuple(fc.integer({ min: 2018, max: 2025 }), fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -3 * DAY, max: 3 * DAY })))
    .map(([y, off]) => chinaYearBounds(y).start + off),
);

const application = fc
  .record({
    type: fc.constantFrom(...APPLICANT_TYPES),
    received: instant,
    reply: fc.oneof(
      fc.constant(null),
      fc.integer({ min: 0, max: 800 * DAY }).map((d) => ({ delay: d })),
      instant.map((at) => ({ at })),
    ),
    outcome: fc.constantFrom(...OUTCOMES),
  })
  .map(({ type, received, reply, outcome }): ApplicationRecord => {
    const replied =
      reply === null ? null : 'delay' in reply ? received + reply.delay : Math.max(received, reply.at);
    return {
      id: '',
      applicantType: type,
      receivedAt: new Date(received),
      repliedAt: replied === null ? null : new Date(replied),
      outcome: outcome[0],
      reason: outcome[1],
    };
  });

const applications = fc
  .array(application, { maxLength: 60 })
  .map((list) => list.map((a, i) => ({ ...a, id: `a${i}` })));

/** Table 3 row an outcome lands in, written independently of the implementation. */
function expectedRow(template: ReportTemplate, outcome: string, reason: string | null): string {
  if (outcome === 'disclosed' || outcome === 'partially_disclosed') return outcome;
  if (outcome === 'other' && template === '2019') return 'other';
  return `${outcome}.${reason}`;
}

const cell = (report: AnnualReport, row: string, col: string) =>
  (report.applications.rows.find((r) => r.key === row) as unknown as Record<string, number> | undefined)?.[col] ?? 0;

describe('annual report properties', () => {
  it('every year balances and matches a direct per-application classification', () => {
    fc.assert(
      fc.property(applications, (apps) => {
        for (const year of YEARS) {
          const { start: S, end: E } = chinaYearBounds(year);
          const template = templateForYear(year);
          const report = computeAnnualReport({ year, applications: apps });
          expect(crossCheck(report)).toEqual({ ok: true, broken: [] });

          const expected = new Map<string, number>();
          const add = (row: string, col: string) => {
            for (const c of [col, 'total']) expected.set(`${row}.${c}`, (expected.get(`${row}.${c}`) ?? 0) + 1);
          };
          let receivedByEnd = 0;
          let repliedEarlier = 0;
          for (const a of apps) {
            const r = a.receivedAt.getTime();
            const p = a.repliedAt?.getTime() ?? null;
            if (r >= E) continue;
            receivedByEnd++;
            if (p !== null && p < S) {
              repliedEarlier++;
              continue;
            }
            add(r >= S ? 'new' : 'carried_over', a.applicantType);
            if (p !== null && p < E) {
              add(expectedRow(template, a.outcome!, a.reason), a.applicantType);
              add('results_total', a.applicantType);
            } else {
              add('carried_forward', a.applicantType);
            }
          }
          const mismatches: string[] = [];
          for (const row of report.applications.rows) {
            for (const c of APPLICATION_COLUMNS) {
              const want = expected.get(`${row.key}.${c}`) ?? 0;
              if (row[c] !== want) mismatches.push(`${year} ${row.key}.${c}: ${row[c]} ≠ ${want}`);
            }
          }
          expect(mismatches).toEqual([]);
          // Every application received by the year end is counted exactly once among
          // (this year's results) ∪ (carried forward) ∪ (replied in an earlier year).
          expect(cell(report, 'results_total', 'total') + cell(report, 'carried_forward', 'total') + repliedEarlier).toBe(
            receivedByEnd,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a single application appears exactly once on each side of every year it touches', () => {
    fc.assert(
      fc.property(application, (a) => {
        const r = a.receivedAt.getTime();
        const p = a.repliedAt?.getTime() ?? null;
        let resultYears = 0;
        for (let year = 2016; year <= 2027; year++) {
          const { start: S, end: E } = chinaYearBounds(year);
          const report = computeAnnualReport({ year, applications: [a] });
          const inputs = cell(report, 'new', 'total') + cell(report, 'carried_over', 'total');
          const results = cell(report, 'results_total', 'total');
          const forward = cell(report, 'carried_forward', 'total');
          const leafRows = report.applications.rows.filter(
            (row) => !['new', 'carried_over', 'results_total', 'carried_forward'].includes(row.key) && row.total > 0,
          );
          const touched = r < E && (p === null || p >= S);
          expect(inputs).toBe(touched ? 1 : 0);
          expect(results + forward).toBe(touched ? 1 : 0);
          expect(leafRows.length).toBe(results);
          expect(cell(report, results ? 'results_total' : 'carried_forward', a.applicantType)).toBe(touched ? 1 : 0);
          resultYears += results;
        }
        // Replied applications have exactly one year of result (within the range checked).
        expect(resultYears).toBe(p === null || p >= chinaYearBounds(2028).start ? 0 : 1);
      }),
      { numRuns: 500 },
    );
  });

  it('carried_forward of one year equals carried_over of the next', () => {
    fc.assert(
      fc.property(applications, (apps) => {
        for (const year of YEARS) {
          const a = computeAnnualReport({ year, applications: apps });
          const b = computeAnnualReport({ year: year + 1, applications: apps });
          for (const c of APPLICATION_COLUMNS) expect(cell(b, 'carried_over', c)).toBe(cell(a, 'carried_forward', c));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('any hand-edited Table 3 cell is rejected, and the edited cell is named', () => {
    fc.assert(
      fc.property(
        applications,
        fc.constantFrom(...YEARS),
        fc.nat(),
        fc.constantFrom(...APPLICATION_COLUMNS),
        fc.integer({ min: -5, max: 5 }).filter((d) => d !== 0),
        (apps, year, rowPick, col, delta) => {
          const report = computeAnnualReport({ year, applications: apps });
          const row = report.applications.rows[rowPick % report.applications.rows.length];
          row[col] += delta;
          const result = crossCheck(report);
          expect(result.ok).toBe(false);
          expect(result.broken.some((b) => b.cells.includes(`${row.key}.${col}`))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
