/**
 * Renderings of an {@link AnnualReport}: CSV (data exchange), XLSX (official table layout with
 * merged header cells) and a printable standalone HTML page.
 *
 * XLSX and HTML share one grid model per table ({@link buildTableGrids}): every cell has an explicit
 * position and row/column span, mirroring the tables of the General Office templates.
 */
import ExcelJS from 'exceljs';
import type { Borders, Worksheet } from 'exceljs';
import {
  APPEAL_FIELD_LABELS,
  APPEAL_FIELDS,
  APPEAL_LABELS,
  APPLICATION_COLUMN_LABELS,
  APPLICATION_HEADER,
  applicationLayout,
  ORGANISATION_COLUMNS,
  PROACTIVE_CONTENT_HEADER,
  proactiveLayout,
  RESULTS_GROUP_LABEL,
  SECTION_TITLES,
} from './templates.js';
import { APPEAL_KINDS } from '../../applications/domain/vocabulary.js';
import { APPLICATION_COLUMNS, type AnnualReport, type ApplicationRow, type ProactiveRow } from './types.js';

type CellValue = string | number | null;

interface GridCell {
  /** 0-based row and column of the top-left corner. */
  r: number;
  c: number;
  rowspan: number;
  colspan: number;
  value: CellValue;
  role: 'header' | 'label' | 'value';
}

