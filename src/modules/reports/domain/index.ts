export * from './types.js';
export * from './templates.js';
export {
  computeAnnualReport,
  crossCheck,
  assertCrossCheck,
  CrossCheckError,
  ReportInputError,
  type AnnualReportInput,
  type CrossCheckFailure,
  type CrossCheckResult,
  type ReportInputIssue,
} from './annual-report.js';
export { toCsv, toXlsx, toHtml, escapeHtml, buildTableGrids, type HtmlOptions, type GridCell, type TableGrid } from './exports.js';
