/**
 * The annual report (Art. 49, 50): the official tables computed by the service, charts of the
 * year, the figures from other systems, the narrative sections, downloads and publication.
 * Loaded on demand (ECharts is large).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Input, InputNumber, Row, Select, Space, Statistic } from 'antd';
import { BarChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, downloadFile, ifMatch, unwrap, type Schemas } from '../api/client';
import { isStatus } from '../api/errors';
import { useAbility } from '../auth/session';
import { ErrorAlert, Loading, PageTitle } from '../components/common';
import { useI18n, type Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { clearDraft, loadDraft, saveDraft } from '../lib/draft-storage';
import { useUnits } from '../lib/units';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

type Report = Schemas['AnnualReportResponse'];
type Inputs = Schemas['ReportInputsRequest'];
type Narrative = Pick<Schemas['NarrativeResponse'], 'overall' | 'problems' | 'other'>;

const APPLICANT_COLUMNS = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org', 'total'] as const;
const PROACTIVE_COLUMNS = ['issued', 'repealed', 'in_force', 'newly_made', 'newly_published', 'total_published', 'last_year_items', 'change', 'items', 'decisions', 'amount'] as const;
const APPEAL_KINDS = ['reconsideration', 'litigation', 'litigation_after_reconsideration'] as const;
const APPEAL_COLUMNS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;

const thisYear = () => Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

export function ReportPage() {
  const { t, tv } = useI18n();
  const ability = useAbility();
  const units = useUnits();
  const [params, setParams] = useSearchParams();
  const latest = thisYear();
  const year = Number(params.get('year')) >= 2019 && Number(params.get('year')) <= latest ? Number(params.get('year')) : latest - 1;
  const unit = /^[A-Z0-9-]{2,20}$/.test(params.get('unit') ?? '') ? (params.get('unit') as string) : undefined;
  const canEdit = ability.can('update', 'Report');
  const scope = { path: { year }, query: { unit } };

  const report = useQuery({
    queryKey: ['report', year, unit],
    queryFn: () => unwrap(api.GET('/api/v1/reports/annual/{year}', { params: scope })) as Promise<Report>,
  });
  const reminders = useQuery({ queryKey: ['report-reminders'], queryFn: () => unwrap(api.GET('/api/v1/reports/annual/reminders')) });

  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const years = Array.from({ length: latest - 2019 + 1 }, (_, i) => latest - i);

  return (
    <div className="gk-report">
      <PageTitle
        extra={
          <Space wrap>
            <label htmlFor="report-year">{t('report.year')}</label>
            <Select<number> id="report-year" style={{ width: 110 }} value={year} onChange={(v) => set('year', String(v))} options={years.map((y) => ({ value: y, label: String(y) }))} />
            <label htmlFor="report-unit">{t('report.scope')}</label>
            <Select<string>
              id="report-unit"
              style={{ width: 240 }}
              value={unit ?? ''}
              onChange={(v) => set('unit', v || undefined)}
              options={[{ value: '', label: t('report.government') }, ...(units.data ?? []).map((u) => ({ value: u.code, label: `${u.name}（${u.code}）` }))]}
            />
          </Space>
        }
      >
        {t('report.title')}
      </PageTitle>

      {reminders.data && reminders.data.items.length > 0 ? <Reminders items={reminders.data.items} /> : null}

      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorAlert error={report.error} />
      ) : (
        <>
          <section className="gk-panel gk-report-head">
            <Statistic title={t('report.publishedCount')} value={report.data.publishedCount} />
            <div className="gk-muted">{t('report.template', { template: tv('report.template', report.data.template) })}</div>
            <Downloads year={year} unit={unit} />
          </section>
          <Charts report={report.data} />
          <NarrativeSection year={year} unit={unit} canEdit={canEdit} field="overall" title={t('report.section1')} />
          <section className="gk-panel" aria-labelledby="report-s2">
            <h2 id="report-s2" className="gk-panel-title">
              {t('report.section2')}
            </h2>
            <ProactiveTable report={report.data} t={t} />
            {canEdit ? <InputsForm year={year} unit={unit} template={report.data.template} /> : null}
          </section>
          <section className="gk-panel" aria-labelledby="report-s3">
            <h2 id="report-s3" className="gk-panel-title">
              {t('report.section3')}
            </h2>
            <ApplicationsTable report={report.data} t={t} />
          </section>
          <section className="gk-panel" aria-labelledby="report-s4">
            <h2 id="report-s4" className="gk-panel-title">
              {t('report.section4')}
            </h2>
            <AppealsTable report={report.data} t={t} />
          </section>
          <NarrativeSection year={year} unit={unit} canEdit={canEdit} field="problems" title={t('report.section5')} />
          <NarrativeSection year={year} unit={unit} canEdit={canEdit} field="other" title={t('report.section6')} />
          {canEdit && year < latest ? <Publish year={year} unit={unit} /> : null}
        </>
      )}
    </div>
  );
}

function Reminders({ items }: { items: Schemas['ReminderItem'][] }) {
  const { t, formatDate } = useI18n();
  return (
    <section className="gk-panel" aria-labelledby="report-reminders">
      <h2 id="report-reminders" className="gk-panel-title">
        {t('report.reminders')}
      </h2>
      <ul className="gk-reminders">
        {items.slice(0, 8).map((r) => (
          <li key={`${r.year}-${r.unit?.code ?? 'gov'}`} className={r.overdue && !r.published ? 'gk-overdue' : undefined}>
            <strong>
              {r.year} · {r.unit ? r.unit.name : t('report.reminder.government')}
            </strong>{' '}
            {t('report.reminder.due', { date: formatDate(`${r.dueDate}T00:00:00+08:00`, false) })} ·{' '}
            {r.published
              ? t('report.reminder.published', { indexNo: r.indexNo ?? '' })
              : r.daysRemaining >= 0
                ? t('report.reminder.left', { n: r.daysRemaining })
                : t('report.reminder.late', { n: -r.daysRemaining })}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Downloads({ year, unit }: { year: number; unit?: string }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const download = async (format: 'csv' | 'xlsx' | 'html') => {
    setError(null);
    try {
      const q = new URLSearchParams({ format, ...(unit ? { unit } : {}) });
      await downloadFile(`/api/v1/reports/annual/${year}?${q}`, `${year}-annual-report${unit ? `-${unit}` : ''}.${format}`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <Space wrap>
        {(['xlsx', 'csv', 'html'] as const).map((f) => (
          <Button key={f} icon={<DownloadOutlined aria-hidden />} onClick={() => void download(f)}>
            {t('report.download')} {f.toUpperCase()}
          </Button>
        ))}
      </Space>
      {error ? <ErrorAlert error={error} /> : null}
    </div>
  );
}

function Charts({ report }: { report: Report }) {
  const { t, tv } = useI18n();
  const byCategory = Object.entries(report.publishedByCategory as unknown as Record<string, number>).filter(([, n]) => n > 0);
  const results = report.applications.rows.filter((r) => ['disclosed', 'partially_disclosed'].includes(r.key) || /^(not_disclosed|unable_to_provide|not_handled|other)/.test(r.key));
  const outcomeTotals = new Map<string, number>();
  for (const r of results) {
    const o = r.key.split('.')[0];
    outcomeTotals.set(o, (outcomeTotals.get(o) ?? 0) + r.total);
  }
  const common = { aria: { enabled: true }, textStyle: { fontFamily: 'inherit' }, color: ['#1554b8', '#9f1d20', '#0f7b6c', '#b26a00', '#6b3fa0', '#5b6b7a', '#2f8f2f', '#c0398c'] };
  const month = useMemo(
    () => ({
      ...common,
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: report.publishedByMonth.map((_, i) => t('report.month', { n: i + 1 })) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('report.publishedCount'), data: report.publishedByMonth }],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [report, t],
  );
  const category = {
    ...common,
    tooltip: { trigger: 'item' },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: byCategory.map(([k, n]) => ({ name: tv('category', k), value: n })), label: { formatter: '{b}: {c}' } }],
  };
  const outcomes = {
    ...common,
    tooltip: { trigger: 'axis' },
    grid: { left: 110, right: 24, top: 16, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: [...outcomeTotals.keys()].map((o) => tv('outcome', o)) },
    series: [{ type: 'bar', data: [...outcomeTotals.values()] }],
  };
  return (
    <Row gutter={[16, 16]} className="gk-gap">
      <Col xs={24} lg={10}>
        <figure className="gk-panel gk-chart">
          <figcaption className="gk-panel-title">{t('report.chart.byMonth')}</figcaption>
          <ReactEChartsCore echarts={echarts} option={month} style={{ height: 240 }} notMerge />
        </figure>
      </Col>
      <Col xs={24} lg={7}>
        <figure className="gk-panel gk-chart">
          <figcaption className="gk-panel-title">{t('report.chart.byCategory')}</figcaption>
          <ReactEChartsCore echarts={echarts} option={category} style={{ height: 240 }} notMerge />
        </figure>
      </Col>
      <Col xs={24} lg={7}>
        <figure className="gk-panel gk-chart">
          <figcaption className="gk-panel-title">{t('report.chart.results')}</figcaption>
          <ReactEChartsCore echarts={echarts} option={outcomes} style={{ height: 240 }} notMerge />
        </figure>
      </Col>
    </Row>
  );
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

function ProactiveTable({ report, t }: { report: Report; t: Translate }) {
  const rows = report.proactive.rows;
  const cols = PROACTIVE_COLUMNS.filter((c) => rows.some((r) => r[c] !== undefined));
  return (
    <div className="gk-table-scroll">
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
    </div>
  );
}

function ApplicationsTable({ report, t }: { report: Report; t: Translate }) {
  return (
    <div className="gk-table-scroll">
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
    </div>
  );
}

function AppealsTable({ report, t }: { report: Report; t: Translate }) {
  return (
    <div className="gk-table-scroll">
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
    </div>
  );
}

const INPUT_GROUPS_2021: { key: keyof Inputs; fields: string[] }[] = [
  { key: 'licensing', fields: ['decisions'] },
  { key: 'penalty', fields: ['decisions'] },
  { key: 'coercion', fields: ['decisions'] },
  { key: 'fees', fields: ['amount'] },
];
const INPUT_GROUPS_2019: { key: keyof Inputs; fields: string[] }[] = [
  { key: 'licensing', fields: ['lastYearItems', 'change', 'decisions'] },
  { key: 'otherServices', fields: ['lastYearItems', 'change', 'decisions'] },
  { key: 'penalty', fields: ['lastYearItems', 'change', 'decisions'] },
  { key: 'coercion', fields: ['lastYearItems', 'change', 'decisions'] },
  { key: 'fees', fields: ['lastYearItems', 'change'] },
  { key: 'procurement', fields: ['items', 'amount'] },
];

function InputsForm({ year, unit, template }: { year: number; unit?: string; template: '2019' | '2021' }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const scope = { path: { year }, query: { unit } };
  const q = useQuery({ queryKey: ['report-inputs', year, unit], queryFn: () => unwrap(api.GET('/api/v1/reports/annual/{year}/inputs', { params: scope })) });
  const draftKey = `report.inputs.${year}.${unit ?? 'gov'}`;
  const [values, setValues] = useState<Inputs | null>(() => loadDraft<Inputs>(draftKey));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  const current: Inputs = values ?? q.data.inputs;
  const groups = template === '2019' ? INPUT_GROUPS_2019 : INPUT_GROUPS_2021;
  const change = (g: keyof Inputs, f: string, v: number | null) => {
    const next = { ...current, [g]: { ...(current[g] ?? {}), [f]: v } } as Inputs;
    setValues(next);
    saveDraft(draftKey, next);
  };
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.PUT('/api/v1/reports/annual/{year}/inputs', { params: { ...scope, header: { 'If-Match': ifMatch(q.data.version) } }, body: current }));
      clearDraft(draftKey);
      setValues(null);
      message.success(t('report.saved'));
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['report-inputs', year, unit] }), queryClient.invalidateQueries({ queryKey: ['report', year, unit] })]);
    } catch (e) {
      setError(e);
      if (isStatus(e, 412)) await q.refetch();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="gk-report-inputs">
      <h3>{t('report.inputs')}</h3>
      <p className="gk-muted">{t('report.inputs.hint')}</p>
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      <div className="gk-report-inputs-grid">
        {groups.map((g) => (
          <fieldset key={g.key} className="gk-fieldset">
            <legend>{t(`report.inputs.${g.key}` as MessageKey)}</legend>
            {g.fields.map((f) => {
              const id = `inputs-${g.key}-${f}`;
              const v = (current[g.key] as Record<string, number | null> | undefined)?.[f];
              return (
                <div className="gk-field" key={f}>
                  <label htmlFor={id} className="gk-field-label">
                    {t(`report.inputs.${f}` as MessageKey)}
                  </label>
                  <InputNumber id={id} style={{ width: '100%' }} value={v ?? null} min={f === 'change' ? undefined : 0} precision={f === 'amount' ? 4 : 0} onChange={(x) => change(g.key, f, x === null ? null : Number(x))} />
                </div>
              );
            })}
          </fieldset>
        ))}
      </div>
      <Button type="primary" onClick={() => void save()} loading={busy}>
        {t('report.save')}
      </Button>
    </div>
  );
}

function NarrativeSection({ year, unit, canEdit, field, title }: { year: number; unit?: string; canEdit: boolean; field: keyof Narrative; title: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const scope = { path: { year }, query: { unit } };
  const q = useQuery({ queryKey: ['report-narrative', year, unit], queryFn: () => unwrap(api.GET('/api/v1/reports/annual/{year}/narrative', { params: scope })) });
  const draftKey = `report.narrative.${year}.${unit ?? 'gov'}.${field}`;
  const [text, setText] = useState<string | null>(() => loadDraft<string>(draftKey));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = `narrative-${field}`;
  const saved = q.data?.[field] ?? '';
  const value = text ?? saved;
  const save = async () => {
    if (!q.data) return;
    setBusy(true);
    setError(null);
    try {
      const body: Schemas['NarrativeRequest'] = { overall: q.data.overall, problems: q.data.problems, other: q.data.other, [field]: value };
      const res = await unwrap(api.PUT('/api/v1/reports/annual/{year}/narrative', { params: { ...scope, header: { 'If-Match': ifMatch(q.data.version) } }, body }));
      queryClient.setQueryData(['report-narrative', year, unit], res);
      clearDraft(draftKey);
      setText(null);
      message.success(t('report.saved'));
    } catch (e) {
      setError(e);
      // Someone else saved the narrative: load theirs, keep this section's text.
      if (isStatus(e, 412)) await q.refetch();
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="gk-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="gk-panel-title">
        {canEdit ? <label htmlFor={id}>{title}</label> : title}
      </h2>
      {q.isError ? <ErrorAlert error={q.error} /> : null}
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      {canEdit ? (
        <>
          <Input.TextArea
            id={id}
            autoSize={{ minRows: 4, maxRows: 20 }}
            maxLength={20000}
            value={value}
            disabled={!q.data}
            onChange={(e) => {
              setText(e.target.value);
              saveDraft(draftKey, e.target.value);
            }}
          />
          <div className="gk-form-buttons-inline">
            <Button onClick={() => void save()} loading={busy} disabled={text === null || text === saved}>
              {t('report.save')}
            </Button>
          </div>
        </>
      ) : (
        <div className="gk-pre">{saved}</div>
      )}
    </section>
  );
}

function Publish({ year, unit }: { year: number; unit?: string }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Schemas['PublishReportResponse'] | null>(null);
  const publish = () =>
    modal.confirm({
      title: t('report.publishConfirm'),
      okText: t('report.publish'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setError(null);
        try {
          setDone(await unwrap(api.POST('/api/v1/reports/annual/{year}/publish', { params: { path: { year }, query: { unit } } })));
          await queryClient.invalidateQueries({ queryKey: ['report-reminders'] });
        } catch (e) {
          setError(e);
        }
      },
    });
  return (
    <section className="gk-panel">
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      {done ? (
        <Alert
          type="success"
          showIcon
          title={t('report.published', { indexNo: done.indexNo })}
          action={<Link to={`/catalogue/${encodeURIComponent(done.indexNo)}`}>{t('doc.catalogueLink')}</Link>}
        />
      ) : (
        <Button type="primary" onClick={publish}>
          {t('report.publish')}
        </Button>
      )}
    </section>
  );
}
