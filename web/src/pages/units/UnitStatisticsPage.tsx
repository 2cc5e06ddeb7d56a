/**
 * A unit's disclosure work in figures, public, at /units/:code/statistics?year=: counts only
 * (GET /api/v1/units/:code/statistics), the publications of each month as a chart, and the way
 * back to the unit's disclosure guide, which links here.
 */
import '../performance/performance.css';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { isStatus } from '../../api/errors';
import { Chart } from '../../components/Chart';
import { ErrorAlert, Loading, NotFound } from '../../components/common';
import { useI18n } from '../../i18n/i18n';

echarts.use([BarChart, GridComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

const FIRST_YEAR = 2019;
const thisYear = () => Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
const FIGURES = ['documentsPublished', 'applicationsReceived', 'applicationsReplied', 'repliedOnTime', 'overdue', 'correctedOnAppeal', 'complaintsSubstantiated'] as const;

export function UnitStatisticsPage() {
  const { code = '' } = useParams();
  const { t, formatDate } = useI18n();
  const [params, setParams] = useSearchParams();
  const latest = thisYear();
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= FIRST_YEAR && asked <= latest ? asked : latest;
  const stats = useQuery({
    queryKey: ['unit-statistics', code, year],
    retry: false,
    queryFn: () => unwrap(api.GET('/api/v1/units/{code}/statistics', { params: { path: { code }, query: { year } } })),
  });
  if (stats.isPending) return <Loading />;
  if (stats.isError) return isStatus(stats.error, 404) ? <NotFound message={t('stats.notFound')} /> : <ErrorAlert error={stats.error} />;
  const s = stats.data;
  const years = Array.from({ length: latest - FIRST_YEAR + 1 }, (_, i) => latest - i);
  const option = {
    aria: { enabled: true },
    textStyle: { fontFamily: 'inherit' },
    color: ['#1554b8'],
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: s.publishedByMonth.map((_, i) => t('report.month', { n: i + 1 })) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: t('stats.documentsPublished'), data: s.publishedByMonth }],
  };
  return (
    <article className="gk-statistics" data-testid="unit-statistics">
      <p>
        <Link to={`/units/${encodeURIComponent(s.unit.code)}`}>← {t('stats.guide')}</Link>
      </p>
      <div className="gk-page-title">
        <h1 data-testid="statistics-title">{t('stats.title', { name: s.unit.name })}</h1>
        <div className="gk-page-title-extra">
          <label htmlFor="statistics-year">{t('stats.year')}</label>
          <Select<number>
            id="statistics-year"
            style={{ width: 110 }}
            value={year}
            onChange={(y) => setParams(new URLSearchParams({ year: String(y) }), { replace: true })}
            options={years.map((y) => ({ value: y, label: String(y) }))}
          />
        </div>
      </div>
      <p className="gk-intro">
        {t('stats.intro')} {t('stats.asOf', { date: formatDate(s.asOf, false) })}
      </p>
      <dl className="gk-statistics-figures">
        {FIGURES.map((k) => (
          <div key={k} data-testid={`statistics-${k}`}>
            <dt>{t(`stats.${k}`)}</dt>
            <dd>{s[k]}</dd>
          </div>
        ))}
        <div data-testid="statistics-guideUpdatedAt">
          <dt>{t('stats.guideUpdatedAt')}</dt>
          <dd>{s.guideUpdatedAt ? formatDate(s.guideUpdatedAt, false) : t('stats.noGuide')}</dd>
        </div>
      </dl>
      <figure className="gk-panel gk-chart">
        <figcaption className="gk-panel-title">{t('stats.byMonth')}</figcaption>
        <Chart echarts={echarts} option={option} notMerge style={{ height: 260 }} />
      </figure>
    </article>
  );
}
