/**
 * Computation and cross-checking of the statistical tables (Tables 2–4) of the annual
 * government-information-disclosure report.
 *
 * Counting rules (all instants compared in China time, see src/common/china-time.ts; year Y = [S, E)):
 *
 * Table 3 (applications). Let r = receivedAt, p = repliedAt (null = still open).
 * - Applications received on or after E are ignored.
 * - 一、new:             S <= r < E.
 * - 二、carried_over:    r < S and the application was still open at S (p null or p >= S).
 * - 三、results:         replied within the year (S <= p < E), in the row of its outcome/reason.
 * - 四、carried_forward: r < E and still open at E (p null or p >= E).
 * Every application received before E and not replied before S therefore appears exactly once on
 * each side, so new + carried_over = results_total + carried_forward holds in every column.
 * For the 2019 template the three （六）其他处理 grounds are merged into the single 其他处理 row.
 *
 * Table 2 (proactive disclosure), from normative-document records:
 * - 2021: issued (本年制发件数) = published within the year; repealed (本年废止件数) = repealed within
 *   the year; in force (现行有效件数) = published before E and not repealed before E.
 * - 2019: newly made (本年新制作数量) is APPROXIMATED by "published within the year": the records
 *   carry no drafting date, and documents are published when they are made. Newly published
 *   (本年新公开数量) = published within the year; total published (对外公开总数量) = in force at E.
 * The other Table 2 figures (licensing, penalties, coercion, fees, procurement) are entered by hand
 * and passed through as {@link ProactiveInputs}; a figure not entered is reported as null.
 *
 * Table 4 (appeals): an appeal is reported in the year it was FILED (filedAt in [S, E)), with the
 * status it had at the end of that year: its result if concluded before E, otherwise 尚未审结
 * (pending). It is not reported again in the year it concludes. total = the four other cells.
 *
 * The whole computation is one linear pass over each input list. A record may stand for several
 * identical ones (`count`), so the persistence layer can aggregate in SQL and pass one record per group.
 */
import { chinaMonthOf, chinaYearBounds } from '../../../common/china-time.js';
import { APPEAL_FIELDS, applicationLayout, proactiveLayout, templateForYear, TEMPLATES } from './templates.js';
import { APPEAL_KINDS, APPLICANT_TYPES, type AppealKind } from '../../applications/domain/vocabulary.js';
import {
  APPLICATION_COLUMNS,
  UNCATEGORIZED,
  type AnnualReport,
  type AppealCounts,
  type AppealRecord,
  type ApplicationColumn,
  type ApplicationRecord,
  type ApplicationRow,
  type ComplaintFigures,
  type NormativeDocumentRecord,
  type ProactiveInputs,
  type ProactiveItemFigures,
  type ProactiveRow,
  type PublicationRecord,
  type ReportTemplate,
} from './types.js';

interface AnnualReportInput {
  /** Report year (calendar year in China time). */
  year: number;
  applications?: readonly ApplicationRecord[];
  appeals?: readonly AppealRecord[];
  normativeDocuments?: readonly NormativeDocumentRecord[];
  publications?: readonly PublicationRecord[];
  inputs?: ProactiveInputs;
  /** Complaints and reports of the year, counted by the database (zeros when absent). */
  complaints?: ComplaintFigures;
  /** Overrides the template chosen from the year (≤ 2020 → '2019', otherwise '2021'). */
  template?: ReportTemplate;
  /**
   * What to do with records that cannot be counted correctly (see {@link ReportInputIssue}):
   * - 'throw' (default): collect every problem that affects this year and throw {@link ReportInputError};
   * - 'coerce': count them anyway — an unknown/missing outcome goes to （六）其他处理 (3.其他),
   *   an unknown applicant type to 其他 (other_org), a reply dated before receipt is treated as
   *   given on receipt, a concluded appeal without result as 其他结果, an unparseable date makes
   *   the record ignored (or, for a reply/conclusion/repeal date, treated as absent), an invalid
   *   hand-entered figure as not entered (null).
   * Only records that influence the requested year are checked.
   */
  invalidRecords?: 'throw' | 'coerce';
}

