/** Art. 44: documents disclosed on application to several applicants and not published proactively — proposed for proactive disclosure. */
import { useInfiniteQuery } from '@tanstack/react-query';
import { Table } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { CardList } from '../../components/CardList';
import { ListState, LoadMore, PageTitle } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { useNarrow } from '../../lib/responsive';
import { unitLabel, useUnits } from '../../lib/units';

type Proposal = Schemas['ProposalPage']['items'][number];

export function ProposalsPage() {
  const { t, tv, formatDate } = useI18n();
  const narrow = useNarrow();
  const units = useUnits();
  const q = useInfiniteQuery({
    queryKey: ['applications', 'proposals'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/applications/proposals', { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const threshold = q.data?.pages[0]?.threshold ?? 3;
  const link = (p: Proposal) => <Link to={`/documents/${p.documentId}`}>{p.title}</Link>;
  return (
    <div>
      <PageTitle>{t('proposals.title')}</PageTitle>
      <p className="gk-muted">{t('proposals.intro', { n: threshold })}</p>
      <ListState q={q} empty={items.length === 0} emptyText={t('proposals.empty')}>
        {narrow ? (
          <CardList<Proposal>
            items={items}
            rowKey={(p) => p.documentId}
            testId="proposal-cards"
            itemTestId="proposal-item"
            label={t('proposals.title')}
            title={link}
            fields={(p) => [
              { key: 'unit', label: t('proposals.col.unit'), value: unitLabel(units.data, p.unitId) },
              { key: 'state', label: t('proposals.col.state'), value: tv('state', p.state) },
              { key: 'applicants', label: t('proposals.col.applicants'), value: String(p.applicants) },
              { key: 'applications', label: t('proposals.col.applications'), value: String(p.applications) },
              { key: 'last', label: t('proposals.col.lastRepliedAt'), value: formatDate(p.lastRepliedAt, false) },
            ]}
          />
        ) : (
          <Table<Proposal>
            rowKey="documentId"
            className="gk-table"
            dataSource={items}
            pagination={false}
            onRow={() => ({ 'data-testid': 'proposal-item' }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('proposals.col.document'), key: 'document', render: (_, p) => link(p) },
              { title: t('proposals.col.unit'), dataIndex: 'unitId', width: 180, render: (v: string) => unitLabel(units.data, v) },
              { title: t('proposals.col.state'), dataIndex: 'state', width: 120, render: (v: string) => tv('state', v) },
              { title: t('proposals.col.applicants'), dataIndex: 'applicants', width: 100 },
              { title: t('proposals.col.applications'), dataIndex: 'applications', width: 100 },
              { title: t('proposals.col.lastRepliedAt'), dataIndex: 'lastRepliedAt', width: 140, render: (v: string) => formatDate(v, false) },
            ]}
          />
        )}
      </ListState>
      <LoadMore q={q} />
    </div>
  );
}
