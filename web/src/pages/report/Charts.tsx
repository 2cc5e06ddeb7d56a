/** Charts of the year: publications by month and by category, replies by outcome. */
import { Col, Row } from 'antd';
import { BarChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { Chart } from '../../components/Chart';
import { useI18n } from '../../i18n/i18n';
import type { Report } from './types';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

export function Charts({ report }: { report: Report }) {
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
          <Chart echarts={echarts} option={month} style={{ height: 240 }} notMerge />
        </figure>
      </Col>
      <Col xs={24} lg={7}>
        <figure className="gk-panel gk-chart">
          <figcaption className="gk-panel-title">{t('report.chart.byCategory')}</figcaption>
          <Chart echarts={echarts} option={category} style={{ height: 240 }} notMerge />
        </figure>
      </Col>
      <Col xs={24} lg={7}>
        <figure className="gk-panel gk-chart">
          <figcaption className="gk-panel-title">{t('report.chart.results')}</figcaption>
          <Chart echarts={echarts} option={outcomes} style={{ height: 240 }} notMerge />
        </figure>
      </Col>
    </Row>
  );
}
