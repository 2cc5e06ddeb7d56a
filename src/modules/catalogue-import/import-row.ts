/**
 * A district's historic disclosure catalogue, row by row: which column is which (Chinese or
 * English headers), and whether a row can become a catalogue entry. Pure: no database, no I/O.
 * Unit resolution and "already imported?" need the database (catalogue-import.repository.ts).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../common/canonical-json.js';
import { chinaYearOf } from '../../common/china-time.js';
import { describeTextProblem, textProblem } from '../../common/text/stored-text.js';
import { parseIndexNo } from '../catalogue/index-number.js';
import { CATEGORIES, DOC_TYPES, MAX_BODY_BYTES, type Category, type DocType } from '../documents/document.types.js';

const IMPORT_FIELDS = ['indexNo', 'title', 'summary', 'unit', 'category', 'documentNumber', 'writtenOn', 'publishedOn', 'body', 'docType'] as const;
type ImportField = (typeof IMPORT_FIELDS)[number];

/** Header names per field, compared after normaliseHeader (case, spaces, punctuation, notes in brackets). */
const HEADER_ALIASES: Record<ImportField, string[]> = {
  indexNo: ['索引号', '索引编号', 'indexno', 'indexnumber', 'index'],
  title: ['标题', '名称', '信息名称', '文件名称', 'title'],
  summary: ['摘要', '内容摘要', '内容概述', '概述', 'summary', 'abstract'],
  unit: ['发布机构', '发文机关', '发布单位', '发文单位', '公开机构', '机构', '单位', 'unit', 'unitcode', 'publisher', 'issuingbody', 'agency'],
  category: ['类别', '分类', '主题分类', '信息类别', '公开类别', 'category'],
  documentNumber: ['文号', '发文字号', '发文文号', 'documentnumber', 'docno', 'docnumber', 'number'],
  writtenOn: ['成文日期', '成文时间', '生成日期', 'writtenon', 'dateofcreation', 'createdon', 'datewritten', 'writtendate'],
  publishedOn: ['发布日期', '发布时间', '公开日期', '公开时间', 'publishedon', 'publishedat', 'publicationdate', 'publishdate', 'date'],
  body: ['正文', '内容', '全文', 'body', 'text', 'content', 'fulltext'],
  docType: ['文种', '公文种类', '文件类型', 'doctype', 'type'],
};

const REQUIRED_FIELDS: ImportField[] = ['indexNo', 'title', 'unit'];

/** Catalogue categories (Art. 20) by code, by the UI's Chinese names and by common older names. */
const CATEGORY_NAMES: Record<Category, string[]> = {
  rules_and_normative_documents: ['规章和行政规范性文件', '规章和规范性文件', '行政规范性文件', '规范性文件', '政策文件', '行政法规规章和规范性文件', '法规文件'],
  organisation: ['机构职能', '机构设置', '机关职能', '机构信息', '组织机构'],
  plans_and_policies: ['规划和政策', '规划计划', '发展规划', '规划信息', '国民经济和社会发展规划'],
  statistics: ['统计信息', '统计数据'],
  licensing_and_services: ['行政许可和服务', '行政许可', '行政审批', '政务服务', '行政许可和其他对外管理服务'],
  penalties_and_coercion: ['行政处罚和行政强制', '行政处罚', '行政强制'],
  budgets_and_accounts: ['财政预算决算', '财政预决算', '预算决算', '预决算', '财政信息'],
  fees: ['行政事业性收费', '收费信息'],
  procurement: ['政府集中采购', '政府采购'],
  major_projects: ['重大建设项目'],
  social_programmes: ['扶贫教育医疗社保就业', '扶贫教育医疗社会保障促进就业', '社会保障', '扶贫', '教育', '医疗', '就业'],
  emergencies: ['突发公共事件应对', '突发公共事件', '应急管理'],
  inspections: ['监督检查', '监督检查情况', '环境保护公共卫生安全生产食品药品产品质量的监督检查情况'],
  civil_service_recruitment: ['公务员招考', '公务员招录'],
  other: ['其他', '其它'],
};

const DOC_TYPE_NAMES: Record<DocType, string[]> = {
  normative_document: ['行政规范性文件', '规范性文件'],
  notice: ['通知', '通告', '公告'],
  plan: ['方案', '计划', '规划', '方案计划'],
  report: ['报告'],
  reply: ['批复', '答复', '复函'],
  minutes: ['纪要', '会议纪要'],
  other: ['其他', '其它'],
  interpretation: ['政策解读', '解读'],
};

/** NFKC (full-width → ASCII), no BOM, no notes in brackets or required-markers, lower case, no separators. */
export function normaliseHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/\ufeff/g, '')
    .replace(/[(（\[【][^)）\]】]*[)）\]】]/g, '')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** A name compared loosely: NFKC, no spaces or punctuation, lower case. */
