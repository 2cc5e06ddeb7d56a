/** The assessment's charts: the ranking by score (the best 20) and the month-by-month trend. */
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import type { Schemas } from '../../api/client';
import { Chart } from '../../components/Chart';
import { useI18n } from '../../i18n/i18n';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

type UnitPerformance = Schemas['UnitPerformance'];
type TrendMonth = Schemas['PerformanceTrendMonth'];

const COLORS = ['#1554b8', '#0f7b6c', '#b26a00', '#9f1d20', '#6b3fa0', '#5b6b7a'];
const common = { aria: { enabled: true }, textStyle: { fontFamily: 'inherit' }, color: COLORS };
/** The counts the trend draws, one line each. */
const SERIES = ['documentsPublished', 'applicationsReplied', 'overdue', 'stepsOverdue', 'correctedOnAppeal', 'complaintsSubstantiated'] as const;

export function RankingChart({ units, onSelect }: { units: UnitPerformance[]; onSelect(unitId: string): void }) {
  const { t } = useI18n();
  const top = units.filter((u) => u.score !== null).slice(0, 20);
  const option = useMemo(
    () => ({
      ...common,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100 },
      yAxis: { type: 'category', inverse: true, data: top.map((u) => `${u.rank}. ${u.name}`), axisLabel: { width: 150, overflow: 'truncate' } },
      series: [{ type: 'bar', name: t('perf.col.score'), data: top.map((u) => u.score), label: { show: true, position: 'right' } }],
    }),
    [top, t],
  );
  if (top.length === 0) return <p className="gk-muted">{t('perf.empty')}</p>;
  return (
    <Chart
      echarts={echarts}
      option={option}
      notMerge
      style={{ height: Math.max(160, top.length * 26 + 24) }}
      onEvents={{ click: (e: { dataIndex: number }) => onSelect(top[e.dataIndex].unitId) }}
    />
  );
}

export function TrendChart({ months }: { months: TrendMonth[] }) {
  const { t } = useI18n();
  const option = useMemo(
    () => ({
      ...common,
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 40, right: 16, top: 16, bottom: 56 },
      xAxis: { type: 'category', data: months.map((m) => t('report.month', { n: m.month })) },
      yAxis: { type: 'value', minInterval: 1 },
      series: SERIES.map((k) => ({ type: 'line', name: t(`perf.metric.${k}`), data: months.map((m) => m[k]), symbolSize: 6 })),
    }),
    [months, t],
  );
  return <Chart echarts={echarts} option={option} notMerge style={{ height: 320 }} />;
}
