/** The public disclosure catalogue (政府信息公开目录): search, filters, keyset "load more"; no login. */
import { SearchOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Input, Select } from 'antd';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, unwrap, type CatalogueEntry, type Category } from '../api/client';
import { isStatus } from '../api/errors';
import { sizeOf } from '../components/Attachments';
import { ChannelStatus } from '../components/ChannelStatus';
import { ErrorAlert, Field, ListState, Loading, LoadMore, NotFound, PageTitle } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { CATEGORIES } from '../lib/domain';
import { useUnits } from '../lib/units';

export function CataloguePage() {
  const { t, tv, formatDate } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const category = (CATEGORIES as string[]).includes(params.get('category') ?? '') ? (params.get('category') as Category) : undefined;
  const unit = /^[A-Z0-9-]{2,20}$/.test(params.get('unit') ?? '') ? (params.get('unit') as string) : undefined;
  // Search results come newest first; relevance ranks within blocks of the newest matches (API).
  const sort = q && params.get('sort') === 'relevance' ? ('relevance' as const) : undefined;
  const [text, setText] = useState(q);
  const units = useUnits();

  const list = useInfiniteQuery({
    queryKey: ['catalogue', 'list', { q, category, unit, sort }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/catalogue', { params: { query: { q: q || undefined, sort, category, unit, limit: 20, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  // Units for the filter: all of them when logged in, else those seen in the results.
  const unitOptions = useMemo(() => {
    const m: Record<string, string> = {};
    for (const it of items) m[it.unit.code] = it.unit.name;
    for (const u of units.data ?? []) m[u.code] = u.name;
    if (unit && !m[unit]) m[unit] = unit;
    return Object.entries(m)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, name]) => ({ value: code, label: `${name}（${code}）` }));
  }, [items, units.data, unit]);

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ q: text.trim() || undefined });
  };

  return (
    <div className="gk-catalogue">
      <PageTitle>{t('catalogue.title')}</PageTitle>
      <form className="gk-catalogue-search" role="search" onSubmit={onSearch}>
        <Field id="catalogue-q" label={t('catalogue.search')} className="gk-catalogue-q">
          <Input id="catalogue-q" name="q" type="search" value={text} onChange={(e) => setText(e.target.value)} maxLength={200} allowClear />
        </Field>
        <Field id="catalogue-category" label={t('catalogue.category')}>
          <Select<string>
            id="catalogue-category"
            style={{ width: 220 }}
            value={category ?? ''}
            onChange={(v) => update({ category: v || undefined })}
            options={[{ value: '', label: t('common.all') }, ...CATEGORIES.map((c) => ({ value: c, label: tv('category', c) }))]}
          />
        </Field>
        <Field id="catalogue-unit" label={t('catalogue.unit')}>
          <Select<string>
            id="catalogue-unit"
            style={{ width: 240 }}
            value={unit ?? ''}
            onChange={(v) => update({ unit: v || undefined })}
            options={[{ value: '', label: t('common.all') }, ...unitOptions]}
          />
        </Field>
        {q && (
          <Field id="catalogue-sort" label={t('catalogue.sort')}>
            <Select<string>
              id="catalogue-sort"
              style={{ width: 160 }}
              value={sort ?? 'newest'}
              onChange={(v) => update({ sort: v === 'relevance' ? v : undefined })}
              options={[
                { value: 'newest', label: t('catalogue.sort.newest') },
                { value: 'relevance', label: t('catalogue.sort.relevance') },
              ]}
            />
          </Field>
        )}
        <div className="gk-field gk-catalogue-buttons">
          <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />}>
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              setText('');
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            {t('common.reset')}
          </Button>
        </div>
      </form>

      <section aria-label={t('catalogue.results')} aria-live="polite" aria-busy={list.isFetching}>
        <ListState q={list} empty={items.length === 0} emptyText={t('catalogue.empty')}>
          <ol className="gk-catalogue-list" data-testid="catalogue-list">
            {items.map((e) => (
              <CatalogueItem key={e.indexNo} entry={e} tv={tv} t={t} formatDate={formatDate} />
            ))}
          </ol>
        </ListState>
        {list.hasNextPage ? (
          <LoadMore q={list} testId="load-more" />
        ) : items.length > 0 ? (
          <p className="gk-more gk-muted">{t('common.noMore')}</p>
        ) : null}
      </section>
      <p className="gk-feeds">
        {t('catalogue.feeds')}
        <a href="/feeds/catalogue.atom">Atom</a> · <a href="/feeds/catalogue.rss">RSS</a> · <a href="/feeds/catalogue.json">JSON Feed</a>
      </p>
      <p className="gk-feeds">
        <Link to="/units">{t('units.title')}</Link>
      </p>
    </div>
  );
}

