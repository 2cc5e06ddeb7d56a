/**
 * The annual report as plain text (pure): what the catalogue entry's body holds when the report is
 * published. The six sections in order; the tables written line by line with their official labels.
 */
import { APPEAL_FIELD_LABELS, APPEAL_FIELDS, APPEAL_LABELS, APPLICATION_COLUMN_LABELS, applicationLayout, proactiveLayout, SECTION_TITLES } from './domain/templates.js';
import { APPEAL_KINDS } from '../applications/domain/vocabulary.js';
import { APPLICATION_COLUMNS, type AnnualReport } from './domain/types.js';

interface ReportNarrative {
  overall?: string | null;
  problems?: string | null;
  other?: string | null;
}

const show = (v: unknown) => (typeof v === 'number' ? String(v) : '—');

function paragraphs(text: string | null | undefined): string[] {
  const lines = (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return lines.length ? lines.map((l) => `　　${l}`) : ['　　（无）'];
}

export function reportText(report: AnnualReport, title: string, narrative: ReportNarrative = {}): string {
  const out: string[] = [title, ''];

  out.push(SECTION_TITLES.overall, ...paragraphs(narrative.overall));
  const k = report.complaints;
  if (k) {
    out.push(
      `　　（六）监督保障：本年度收到关于政府信息公开工作的投诉举报${k.received}件，经查属实（含部分属实）${k.substantiated}件，完成整改${k.rectified}件，` +
        (k.accountability > 0 ? `问责${k.accountability}件。` : '未发生政府信息公开工作责任追究情况。'),
    );
  }
  out.push('');

  out.push(SECTION_TITLES.proactive);
  const proactive = new Map(report.proactive.rows.map((r) => [r.key, r]));
  for (const section of proactiveLayout(report.template)) {
    out.push(section.heading);
    for (const def of section.rows) {
      const row = proactive.get(def.key);
      out.push(`　　${def.label}：${section.columns.map((c) => `${c.label} ${show(row?.[c.key])}`).join('；')}`);
    }
  }
  out.push('');

  out.push(SECTION_TITLES.applications);
  out.push(`　　（各行依次为：${APPLICATION_COLUMNS.map((c) => APPLICATION_COLUMN_LABELS[c]).join('、')}）`);
  const rows = new Map(report.applications.rows.map((r) => [r.key, r]));
  for (const def of applicationLayout(report.template)) {
    const row = rows.get(def.key);
    const label = def.group ? `${def.group} ${def.label}` : def.label;
    out.push(`　　${label}：${APPLICATION_COLUMNS.map((c) => show(row?.[c])).join(' / ')}`);
  }
  out.push('');

  out.push(SECTION_TITLES.appeals);
  const kindLabel = {
    reconsideration: APPEAL_LABELS.reconsideration,
    litigation: `${APPEAL_LABELS.litigationGroup}（${APPEAL_LABELS.litigation}）`,
    litigation_after_reconsideration: `${APPEAL_LABELS.litigationGroup}（${APPEAL_LABELS.litigation_after_reconsideration}）`,
  };
  for (const k of APPEAL_KINDS) {
    out.push(`　　${kindLabel[k]}：${APPEAL_FIELDS.map((f) => `${APPEAL_FIELD_LABELS[f]} ${show(report.appeals[k][f])}`).join('，')}`);
  }
  out.push('');

  out.push(SECTION_TITLES.problems, ...paragraphs(narrative.problems), '');
  out.push(SECTION_TITLES.other, ...paragraphs(narrative.other), '');
  return out.join('\n');
}
