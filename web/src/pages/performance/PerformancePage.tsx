/**
 * The performance assessment of units (绩效考核) for the office, the leaders and the administrator:
 * the year, the ranking chart, the month-by-month trend of the district or of one unit, the table
 * of every unit's metrics, score and rank, the XLSX download, and for the administrator the rubric.
 * Loaded on demand (ECharts is large).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Select, Space } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, downloadFile, unwrap } from '../../api/client';
import { useAbility } from '../../auth/session';
import { ErrorAlert, Loading, PageTitle } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { RankingChart, TrendChart } from './PerformanceCharts';
import { PerformanceTable } from './PerformanceTable';
import { RubricEditor } from './RubricEditor';
import './performance.css';

const FIRST_YEAR = 2019;
const thisYear = () => Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

export function PerformancePage() {
  const { t, formatDate } = useI18n();
  const ability = useAbility();
  const [params, setParams] = useSearchParams();
  const latest = thisYear();
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= FIRST_YEAR && asked <= latest ? asked : latest;
  const [unitId, setUnitId] = useState<string>('');
  const [error, setError] = useState<unknown>(null);

  const assessment = useQuery({
    queryKey: ['performance', year],
    queryFn: () => unwrap(api.GET('/api/v1/performance/units', { params: { query: { year } } })),
  });
  const trend = useQuery({
    queryKey: ['performance-trend', year, unitId],
    queryFn: () =>
      unitId
        ? unwrap(api.GET('/api/v1/performance/units/{unitId}/trend', { params: { path: { unitId }, query: { year } } }))
        : unwrap(api.GET('/api/v1/performance/trend', { params: { query: { year } } })),
  });

  const years = Array.from({ length: latest - FIRST_YEAR + 1 }, (_, i) => latest - i);
  const download = async () => {
    setError(null);
    try {
      await downloadFile(`/api/v1/performance/units?year=${year}&format=xlsx`, `${year}-performance-assessment.xlsx`);
    } catch (e) {
      setError(e);
    }
  };
  const setYear = (y: number) => {
    const next = new URLSearchParams(params);
    next.set('year', String(y));
    setParams(next, { replace: true });
  };
  const units = assessment.data?.units ?? [];
  const selected = units.find((u) => u.unitId === unitId);

  return (
    <div className="gk-performance">
      <PageTitle
        extra={
          <Space wrap>
            <label htmlFor="performance-year">{t('perf.year')}</label>
            <Select<number> id="performance-year" style={{ width: 110 }} value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: String(y) }))} />
            <Button icon={<DownloadOutlined aria-hidden />} onClick={() => void download()} data-testid="performance-download">
              {t('perf.download')}
            </Button>
          </Space>
        }
      >
        {t('perf.title')}
      </PageTitle>
      <p className="gk-intro">{t('perf.intro')}</p>
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}

      {assessment.isPending ? (
        <Loading />
      ) : assessment.isError ? (
        <ErrorAlert error={assessment.error} />
      ) : (
        <>
          <p className="gk-muted" data-testid="performance-as-of">
            {t('perf.asOf', { date: formatDate(assessment.data.asOf, false) })} · {t('perf.rubricVersion', { version: assessment.data.rubricVersion })}
          </p>
          <div className="gk-performance-charts">
            <figure className="gk-panel gk-chart" data-testid="performance-ranking">
              <figcaption className="gk-panel-title">{t('perf.chart.ranking', { n: Math.min(20, units.filter((u) => u.score !== null).length) })}</figcaption>
              <RankingChart units={units} onSelect={setUnitId} />
            </figure>
            <figure className="gk-panel gk-chart" data-testid="performance-trend">
              <figcaption className="gk-panel-title">
                <span>{t('perf.chart.trend', { name: selected?.name ?? t('perf.district') })}</span>
                <Select<string>
                  aria-label={t('perf.trendOf')}
                  className="gk-performance-trend-unit"
                  value={unitId}
                  onChange={setUnitId}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={[{ value: '', label: t('perf.district') }, ...units.map((u) => ({ value: u.unitId, label: `${u.name}（${u.code}）` }))]}
                />
              </figcaption>
              {trend.isError ? <ErrorAlert error={trend.error} /> : <TrendChart months={trend.data?.months ?? []} />}
            </figure>
          </div>
          <PerformanceTable units={units} year={year} onTrend={setUnitId} />
          {ability.can('update', 'Performance') ? <RubricEditor /> : null}
        </>
      )}
    </div>
  );
}