function CatalogueItem({ entry: e, t, tv, formatDate }: { entry: CatalogueEntry } & Pick<ReturnType<typeof useI18n>, 't' | 'tv' | 'formatDate'>) {
  return (
    <li className="gk-catalogue-item">
      <h2 className="gk-catalogue-item-title">
        <Link to={`/catalogue/${encodeURIComponent(e.indexNo)}`}>{e.title}</Link>
      </h2>
      <div className="gk-catalogue-meta">
        <span>
          {t('catalogue.indexNo')}{t('common.colon')}{e.indexNo}
        </span>
        <span>{e.unit.name}</span>
        {e.category ? <span>{tv('category', e.category)}</span> : null}
        {e.documentNumber ? <span>{e.documentNumber}</span> : null}
        <span>
          {t('catalogue.publishedAt')}{t('common.colon')}<time dateTime={e.publishedAt}>{formatDate(e.publishedAt, false)}</time>
        </span>
      </div>
      {e.summary ? <p className="gk-catalogue-summary">{e.summary}</p> : null}
    </li>
  );
}

export function CatalogueDetailPage() {
  const { indexNo = '' } = useParams();
  const { t, tv, formatDate } = useI18n();
  const entry = useQuery({
    queryKey: ['catalogue', 'entry', indexNo],
    queryFn: () => unwrap(api.GET('/api/v1/catalogue/{indexNo}', { params: { path: { indexNo } } })),
  });
  if (entry.isPending) return <Loading />;
  if (entry.isError) return isStatus(entry.error, 404) ? <NotFound message={t('catalogue.notFound')} /> : <ErrorAlert error={entry.error} />;
  const e = entry.data;
  return (
    <article className="gk-catalogue-detail">
      <p>
        <Link to="/catalogue">← {t('catalogue.backToList')}</Link>
      </p>
      <h1 className="gk-catalogue-detail-title">{e.title}</h1>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 2 }}
        className="gk-gap"
        items={[
          { key: 'indexNo', label: t('catalogue.indexNo'), children: e.indexNo },
          { key: 'unit', label: t('catalogue.unit'), children: e.unit.name },
          { key: 'documentNumber', label: t('catalogue.documentNumber'), children: e.documentNumber ?? '' },
          { key: 'category', label: t('catalogue.category'), children: e.category ? tv('category', e.category) : '' },
          { key: 'docType', label: t('catalogue.docType'), children: tv('docType', e.docType) },
          { key: 'publishedAt', label: t('catalogue.publishedAt'), children: formatDate(e.publishedAt, false) },
          ...(e.summary ? [{ key: 'summary', label: t('catalogue.summary'), children: e.summary, span: 2 }] : []),
        ]}
      />
      {e.interprets ? (
        <p className="gk-catalogue-interprets" data-testid="catalogue-interprets">
          {t('interp.catalogueOf')}
          {t('common.colon')}
          <Link to={`/catalogue/${encodeURIComponent(e.interprets.indexNo)}`}>{e.interprets.title}</Link>
        </p>
      ) : null}
      {e.interpretations.length > 0 ? (
        <section aria-labelledby="catalogue-interpretations-title" className="gk-catalogue-attachments" data-testid="catalogue-interpretations">
          <h2 id="catalogue-interpretations-title" className="gk-catalogue-attachments-title">
            {t('interp.catalogueList')}
          </h2>
          <ul>
            {e.interpretations.map((i) => (
              <li key={i.indexNo}>
                <Link to={`/catalogue/${encodeURIComponent(i.indexNo)}`}>{i.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Attachments indexNo={e.indexNo} />
      <section aria-labelledby="catalogue-body-title" className="gk-catalogue-body">
        <h2 id="catalogue-body-title" className="gk-visually-hidden">
          {t('catalogue.body')}
        </h2>
        <div className="gk-body-text" data-testid="catalogue-body">
          {e.body}
        </div>
      </section>
      <ChannelStatus indexNo={e.indexNo} />
    </article>
  );
}

/** The files of a published entry (public downloads); nothing shows when there are none. */
function Attachments({ indexNo }: { indexNo: string }) {
  const { t } = useI18n();
  const q = useQuery({
    queryKey: ['catalogue', 'attachments', indexNo],
    retry: false,
    queryFn: () => unwrap(api.GET('/api/v1/catalogue/{indexNo}/attachments', { params: { path: { indexNo } } })),
  });
  if (!q.data || q.data.items.length === 0) return null;
  return (
    <section aria-labelledby="catalogue-attachments-title" className="gk-catalogue-attachments">
      <h2 id="catalogue-attachments-title" className="gk-catalogue-attachments-title">
        {t('catalogue.attachments')}
      </h2>
      <ul>
        {q.data.items.map((a) => (
          <li key={a.id}>
            <a href={a.url} download={a.fileName}>
              {a.fileName}
            </a>{' '}
            <span className="gk-muted">({sizeOf(a.size)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