interface ReportInputIssue {
  record: 'application' | 'appeal' | 'normative_document' | 'publication' | 'inputs';
  /** Position in the input list (0 for `inputs`). */
  index: number;
  /** Record id when the record has one; for `inputs`, the field path. */
  id?: string;
  problem: string;
}

/** Thrown by {@link computeAnnualReport} when records cannot be counted (strict mode). */
export class ReportInputError extends Error {
  readonly issues: readonly ReportInputIssue[];

  constructor(issues: readonly ReportInputIssue[]) {
    const shown = issues
      .slice(0, 10)
      .map((i) => `${i.record}[${i.index}]${i.id !== undefined ? ` (${i.id})` : ''}: ${i.problem}`);
    const more = issues.length > 10 ? `; … and ${issues.length - 10} more` : '';
    super(`Annual report input has ${issues.length} invalid record(s): ${shown.join('; ')}${more}`);
    this.name = 'ReportInputError';
    this.issues = issues;
  }
}

const COLUMN_COUNT = APPLICATION_COLUMNS.length; // 7, the last one is 'total'
const TOTAL_COL = COLUMN_COUNT - 1;
const APPLICANT_INDEX = new Map<string, number>(APPLICANT_TYPES.map((t, i) => [t, i]));
const OTHER_ORG_INDEX = APPLICANT_TYPES.indexOf('other_org');

/** Per template: row keys, row indexes of the special rows, and the outcome → row lookup. */
interface ApplicationIndex {
  keys: string[];
  labels: string[];
  resultRows: number[];
  /** Lookup by the full key ('disclosed', 'not_disclosed.state_secret', 'other'). */
  outcomeRow: Map<string, number>;
  /** outcome → reason → row, derived from outcomeRow. */
  outcomeByReason: Map<string, Map<string, number>>;
  fallbackOtherRow: number;
  newRow: number;
  carriedOverRow: number;
  resultsTotalRow: number;
  carriedForwardRow: number;
}

function buildApplicationIndex(template: ReportTemplate): ApplicationIndex {
  const layout = applicationLayout(template);
  const keys = layout.map((r) => r.key);
  const at = (k: string) => keys.indexOf(k);
  const outcomeRow = new Map<string, number>();
  const resultRows: number[] = [];
  layout.forEach((r, i) => {
    if (!r.isResult) return;
    resultRows.push(i);
    outcomeRow.set(r.key, i);
  });
  const fallbackOtherRow = template === '2019' ? at('other') : at('other.other');
  // 'other' with no reason is the catch-all row; in the 2019 template every other.* ground folds into it.
  outcomeRow.set('other', fallbackOtherRow);
  for (const g of ['correction_overdue', 'fee_unpaid', 'other']) {
    if (!outcomeRow.has(`other.${g}`)) outcomeRow.set(`other.${g}`, fallbackOtherRow);
  }
  const outcomeByReason = new Map<string, Map<string, number>>();
  for (const [key, row] of outcomeRow) {
    const dot = key.indexOf('.');
    if (dot < 0) continue;
    const outcome = key.slice(0, dot);
    if (!outcomeByReason.has(outcome)) outcomeByReason.set(outcome, new Map());
    outcomeByReason.get(outcome)!.set(key.slice(dot + 1), row);
  }
  return {
    keys,
    labels: layout.map((r) => r.label),
    resultRows,
    outcomeRow,
    outcomeByReason,
    fallbackOtherRow,
    newRow: at('new'),
    carriedOverRow: at('carried_over'),
    resultsTotalRow: at('results_total'),
    carriedForwardRow: at('carried_forward'),
  };
}

const APPLICATION_INDEX: Record<ReportTemplate, ApplicationIndex> = {
  '2019': buildApplicationIndex('2019'),
  '2021': buildApplicationIndex('2021'),
};

/**
 * Row of an outcome/reason pair: outcomes without grounds (disclosed, partially_disclosed) ignore
 * the reason; a dotted outcome ('not_disclosed.state_secret') is looked up as is. Two-level lookup
 * without building strings, as this runs once per replied application.
 */
