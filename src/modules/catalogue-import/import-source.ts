/**
 * Reads a catalogue file into a header and rows: CSV (UTF-8 with or without BOM, GB18030 as saved
 * by Chinese Excel, UTF-16 "Unicode text"; comma, semicolon or tab) or XLSX (the first sheet
 * with data, or a named one). No database.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { RawRow } from './import-row.js';

export interface Table {
  format: 'csv' | 'xlsx';
  /** How the text was decoded (CSV), or the sheet read (XLSX). */
  detail: string;
  headers: string[];
  rows: RawRow[];
}

/** The file cannot be imported at all (exit code 2): unreadable, wrong format, no header. */
export class ImportFileError extends Error {}

export async function readTable(path: string, opts: { sheet?: string } = {}): Promise<Table> {
  const ext = extname(path).toLowerCase();
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new ImportFileError(`cannot read ${path}: ${(e as Error).message}`);
  }
  if (ext === '.xlsx') return readXlsx(bytes, opts.sheet);
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return readCsv(bytes);
  throw new ImportFileError(`${path}: expected a .csv or .xlsx file`);
}

/** Decodes CSV bytes: BOMs first, then strict UTF-8, else GB18030 (which covers GBK and GB2312). */
export function decodeText(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'UTF-8 (BOM)' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'GB18030' };
  }
}

/** The delimiter of the header line: the most frequent of tab, comma, semicolon outside quotes. */
export function detectDelimiter(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const counts: Record<string, number> = { ',': 0, '\t': 0, ';': 0 };
  let quoted = false;
  for (const ch of first) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  const [best, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return n > 0 ? best : ',';
}

export function readCsv(bytes: Buffer): Table {
  const { text, encoding } = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (e) {
    throw new ImportFileError(`the CSV cannot be parsed: ${(e as Error).message}`);
  }
  if (records.length === 0) throw new ImportFileError('the file is empty: expected a header row');
  const [headers, ...data] = records;
  return {
    format: 'csv',
    detail: `${encoding}, delimiter ${delimiter === '\t' ? 'tab' : `"${delimiter}"`}`,
    headers: headers.map((h) => String(h ?? '')),
    // Row numbers as a spreadsheet shows them: the header is row 1.
    rows: data.map((cells, i) => ({ rowNumber: i + 2, cells })).filter((r) => r.cells.some((c) => String(c ?? '').trim() !== '')),
  };
}

async function readXlsx(bytes: Buffer, sheetName?: string): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new ImportFileError(`the XLSX file cannot be read: ${(e as Error).message}`);
  }
  const ws = sheetName ? wb.getWorksheet(sheetName) : wb.worksheets.find((w) => w.actualRowCount > 0);
  if (!ws) throw new ImportFileError(sheetName ? `no sheet named "${sheetName}" (sheets: ${wb.worksheets.map((w) => w.name).join(', ')})` : 'the workbook has no rows');
  let headers: string[] | null = null;
  let width = 0;
  const rows: RawRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellValue(cell.value);
    });
    if (!cells.some((c) => c !== '' && c !== null && c !== undefined)) return;
    if (headers === null) {
      headers = Array.from({ length: cells.length }, (_, i) => String(cells[i] ?? ''));
      width = headers.length;
      return;
    }
    rows.push({ rowNumber, cells: Array.from({ length: Math.max(width, cells.length) }, (_, i) => cells[i] ?? '') });
  });
  if (headers === null) throw new ImportFileError('the sheet is empty: expected a header row');
  return { format: 'xlsx', detail: `sheet "${ws.name}"`, headers, rows };
}

/** A cell as a string, number or Date: rich text joined, hyperlinks as their text, formulas as their result. */
function cellValue(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  const o = v as unknown as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
  if ('formula' in o || 'sharedFormula' in o) return cellValue((o.result ?? '') as ExcelJS.CellValue);
  if ('hyperlink' in o) return cellValue((o.text ?? '') as ExcelJS.CellValue);
  if ('error' in o) return '';
  if ('text' in o) return String(o.text ?? '');
  return String(v);
}