interface TableGrid {
  key: 'proactive' | 'applications' | 'appeals';
  title: string;
  sheetName: string;
  width: number;
  height: number;
  /** Column widths in Excel character units. */
  columnWidths: number[];
  orientation: 'portrait' | 'landscape';
  cells: GridCell[];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function proactiveGrid(report: AnnualReport): TableGrid {
  const layout = proactiveLayout(report.template);
  const byKey = new Map<string, ProactiveRow>(report.proactive.rows.map((r) => [r.key, r]));
  // Every section spreads its figure columns evenly over a common number of grid columns.
  const w = layout.reduce((acc, s) => (acc * s.columns.length) / gcd(acc, s.columns.length), 1);
  const cells: GridCell[] = [];
  let r = 0;
  for (const section of layout) {
    cells.push({ r, c: 0, rowspan: 1, colspan: w + 1, value: section.heading, role: 'header' });
    r++;
    const span = w / section.columns.length;
    cells.push({ r, c: 0, rowspan: 1, colspan: 1, value: PROACTIVE_CONTENT_HEADER, role: 'header' });
    section.columns.forEach((col, i) =>
      cells.push({ r, c: 1 + i * span, rowspan: 1, colspan: span, value: col.label, role: 'header' }),
    );
    r++;
    for (const rowDef of section.rows) {
      const row = byKey.get(rowDef.key);
      cells.push({ r, c: 0, rowspan: 1, colspan: 1, value: row?.label ?? rowDef.label, role: 'label' });
      section.columns.forEach((col, i) => {
        const v = row?.[col.key];
        cells.push({ r, c: 1 + i * span, rowspan: 1, colspan: span, value: typeof v === 'number' ? v : null, role: 'value' });
      });
      r++;
    }
  }
  const figureWidth = Math.max(10, Math.ceil(60 / w));
  return {
    key: 'proactive',
    title: SECTION_TITLES.proactive,
    sheetName: SECTION_TITLES.proactive,
    width: w + 1,
    height: r,
    columnWidths: [26, ...new Array<number>(w).fill(figureWidth)],
    orientation: 'portrait',
    cells,
  };
}

function applicationsGrid(report: AnnualReport): TableGrid {
  const layout = applicationLayout(report.template);
  const byKey = new Map<string, ApplicationRow>(report.applications.rows.map((r) => [r.key, r]));
  const cells: GridCell[] = [
    { r: 0, c: 0, rowspan: 3, colspan: 3, value: APPLICATION_HEADER.note, role: 'header' },
    { r: 0, c: 3, rowspan: 1, colspan: 7, value: APPLICATION_HEADER.applicants, role: 'header' },
    { r: 1, c: 3, rowspan: 2, colspan: 1, value: APPLICATION_COLUMN_LABELS.natural_person, role: 'header' },
    { r: 1, c: 4, rowspan: 1, colspan: 5, value: APPLICATION_HEADER.organisations, role: 'header' },
    { r: 1, c: 9, rowspan: 2, colspan: 1, value: APPLICATION_COLUMN_LABELS.total, role: 'header' },
    ...ORGANISATION_COLUMNS.map(
      (k, i): GridCell => ({ r: 2, c: 4 + i, rowspan: 1, colspan: 1, value: APPLICATION_COLUMN_LABELS[k], role: 'header' }),
    ),
  ];
  const resultCount = layout.filter((d) => d.level === 'result').length;
  let r = 3;
  let resultsStarted = false;
  let currentGroup: string | undefined;
  for (const def of layout) {
    if (def.level === 'top') {
      cells.push({ r, c: 0, rowspan: 1, colspan: 3, value: def.label, role: 'label' });
    } else {
      if (!resultsStarted) {
        cells.push({ r, c: 0, rowspan: resultCount, colspan: 1, value: RESULTS_GROUP_LABEL, role: 'label' });
        resultsStarted = true;
      }
      if (def.group === undefined) {
        cells.push({ r, c: 1, rowspan: 1, colspan: 2, value: def.label, role: 'label' });
      } else {
        if (def.group !== currentGroup) {
          const size = layout.filter((d) => d.group === def.group).length;
          cells.push({ r, c: 1, rowspan: size, colspan: 1, value: def.group, role: 'label' });
        }
        cells.push({ r, c: 2, rowspan: 1, colspan: 1, value: def.label, role: 'label' });
      }
    }
    currentGroup = def.group;
    const row = byKey.get(def.key);
    APPLICATION_COLUMNS.forEach((col, i) => {
      const v = row?.[col];
      cells.push({ r, c: 3 + i, rowspan: 1, colspan: 1, value: typeof v === 'number' ? v : null, role: 'value' });
    });
    r++;
  }
  return {
    key: 'applications',
    title: SECTION_TITLES.applications,
    sheetName: SECTION_TITLES.applications,
    width: 10,
    height: r,
    columnWidths: [8, 16, 56, 10, 10, 10, 13, 13, 10, 10],
    orientation: 'landscape',
    cells,
  };
}

function appealsGrid(report: AnnualReport): TableGrid {
  const cells: GridCell[] = [
    { r: 0, c: 0, rowspan: 1, colspan: 5, value: APPEAL_LABELS.reconsideration, role: 'header' },
    { r: 0, c: 5, rowspan: 1, colspan: 10, value: APPEAL_LABELS.litigationGroup, role: 'header' },
    ...APPEAL_FIELDS.map((f, i): GridCell => ({ r: 1, c: i, rowspan: 2, colspan: 1, value: APPEAL_FIELD_LABELS[f], role: 'header' })),
    { r: 1, c: 5, rowspan: 1, colspan: 5, value: APPEAL_LABELS.litigation, role: 'header' },
    { r: 1, c: 10, rowspan: 1, colspan: 5, value: APPEAL_LABELS.litigation_after_reconsideration, role: 'header' },
  ];
  for (let block = 1; block < 3; block++) {
    APPEAL_FIELDS.forEach((f, i) =>
      cells.push({ r: 2, c: block * 5 + i, rowspan: 1, colspan: 1, value: APPEAL_FIELD_LABELS[f], role: 'header' }),
    );
  }
  APPEAL_KINDS.forEach((kind, block) => {
    APPEAL_FIELDS.forEach((f, i) => {
      const v = report.appeals?.[kind]?.[f];
      cells.push({ r: 3, c: block * 5 + i, rowspan: 1, colspan: 1, value: typeof v === 'number' ? v : null, role: 'value' });
    });
  });
  return {
    key: 'appeals',
    title: SECTION_TITLES.appeals,
    sheetName: SECTION_TITLES.appeals,
    width: 15,
    height: 4,
    columnWidths: new Array<number>(15).fill(10),
    orientation: 'landscape',
    cells,
  };
}

/** The three official tables as positioned cells (shared by the XLSX and HTML renderings). */
function buildTableGrids(report: AnnualReport): TableGrid[] {
  return [proactiveGrid(report), applicationsGrid(report), appealsGrid(report)];
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

function csvField(v: CellValue): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV (UTF-8 with BOM so that spreadsheet software detects the encoding, CRLF line ends), one
 * section per table with the official Chinese labels; merged header cells are written as in the
 * official layout with the spanned cells left empty, group labels are repeated on every line.
 */
export function toCsv(report: AnnualReport): string {
  const lines: CellValue[][] = [];
  lines.push([`${report.year}年度政府信息公开工作年度报告`]);
  lines.push([]);

  lines.push([SECTION_TITLES.proactive]);
  const byKey = new Map(report.proactive.rows.map((r) => [r.key, r]));
  for (const section of proactiveLayout(report.template)) {
    lines.push([section.heading]);
    lines.push([PROACTIVE_CONTENT_HEADER, ...section.columns.map((c) => c.label)]);
    for (const def of section.rows) {
      const row = byKey.get(def.key);
      lines.push([
        row?.label ?? def.label,
        ...section.columns.map((c) => {
          const v = row?.[c.key];
          return typeof v === 'number' ? v : null;
        }),
      ]);
    }
  }
  lines.push([]);

  lines.push([SECTION_TITLES.applications]);
  const orgs = ORGANISATION_COLUMNS.map((k) => APPLICATION_COLUMN_LABELS[k]);
  lines.push([
    APPLICATION_HEADER.note,
    null,
    null,
    APPLICATION_COLUMN_LABELS.natural_person,
    APPLICATION_HEADER.organisations,
    null,
    null,
    null,
    null,
    APPLICATION_COLUMN_LABELS.total,
  ]);
  lines.push([null, null, null, null, ...orgs, null]);
  const appRows = new Map(report.applications.rows.map((r) => [r.key, r]));
  for (const def of applicationLayout(report.template)) {
    const labels: CellValue[] =
      def.level === 'top'
        ? [def.label, null, null]
        : def.group === undefined
          ? [RESULTS_GROUP_LABEL, def.label, null]
          : [RESULTS_GROUP_LABEL, def.group, def.label];
    const row = appRows.get(def.key);
    lines.push([...labels, ...APPLICATION_COLUMNS.map((c) => (typeof row?.[c] === 'number' ? row[c] : null))]);
  }
  lines.push([]);

  lines.push([SECTION_TITLES.appeals]);
  const blank = (n: number) => new Array<null>(n).fill(null);
  lines.push([APPEAL_LABELS.reconsideration, ...blank(4), APPEAL_LABELS.litigationGroup, ...blank(9)]);
  lines.push([...blank(5), APPEAL_LABELS.litigation, ...blank(4), APPEAL_LABELS.litigation_after_reconsideration, ...blank(4)]);
  lines.push(APPEAL_KINDS.flatMap(() => APPEAL_FIELDS.map((f) => APPEAL_FIELD_LABELS[f])));
  lines.push(
    APPEAL_KINDS.flatMap((k) =>
      APPEAL_FIELDS.map((f) => {
        const v = report.appeals?.[k]?.[f];
        return typeof v === 'number' ? v : null;
      }),
    ),
  );

  return '\uFEFF' + lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------------------------

const THIN: Borders = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
} as Borders;

/** Approximate display width: CJK and full-width characters take two units. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return w;
}

function excelSheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

function writeGrid(ws: Worksheet, grid: TableGrid, caption: string): void {
  const OFFSET = 2; // row 1 holds the caption
  grid.columnWidths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  const title = ws.getCell(1, 1);
  title.value = caption;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.mergeCells(1, 1, 1, grid.width);
  ws.getRow(1).height = 26;

  const lineHeights = new Array<number>(grid.height).fill(1);
  for (const cell of grid.cells) {
    const xr = cell.r + OFFSET;
    const xc = cell.c + 1;
    const target = ws.getCell(xr, xc);
    target.value = cell.value;
    target.alignment =
      cell.role === 'label' && cell.rowspan === 1
        ? { horizontal: 'left', vertical: 'middle', wrapText: true }
        : { horizontal: 'center', vertical: 'middle', wrapText: true };
    if (cell.role === 'header') target.font = { bold: true };
    if (cell.rowspan > 1 || cell.colspan > 1) ws.mergeCells(xr, xc, xr + cell.rowspan - 1, xc + cell.colspan - 1);
    if (cell.rowspan === 1 && typeof cell.value === 'string') {
      let width = 0;
      for (let c = cell.c; c < cell.c + cell.colspan; c++) width += grid.columnWidths[c];
      const lines = Math.ceil(displayWidth(cell.value) / Math.max(1, width - 1));
      lineHeights[cell.r] = Math.max(lineHeights[cell.r], lines);
    }
  }
  for (let r = 0; r < grid.height; r++) {
    ws.getRow(r + OFFSET).height = Math.max(20, lineHeights[r] * 15 + 5);
    for (let c = 0; c < grid.width; c++) ws.getCell(r + OFFSET, c + 1).border = THIN;
  }
}

/**
 * XLSX workbook with one worksheet per table (Tables 2, 3, 4), laid out like the official tables
 * (merged header and group cells, borders, column widths, A4 print setup).
 */
export async function toXlsx(report: AnnualReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'gongkai';
  wb.title = `${report.year}年度政府信息公开工作年度报告`;
  for (const grid of buildTableGrids(report)) {
    const ws = wb.addWorksheet(excelSheetName(grid.sheetName), {
      pageSetup: {
        paperSize: 9,
        orientation: grid.orientation,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        horizontalCentered: true,
      },
    });
    writeGrid(ws, grid, `${grid.title}（${report.year}年度）`);
  }
  const out = await wb.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out as unknown as ArrayBuffer);
}

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

interface HtmlOptions {
  title: string;
  /** Free text of the narrative sections; lines become paragraphs. Sections left out are omitted. */
  narrative?: { overall?: string; problems?: string; other?: string };
}

function paragraphs(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('\n');
}

function gridHtml(grid: TableGrid): string {
  const byRow: GridCell[][] = Array.from({ length: grid.height }, () => []);
  for (const cell of grid.cells) byRow[cell.r].push(cell);
  const sum = grid.columnWidths.reduce((a, b) => a + b, 0);
  const colgroup = `<colgroup>${grid.columnWidths
    .map((w) => `<col style="width:${((w / sum) * 100).toFixed(2)}%">`)
    .join('')}</colgroup>`;
  const rows = byRow.map((cells) => {
    const tds = cells
      .sort((a, b) => a.c - b.c)
      .map((cell) => {
        const tag = cell.role === 'header' ? 'th' : 'td';
        const attrs =
          (cell.rowspan > 1 ? ` rowspan="${cell.rowspan}"` : '') +
          (cell.colspan > 1 ? ` colspan="${cell.colspan}"` : '') +
          (cell.role === 'value' ? ' class="num"' : cell.role === 'label' ? ' class="label"' : '');
        const text = cell.value === null ? '' : escapeHtml(String(cell.value));
        return `<${tag}${attrs}>${text}</${tag}>`;
      })
      .join('');
    return `<tr>${tds}</tr>`;
  });
  return `<table class="t-${grid.key}">\n${colgroup}\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

const PRINT_CSS = `
@page { size: A4; margin: 20mm 15mm; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 960px; padding: 24px; color: #000; background: #fff;
  font-family: "FangSong", "仿宋", "STFangsong", "SimSun", "宋体", "Songti SC", serif; font-size: 12pt; line-height: 1.7; }
h1 { text-align: center; font-family: "SimHei", "黑体", "Heiti SC", sans-serif; font-size: 18pt; font-weight: normal; margin: 0 0 24px; }
h2 { font-family: "SimHei", "黑体", "Heiti SC", sans-serif; font-size: 14pt; font-weight: normal; margin: 20px 0 8px; }
p { margin: 0 0 6px; text-indent: 2em; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 10pt; line-height: 1.4; table-layout: fixed; }
th, td { border: 1px solid #000; padding: 3px 4px; vertical-align: middle; word-break: break-all; }
th { font-weight: bold; text-align: center; }
td.label { text-align: left; }
td.num { text-align: center; }
@media print {
  body { max-width: none; padding: 0; }
  tr, th, td { page-break-inside: avoid; break-inside: avoid; }
  h2 { page-break-after: avoid; break-after: avoid; }
}
`;

/**
 * A standalone printable HTML page: the narrative sections that are given and the three tables
 * in the official layout (rowspan/colspan as in the template). All text is HTML-escaped.
 */
export function toHtml(report: AnnualReport, options: HtmlOptions): string {
  const [proactive, applications, appeals] = buildTableGrids(report).map(gridHtml);
  const narrative = options.narrative ?? {};
  const section = (title: string, body: string) => `<section>\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
  const parts: string[] = [];
  if (narrative.overall !== undefined) parts.push(section(SECTION_TITLES.overall, paragraphs(narrative.overall)));
  parts.push(section(SECTION_TITLES.proactive, proactive));
  parts.push(section(SECTION_TITLES.applications, applications));
  parts.push(section(SECTION_TITLES.appeals, appeals));
  if (narrative.problems !== undefined) parts.push(section(SECTION_TITLES.problems, paragraphs(narrative.problems)));
  if (narrative.other !== undefined) parts.push(section(SECTION_TITLES.other, paragraphs(narrative.other)));
  const title = escapeHtml(options.title);
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${PRINT_CSS}</style>
</head>
<body>
<h1>${title}</h1>
${parts.join('\n')}
</body>
</html>
`;
}