function resultRow(idx: ApplicationIndex, outcome: string, reason: string | null): number | undefined {
  const byReason = idx.outcomeByReason.get(outcome);
  if (byReason !== undefined && reason !== null && reason !== '') return byReason.get(reason);
  return idx.outcomeRow.get(outcome);
}

/**
 * NaN test without touching globals: inside Jest's VM contexts every global lookup in a hot loop
 * (Number.isNaN, Date, …) goes through the context's interceptors and costs more than the count itself.
 */
const isNaN_ = (x: number) => x !== x;

/**
 * The weight of a record (its `count`, default 1); NaN unless a positive safe integer. No global
 * lookups (see isNaN_).
 */
function weightOf(r: { count?: number } | null | undefined): number {
  const c = r?.count;
  if (c === undefined || c === null) return 1;
  return typeof c === 'number' && c > 0 && c % 1 === 0 && c <= 9007199254740991 ? c : NaN;
}

/** Epoch ms of a date; strings/numbers (e.g. from JSON) are parsed; NaN when invalid. */
function ms(d: Date | null | undefined): number | null {
  if (d === null || d === undefined) return null;
  // No `instanceof Date`: it is slow inside VM contexts and fails across realms.
  const t = typeof d;
  if (t === 'string' || t === 'number') return new Date(d as unknown as string).getTime();
  return typeof d.getTime === 'function' ? d.getTime() : NaN;
}

/** Computes Tables 2–4 and the publication statistics for one year. */
export function computeAnnualReport(input: AnnualReportInput): AnnualReport {
  const { year } = input;
  if (!Number.isInteger(year) || year < 1970 || year > 9998) {
    throw new RangeError(`Report year must be an integer between 1970 and 9998, got ${String(year)}`);
  }
  const template = input.template ?? templateForYear(year);
  if (!TEMPLATES.includes(template)) throw new RangeError(`Unknown report template ${String(template)}`);
  const strict = (input.invalidRecords ?? 'throw') === 'throw';
  const issues: ReportInputIssue[] = [];
  const { start: S, end: E } = chinaYearBounds(year);

  const applications = countApplications(input.applications ?? [], template, S, E, strict, issues);
  const appeals = countAppeals(input.appeals ?? [], S, E, issues);
  const documents = countDocuments(input.normativeDocuments ?? [], S, E, strict, issues);
  const publications = countPublications(input.publications ?? [], S, E, issues);
  const proactive = proactiveRows(template, documents, input.inputs ?? {}, issues);

  if (issues.length > 0 && strict) throw new ReportInputError(issues);

  return {
    year,
    template,
    publishedCount: publications.count,
    publishedByCategory: publications.byCategory,
    publishedByMonth: publications.byMonth,
    proactive: { rows: proactive },
    applications: { rows: applications },
    appeals,
    complaints: { ...(input.complaints ?? { received: 0, substantiated: 0, rectified: 0, accountability: 0 }) },
  };
}

