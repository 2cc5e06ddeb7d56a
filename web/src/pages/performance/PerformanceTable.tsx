/** Every unit's metrics, score and rank (sortable, 20 to a page); a unit's trend and its public figures from its row. */
import { LineChartOutlined } from '@ant-design/icons';
import { Button, Table, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import type { Schemas } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

type UnitPerformance = Schemas['UnitPerformance'];
type Metrics = UnitPerformance['metrics'];
type MetricKey = keyof Metrics;

/** The metric columns, and how each value is shown. */
const COLUMNS: [MetricKey, 'count' | 'days' | 'share' | 'date'][] = [
  ['documentsPublished', 'count'],
  ['medianWorkingDaysToPublish', 'days'],
  ['proactiveShare', 'share'],
  ['applicationsReplied', 'count'],
  ['onTimeShare', 'share'],
  ['overdue', 'count'],
  ['stepsOverdue', 'count'],
  ['correctedOnAppeal', 'count'],
  ['complaintsSubstantiated', 'count'],
  ['guideUpdatedAt', 'date'],
];

const DASH = '—';

export function PerformanceTable({ units, year, onTrend }: { units: UnitPerformance[]; year: number; onTrend(unitId: string): void }) {
  const { t, formatDate } = useI18n();
  const shown = (v: number | string | null, kind: 'count' | 'days' | 'share' | 'date') => {
    if (v === null || v === undefined) return DASH;
    if (kind === 'share') return `${(Number(v) * 100).toFixed(1)}%`;
    if (kind === 'days') return Number(v).toFixed(1).replace(/\.0$/, '');
    if (kind === 'date') return formatDate(String(v), false);
    return String(v);
  };
  const numeric = (k: MetricKey) => (a: UnitPerformance, b: UnitPerformance) => {
    const x = a.metrics[k] as number | string | null;
    const y = b.metrics[k] as number | string | null;
    if (x === null) return y === null ? 0 : -1;
    if (y === null) return 1;
    return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
  };
  const columns: TableColumnsType<UnitPerformance> = [
    { key: 'rank', title: t('perf.col.rank'), dataIndex: 'rank', width: 64, fixed: 'left', render: (r: number | null) => r ?? DASH, sorter: (a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity), defaultSortOrder: 'ascend' },
    {
      key: 'unit',
      title: t('perf.col.unit'),
      width: 200,
      fixed: 'left',
      render: (_, u) => (
        <span>
          {u.name} <span className="gk-muted">{u.code}</span>
        </span>
      ),
    },
    { key: 'score', title: t('perf.col.score'), dataIndex: 'score', width: 80, render: (s: number | null) => (s === null ? t('perf.noScore') : s.toFixed(2)), sorter: (a, b) => (a.score ?? -1) - (b.score ?? -1) },
    ...COLUMNS.map(([k, kind]) => ({
      key: k,
      title: t(`perf.metric.${k}` as MessageKey),
      width: kind === 'date' ? 120 : 104,
      align: 'right' as const,
      render: (_: unknown, u: UnitPerformance) => shown(u.metrics[k] as number | string | null, kind),
      sorter: numeric(k),
    })),
    {
      key: 'actions',
      title: t('common.actions'),
      width: 170,
      render: (_, u) => (
        <span className="gk-performance-actions">
          <Button size="small" icon={<LineChartOutlined aria-hidden />} onClick={() => onTrend(u.unitId)} aria-label={`${t('perf.showTrend')}：${u.name}`}>
            {t('perf.showTrend')}
          </Button>
          <Link to={`/units/${encodeURIComponent(u.code)}/statistics?year=${year}`}>{t('perf.statistics')}</Link>
        </span>
      ),
    },
  ];
  return (
    <section className="gk-panel" aria-labelledby="performance-table-title">
      <h2 id="performance-table-title" className="gk-panel-title">
        {t('perf.table')}
      </h2>
      <div data-testid="performance-table">
      <Table<UnitPerformance>
        rowKey="unitId"
        size="small"
        columns={columns}
        dataSource={units}
        scroll={{ x: 1500 }}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: t('perf.empty') }}
      />
      </div>
    </section>
  );
}
