/**
 * Complaints and reports (投诉举报): the office's list (all of them, overdue ones marked) and a
 * unit liaison's (those assigned to its unit, or whose rectification it was ordered to make).
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { Checkbox, Select, Table } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { CardList } from '../../components/CardList';
import { ListState, LoadMore, PageTitle } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { useNarrow } from '../../lib/responsive';
import { unitLabel, useUnits } from '../../lib/units';

type ComplaintSummary = Schemas['ComplaintSummary'];
type ComplaintState = ComplaintSummary['state'];
export const COMPLAINT_STATES: ComplaintState[] = ['received', 'assigned', 'replied', 'closed'];

export function ComplaintsPage() {
  const { t, tv, formatDate } = useI18n();
  const [params, setParams] = useSearchParams();
  const state = (COMPLAINT_STATES as string[]).includes(params.get('state') ?? '') ? (params.get('state') as ComplaintState) : undefined;
  const overdue = params.get('overdue') === 'true' ? true : undefined;
  const units = useUnits();
  const narrow = useNarrow();
  const q = useInfiniteQuery({
    queryKey: ['complaints', { state, overdue }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/complaints', { params: { query: { state, overdue, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const stateLabel = (r: ComplaintSummary) => (
    <span className={r.overdue ? 'gk-overdue' : undefined}>
      {tv('complaintState', r.state)}
      {r.overdue ? ` · ${t('complaints.overdue')}` : ''}
    </span>
  );
  return (
    <div>
      <PageTitle>{t('complaints.title')}</PageTitle>
      <div className="gk-filters" role="search">
        <label htmlFor="complaints-state">{t('complaints.filter.state')}</label>
        <Select<string>
          id="complaints-state"
          style={{ width: 180 }}
          value={state ?? ''}
          onChange={(v) => set('state', v || undefined)}
          options={[{ value: '', label: t('complaints.filter.all') }, ...COMPLAINT_STATES.map((s) => ({ value: s, label: tv('complaintState', s) }))]}
        />
        <Checkbox checked={!!overdue} onChange={(e) => set('overdue', e.target.checked ? 'true' : undefined)}>
          {t('complaints.filter.overdue')}
        </Checkbox>
      </div>
      <ListState q={q} empty={items.length === 0} emptyText={t('complaints.empty')}>
        {narrow ? (
          <CardList<ComplaintSummary>
            items={items}
            rowKey={(r) => r.id}
            testId="complaint-cards"
            label={t('complaints.title')}
            itemClassName={(r) => (r.overdue ? 'gk-card-overdue' : undefined)}
            title={(r) => <Link to={`/complaints/${r.id}`}>{tv('complaintKind', r.kind)} · {formatDate(r.receivedAt)}</Link>}
            tags={(r) => stateLabel(r)}
            fields={(r) => [
              { key: 'excerpt', label: t('complaints.col.excerpt'), value: <span className="gk-card-clamp">{r.excerpt}</span> },
              { key: 'unit', label: t('complaints.col.unit'), value: unitLabel(units.data, r.unitId) },
              { key: 'due', label: t('complaints.col.due'), value: formatDate(r.dueAt, false) },
            ]}
          />
        ) : (
          <Table<ComplaintSummary>
            rowKey="id"
            className="gk-table"
            data-testid="complaints-table"
            dataSource={items}
            pagination={false}
            rowClassName={(r) => (r.overdue ? 'gk-row-overdue' : '')}
            columns={[
              { title: t('complaints.col.received'), dataIndex: 'receivedAt', width: 150, render: (v: string, r) => <Link to={`/complaints/${r.id}`}>{formatDate(v)}</Link> },
              { title: t('complaints.col.kind'), dataIndex: 'kind', width: 80, render: (v: string) => tv('complaintKind', v) },
              { title: t('complaints.col.excerpt'), dataIndex: 'excerpt', ellipsis: true },
              { title: t('complaints.col.unit'), dataIndex: 'unitId', width: 160, render: (v: string | null) => unitLabel(units.data, v) },
              { title: t('complaints.col.state'), key: 'state', width: 150, render: (_, r) => stateLabel(r) },
              { title: t('complaints.col.due'), dataIndex: 'dueAt', width: 120, render: (v: string) => formatDate(v, false) },
            ]}
          />
        )}
      </ListState>
      <LoadMore q={q} />
    </div>
  );
}
