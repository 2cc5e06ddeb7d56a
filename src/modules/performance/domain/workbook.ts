/**
 * The assessment as an XLSX workbook: the ranking (one row per unit, the metrics, the score and
 * the rank) and the rubric with each metric's definition, in Chinese, for printing and filing.
 * Text cells are written as text (never as formulas), whatever a unit's name holds.
 */
import ExcelJS from 'exceljs';
import type { Borders, Worksheet } from 'exceljs';
import { METRIC_RULES, RUBRIC_KEYS, type RubricKey } from './metrics.js';

/** What the workbook shows (the assessment's JSON answer). */
export interface AssessmentSheet {
  year: number;
  asOf: string;
  rubricVersion: number;
  rubric: { key: string; weight: number }[];
  units: {
    code: string;
    name: string;
    score: number | null;
    rank: number | null;
    metrics: object;
  }[];
}

type Format = 'int' | 'days' | 'share' | 'date';

/** The columns of the ranking after rank, code, name and score: metric, heading, cell format. */
export const METRIC_COLUMNS: readonly [string, string, Format][] = [
  ['documentsPublished', '主动公开信息（条）', 'int'],
  ['medianWorkingDaysToPublish', '送审至公开用时（工作日，中位数）', 'days'],
  ['documentsDecided', '签发文件（件）', 'int'],
  ['proactiveShare', '主动公开比例', 'share'],
  ['applicationsReceived', '收到申请（件）', 'int'],
  ['applicationsReplied', '答复申请（件）', 'int'],
  ['repliedOnTime', '按期答复（件）', 'int'],
  ['onTimeShare', '按期答复率', 'share'],
  ['overdue', '逾期未答复（件）', 'int'],
  ['stepsOverdue', '审批环节超期（次）', 'int'],
  ['correctedOnAppeal', '复议诉讼被纠错（件）', 'int'],
  ['complaintsSubstantiated', '投诉举报属实（件）', 'int'],
  ['guideUpdatedAt', '公开指南更新', 'date'],
  ['guideFreshness', '公开指南时效', 'share'],
];

/** Each weighed metric in words (the rubric sheet). */
export const METRIC_DEFINITIONS: Readonly<Record<RubricKey, [string, string]>> = {
  documentsPublished: ['主动公开信息', '本年度在公开目录发布且未撤回的条目数（含历史导入条目）'],
  medianWorkingDaysToPublish: ['送审至公开用时', '经审批流程公开的文件，自首次送审至公开的工作日数的中位数（送审当日不计，公开当日计入）'],
  proactiveShare: ['主动公开比例', '本年度签发的文件中，公开属性为主动公开的比例'],
  onTimeShare: ['按期答复率', '本年度答复的依申请公开申请中，在答复期限内答复的比例'],
  overdue: ['逾期未答复', '答复期限在本年度届满、届满时仍未答复的申请数'],
  stepsOverdue: ['审批环节超期', '本单位文件的审批环节（保密审查、属性审查、领导签发、重新评估）在本年度超过办理时限的次数'],
  correctedOnAppeal: ['复议诉讼被纠错', '本年度审结、结果为纠正的行政复议和行政诉讼数'],
  complaintsSubstantiated: ['投诉举报属实', '本年度答复、认定属实或部分属实的涉及本单位的投诉举报数'],
  guideFreshness: ['公开指南时效', '1 − 距上次更新公开指南的天数 / 365，最低为 0；未编制为 0'],
};

const THIN: Borders = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as Borders;

