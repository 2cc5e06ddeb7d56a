/**
 * Weighted records (`count`): the persistence layer aggregates in SQL and passes one record per
 * group. A record of weight n must count exactly like n copies of it.
 */
import fc from 'fast-check';
import { computeAnnualReport, ReportInputError } from './annual-report.js';
import { chinaYearBounds } from '../../../common/china-time.js';
import { APPEAL_KINDS, APPLICANT_TYPES } from '../../applications/domain/vocabulary.js';
import type { AppealRecord, ApplicationRecord, NormativeDocumentRecord, PublicationRecord } from './types.js';

const DAY = 86_400_000;
const instant = fc.integer({ min: chinaYearBounds(2023).start, max: chinaYearBounds(2026).end - 1 });
const weight = fc.integer({ min: 1, max: 5 });
const OUTCOMES: [string, string | null][] = [
  ['disclosed', null],
  ['not_disclosed', 'state_secret'],
  ['unable_to_provide', 'not_held'],
  ['other', 'fee_unpaid'],
];

const application = fc
  .record({ type: fc.constantFrom(...APPLICANT_TYPES), received: instant, delay: fc.option(fc.integer({ min: 0, max: 400 * DAY })), outcome: fc.constantFrom(...OUTCOMES), count: weight })
  .map(
    ({ type, received, delay, outcome, count }): ApplicationRecord => ({
      id: '',
      applicantType: type,
      receivedAt: new Date(received),
      repliedAt: delay === null ? null : new Date(received + delay),
      outcome: outcome[0],
      reason: outcome[1],
      count,
    }),
  );
const appeal = fc
  .record({ kind: fc.constantFrom(...APPEAL_KINDS), filed: instant, delay: fc.option(fc.integer({ min: 0, max: 400 * DAY })), result: fc.constantFrom('upheld', 'corrected', 'other' as const), count: weight })
  .map(
    ({ kind, filed, delay, result, count }): AppealRecord => ({
      kind,
      filedAt: new Date(filed),
      concludedAt: delay === null ? null : new Date(filed + delay),
      result: delay === null ? null : result,
      count,
    }),
  );
const document = fc
  .record({ published: instant, delay: fc.option(fc.integer({ min: 0, max: 600 * DAY })), count: weight })
  .map(({ published, delay, count }): NormativeDocumentRecord => ({ publishedAt: new Date(published), repealedAt: delay === null ? null : new Date(published + delay), count }));
const publication = fc
  .record({ published: instant, category: fc.constantFrom(null, 'statistics', 'fees'), count: weight })
  .map(({ published, category, count }): PublicationRecord => ({ publishedAt: new Date(published), category, count }));

const expand = <T extends { count?: number }>(list: T[]): T[] => list.flatMap((r) => Array.from({ length: r.count ?? 1 }, () => ({ ...r, count: undefined })));

describe('weighted records', () => {
  it('a record of count n counts like n copies, in every table', () => {
    fc.assert(
      fc.property(
        fc.array(application, { maxLength: 30 }),
        fc.array(appeal, { maxLength: 15 }),
        fc.array(document, { maxLength: 15 }),
        fc.array(publication, { maxLength: 15 }),
        fc.constantFrom(2024, 2025),
        (applications, appeals, normativeDocuments, publications, year) => {
          const weighted = computeAnnualReport({ year, applications, appeals, normativeDocuments, publications });
          const copies = computeAnnualReport({
            year,
            applications: expand(applications),
            appeals: expand(appeals),
            normativeDocuments: expand(normativeDocuments),
            publications: expand(publications),
          });
          expect(weighted).toEqual(copies);
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([0, -1, 1.5, Number.NaN, '2' as unknown as number])('count %p is refused (strict) or counted once (coerce)', (count) => {
    const a: ApplicationRecord = { id: 'x', applicantType: 'natural_person', receivedAt: new Date('2025-03-01T00:00:00+08:00'), repliedAt: null, outcome: null, reason: null, count };
    expect(() => computeAnnualReport({ year: 2025, applications: [a] })).toThrow(ReportInputError);
    const coerced = computeAnnualReport({ year: 2025, applications: [a], invalidRecords: 'coerce' });
    expect(coerced.applications.rows.find((r) => r.key === 'new')!.total).toBe(1);
  });
});
