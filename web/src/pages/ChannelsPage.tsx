/**
 * The publication channels (Art. 23) for the office and administrators: each channel's receivers
 * and how many entries in the catalogue reached them, are on their way or failed; then the entries
 * not yet on every channel, newest first (keyset "load more").
 */
import './units/units.css';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../api/client';
import { CardList } from '../components/CardList';
import { ChannelStateTag } from '../components/ChannelStatus';
import { ErrorAlert, Field, ListState, Loading, LoadMore, PageTitle } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { useNarrow } from '../lib/responsive';

type Summary = Schemas['ChannelSummary'];
type BacklogItem = Schemas['BacklogItem'];

export function ChannelsPage() {
  const { t, tv, formatDate } = useI18n();
  const narrow = useNarrow();
  const [channel, setChannel] = useState<string | undefined>(undefined);
  const summary = useQuery({ queryKey: ['channels', 'summary'], queryFn: () => unwrap(api.GET('/api/v1/channels')) });
  const backlog = useInfiniteQuery({
    queryKey: ['channels', 'backlog', channel],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/channels/backlog', { params: { query: { channel, limit: 20, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (summary.isPending) return <Loading />;
  if (summary.isError) return <ErrorAlert error={summary.error} />;
  const items = backlog.data?.pages.flatMap((p) => p.items) ?? [];
  const entry = (i: BacklogItem) => <Link to={`/catalogue/${encodeURIComponent(i.indexNo)}`}>{i.title}</Link>;
  const missing = (i: BacklogItem) => (
    <span className="gk-channel-missing">
      {i.channels.map((c) => (
        <span key={c.subscriberId}>
          <Tag>{tv('channels.name', c.channel)}</Tag>
          <ChannelStateTag state={c.state} />
          {c.waiting ? <span className="gk-hint">{t('channels.waiting')}</span> : null}
        </span>
      ))}
    </span>
  );
  return (
    <div className="gk-channels-page">
      <PageTitle>{t('channels.title')}</PageTitle>
      <p className="gk-muted">{t('channels.intro')}</p>
      <Table<Summary>
        rowKey="channel"
        className="gk-table gk-gap"
        data-testid="channel-summary"
        dataSource={summary.data}
        pagination={false}
        size="small"
        scroll={{ x: true }}
        columns={[
          { title: t('channels.col.channel'), key: 'channel', render: (_, s) => tv('channels.name', s.channel) },
          { title: t('channels.col.subscribers'), dataIndex: 'active', width: 90 },
          { title: t('channels.col.delivered'), dataIndex: 'delivered', width: 90 },
          { title: t('channels.col.pending'), dataIndex: 'pending', width: 90 },
          { title: t('channels.col.failed'), dataIndex: 'failed', width: 90 },
        ]}
      />
      <h2 className="gk-section-title">{t('channels.backlog')}</h2>
      <Field id="channels-filter" label={t('channels.filter')}>
        <Select<string>
          id="channels-filter"
          style={{ width: 220 }}
          value={channel ?? ''}
          onChange={(v) => setChannel(v || undefined)}
          options={[{ value: '', label: t('common.all') }, ...summary.data.map((s) => ({ value: s.channel, label: tv('channels.name', s.channel) }))]}
        />
      </Field>
      <section aria-label={t('channels.backlog')} aria-busy={backlog.isFetching}>
        <ListState q={backlog} empty={items.length === 0} emptyText={t('channels.backlogEmpty')}>
          {narrow ? (
            <CardList<BacklogItem>
              items={items}
              rowKey={(i) => i.indexNo}
              testId="channel-backlog"
              title={entry}
              fields={(i) => [
                { key: 'indexNo', label: t('catalogue.indexNo'), value: i.indexNo },
                { key: 'publishedAt', label: t('catalogue.publishedAt'), value: formatDate(i.publishedAt) },
                { key: 'missing', label: t('channels.col.missing'), value: missing(i) },
              ]}
            />
          ) : (
            <Table<BacklogItem>
              rowKey="indexNo"
              className="gk-table"
              data-testid="channel-backlog"
              dataSource={items}
              pagination={false}
              columns={[
                { title: t('channels.col.entry'), key: 'entry', render: (_, i) => entry(i) },
                { title: t('catalogue.indexNo'), dataIndex: 'indexNo', width: 190 },
                { title: t('catalogue.publishedAt'), dataIndex: 'publishedAt', width: 170, render: (v: string) => formatDate(v) },
                { title: t('channels.col.missing'), key: 'missing', render: (_, i) => missing(i) },
              ]}
            />
          )}
        </ListState>
        {backlog.hasNextPage ? <LoadMore q={backlog} testId="channels-more" /> : null}
      </section>
    </div>
  );
}