function countApplications(
  list: readonly ApplicationRecord[],
  template: ReportTemplate,
  S: number,
  E: number,
  strict: boolean,
  issues: ReportInputIssue[],
): ApplicationRow[] {
  const idx = APPLICATION_INDEX[template];
  const rowCount = idx.keys.length;
  const cells = new Float64Array(rowCount * COLUMN_COUNT);
  const newBase = idx.newRow * COLUMN_COUNT;
  const coBase = idx.carriedOverRow * COLUMN_COUNT;
  const cfBase = idx.carriedForwardRow * COLUMN_COUNT;
  const issue = (i: number, a: ApplicationRecord, problem: string) =>
    issues.push({ record: 'application', index: i, id: a?.id, problem });

  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    const r = ms(a.receivedAt);
    if (r === null || isNaN_(r)) {
      issue(i, a, 'receivedAt is missing or not a valid date');
      continue;
    }
    if (r >= E) continue;
    let w = weightOf(a);
    if (isNaN_(w)) {
      issue(i, a, `count must be a positive integer, got ${JSON.stringify(a.count)}`);
      if (strict) continue;
      w = 1;
    }
    let p = ms(a.repliedAt);
    if (p !== null && isNaN_(p)) {
      issue(i, a, 'repliedAt is not a valid date');
      if (strict) continue;
      p = null;
    }
    let replyBeforeReceipt = false;
    if (p !== null && p < r) {
      replyBeforeReceipt = true;
      p = r;
    }
    // Replied before the year began: closed in an earlier report, not part of this one.
    if (p !== null && p < S) continue;
    if (replyBeforeReceipt) issue(i, a, 'repliedAt is earlier than receivedAt');

    let col = APPLICANT_INDEX.get(a.applicantType as string);
    if (col === undefined) {
      issue(i, a, `unknown applicantType ${JSON.stringify(a.applicantType)}`);
      col = OTHER_ORG_INDEX;
    }
    cells[(r >= S ? newBase : coBase) + col] += w;
    if (p !== null && p < E) {
      let row = a.outcome === null || a.outcome === undefined ? undefined : resultRow(idx, a.outcome, a.reason ?? null);
      if (row === undefined) {
        issue(i, a, `replied without a recognised outcome (outcome ${JSON.stringify(a.outcome)}, reason ${JSON.stringify(a.reason)})`);
        row = idx.fallbackOtherRow;
      }
      cells[row * COLUMN_COUNT + col] += w;
    } else {
      cells[cfBase + col] += w;
    }
  }

  // Totals: （七）总计 = sum of the result rows; 总计 column = sum of the applicant columns.
  const rtBase = idx.resultsTotalRow * COLUMN_COUNT;
  for (const row of idx.resultRows) {
    for (let c = 0; c < TOTAL_COL; c++) cells[rtBase + c] += cells[row * COLUMN_COUNT + c];
  }
  const rows: ApplicationRow[] = [];
  for (let row = 0; row < rowCount; row++) {
    const base = row * COLUMN_COUNT;
    let total = 0;
    for (let c = 0; c < TOTAL_COL; c++) total += cells[base + c];
    cells[base + TOTAL_COL] = total;
    const out = { key: idx.keys[row], label: idx.labels[row] } as ApplicationRow;
    APPLICATION_COLUMNS.forEach((c, ci) => {
      (out as Record<ApplicationColumn, number>)[c] = cells[base + ci];
    });
    rows.push(out);
  }
  return rows;
}

function emptyAppealCounts(): AppealCounts {
  return { upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 };
}

function countAppeals(
  list: readonly AppealRecord[],
  S: number,
  E: number,
  issues: ReportInputIssue[],
): Record<AppealKind, AppealCounts> {
  const out = {
    reconsideration: emptyAppealCounts(),
    litigation: emptyAppealCounts(),
    litigation_after_reconsideration: emptyAppealCounts(),
  };
  const issue = (i: number, a: AppealRecord, problem: string) =>
    issues.push({ record: 'appeal', index: i, id: a?.id, problem });
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    const f = ms(a.filedAt);
    if (f === null || isNaN_(f)) {
      issue(i, a, 'filedAt is missing or not a valid date');
      continue;
    }
    if (f < S || f >= E) continue;
    if (!(APPEAL_KINDS as readonly string[]).includes(a.kind)) {
      issue(i, a, `unknown appeal kind ${JSON.stringify(a.kind)}`);
      continue;
    }
    const counts = out[a.kind];
    let w = weightOf(a);
    if (isNaN_(w)) {
      issue(i, a, `count must be a positive integer, got ${JSON.stringify(a.count)}`);
      w = 1;
    }
    let c = ms(a.concludedAt);
    if (c !== null && isNaN_(c)) {
      issue(i, a, 'concludedAt is not a valid date');
      c = null;
    }
    if (c !== null && c < f) issue(i, a, 'concludedAt is earlier than filedAt');
    if (c !== null && c < E) {
      const result = a.result;
      if (result === 'upheld' || result === 'corrected' || result === 'other') counts[result] += w;
      else {
        issue(i, a, `concluded without a recognised result (${JSON.stringify(result)})`);
        counts.other += w;
      }
    } else {
      counts.pending += w;
    }
  }
  for (const k of APPEAL_KINDS) {
    const c = out[k];
    c.total = c.upheld + c.corrected + c.other + c.pending;
  }
  return out;
}