function loose(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

const CATEGORY_LOOKUP = new Map<string, Category>();
for (const c of CATEGORIES) {
  CATEGORY_LOOKUP.set(loose(c), c);
  for (const n of CATEGORY_NAMES[c]) CATEGORY_LOOKUP.set(loose(n), c);
}
const DOC_TYPE_LOOKUP = new Map<string, DocType>();
for (const t of DOC_TYPES) {
  DOC_TYPE_LOOKUP.set(loose(t), t);
  for (const n of DOC_TYPE_NAMES[t]) DOC_TYPE_LOOKUP.set(loose(n), t);
}

export function categoryOf(value: string): Category | null {
  return CATEGORY_LOOKUP.get(loose(value)) ?? null;
}

export function docTypeOf(value: string): DocType | null {
  return DOC_TYPE_LOOKUP.get(loose(value)) ?? null;
}

interface HeaderMapping {
  /** Column index of each recognised field. */
  columns: Partial<Record<ImportField, number>>;
  /** Headers that name no field (ignored). */
  ignored: string[];
  /** Problems that make the whole file unusable. */
  errors: string[];
}

export function mapHeaders(headers: string[]): HeaderMapping {
  const lookup = new Map<string, ImportField>();
  for (const f of IMPORT_FIELDS) for (const a of HEADER_ALIASES[f]) lookup.set(normaliseHeader(a), f);
  const columns: Partial<Record<ImportField, number>> = {};
  const ignored: string[] = [];
  const errors: string[] = [];
  headers.forEach((h, i) => {
    const key = normaliseHeader(h ?? '');
    if (key === '') return;
    const field = lookup.get(key);
    if (!field) {
      ignored.push(h);
      return;
    }
    if (columns[field] !== undefined) {
      errors.push(`columns "${headers[columns[field]!]}" and "${h}" both give ${field}: keep one`);
      return;
    }
    columns[field] = i;
  });
  for (const f of REQUIRED_FIELDS) {
    if (columns[f] === undefined) errors.push(`no column for ${f} (${HEADER_ALIASES[f].slice(0, 2).join(' / ')})`);
  }
  if (columns.publishedOn === undefined && columns.writtenOn === undefined) {
    errors.push('no date column: 发布日期 (publishedOn) or 成文日期 (writtenOn)');
  }
  return { columns, ignored, errors };
}

/** A row as read from the file: cells by column, 1-based row number as the user sees it. */
export interface RawRow {
  rowNumber: number;
  cells: unknown[];
}

/** A row that can become a catalogue entry, once its unit is known. */
export interface ImportRow {
  rowNumber: number;
  indexNo: string;
  /** The unit part of the index number. */
  unitCode: string;
  year: number;
  serial: number;
  /** The unit as written in the unit column (code or name). */
  unit: string;
  title: string;
  summary: string | null;
  category: Category | null;
  documentNumber: string | null;
  docType: DocType;
  writtenOn: string | null;
  /** ISO 8601 with the +08:00 offset. */
  publishedAt: string;
  body: string;
}

type RowValidation = { ok: true; row: ImportRow } | { ok: false; reasons: string[] };

/** Text of a cell: strings trimmed (NFC, no NUL, \n line ends), numbers and dates as written. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return String(v).normalize('NFC').replace(/\u0000/g, '').replace(/\r\n?/g, '\n').trim();
}

/**
 * A calendar date from a cell: 2019-05-15, 2019/5/15, 2019.5.15, 2019年5月15日, 20190515, an
 * Excel date cell or serial number; optionally followed by a time (hh:mm[:ss]). Times are China
 * time. null when empty, 'invalid' when unreadable or not a real date.
 */
export function parseChinaDate(v: unknown): { date: string; time: string } | null | 'invalid' {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return 'invalid';
    // Spreadsheet dates arrive as UTC midnight of the date shown in the cell.
    const iso = v.toISOString();
    return checkDate(+iso.slice(0, 4), +iso.slice(5, 7), +iso.slice(8, 10), iso.slice(11, 19));
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 19000101 && v <= 29991231) return checkDate(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100, '00:00:00');
    if (v > 20000 && v < 80000) {
      // Excel serial: days since 1899-12-30 (the 1900 leap-year bug is before any date we accept).
      const ms = Math.round((v - 25569) * 86400000);
      const iso = new Date(ms).toISOString();
      return checkDate(+iso.slice(0, 4), +iso.slice(5, 7), +iso.slice(8, 10), iso.slice(11, 19));
    }
    return 'invalid';
  }
  const s = cellText(v).normalize('NFKC');
  if (s === '') return null;
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s]+(\d{1,2})[:时](\d{2})(?:[:分](\d{2}))?秒?)?(?:\+08:?00)?$/.exec(s);
  if (!m) {
    const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
    if (compact) m = [s, compact[1], compact[2], compact[3]] as unknown as RegExpExecArray;
  }
  if (!m) return 'invalid';
  const time = m[4] !== undefined ? `${m[4].padStart(2, '0')}:${m[5]}:${(m[6] ?? '00').padStart(2, '0')}` : '00:00:00';
  return checkDate(+m[1], +m[2], +m[3], time);
}

