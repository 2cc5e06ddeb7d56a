/**
 * The consultations inbox (征求意见): a unit's liaison sees those sent to its unit, the office all
 * of them; open ones by default, the soonest due first on the server's order (newest first).
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { Select, Table } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { CardList } from '../../components/CardList';
import { ListState, LoadMore, PageTitle } from '../../components/common';
import { ConsultationStateTag } from '../../components/Consultations';
import { DueDate } from '../../components/DueDate';
import { useI18n } from '../../i18n/i18n';
import { useNarrow } from '../../lib/responsive';
import { CONSULTATION_STATES, isOverdue, useDocumentTitles, type Consultation, type ConsultationState } from '../../lib/review-chain';
import { unitLabel, useUnits } from '../../lib/units';

export function ConsultationsPage() {
  const { t, tv, formatDate } = useI18n();
  const narrow = useNarrow();
  const units = useUnits();
  const [params, setParams] = useSearchParams();
  const raw = params.get('state');
  // Open ones unless another state (or all: "") is asked for.
  const state: ConsultationState | undefined = raw === null ? 'open' : (CONSULTATION_STATES as string[]).includes(raw) ? (raw as ConsultationState) : undefined;
  const q = useInfiniteQuery({
    queryKey: ['consultations', 'list', { state }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/consultations', { params: { query: { state, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const titles = useDocumentTitles(items.map((c) => c.documentId));
  const late = (c: Consultation) => c.state === 'open' && isOverdue(c.dueAt);
  const link = (c: Consultation) => (
    <Link to={`/documents/${c.documentId}/consultations/${c.id}`}>{titles.get(c.documentId) ?? (titles.has(c.documentId) ? t('consultation.documentHidden') : t('common.loading'))}</Link>
  );
  const answerOf = (c: Consultation) => (c.answer ? tv('consultation.opinion', c.answer.opinion) : c.state === 'closed' ? t('consultation.closedUnanswered') : '');

  return (
    <div>
      <PageTitle>{t('consultations.title')}</PageTitle>
      <div className="gk-filters" role="search">
        <label htmlFor="consultations-state">{t('consultations.filter.state')}</label>
        <Select<string>
          id="consultations-state"
          style={{ width: 180 }}
          value={state ?? ''}
          onChange={(v) => setParams(v === 'open' ? {} : { state: v }, { replace: true })}
          options={[{ value: '', label: t('common.all') }, ...CONSULTATION_STATES.map((s) => ({ value: s, label: tv('consultation.state', s) }))]}
        />
      </div>
      <ListState q={q} empty={items.length === 0} emptyText={t('consultations.empty')}>
        {narrow ? (
          <CardList<Consultation>
            items={items}
            rowKey={(c) => c.id}
            testId="consultation-cards"
            itemTestId="consultation-item"
            label={t('consultations.title')}
            itemClassName={(c) => (late(c) ? 'gk-card-overdue' : undefined)}
            title={link}
            tags={(c) => <ConsultationStateTag state={c.state} />}
            fields={(c) => [
              { key: 'unit', label: t('consultations.col.unit'), value: unitLabel(units.data, c.unitId) },
              { key: 'question', label: t('consultation.question'), value: <span className="gk-card-clamp">{c.question}</span> },
              { key: 'due', label: t('consultation.due'), value: c.state === 'open' ? <DueDate at={c.dueAt} /> : '' },
              { key: 'askedAt', label: t('consultations.col.askedAt'), value: formatDate(c.askedAt) },
              { key: 'answer', label: t('consultations.col.answer'), value: answerOf(c) },
            ]}
          />
        ) : (
          <Table<Consultation>
            rowKey="id"
            className="gk-table"
            dataSource={items}
            pagination={false}
            rowClassName={(c) => (late(c) ? 'gk-row-overdue' : '')}
            onRow={() => ({ 'data-testid': 'consultation-item' }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('consultations.col.document'), key: 'document', render: (_, c) => link(c) },
              { title: t('consultations.col.unit'), dataIndex: 'unitId', width: 180, render: (v: string) => unitLabel(units.data, v) },
              { title: t('consultation.question'), dataIndex: 'question', ellipsis: true },
              { title: t('consultations.col.state'), dataIndex: 'state', width: 110, render: (s: ConsultationState) => <ConsultationStateTag state={s} /> },
              { title: t('consultation.due'), dataIndex: 'dueAt', width: 170, render: (v: string, c) => (c.state === 'open' ? <DueDate at={v} /> : '') },
              { title: t('consultations.col.answer'), key: 'answer', width: 120, render: (_, c) => answerOf(c) },
            ]}
          />
        )}
      </ListState>
      <LoadMore q={q} />
    </div>
  );
}
