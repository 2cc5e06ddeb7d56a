/**
 * The tables of a published annual report as the exchange package carries them
 * (docs/exchange.schema.json, `report.tables`): Tables 2–4 with the same keys as
 * GET /api/v1/reports/annual/:year, copied field by field from the report as it was published,
 * so nothing else stored with it can reach the package. Pure: no framework imports.
 */
import { APPEAL_KINDS } from '../applications/domain/vocabulary.js';
import { APPLICATION_COLUMNS, type AnnualReport, type AppealCounts } from './domain/index.js';

const APPEAL_FIELDS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
const COMPLAINT_FIELDS = ['received', 'substantiated', 'rectified', 'accountability'] as const;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export function exchangeTables(report: AnnualReport) {
  const counts = (c: AppealCounts) => Object.fromEntries(APPEAL_FIELDS.map((k) => [k, c[k]])) as Record<(typeof APPEAL_FIELDS)[number], number>;
  // The complaints of the year (Art. 51), in reports that count them.
  const complaints = (report as unknown as { complaints?: Record<string, unknown> | null }).complaints;
  const withComplaints = complaints !== null && typeof complaints === 'object' && COMPLAINT_FIELDS.every((k) => isCount(complaints[k]));
  return {
    publishedCount: report.publishedCount,
    publishedByCategory: { ...report.publishedByCategory },
    publishedByMonth: [...report.publishedByMonth],
    proactive: {
      rows: report.proactive.rows.map(({ key, label, section, ...figures }) => ({ key, label, section, ...figures })),
    },
    applications: {
      rows: report.applications.rows.map((r) => ({ key: r.key, label: r.label, ...Object.fromEntries(APPLICATION_COLUMNS.map((c) => [c, r[c]])) })),
    },
    appeals: Object.fromEntries(APPEAL_KINDS.map((k) => [k, counts(report.appeals[k])])),
    ...(withComplaints ? { complaints: Object.fromEntries(COMPLAINT_FIELDS.map((k) => [k, complaints[k]])) } : {}),
  };
}
