export * from './types.js';
export * from './templates.js';
export { computeAnnualReport, crossCheck, ReportInputError } from './annual-report.js';
export { toCsv, toXlsx, toHtml } from './exports.js';
