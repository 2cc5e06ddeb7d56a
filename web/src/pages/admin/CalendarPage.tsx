/**
 * The working-day calendar (administrator): a year's overrides (holidays off, adjusted working
 * days) with the years the package covers and those published; entering a year's arrangement
 * (several days at once, optionally publishing the year), removing an override, withdrawing a
 * published year. Every change recomputes the due dates of open applications and referrals.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, InputNumber, Popconfirm, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { CardList } from '../../components/CardList';
import { ErrorAlert, Field, ListState, PageTitle } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { clearDraft, loadDraft, saveDraft } from '../../lib/draft-storage';
import { useNarrow } from '../../lib/responsive';

type Override = Schemas['CalendarResponse']['items'][number];
type Kind = Override['kind'];
interface Row {
  date: string;
  kind: Kind;
  name: string;
}
interface Draft {
  rows: Row[];
  publishYear: number | null;
}

const emptyRow = (): Row => ({ date: '', kind: 'holiday', name: '' });

/** 2004–2026, or 2004–2020, 2022 when a year is missing. */
function yearRanges(years: number[]): string {
  const sorted = [...years].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
    i = j;
  }
  return out.join(', ');
}

export function CalendarPage() {
  const { t, tv } = useI18n();
  const { message } = App.useApp();
  const narrow = useNarrow();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const year = Number(params.get('year') ?? thisYear + 1);
  const q = useQuery({ queryKey: ['calendar', year], queryFn: () => unwrap(api.GET('/api/v1/calendar/overrides', { params: { query: { year } } })) });
  const draftKey = 'calendar.overrides';
  const [draft, setDraftState] = useState<Draft>(() => loadDraft<Draft>(draftKey) ?? { rows: [emptyRow()], publishYear: null });
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState(false);
  const [busy, setBusy] = useState(false);
  const setDraft = (next: Draft) => {
    setDraftState(next);
    saveDraft(draftKey, next);
  };
  const setRow = (i: number, patch: Partial<Row>) => setDraft({ ...draft, rows: draft.rows.map((r, k) => (k === i ? { ...r, ...patch } : r)) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['calendar'] });

  const save = async () => {
    setError(null);
    const rows = draft.rows.filter((r) => r.date || r.name);
    if (rows.some((r) => !/^\d{4}-\d{2}-\d{2}$/.test(r.date)) || (rows.length === 0 && !draft.publishYear)) return setProblem(true);
    setProblem(false);
    setBusy(true);
    try {
      const res = await unwrap(
        api.POST('/api/v1/calendar/overrides', {
          body: { overrides: rows.map((r) => ({ date: r.date, kind: r.kind, ...(r.name.trim() ? { name: r.name.trim() } : {}) })), ...(draft.publishYear ? { publishYear: draft.publishYear } : {}) },
        }),
      );
      clearDraft(draftKey);
      setDraftState({ rows: [emptyRow()], publishYear: null });
      message.success(t('calendar.saved', { n: res.recomputed }));
      await refresh();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (date: string) => {
    setError(null);
    try {
      const res = await unwrap(api.DELETE('/api/v1/calendar/overrides/{date}', { params: { path: { date } } }));
      message.success(t('calendar.saved', { n: res.recomputed }));
      await refresh();
    } catch (e) {
      setError(e);
    }
  };
  const unpublish = async (y: number) => {
    setError(null);
    try {
      const res = await unwrap(api.DELETE('/api/v1/calendar/years/{year}', { params: { path: { year: y } } }));
      message.success(t('calendar.saved', { n: res.recomputed }));
      await refresh();
    } catch (e) {
      setError(e);
    }
  };
  const items = q.data?.items ?? [];
  const removeButton = (o: Override) => (
    <Popconfirm title={`${t('calendar.remove')} ${o.date}?`} onConfirm={() => void remove(o.date)} okText={t('calendar.remove')} cancelText={t('common.cancel')}>
      <Button size="small" danger icon={<DeleteOutlined aria-hidden />} aria-label={`${t('calendar.remove')} ${o.date}`}>
        {t('calendar.remove')}
      </Button>
    </Popconfirm>
  );

  return (
    <div>
      <PageTitle>{t('calendar.title')}</PageTitle>
      <p className="gk-intro">{t('calendar.intro', { years: yearRanges(q.data?.packageYears ?? []) })}</p>
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      {(q.data?.missing ?? []).map((g) => (
        <Alert
          key={g.year}
          type="warning"
          showIcon
          className="gk-gap-small"
          data-testid="calendar-missing"
          title={g.openApplications > 0 ? t('calendar.missing', { year: g.year, n: g.openApplications }) : t('calendar.missingAhead', { year: g.year })}
        />
      ))}
      <section className="gk-panel" aria-labelledby="calendar-years-title" data-testid="calendar-years">
        <h2 id="calendar-years-title" className="gk-panel-title">
          {t('calendar.published')}
        </h2>
        <div className="gk-page-title-extra">
          {(q.data?.publishedYears ?? []).length === 0 ? <span className="gk-muted">{t('calendar.none')}</span> : null}
          {(q.data?.publishedYears ?? []).map((y) => (
            <span key={y} className="gk-calendar-year">
              <Tag>{y}</Tag>
              <Popconfirm title={`${t('calendar.unpublish')} ${y}?`} onConfirm={() => void unpublish(y)} okText={t('calendar.unpublish')} cancelText={t('common.cancel')}>
                <Button size="small">{t('calendar.unpublish')}</Button>
              </Popconfirm>
            </span>
          ))}
        </div>
        <p className="gk-muted gk-gap-small">
          {t('calendar.package')}: {yearRanges(q.data?.packageYears ?? [])}
        </p>
      </section>

      <section className="gk-panel" aria-labelledby="calendar-list-title" data-testid="calendar-overrides">
        <h2 id="calendar-list-title" className="gk-panel-title">
          {year}
        </h2>
        <div className="gk-filters" role="search">
          <label htmlFor="calendar-year">{t('calendar.year')}</label>
          <InputNumber id="calendar-year" min={2000} max={2100} value={year} onChange={(v) => typeof v === 'number' && setParams({ year: String(v) }, { replace: true })} />
        </div>
        <ListState q={q} empty={items.length === 0} emptyText={t('calendar.empty')}>
          {narrow ? (
            <CardList<Override>
              items={items}
              rowKey={(o) => o.date}
              headingLevel={3}
              title={(o) => o.date}
              fields={(o) => [
                { key: 'kind', label: t('calendar.col.kind'), value: tv('calendar.kind', o.kind) },
                { key: 'name', label: t('calendar.col.name'), value: o.name ?? '' },
              ]}
              actions={removeButton}
            />
          ) : (
            <Table<Override>
              rowKey="date"
              className="gk-table"
              dataSource={items}
              pagination={false}
              columns={[
                { title: t('calendar.col.date'), dataIndex: 'date', width: 140 },
                { title: t('calendar.col.kind'), dataIndex: 'kind', width: 180, render: (k: Kind) => tv('calendar.kind', k) },
                { title: t('calendar.col.name'), dataIndex: 'name' },
                { title: '', key: 'remove', width: 120, render: (_, o) => removeButton(o) },
              ]}
            />
          )}
        </ListState>
      </section>

      <section className="gk-panel" aria-labelledby="calendar-add-title" data-testid="calendar-add">
        <h2 id="calendar-add-title" className="gk-panel-title">
          {t('calendar.addTitle')}
        </h2>
        {draft.rows.map((r, i) => (
          <div key={i} className="gk-calendar-row">
            <Field id={`cal-date-${i}`} label={t('calendar.col.date')}>
              <Input id={`cal-date-${i}`} type="date" value={r.date} onChange={(e) => setRow(i, { date: e.target.value })} />
            </Field>
            <Field id={`cal-kind-${i}`} label={t('calendar.col.kind')}>
              <Select<Kind>
                id={`cal-kind-${i}`}
                style={{ width: 180 }}
                value={r.kind}
                onChange={(v) => setRow(i, { kind: v })}
                options={(['holiday', 'workday'] as Kind[]).map((k) => ({ value: k, label: tv('calendar.kind', k) }))}
              />
            </Field>
            <Field id={`cal-name-${i}`} label={t('calendar.col.name')}>
              <Input id={`cal-name-${i}`} maxLength={50} value={r.name} onChange={(e) => setRow(i, { name: e.target.value })} />
            </Field>
            {draft.rows.length > 1 ? (
              <Button aria-label={t('calendar.removeRow')} icon={<DeleteOutlined aria-hidden />} onClick={() => setDraft({ ...draft, rows: draft.rows.filter((_, k) => k !== i) })} />
            ) : null}
          </div>
        ))}
        <Button icon={<PlusOutlined aria-hidden />} onClick={() => setDraft({ ...draft, rows: [...draft.rows, emptyRow()] })} data-testid="calendar-add-row">
          {t('calendar.addRow')}
        </Button>
        <Field id="cal-publish" label={t('calendar.publishYear')} className="gk-gap-small">
          <InputNumber id="cal-publish" min={2000} max={2100} value={draft.publishYear ?? undefined} onChange={(v) => setDraft({ ...draft, publishYear: typeof v === 'number' ? v : null })} />
        </Field>
        {problem ? (
          <p className="gk-problem" role="alert">
            {t('calendar.dateRequired')}
          </p>
        ) : null}
        <Button type="primary" onClick={() => void save()} loading={busy} data-testid="calendar-save">
          {t('calendar.save')}
        </Button>
      </section>
    </div>
  );
}
