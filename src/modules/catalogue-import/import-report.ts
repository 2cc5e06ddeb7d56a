/**
 * The report of rows not imported, written next to the input as <name>.rejected.csv: UTF-8 with a
 * BOM (Excel opens it with the Chinese intact), three leading columns (row, status, reason) and
 * then the row exactly as it was. The leading columns name no import field, so the corrected
 * report can be imported again as it is.
 */
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { ImportSummary, RowOutcome } from './catalogue-importer.js';

export function reportPathFor(input: string): string {
  const ext = extname(input);
  return join(dirname(input), `${basename(input, ext)}.rejected.csv`);
}

function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const STATUS_LABEL: Record<RowOutcome['status'], string> = {
  imported: 'imported',
  skipped: 'skipped',
  rejected: 'rejected 拒绝',
  conflict: 'conflict 冲突',
};

/** Rejected rows and conflicts (skipped rows are not errors and are left out). */
function reportCsv(headers: string[], summary: ImportSummary): string {
  const lines = [['行号 row', '结果 status', '原因 reason', ...headers].map(csvField).join(',')];
  for (const o of summary.outcomes) {
    if (o.status !== 'rejected' && o.status !== 'conflict') continue;
    const cells = headers.map((_, i) => o.cells[i]);
    lines.push([o.rowNumber, STATUS_LABEL[o.status], o.reasons.join('; '), ...cells].map(csvField).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

export async function writeReport(path: string, headers: string[], summary: ImportSummary): Promise<void> {
  await writeFile(path, reportCsv(headers, summary), 'utf8');
}