function checkDate(y: number, mo: number, d: number, time: string): { date: string; time: string } | 'invalid' {
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return 'invalid';
  const [hh, mm, ss] = time.split(':').map(Number);
  if (hh > 23 || mm > 59 || ss > 59) return 'invalid';
  return { date: `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`, time };
}

/** Checks one row; every problem is reported, not just the first. */
export function validateRow(raw: RawRow, columns: Partial<Record<ImportField, number>>, now = new Date()): RowValidation {
  const get = (f: ImportField): unknown => (columns[f] === undefined ? undefined : raw.cells[columns[f]!]);
  const text = (f: ImportField) => cellText(get(f));
  const reasons: string[] = [];

  const indexNo = text('indexNo').normalize('NFKC').toUpperCase().replace(/\s+/g, '');
  let unitCode = '';
  let year = 0;
  let serial = 0;
  const parts = parseIndexNo(indexNo);
  if (!indexNo) reasons.push('索引号 (indexNo) is empty');
  else if (!parts) reasons.push(`索引号 "${indexNo}" is not <unit code>-<year>-<6-digit serial>, e.g. FGW-2019-000017`);
  else {
    ({ unitCode, year, serial } = parts);
    if (serial === 0) reasons.push(`索引号 "${indexNo}": the serial starts at 000001`);
    if (year < 1949 || year > chinaYearOf(now)) reasons.push(`索引号 "${indexNo}": year ${year} is not a past or current year`);
  }

  const title = text('title');
  if (!title) reasons.push('标题 (title) is empty');
  else if (title.length > 300) reasons.push(`标题 (title) has ${title.length} characters (at most 300)`);
  const summary = text('summary');
  if (summary.length > 2000) reasons.push(`摘要 (summary) has ${summary.length} characters (at most 2000)`);
  const unit = text('unit');
  if (!unit) reasons.push('发布机构 (unit) is empty');

  const categoryRaw = text('category');
  const category = categoryRaw ? categoryOf(categoryRaw) : null;
  if (categoryRaw && !category) reasons.push(`类别 "${categoryRaw}" is not a catalogue category (a code such as rules_and_normative_documents, or its Chinese name)`);
  const docTypeRaw = text('docType');
  const docType = docTypeRaw ? docTypeOf(docTypeRaw) : 'other';
  if (docTypeRaw && !docType) reasons.push(`文种 "${docTypeRaw}" is not one of ${DOC_TYPES.join(', ')} (or their Chinese names)`);
  const documentNumber = text('documentNumber');
  if (documentNumber.length > 100) reasons.push(`文号 (documentNumber) has ${documentNumber.length} characters (at most 100)`);
  const body = text('body');
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) reasons.push(`正文 (body) is larger than ${MAX_BODY_BYTES} bytes`);

  const written = parseChinaDate(get('writtenOn'));
  const published = parseChinaDate(get('publishedOn'));
  if (written === 'invalid') reasons.push(`成文日期 "${text('writtenOn')}" is not a date (e.g. 2019-05-15 or 2019年5月15日)`);
  if (published === 'invalid') reasons.push(`发布日期 "${text('publishedOn')}" is not a date (e.g. 2019-05-15 or 2019年5月15日)`);
  const when = published && published !== 'invalid' ? published : written && written !== 'invalid' ? written : null;
  if (!published && !written) reasons.push('no date: 发布日期 (publishedOn) or 成文日期 (writtenOn) is required');
  let publishedAt = '';
  if (when) {
    publishedAt = `${when.date}T${when.time}+08:00`;
    if (new Date(publishedAt).getTime() > now.getTime() + 86400_000) reasons.push(`the date ${when.date} is in the future`);
  }
  if (written && written !== 'invalid' && published && published !== 'invalid' && published.date < written.date) {
    reasons.push(`发布日期 ${published.date} is before 成文日期 ${written.date}`);
  }
  for (const [label, value] of [['标题 (title)', title], ['摘要 (summary)', summary], ['发布机构 (unit)', unit], ['文号 (documentNumber)', documentNumber], ['正文 (body)', body]]) {
    const problem = textProblem(value);
    if (problem) reasons.push(describeTextProblem(label, problem));
  }
  if (reasons.length > 0) return { ok: false, reasons };
  return {
    ok: true,
    row: {
      rowNumber: raw.rowNumber,
      indexNo,
      unitCode,
      year,
      serial,
      unit,
      title,
      summary: summary || null,
      category,
      documentNumber: documentNumber || null,
      docType: docType!,
      writtenOn: written && written !== 'invalid' ? written.date : null,
      publishedAt,
      body,
    },
  };
}

/** Identifies a row's content: the same row imported twice has the same hash. */
export function contentHash(row: ImportRow, unitId: string): string {
  const { rowNumber: _rowNumber, unit: _unit, ...content } = row;
  return createHash('sha256')
    .update(canonicalJson({ ...content, unitId, publishedAt: new Date(row.publishedAt).toISOString() }))
    .digest('hex');
}