function header(ws: Worksheet, row: number, values: string[]): void {
  const r = ws.getRow(row);
  values.forEach((v, i) => {
    const c = r.getCell(i + 1);
    c.value = v;
    c.font = { bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = THIN;
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF8' } };
  });
  r.height = 45;
}

function title(ws: Worksheet, text: string, note: string, width: number): void {
  ws.getCell(1, 1).value = text;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle' };
  ws.mergeCells(1, 1, 1, width);
  ws.getRow(1).height = 26;
  ws.getCell(2, 1).value = note;
  ws.getCell(2, 1).font = { color: { argb: 'FF555555' } };
  ws.mergeCells(2, 1, 2, width);
}

/** The value of a cell: numbers stay numbers (shares as fractions with a percentage format), a date as a date. */
function cell(value: number | string | null, format: Format): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  // The China calendar date of the instant (the value is written in China time), as Excel's date of that day.
  if (format === 'date') return new Date(`${String(value).slice(0, 10)}T00:00:00Z`);
  return typeof value === 'number' ? value : Number(value);
}

const NUMBER_FORMAT: Record<Format, string> = { int: '0', days: '0.0', share: '0.0%', date: 'yyyy-mm-dd' };

export async function assessmentWorkbook(a: AssessmentSheet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'gongkai';
  wb.title = `${a.year}年度政府信息公开工作绩效考核`;
  const note = `统计截至 ${a.asOf.slice(0, 10)}；评分规则第 ${a.rubricVersion} 版（见“评分规则”工作表）；得分 = Σ 权重 × 归一化值 ÷ Σ 权重 × 100`;

  const ws = wb.addWorksheet('考核排名', { views: [{ state: 'frozen', xSplit: 3, ySplit: 3 }], pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const heads = ['排名', '单位代码', '单位名称', '得分', ...METRIC_COLUMNS.map(([, h]) => h)];
  title(ws, `${a.year}年度各单位政府信息公开工作绩效考核`, note, heads.length);
  header(ws, 3, heads);
  [8, 14, 28, 9, ...METRIC_COLUMNS.map(([, , f]) => (f === 'date' ? 13 : 11))].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  a.units.forEach((u, i) => {
    const row = ws.getRow(4 + i);
    const values: [ExcelJS.CellValue, string | null][] = [
      [u.rank, '0'],
      [u.code, null],
      [u.name, null],
      [u.score, '0.00'],
      ...METRIC_COLUMNS.map(([k, , f]): [ExcelJS.CellValue, string] => [cell((u.metrics as Record<string, number | string | null>)[k] ?? null, f), NUMBER_FORMAT[f]]),
    ];
    values.forEach(([v, fmt], c) => {
      const x = row.getCell(c + 1);
      x.value = v;
      if (fmt) x.numFmt = fmt;
      x.border = THIN;
      x.alignment = { vertical: 'middle', horizontal: c === 2 ? 'left' : 'center' };
    });
  });

  const rs = wb.addWorksheet('评分规则');
  title(rs, '评分规则', note, 5);
  header(rs, 3, ['指标', '键', '权重', '方向与归一化', '定义']);
  [16, 28, 8, 34, 70].forEach((w, i) => (rs.getColumn(i + 1).width = w));
  const weights = new Map(a.rubric.map((r) => [r.key, r.weight]));
  RUBRIC_KEYS.forEach((key, i) => {
    const rule = METRIC_RULES[key];
    const how = `${rule.better === 'higher' ? '越高越好' : '越低越好'}；${rule.scale === 'absolute' ? '按原值（0–1）' : rule.better === 'higher' ? '(值 − 最小) ÷ (最大 − 最小)' : '(最大 − 值) ÷ (最大 − 最小)'}`;
    const [label, definition] = METRIC_DEFINITIONS[key];
    const row = rs.getRow(4 + i);
    [label, key, weights.get(key) ?? 0, how, definition].forEach((v, c) => {
      const x = row.getCell(c + 1);
      x.value = v;
      x.border = THIN;
      x.alignment = { vertical: 'middle', wrapText: true };
    });
  });
  // The fastest deflate level: the workbook of 1,000 units is a few hundred kilobytes either way,
  // and the zip library compresses in JavaScript (level 6 takes several times longer).
  const out = await wb.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } } as ExcelJS.XlsxWriteOptions);
  return Buffer.isBuffer(out) ? out : Buffer.from(out as unknown as ArrayBuffer);
}
