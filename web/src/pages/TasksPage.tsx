import { useInfiniteQuery } from '@tanstack/react-query';
import { Card, Empty, Table } from 'antd';
import { Link } from 'react-router-dom';
import { api, unwrap, type DocumentState, type TaskItem } from '../api/client';
import { CardList } from '../components/CardList';
import { ErrorAlert, Loading, LoadMore, PageTitle, StateTag } from '../components/common';
import { DueDate } from '../components/DueDate';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useNarrow } from '../lib/responsive';
import { isOverdue } from '../lib/review-chain';

const KIND_ORDER: DocumentState[] = ['draft', 'returned', 'secrecy_review', 'attribute_review', 'leader_review', 'published'];

export function TasksPage() {
  const { t, tv, formatDate } = useI18n();
  const narrow = useNarrow();
  const q = useInfiniteQuery({
    queryKey: ['tasks'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/tasks', { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorAlert error={q.error} />;

  const counts = (q.data.pages[0]?.counts ?? {}) as unknown as Record<string, number>;
  const items = q.data.pages.flatMap((p) => p.items);
  const kinds = Object.keys(counts).sort((a, b) => idx(a) - idx(b));
  const total = Object.values(counts).reduce((s, n) => s + (Number(n) || 0), 0);

  return (
    <div>
      <PageTitle>{t('tasks.title')}</PageTitle>
      <section aria-label={t('tasks.total')} className="gk-counts">
        <Card size="small" className="gk-count gk-count-total">
          <div className="gk-count-number" data-testid="tasks-total">
            {total}
          </div>
          <div className="gk-count-label">{t('tasks.total')}</div>
        </Card>
        {kinds.map((k) => (
          <Card size="small" className="gk-count" key={k}>
            <div className="gk-count-number" data-testid={`tasks-count-${k}`}>
              {counts[k]}
            </div>
            <div className="gk-count-label">{t(kindKey(k))}</div>
          </Card>
        ))}
      </section>
      {items.length === 0 ? (
        <Empty description={t('tasks.empty')} />
      ) : narrow ? (
        <CardList<TaskItem>
          items={items}
          rowKey={(r) => r.id}
          testId="task-cards"
          label={t('tasks.title')}
          title={(r) => <Link to={`/documents/${r.id}`}>{r.title}</Link>}
          tags={(r) => <StateTag state={r.state} />}
          itemClassName={(r) => (isOverdue(r.stepDueAt) ? 'gk-card-overdue' : undefined)}
          fields={(r) => [
            { key: 'due', label: t('tasks.col.due'), value: <DueDate at={r.stepDueAt} testId="task-due" /> },
            { key: 'docType', label: t('tasks.col.docType'), value: tv('docType', r.docType) },
            { key: 'actions', label: t('tasks.col.actions'), value: r.actions.map((x) => tv('action', x)).join(' / ') },
            { key: 'updatedAt', label: t('tasks.col.updatedAt'), value: formatDate(r.updatedAt) },
          ]}
        />
      ) : (
        <Table<TaskItem>
          rowKey="id"
          dataSource={items}
          pagination={false}
          className="gk-table"
          rowClassName={(r) => (isOverdue(r.stepDueAt) ? 'gk-row-overdue' : '')}
          columns={[
            {
              title: t('tasks.col.title'),
              dataIndex: 'title',
              render: (title: string, r) => <Link to={`/documents/${r.id}`}>{title}</Link>,
            },
            { title: t('tasks.col.state'), dataIndex: 'state', width: 150, render: (s: DocumentState) => <StateTag state={s} /> },
            { title: t('tasks.col.due'), dataIndex: 'stepDueAt', width: 170, render: (v: string | null) => <DueDate at={v} testId="task-due" /> },
            { title: t('tasks.col.docType'), dataIndex: 'docType', width: 150, render: (v: string) => tv('docType', v) },
            {
              title: t('tasks.col.actions'),
              dataIndex: 'actions',
              width: 180,
              render: (a: string[]) => a.map((x) => tv('action', x)).join(' / '),
            },
            { title: t('tasks.col.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (v: string) => formatDate(v) },
          ]}
        />
      )}
      <LoadMore q={q} />
    </div>
  );
}

function idx(k: string): number {
  const i = KIND_ORDER.indexOf(k as DocumentState);
  return i < 0 ? 99 : i;
}

function kindKey(k: string): MessageKey {
  return (KIND_ORDER.includes(k as DocumentState) ? `tasks.kind.${k}` : 'tasks.kind.other') as MessageKey;
}
