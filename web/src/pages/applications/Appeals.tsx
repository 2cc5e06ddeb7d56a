/**
 * Administrative reconsideration and litigation (行政复议、行政诉讼): the office's list of the
 * appeals filed in a year, each with its conclusion (recorded here once), and on an application's
 * page its own appeals and the form recording a new one.
 */
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Select, Table } from 'antd';
import { useRef, useState, type HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, newIdempotencyKey, unwrap, type ApplicationResponse } from '../../api/client';
import { CardList } from '../../components/CardList';
import { ErrorAlert, Field, ListState, LoadMore, PageTitle } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { APPEAL_KINDS, APPEAL_RESULTS, type Appeal } from '../../lib/referrals';
import { useNarrow } from '../../lib/responsive';

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
/** A date input's value as the instant the API takes: now for today (it may not be in the future), else 10:00 China time that day. */
const instantOf = (date: string) => (date === today() ? new Date().toISOString() : `${date}T10:00:00+08:00`);

function ResultText({ a }: { a: Appeal }) {
  const { tv, formatDate } = useI18n();
  return a.result ? (
    <span>
      {tv('appeal.result', a.result)} <span className="gk-muted">{a.concludedAt ? formatDate(a.concludedAt, false) : ''}</span>
    </span>
  ) : (
    <span className="gk-muted">{tv('appeal.result', 'pending')}</span>
  );
}

/** Records how a pending appeal ended (once). */
function Conclude({ a, onDone }: { a: Appeal; onDone(): Promise<void> }) {
  const { t, tv } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<Appeal['result']>(null);
  const [date, setDate] = useState(today());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (a.result) return null;
  if (!open)
    return (
      <Button size="small" onClick={() => setOpen(true)} data-testid="appeal-conclude-open">
        {t('appeals.conclude')}
      </Button>
    );
  const submit = async () => {
    if (!result || !date) return;
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.POST('/api/v1/appeals/{id}/conclusion', { params: { path: { id: a.id } }, body: { result, concludedAt: instantOf(date) } }));
      message.success(t('appeals.done'));
      setOpen(false);
      await onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="gk-appeal-conclude" data-testid="appeal-conclude">
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      <Field id={`appeal-result-${a.id}`} label={t('appeals.result')}>
        <Select<NonNullable<Appeal['result']>>
          id={`appeal-result-${a.id}`}
          style={{ width: 160 }}
          value={result ?? undefined}
          placeholder={t('form.placeholder.select')}
          onChange={setResult}
          options={APPEAL_RESULTS.map((r) => ({ value: r, label: tv('appeal.result', r) }))}
        />
      </Field>
      <Field id={`appeal-concluded-${a.id}`} label={t('appeals.concludedAt')}>
        <Input id={`appeal-concluded-${a.id}`} type="date" value={date} max={today()} onChange={(e) => setDate(e.target.value)} style={{ width: 180 }} />
      </Field>
      <Button type="primary" size="small" disabled={!result || !date} loading={busy} onClick={() => void submit()} data-testid="appeal-conclude-submit">
        {t('common.save')}
      </Button>
    </div>
  );
}

