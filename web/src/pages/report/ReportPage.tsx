/**
 * The annual report (Art. 49, 50): the official tables computed by the service, charts of the
 * year, the figures from other systems, the narrative sections, downloads and publication.
 * Loaded on demand (ECharts is large).
 */
import { useQuery } from '@tanstack/react-query';
import { Select, Space, Statistic } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { useAbility } from '../../auth/session';
import { ErrorAlert, Loading, PageTitle } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { useUnits } from '../../lib/units';
import { Charts } from './Charts';
import { Downloads } from './Downloads';
import { InputsForm } from './InputsForm';
import { NarrativeSection } from './NarrativeSection';
import { Publish } from './Publish';
import { Reminders } from './Reminders';
import { AppealsTable, ApplicationsTable, ProactiveTable } from './ReportTables';
import type { Report } from './types';

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
