/** The official tables of the report: II proactive disclosure, III applications, IV appeals. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { APPEAL_COLUMNS, APPEAL_KINDS, APPLICANT_COLUMNS, PROACTIVE_COLUMNS, type Report } from './types';

/**
 * The official tables keep their rows and columns: on a narrow screen they scroll sideways inside
 * their box (not the page). While it scrolls, the box can be focused, so the keyboard scrolls it too.
 */
function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className="gk-table-scroll" {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}>
      {children}
    </div>
  );
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

export function ProactiveTable({ report, t }: { report: Report; t: Translate }) {
  const rows = report.proactive.rows;
  const cols = PROACTIVE_COLUMNS.filter((c) => rows.some((r) => r[c] !== undefined));
  return (
    <TableScroll label={t('report.section2')}>
      <table className="gk-report-table" data-testid="report-proactive">
        <thead>
          <tr>
            <th scope="col">{t('report.col.item')}</th>
            {cols.map((c) => (
              <th scope="col" key={c}>
                {t(`report.col.${c}` as MessageKey)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">
                {r.section} {r.label}
              </th>
              {cols.map((c) => (
                <td key={c}>{r[c] === undefined ? '—' : num(r[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function ApplicationsTable({ report, t }: { report: Report; t: Translate }) {
  return (
    <TableScroll label={t('report.section3')}>
      <table className="gk-report-table" data-testid="report-applications">
        <caption className="gk-report-caption">{t('report.col.row')}</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {t('report.col.item')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('report.col.natural_person')}
            </th>
            <th scope="colgroup" colSpan={5}>
              {t('report.col.legal')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('report.col.total')}
            </th>
          </tr>
          <tr>
            {APPLICANT_COLUMNS.slice(1, 6).map((c) => (
              <th scope="col" key={c}>
                {t(`report.col.${c}` as MessageKey)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.applications.rows.map((r) => (
            <tr key={r.key} className={r.key.includes('.') ? 'gk-report-subrow' : undefined}>
              <th scope="row">{r.label}</th>
              {APPLICANT_COLUMNS.map((c) => (
                <td key={c}>{r[c]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function AppealsTable({ report, t }: { report: Report; t: Translate }) {
  return (
    <TableScroll label={t('report.section4')}>
      <table className="gk-report-table" data-testid="report-appeals">
        <thead>
          <tr>
            {APPEAL_KINDS.map((k) => (
              <th scope="colgroup" colSpan={5} key={k}>
                {t(`report.appeal.${k}` as MessageKey)}
              </th>
            ))}
          </tr>
          <tr>
            {APPEAL_KINDS.flatMap((k) =>
              APPEAL_COLUMNS.map((c) => (
                <th scope="col" key={`${k}-${c}`}>
                  {t(`report.appeal.${c}` as MessageKey)}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          <tr>
            {APPEAL_KINDS.flatMap((k) => APPEAL_COLUMNS.map((c) => <td key={`${k}-${c}`}>{report.appeals[k][c]}</td>))}
          </tr>
        </tbody>
      </table>
    </TableScroll>
  );
}