export function AppealsPage() {
  const { t, tv, formatDate } = useI18n();
  const narrow = useNarrow();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(today().slice(0, 4));
  const year = Number(params.get('year') ?? thisYear);
  const q = useInfiniteQuery({
    queryKey: ['appeals', 'list', { year }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/appeals', { params: { query: { year, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const reload = () => queryClient.invalidateQueries({ queryKey: ['appeals'] });
  const link = (a: Appeal) => <Link to={`/applications/${a.applicationId}`}>{a.trackingCode}</Link>;
  return (
    <div>
      <PageTitle>{t('appeals.title')}</PageTitle>
      <div className="gk-filters" role="search">
        <label htmlFor="appeals-year">{t('appeals.year')}</label>
        <Select<number>
          id="appeals-year"
          style={{ width: 120 }}
          value={year}
          onChange={(v) => setParams({ year: String(v) }, { replace: true })}
          options={Array.from({ length: 8 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: String(y) }))}
        />
      </div>
      <ListState q={q} empty={items.length === 0} emptyText={t('appeals.empty')}>
        {narrow ? (
          <CardList<Appeal>
            items={items}
            rowKey={(a) => a.id}
            testId="appeal-cards"
            itemTestId="appeal-item"
            label={t('appeals.title')}
            title={link}
            fields={(a) => [
              { key: 'kind', label: t('appeals.col.kind'), value: tv('appeal.kind', a.kind) },
              { key: 'filed', label: t('appeals.col.filedAt'), value: formatDate(a.filedAt, false) },
              { key: 'result', label: t('appeals.col.result'), value: <ResultText a={a} /> },
            ]}
            actions={(a) => <Conclude a={a} onDone={reload} />}
          />
        ) : (
          <Table<Appeal>
            rowKey="id"
            className="gk-table"
            dataSource={items}
            pagination={false}
            onRow={() => ({ 'data-testid': 'appeal-item' }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('appeals.col.application'), key: 'application', render: (_, a) => link(a) },
              { title: t('appeals.col.kind'), dataIndex: 'kind', render: (k: Appeal['kind']) => tv('appeal.kind', k) },
              { title: t('appeals.col.filedAt'), dataIndex: 'filedAt', width: 140, render: (v: string) => formatDate(v, false) },
              { title: t('appeals.col.result'), key: 'result', width: 180, render: (_, a) => <ResultText a={a} /> },
              { title: '', key: 'conclude', width: 320, render: (_, a) => <Conclude a={a} onDone={reload} /> },
            ]}
          />
        )}
      </ListState>
      <LoadMore q={q} />
    </div>
  );
}

/** On an application's page: its appeals, and recording one once it has been replied to. */
export function AppealsPanel({ app }: { app: ApplicationResponse }) {
  const { t, tv, formatDate } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const q = useQuery({
    queryKey: ['appeals', 'application', app.id],
    queryFn: async () => (await unwrap(api.GET('/api/v1/appeals', { params: { query: { applicationId: app.id, limit: 100 } } }))).items,
  });
  const [kind, setKind] = useState<Appeal['kind']>('reconsideration');
  const [date, setDate] = useState(today());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef<string | null>(null);
  const reload = () => queryClient.invalidateQueries({ queryKey: ['appeals'] });
  const record = async () => {
    setBusy(true);
    setError(null);
    key.current ??= newIdempotencyKey();
    try {
      await unwrap(api.POST('/api/v1/appeals', { params: { header: { 'Idempotency-Key': key.current } }, body: { applicationId: app.id, kind, filedAt: instantOf(date) } }));
      key.current = null;
      message.success(t('appeals.done'));
      await reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!['replied', 'delivered', 'filed'].includes(app.state) && (q.data ?? []).length === 0) return null;
  return (
    <section className="gk-panel" aria-labelledby="app-appeals-title" data-testid="application-appeals">
      <h2 id="app-appeals-title" className="gk-panel-title">
        {t('appeals.forApplication')}
      </h2>
      {q.isError ? <ErrorAlert error={q.error} /> : null}
      {q.isSuccess && q.data.length === 0 ? <p className="gk-muted">{t('appeals.none')}</p> : null}
      <ul className="gk-referrals">
        {(q.data ?? []).map((a) => (
          <li key={a.id} className="gk-referral" data-testid="application-appeal">
            <div>
              <strong>{tv('appeal.kind', a.kind)}</strong> <span className="gk-muted">{formatDate(a.filedAt, false)}</span> · <ResultText a={a} />
            </div>
            <Conclude a={a} onDone={reload} />
          </li>
        ))}
      </ul>
      <div className="gk-refer-form">
        <div className="gk-field-label">{t('appeals.record')}</div>
        {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
        <Field id="appeal-kind" label={t('appeals.kind')}>
          <Select<Appeal['kind']> id="appeal-kind" style={{ width: '100%' }} value={kind} onChange={setKind} options={APPEAL_KINDS.map((k) => ({ value: k, label: tv('appeal.kind', k) }))} />
        </Field>
        <Field id="appeal-filed" label={t('appeals.filedAt')}>
          <Input id="appeal-filed" type="date" value={date} max={today()} onChange={(e) => setDate(e.target.value)} />
        </Field>
        <Button onClick={() => void record()} loading={busy} disabled={!date} data-testid="appeal-record">
          {t('appeals.record')}
        </Button>
      </div>
    </section>
  );
}