interface DocumentCounts {
  issued: number;
  repealed: number;
  inForce: number;
}

function countDocuments(
  list: readonly NormativeDocumentRecord[],
  S: number,
  E: number,
  strict: boolean,
  issues: ReportInputIssue[],
): { rules: DocumentCounts; normative: DocumentCounts } {
  const rules = { issued: 0, repealed: 0, inForce: 0 };
  const normative = { issued: 0, repealed: 0, inForce: 0 };
  const issue = (i: number, d: NormativeDocumentRecord, problem: string) =>
    issues.push({ record: 'normative_document', index: i, id: d?.id, problem });
  for (let i = 0; i < list.length; i++) {
    const d = list[i];
    const p = ms(d.publishedAt);
    if (p === null || isNaN_(p)) {
      issue(i, d, 'publishedAt is missing or not a valid date');
      continue;
    }
    if (p >= E) continue;
    let x = ms(d.repealedAt);
    if (x !== null && isNaN_(x)) {
      issue(i, d, 'repealedAt is not a valid date');
      if (strict) continue;
      x = null;
    }
    if (x !== null && x < S) continue; // repealed in an earlier year: no longer part of any figure
    if (x !== null && x < p) issue(i, d, 'repealedAt is earlier than publishedAt');
    const kind = d.kind ?? 'normative_document';
    if (kind !== 'rule' && kind !== 'normative_document') {
      issue(i, d, `unknown document kind ${JSON.stringify(kind)}`);
      continue;
    }
    let w = weightOf(d);
    if (isNaN_(w)) {
      issue(i, d, `count must be a positive integer, got ${JSON.stringify(d.count)}`);
      if (strict) continue;
      w = 1;
    }
    const c = kind === 'rule' ? rules : normative;
    if (p >= S) c.issued += w;
    if (x !== null && x < E) c.repealed += w;
    else c.inForce += w;
  }
  return { rules, normative };
}

function countPublications(
  list: readonly PublicationRecord[],
  S: number,
  E: number,
  issues: ReportInputIssue[],
): { count: number; byCategory: Record<string, number>; byMonth: number[] } {
  const byMonth = new Array<number>(12).fill(0);
  const categories = new Map<string, number>();
  let count = 0;
  for (let i = 0; i < list.length; i++) {
    const p = list[i];
    const t = ms(p.publishedAt);
    if (t === null || isNaN_(t)) {
      issues.push({ record: 'publication', index: i, id: p?.id, problem: 'publishedAt is missing or not a valid date' });
      continue;
    }
    if (t < S || t >= E) continue;
    let w = weightOf(p);
    if (isNaN_(w)) {
      issues.push({ record: 'publication', index: i, id: p?.id, problem: `count must be a positive integer, got ${JSON.stringify(p.count)}` });
      w = 1;
    }
    count += w;
    byMonth[chinaMonthOf(t)] += w;
    const cat = p.category === null || p.category === undefined || p.category === '' ? UNCATEGORIZED : p.category;
    categories.set(cat, (categories.get(cat) ?? 0) + w);
  }
  const byCategory: Record<string, number> = {};
  for (const k of [...categories.keys()].sort()) byCategory[k] = categories.get(k)!;
  return { count, byCategory, byMonth };
}

type FigureKind = 'count' | 'change' | 'amount';

