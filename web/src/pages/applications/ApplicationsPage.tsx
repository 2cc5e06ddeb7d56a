/**
 * Disclosure on application, the office's worklist: overdue first, then the soonest due, with the
 * intake form for applications that arrived on paper.
 */
import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Select, Table } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap, type ApplicationState, type ApplicationSummary } from '../../api/client';
import { CardList } from '../../components/CardList';
import { ListState, LoadMore, PageTitle } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { APPLICATION_STATES } from '../../lib/applications';
import { useNarrow } from '../../lib/responsive';
import { RecordApplication, type RecordedApplication } from './RecordApplication';
import { clockInWords, StateLabel } from './shared';

export function ApplicationsPage() {
  const { t, tv, formatDate } = useI18n();
  const [params, setParams] = useSearchParams();
  const state = (APPLICATION_STATES as string[]).includes(params.get('state') ?? '') ? (params.get('state') as ApplicationState) : undefined;
  const overdue = params.get('overdue') === 'true' ? true : undefined;
  const q = useInfiniteQuery({
    queryKey: ['applications', { state, overdue }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/applications', { params: { query: { state, overdue, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const queryClient = useQueryClient();
  const narrow = useNarrow();
  const [recording, setRecording] = useState(false);
  const [recorded, setRecorded] = useState<RecordedApplication | null>(null);
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  return (
    <div>
      <PageTitle
        extra={
          <>
            <Link to="/referrals">{t('nav.referrals')}</Link>
            <Link to="/appeals">{t('apps.appealsLink')}</Link>
            <Link to="/applications/proposals">{t('apps.proposalsLink')}</Link>
            {recording ? null : (
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => setRecording(true)} data-testid="record-open">
                {t('apps.record.open')}
              </Button>
            )}
          </>
        }
      >
        {t('apps.title')}
      </PageTitle>
      {recorded ? (
        <Alert
          type="success"
          showIcon
          role="status"
          className="gk-gap"
          data-testid="record-done"
          title={t('apps.record.done', { code: recorded.trackingCode, due: recorded.dueAt ? formatDate(recorded.dueAt, false) : t('track.none') })}
          action={<Link to={`/applications/${recorded.id}`}>{t('apps.record.view')}</Link>}
          closable={{ onClose: () => setRecorded(null) }}
        />
      ) : null}
      {recording ? (
        <RecordApplication
          onClose={() => setRecording(false)}
          onRecorded={(res) => {
            setRecorded(res);
            setRecording(false);
            void queryClient.invalidateQueries({ queryKey: ['applications'] });
            window.scrollTo(0, 0);
          }}
        />
      ) : null}
      <div className="gk-filters" role="search">
        <label htmlFor="apps-state">{t('apps.filter.state')}</label>
        <Select<string>
          id="apps-state"
          style={{ width: 200 }}
          value={state ?? ''}
          onChange={(v) => set('state', v || undefined)}
          options={[{ value: '', label: t('common.all') }, ...APPLICATION_STATES.map((s) => ({ value: s, label: tv('appState', s) }))]}
        />
        <Checkbox checked={!!overdue} onChange={(e) => set('overdue', e.target.checked ? 'true' : undefined)}>
          {t('apps.filter.overdue')}
        </Checkbox>
      </div>
      <ListState q={q} empty={items.length === 0} emptyText={t('apps.empty')}>
        {narrow ? (
          <CardList<ApplicationSummary>
            items={items}
            rowKey={(r) => r.id}
            testId="application-cards"
            label={t('apps.title')}
            itemClassName={(r) => (r.overdue ? 'gk-card-overdue' : undefined)}
            title={(r) => <Link to={`/applications/${r.id}`}>{r.applicantName}</Link>}
            tags={(r) => <StateLabel state={r.state} />}
            fields={(r) => [
              { key: 'receivedAt', label: t('apps.col.receivedAt'), value: formatDate(r.receivedAt) },
              { key: 'description', label: t('apps.col.description'), value: <span className="gk-card-clamp">{r.description}</span> },
              { key: 'due', label: t('apps.col.due'), value: r.dueAt ? formatDate(r.dueAt, false) : '' },
              { key: 'clock', label: t('apps.col.clock'), value: clockInWords(r, t) ? <span className={r.overdue ? 'gk-overdue' : undefined}>{clockInWords(r, t)}</span> : '' },
              { key: 'outcome', label: t('apps.col.outcome'), value: r.outcome ? tv('outcome', r.outcome) : '' },
            ]}
          />
        ) : (
          <Table<ApplicationSummary>
            rowKey="id"
            className="gk-table"
            dataSource={items}
            pagination={false}
            rowClassName={(r) => (r.overdue ? 'gk-row-overdue' : '')}
            columns={[
              { title: t('apps.col.receivedAt'), dataIndex: 'receivedAt', width: 150, render: (v: string) => formatDate(v) },
              { title: t('apps.col.applicant'), dataIndex: 'applicantName', width: 160, render: (v: string, r) => <Link to={`/applications/${r.id}`}>{v}</Link> },
              { title: t('apps.col.description'), dataIndex: 'description', ellipsis: true },
              { title: t('apps.col.state'), dataIndex: 'state', width: 120, render: (s: ApplicationState) => <StateLabel state={s} /> },
              { title: t('apps.col.due'), dataIndex: 'dueAt', width: 120, render: (v: string | null) => (v ? formatDate(v, false) : '') },
              {
                title: t('apps.col.clock'),
                key: 'clock',
                width: 170,
                render: (_, r) => <span className={r.overdue ? 'gk-overdue' : undefined}>{clockInWords(r, t)}</span>,
              },
              { title: t('apps.col.outcome'), dataIndex: 'outcome', width: 120, render: (v: string | null) => tv('outcome', v) },
            ]}
          />
        )}
      </ListState>
      <LoadMore q={q} />
    </div>
  );
}
