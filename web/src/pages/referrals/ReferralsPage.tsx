/**
 * The referrals inbox (转办件): a unit's liaison sees those sent to its unit, the office all of
 * them; open ones by default; `?applicationId=` one application's (where a notification leads).
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { Select, Table } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { CardList } from '../../components/CardList';
import { ListState, LoadMore, PageTitle } from '../../components/common';
import { DueDate } from '../../components/DueDate';
import { useI18n } from '../../i18n/i18n';
import { ReferralStateTag } from '../../components/Referrals';
import { REFERRAL_STATES, useOutcomeLabel, type Referral, type ReferralState } from '../../lib/referrals';
import { useNarrow } from '../../lib/responsive';
import { isOverdue } from '../../lib/review-chain';

export function ReferralsPage() {
  const { t, tv, formatDate } = useI18n();
  const narrow = useNarrow();
  const outcome = useOutcomeLabel();
  const [params, setParams] = useSearchParams();
  const applicationId = params.get('applicationId') ?? undefined;
  const raw = params.get('state');
  // Open ones unless another state (or all: "") is asked for; one application's: all of them.
  const state: ReferralState | undefined = raw === null ? (applicationId ? undefined : 'open') : (REFERRAL_STATES as string[]).includes(raw) ? (raw as ReferralState) : undefined;
  const q = useInfiniteQuery({
    queryKey: ['referrals', 'list', { state, applicationId }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/referrals', { params: { query: { state, applicationId, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const late = (r: Referral) => r.state === 'open' && isOverdue(r.dueAt);
  const link = (r: Referral) => (
    <Link to={`/referrals/${r.id}`} className="gk-card-clamp">
      {r.application.description}
    </Link>
  );
  const answerOf = (r: Referral) => (r.answer ? outcome(r.answer.proposedOutcome, r.answer.reason) : r.state === 'closed' ? t('referral.closedUnanswered') : '');

  return (
    <div>
      <PageTitle>{t('referrals.title')}</PageTitle>
      <p className="gk-muted">{t('referrals.intro')}</p>
      <div className="gk-filters" role="search">
        <label htmlFor="referrals-state">{t('referrals.filter.state')}</label>
        <Select<string>
          id="referrals-state"
          style={{ width: 180 }}
          value={state ?? ''}
          onChange={(v) => setParams({ ...(applicationId ? { applicationId } : {}), ...(v === 'open' && !applicationId ? {} : { state: v }) }, { replace: true })}
          options={[{ value: '', label: t('common.all') }, ...REFERRAL_STATES.map((s) => ({ value: s, label: tv('referral.state', s) }))]}
        />
      </div>
      <ListState q={q} empty={items.length === 0} emptyText={t('referrals.empty')}>
        {narrow ? (
          <CardList<Referral>
            items={items}
            rowKey={(r) => r.id}
            testId="referral-cards"
            itemTestId="referral-item"
            label={t('referrals.title')}
            itemClassName={(r) => (late(r) ? 'gk-card-overdue' : undefined)}
            title={link}
            tags={(r) => <ReferralStateTag state={r.state} />}
            fields={(r) => [
              { key: 'unit', label: t('referrals.col.unit'), value: r.unitName },
              { key: 'comment', label: t('referrals.col.comment'), value: <span className="gk-card-clamp">{r.comment}</span> },
              { key: 'due', label: t('referrals.col.due'), value: r.state === 'open' ? <DueDate at={r.dueAt} /> : '' },
              { key: 'referredAt', label: t('referrals.col.referredAt'), value: formatDate(r.referredAt) },
              { key: 'answer', label: t('referrals.col.answer'), value: answerOf(r) },
            ]}
          />
        ) : (
          <Table<Referral>
            rowKey="id"
            className="gk-table"
            dataSource={items}
            pagination={false}
            rowClassName={(r) => (late(r) ? 'gk-row-overdue' : '')}
            onRow={() => ({ 'data-testid': 'referral-item' }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('referrals.col.application'), key: 'application', render: (_, r) => link(r) },
              { title: t('referrals.col.unit'), dataIndex: 'unitName', width: 160 },
              { title: t('referrals.col.comment'), dataIndex: 'comment', ellipsis: true },
              { title: t('referrals.filter.state'), dataIndex: 'state', width: 100, render: (s: ReferralState) => <ReferralStateTag state={s} /> },
              { title: t('referrals.col.due'), dataIndex: 'dueAt', width: 170, render: (v: string, r) => (r.state === 'open' ? <DueDate at={v} /> : '') },
              { title: t('referrals.col.answer'), key: 'answer', width: 180, render: (_, r) => answerOf(r) },
            ]}
          />
        )}
      </ListState>
      <LoadMore q={q} />
    </div>
  );
}
