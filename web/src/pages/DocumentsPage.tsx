import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Select, Table } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap, type DocumentState, type DocumentSummary, type PublicAttribute } from '../api/client';
import { useAbility } from '../auth/session';
import { CardList } from '../components/CardList';
import { AttributeTag, ListState, LoadMore, PageTitle, StateTag } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { DOCUMENT_STATES } from '../lib/domain';
import { useNarrow } from '../lib/responsive';
import { unitLabel, useUnits } from '../lib/units';

export function DocumentsPage() {
  const { t, tv, formatDate } = useI18n();
  const ability = useAbility();
  const units = useUnits();
  const narrow = useNarrow();
  const [params, setParams] = useSearchParams();
  const state = (DOCUMENT_STATES as string[]).includes(params.get('state') ?? '') ? (params.get('state') as DocumentState) : undefined;

  const q = useInfiniteQuery({
    queryKey: ['documents', { state }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/documents', { params: { query: { state, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div>
      <PageTitle
        extra={
          ability.can('create', 'Document') ? (
            <Link to="/documents/new">
              <Button type="primary" icon={<PlusOutlined aria-hidden />}>
                {t('nav.new')}
              </Button>
            </Link>
          ) : null
        }
      >
        {t('documents.title')}
      </PageTitle>
      <div className="gk-filters" role="search">
        <label htmlFor="filter-state">{t('documents.filter.state')}</label>
        <Select<string>
          id="filter-state"
          style={{ width: 220 }}
          value={state ?? ''}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v) next.set('state', v);
            else next.delete('state');
            setParams(next, { replace: true });
          }}
          options={[{ value: '', label: t('common.all') }, ...DOCUMENT_STATES.map((s) => ({ value: s, label: tv('state', s) }))]}
        />
      </div>
      <ListState q={q} empty={items.length === 0} emptyText={t('documents.empty')}>
        {narrow ? (
          <CardList<DocumentSummary>
            items={items}
            rowKey={(r) => r.id}
            testId="document-cards"
            label={t('documents.title')}
            title={(r) => <Link to={`/documents/${r.id}`}>{r.title}</Link>}
            tags={(r) => (
              <>
                <StateTag state={r.state} />
                <AttributeTag value={r.publicAttribute} />
              </>
            )}
            fields={(r) => [
              { key: 'docType', label: t('form.docType'), value: tv('docType', r.docType) },
              { key: 'unit', label: t('form.unit'), value: unitLabel(units.data, r.unitId) },
              { key: 'updatedAt', label: t('common.updatedAt'), value: formatDate(r.updatedAt) },
            ]}
          />
        ) : (
          <Table<DocumentSummary>
            rowKey="id"
            dataSource={items}
            pagination={false}
            className="gk-table"
            columns={[
              { title: t('tasks.col.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/documents/${r.id}`}>{v}</Link> },
              { title: t('form.state'), dataIndex: 'state', width: 140, render: (s: DocumentState) => <StateTag state={s} /> },
              { title: t('form.docType'), dataIndex: 'docType', width: 140, render: (v: string) => tv('docType', v) },
              { title: t('documents.col.attribute'), dataIndex: 'publicAttribute', width: 120, render: (v: PublicAttribute) => <AttributeTag value={v} /> },
              { title: t('form.unit'), dataIndex: 'unitId', width: 180, render: (v: string) => unitLabel(units.data, v) },
              { title: t('common.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (v: string) => formatDate(v) },
            ]}
          />
        )}
      </ListState>
      <LoadMore q={q} />
    </div>
  );
}
