/** The printed table (every figure beside its ceiling, the ratio and the goal) and the files. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Row {
  section: string;
  measure: string;
  value: number | null;
  unit: string;
  ceiling: number | null;
  ceilingLabel: string;
  /** value / ceiling, or for latencies ceiling / value (higher is better either way). */
  ratio: number | null;
  goal: string;
  met: boolean | null;
  note?: string;
}

export function throughputRow(section: string, measure: string, value: number, ceiling: number, ceilingLabel: string, goalRatio: number | null, unit: string, note?: string): Row {
  const ratio = ceiling > 0 ? value / ceiling : null;
  return {
    section,
    measure,
    value,
    unit,
    ceiling,
    ceilingLabel,
    ratio: ratio === null ? null : Number(ratio.toFixed(2)),
    goal: goalRatio === null ? '—' : `≥ ${goalRatio}`,
    met: goalRatio === null || ratio === null ? null : ratio >= goalRatio,
    note,
  };
}

const fmt = (n: number | null, unit: string) => {
  if (n === null || Number.isNaN(n)) return '—';
  const s = Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n >= 10 ? 1 : 2);
  return `${s} ${unit}`.trim();
};

export function renderTable(rows: Row[]): string {
  const head = ['', 'measure', 'service', 'ceiling (what)', 'ratio', 'goal', 'met'];
  const body = rows.map((r) => [
    r.section,
    r.measure,
    fmt(r.value, r.unit),
    r.ceiling === null ? r.ceilingLabel || '—' : `${fmt(r.ceiling, r.unit)} (${r.ceilingLabel})`,
    r.ratio === null ? '—' : r.ratio.toFixed(2),
    r.goal,
    r.met === null ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => [...b[i]].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0))));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - [...s].reduce((x, ch) => x + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i])).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(head), sep, ...body.map(line)].join('\n');
}

export function writeJson(file: string, data: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
}

/** Replaces the block between the figures markers of bench/RESULTS.md (creates the file if needed). */
export function writeResultsBlock(file: string, block: string): void {
  const start = '<!-- figures:start (written by npm run bench -- --write-results) -->';
  const end = '<!-- figures:end -->';
  const text = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmark results\n\n${start}\n${end}\n`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  const next = i >= 0 && j > i ? `${text.slice(0, i + start.length)}\n${block}\n${text.slice(j)}` : `${text}\n${start}\n${block}\n${end}\n`;
  writeFileSync(file, next);
}