function proactiveRows(
  template: ReportTemplate,
  docs: { rules: DocumentCounts; normative: DocumentCounts },
  inputs: ProactiveInputs,
  issues: ReportInputIssue[],
): ProactiveRow[] {
  const fig = (value: unknown, path: string, kind: FigureKind): number | null => {
    if (value === null || value === undefined) return null;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (kind === 'change' ? Number.isInteger(value) : value >= 0 && (kind === 'amount' || Number.isInteger(value)));
    if (!ok) {
      const expected = kind === 'change' ? 'an integer' : kind === 'amount' ? 'a non-negative number' : 'a non-negative integer';
      issues.push({ record: 'inputs', index: 0, id: path, problem: `must be ${expected}, got ${JSON.stringify(value)}` });
      return null;
    }
    return value as number;
  };
  const items = (f: ProactiveItemFigures | undefined, path: string, withItems: boolean): Record<string, number | null> =>
    withItems
      ? {
          last_year_items: fig(f?.lastYearItems, `${path}.lastYearItems`, 'count'),
          change: fig(f?.change, `${path}.change`, 'change'),
          decisions: fig(f?.decisions, `${path}.decisions`, 'count'),
        }
      : { decisions: fig(f?.decisions, `${path}.decisions`, 'count') };

  const figures: Record<string, Record<string, number | null>> =
    template === '2021'
      ? {
          rules: { issued: docs.rules.issued, repealed: docs.rules.repealed, in_force: docs.rules.inForce },
          normative_documents: {
            issued: docs.normative.issued,
            repealed: docs.normative.repealed,
            in_force: docs.normative.inForce,
          },
          licensing: items(inputs.licensing, 'licensing', false),
          penalty: items(inputs.penalty, 'penalty', false),
          coercion: items(inputs.coercion, 'coercion', false),
          fees: { amount: fig(inputs.fees?.amount, 'fees.amount', 'amount') },
        }
      : {
          rules: {
            newly_made: docs.rules.issued,
            newly_published: docs.rules.issued,
            total_published: docs.rules.inForce,
          },
          normative_documents: {
            newly_made: docs.normative.issued,
            newly_published: docs.normative.issued,
            total_published: docs.normative.inForce,
          },
          licensing: items(inputs.licensing, 'licensing', true),
          other_services: items(inputs.otherServices, 'otherServices', true),
          penalty: items(inputs.penalty, 'penalty', true),
          coercion: items(inputs.coercion, 'coercion', true),
          fees: {
            last_year_items: fig(inputs.fees?.lastYearItems, 'fees.lastYearItems', 'count'),
            change: fig(inputs.fees?.change, 'fees.change', 'change'),
          },
          procurement: {
            items: fig(inputs.procurement?.items, 'procurement.items', 'count'),
            amount: fig(inputs.procurement?.amount, 'procurement.amount', 'amount'),
          },
        };
  const rows: ProactiveRow[] = [];
  for (const section of proactiveLayout(template)) {
    for (const r of section.rows) {
      const row: ProactiveRow = { key: r.key, label: r.label, section: section.heading };
      for (const c of section.columns) row[c.key] = figures[r.key]?.[c.key] ?? null;
      rows.push(row);
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Cross-check
// ---------------------------------------------------------------------------------------------

interface CrossCheckFailure {
  /**
   * - 'balance': new + carried_over = results_total + carried_forward (per column);
   * - 'results_total': （七）总计 = sum of the result rows (per column);
   * - 'row_total': 总计 column = sum of the six applicant columns (per row);
   * - 'appeals_total': Table 4 总计 = the four other cells (per block).
   */
  rule: 'balance' | 'results_total' | 'row_total' | 'appeals_total';
  /** Table 3 column key, or 'appeals.<kind>.total' for Table 4. */
  column: string;
  expected: number;
  actual: number;
  /** Every cell involved, as 'rowKey.column' (Table 4: 'appeals.kind.field'). */
  cells: string[];
  /** Human-readable description with the values. */
  message: string;
}

interface CrossCheckResult {
  ok: boolean;
  broken: CrossCheckFailure[];
}

/** Thrown by {@link assertCrossCheck}; `broken` lists every failed identity. */
export class CrossCheckError extends Error {
  readonly broken: readonly CrossCheckFailure[];

  constructor(broken: readonly CrossCheckFailure[]) {
    super(`Annual report cross-check failed: ${broken.map((b) => b.message).join('; ')}`);
    this.name = 'CrossCheckError';
    this.broken = broken;
  }
}

const show = (n: number) => (isNaN_(n) ? 'missing' : String(n));
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
const differ = (a: number, b: number) => isNaN_(a) || isNaN_(b) || Math.abs(a - b) > 1e-9;

/**
 * Verifies the identities of the official tables on a (possibly edited or deserialised) report:
 * the 勾稽关系 of Table 3 (一 + 二 = 三（七）+ 四, in every column), （七）总计 = sum of the result
 * rows, the 总计 column of every Table 3 row, and the 总计 of every Table 4 block.
 * A missing or non-numeric cell counts as broken.
 */
export function crossCheck(report: AnnualReport): CrossCheckResult {
  const broken: CrossCheckFailure[] = [];
  const rows = new Map<string, Record<string, unknown>>();
  for (const r of report?.applications?.rows ?? []) rows.set(r.key, r as unknown as Record<string, unknown>);
  const template: ReportTemplate = TEMPLATES.includes(report?.template) ? report.template : templateForYear(report?.year);
  const layout = applicationLayout(template);
  const resultKeys = layout.filter((r) => r.isResult).map((r) => r.key);
  const cell = (row: string, col: string) => num(rows.get(row)?.[col]);

  for (const c of APPLICATION_COLUMNS) {
    const left = cell('new', c) + cell('carried_over', c);
    const right = cell('results_total', c) + cell('carried_forward', c);
    if (differ(left, right)) {
      broken.push({
        rule: 'balance',
        column: c,
        expected: left,
        actual: right,
        cells: [`new.${c}`, `carried_over.${c}`, `results_total.${c}`, `carried_forward.${c}`],
        message: `new.${c} + carried_over.${c} = ${show(left)} but results_total.${c} + carried_forward.${c} = ${show(right)}`,
      });
    }
  }
  for (const c of APPLICATION_COLUMNS) {
    let sum = 0;
    for (const k of resultKeys) sum += cell(k, c);
    const actual = cell('results_total', c);
    if (differ(sum, actual)) {
      broken.push({
        rule: 'results_total',
        column: c,
        expected: sum,
        actual,
        cells: [`results_total.${c}`, ...resultKeys.map((k) => `${k}.${c}`)],
        message: `sum of the ${resultKeys.length} result rows in column ${c} = ${show(sum)} but results_total.${c} = ${show(actual)}`,
      });
    }
  }
  for (const def of layout) {
    let sum = 0;
    for (const t of APPLICANT_TYPES) sum += cell(def.key, t);
    const actual = cell(def.key, 'total');
    if (differ(sum, actual)) {
      broken.push({
        rule: 'row_total',
        column: 'total',
        expected: sum,
        actual,
        cells: [`${def.key}.total`, ...APPLICANT_TYPES.map((t) => `${def.key}.${t}`)],
        message: `${APPLICANT_TYPES.map((t) => `${def.key}.${t}`).join(' + ')} = ${show(sum)} but ${def.key}.total = ${show(actual)}`,
      });
    }
  }
  for (const k of APPEAL_KINDS) {
    const block = (report?.appeals?.[k] ?? {}) as unknown as Record<string, unknown>;
    const parts = APPEAL_FIELDS.filter((f) => f !== 'total');
    let sum = 0;
    for (const f of parts) sum += num(block[f]);
    const actual = num(block.total);
    if (differ(sum, actual)) {
      broken.push({
        rule: 'appeals_total',
        column: `appeals.${k}.total`,
        expected: sum,
        actual,
        cells: [`appeals.${k}.total`, ...parts.map((f) => `appeals.${k}.${f}`)],
        message: `${parts.map((f) => `appeals.${k}.${f}`).join(' + ')} = ${show(sum)} but appeals.${k}.total = ${show(actual)}`,
      });
    }
  }
  return { ok: broken.length === 0, broken };
}

/** Throws {@link CrossCheckError} unless {@link crossCheck} passes. */
export function assertCrossCheck(report: AnnualReport): void {
  const result = crossCheck(report);
  if (!result.ok) throw new CrossCheckError(result.broken);
}
