/**
 * Disclosure on application, the office's side: the worklist (overdue first, then the soonest
 * due) and one application with its clock in words, its history, the actions it allows now (a
 * reply offers only valid outcome/reason pairs) and the reply letter.
 */
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Col, Descriptions, Input, Radio, Row, Select, Table } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import {
  api,
  downloadFile,
  ifMatch,
  newIdempotencyKey,
  unwrap,
  type ApplicationAction,
  type ApplicationActionRequest,
  type ApplicationResponse,
  type ApplicationState,
  type ApplicationSummary,
  type Outcome,
  type OutcomeReason,
} from '../api/client';
import { isStatus } from '../api/errors';
import { ErrorAlert, Field, ListState, Loading, LoadMore, NotFound, PageTitle } from '../components/common';
import { useI18n, type Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { APPLICATION_STATES, COMMENT_ACTIONS, CONSULTEES, DELIVERY_METHODS, FEE_METHODS, OUTCOMES, OUTCOME_REASONS } from '../lib/applications';
import { clearDraft, loadDraft, saveDraft } from '../lib/draft-storage';
import { ApplicationForm } from './ApplyPage';

/** "4 working days left", "due today", "2 working days overdue". */
export function clockInWords(a: Pick<ApplicationSummary, 'workingDaysLeft' | 'overdue' | 'state' | 'repliedAt'>, t: Translate): string {
  if (a.repliedAt) return t('apps.clock.done');
  if (a.state === 'awaiting_correction') return t('apps.clock.stopped');
  if (a.workingDaysLeft === null) return a.state === 'third_party_consultation' ? t('apps.clock.paused') : '';
  if (a.workingDaysLeft > 0) return t('apps.clock.left', { n: a.workingDaysLeft });
  if (a.workingDaysLeft === 0) return t('apps.clock.today');
  return t('apps.clock.overdue', { n: -a.workingDaysLeft });
}

function StateLabel({ state }: { state: ApplicationState }) {
  const { tv } = useI18n();
  return <span className={`gk-app-state gk-app-state-${state}`}>{tv('appState', state)}</span>;
}

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
  const [recording, setRecording] = useState(false);
  const [recorded, setRecorded] = useState<{ id: string; trackingCode: string; dueAt: string | null } | null>(null);
  const [formKey, setFormKey] = useState(0);
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
          recording ? null : (
            <Button icon={<PlusOutlined aria-hidden />} onClick={() => setRecording(true)} data-testid="record-open">
              {t('apps.record.open')}
            </Button>
          )
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
        <section className="gk-record" aria-labelledby="record-title">
          <div className="gk-record-head">
            <h2 id="record-title" className="gk-panel-title">
              {t('apps.record.title')}
            </h2>
            <Button onClick={() => setRecording(false)}>{t('apps.record.close')}</Button>
          </div>
          <p className="gk-muted">{t('apps.record.intro')}</p>
          <ApplicationForm
            key={formKey}
            staff
            onSubmitted={(res) => {
              setRecorded(res);
              setRecording(false);
              setFormKey((k) => k + 1);
              void queryClient.invalidateQueries({ queryKey: ['applications'] });
              window.scrollTo(0, 0);
            }}
          />
        </section>
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
      </ListState>
      <LoadMore q={q} />
    </div>
  );
}

export function ApplicationPage() {
  const { id = '' } = useParams();
  const { t, tv, lang, formatDate } = useI18n();
  const queryClient = useQueryClient();
  const app = useQuery({
    queryKey: ['application', id],
    queryFn: () => unwrap(api.GET('/api/v1/applications/{id}', { params: { path: { id } } })),
  });
  const history = useQuery({
    queryKey: ['application-history', id],
    enabled: app.isSuccess,
    queryFn: () => unwrap(api.GET('/api/v1/applications/{id}/history', { params: { path: { id } } })),
  });
  if (app.isPending) return <Loading />;
  if (app.isError) return isStatus(app.error, 404) || isStatus(app.error, 400) ? <NotFound message={t('apps.notFound')} /> : <ErrorAlert error={app.error} />;
  const a = app.data;
  const reload = async () => {
    await Promise.all([
      queryClient.refetchQueries({ queryKey: ['application', id], exact: true }),
      queryClient.refetchQueries({ queryKey: ['application-history', id], exact: true }),
    ]);
  };
  const c = a.clock;
  const contact = [a.contact.phone, a.contact.email, a.contact.address].filter(Boolean).join('；');

  return (
    <div>
      <div className="gk-page-title">
        <h1>
          {t('apps.detail')} · {a.applicantName}
        </h1>
        <div className="gk-page-title-extra">
          <span data-testid="application-state">
            <StateLabel state={a.state} />
          </span>
          <span className="gk-muted">{t('doc.version', { version: a.version })}</span>
        </div>
      </div>
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={15}>
          <Descriptions
            bordered
            size="small"
            column={1}
            className="gk-gap gk-descriptions"
            items={[
              { key: 'code', label: t('apply.trackingCode'), children: <code>{a.trackingCode}</code> },
              { key: 'type', label: t('apply.applicantType'), children: tv('applicantType', a.applicantType) },
              { key: 'name', label: t('apply.applicantName'), children: a.applicantName },
              { key: 'id', label: t('apply.idNumber'), children: a.idNumber ?? '' },
              { key: 'contact', label: t('apply.contact'), children: contact },
              { key: 'channel', label: t('apps.channel'), children: tv('channel', a.channel) },
              { key: 'received', label: t('apply.receivedAt'), children: formatDate(a.receivedAt) },
              { key: 'desc', label: t('apply.request'), children: <div className="gk-pre">{a.description}</div> },
              { key: 'purpose', label: t('apply.purpose'), children: a.purpose ?? '' },
              { key: 'format', label: t('apply.format'), children: tv('format', a.format) },
              { key: 'delivery', label: t('apply.delivery'), children: tv('deliveryPref', a.delivery) },
              ...(a.outcome
                ? [
                    {
                      key: 'outcome',
                      label: t('apps.reply'),
                      children: (
                        <div>
                          <strong>{tv('outcome', a.outcome)}</strong>
                          {a.reason ? `（${tv('reason', a.reason)}）` : ''}
                          {a.replyComment ? <div className="gk-pre">{a.replyComment}</div> : null}
                          {a.repliedAt ? <div className="gk-muted">{formatDate(a.repliedAt)}</div> : null}
                        </div>
                      ),
                    },
                  ]
                : []),
              ...(a.fee
                ? [
                    {
                      key: 'fee',
                      label: t('apps.fee'),
                      children: a.fee.paidAt
                        ? `${t('apps.feeAmount', { amount: a.fee.amountYuan, date: formatDate(a.fee.payBy, false) })}；${t('apps.feePaid', { date: formatDate(a.fee.paidAt, false) })}`
                        : t('apps.feeAmount', { amount: a.fee.amountYuan, date: formatDate(a.fee.payBy, false) }),
                    },
                  ]
                : []),
            ]}
          />
          <section className="gk-panel" aria-labelledby="clock-title">
            <h2 id="clock-title" className="gk-panel-title">
              {t('apps.clock')}
            </h2>
            <p className="gk-clock-summary" data-testid="clock">
              <strong className={c.overdue ? 'gk-overdue' : undefined}>{clockInWords({ ...a, workingDaysLeft: c.workingDaysLeft, overdue: c.overdue }, t)}</strong>
              {c.dueAt ? <span> · {t('apps.clock.due', { date: formatDate(c.dueAt, false) })}</span> : null}
              <span className="gk-muted">
                {' '}
                · {tv('apps.clock', c.state)} · {t('apps.clock.usedDays', { n: c.workingDaysUsed })}
                {c.extended ? ` · ${t('apps.clock.extended')}` : ''}
              </span>
            </p>
            {c.provisional ? <Alert type="info" showIcon className="gk-gap-small" title={t('apps.clock.provisional')} /> : null}
            {c.calendarIncomplete ? <Alert type="warning" showIcon className="gk-gap-small" title={t('apps.clock.calendarIncomplete', { years: c.missingYears.join('、') })} /> : null}
            {c.warnings.map((w) => (
              <Alert key={`${w.code}-${w.at}`} type="warning" showIcon className="gk-gap-small" title={lang === 'zh' ? w.textZh : w.text} />
            ))}
            <ol className="gk-clock-steps">
              {c.steps.map((s, i) => (
                <li key={`${s.kind}-${i}`}>{lang === 'zh' ? s.textZh : s.text}</li>
              ))}
            </ol>
          </section>
        </Col>
        <Col xs={24} xl={9}>
          <ApplicationActions key={`${a.id}-${a.version}`} app={a} reload={reload} />
          {['replied', 'delivered', 'filed'].includes(a.state) ? <LetterButton id={a.id} trackingCode={a.trackingCode} /> : null}
          <section className="gk-panel" aria-labelledby="app-history-title">
            <h2 id="app-history-title" className="gk-panel-title">
              {t('apps.history')}
            </h2>
            {history.isSuccess ? (
              <ol className="gk-history" data-testid="application-history">
                {history.data.map((h) => (
                  <li key={h.version} className="gk-history-item">
                    <div className="gk-history-head">
                      <strong>{h.actorName ?? a.applicantName}</strong>
                      <span className="gk-history-action">{tv('appAction', h.action)}</span>
                      <time dateTime={h.at}>{formatDate(h.at)}</time>
                    </div>
                    <div className="gk-muted">
                      {h.fromState ? `${tv('appState', h.fromState)} → ` : ''}
                      {tv('appState', h.toState)}
                    </div>
                    {h.comment ? <blockquote className="gk-history-comment">{h.comment}</blockquote> : null}
                  </li>
                ))}
              </ol>
            ) : history.isError ? (
              <ErrorAlert error={history.error} />
            ) : (
              <Loading />
            )}
          </section>
        </Col>
      </Row>
    </div>
  );
}

function LetterButton({ id, trackingCode }: { id: string; trackingCode: string }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      await downloadFile(`/api/v1/applications/${encodeURIComponent(id)}/letter`, `reply-${trackingCode}.txt`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="gk-panel">
      {error ? <ErrorAlert error={error} /> : null}
      <Button icon={<DownloadOutlined aria-hidden />} onClick={() => void download()} loading={busy} data-testid="letter">
        {t('apps.letter')}
      </Button>
    </section>
  );
}

interface ActionFields {
  comment: string;
  at: string;
  outcome?: Outcome;
  reason?: OutcomeReason;
  consultee: (typeof CONSULTEES)[number];
  method?: string;
  receivedAt: string;
  deliveredAt: string;
  pages?: number;
}

const EMPTY: ActionFields = { comment: '', at: '', consultee: 'third_party', receivedAt: '', deliveredAt: '' };

/** A datetime-local value as an ISO instant (the browser's time zone), or undefined. */
function instant(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function ApplicationActions({ app, reload }: { app: ApplicationResponse; reload(): Promise<void> }) {
  const { t, tv } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const actions = app.availableActions;
  const draftKey = `application.${app.id}`;
  const stored = loadDraft<{ action: ApplicationAction; fields: ActionFields }>(draftKey);
  const [action, setAction] = useState<ApplicationAction | undefined>(stored && actions.includes(stored.action) ? stored.action : actions[0]);
  const [f, setF] = useState<ActionFields>(stored?.fields ?? EMPTY);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef<{ body: string; key: string } | null>(null);

  useEffect(() => {
    if (action) saveDraft(draftKey, { action, fields: f });
  }, [action, f, draftKey]);

  const set = <K extends keyof ActionFields>(k: K, v: ActionFields[K]) => setF((x) => ({ ...x, [k]: v }));
  const reasons = f.outcome ? OUTCOME_REASONS[f.outcome] : [];

  if (actions.length === 0) {
    return (
      <section className="gk-panel gk-action-panel" aria-labelledby="app-actions-title">
        <h2 id="app-actions-title" className="gk-panel-title">
          {t('apps.actions')}
        </h2>
        <p className="gk-muted">{t('apps.noActions')}</p>
      </section>
    );
  }

  const build = (): ApplicationActionRequest | MessageKey => {
    const body: ApplicationActionRequest = { action: action! };
    if (f.comment.trim()) body.comment = f.comment.trim();
    if (COMMENT_ACTIONS.includes(action!) && !body.comment) return 'apps.commentRequired';
    const at = instant(f.at);
    if (at) body.at = at;
    switch (action) {
      case 'reply':
        if (!f.outcome) return 'apply.required';
        body.outcome = f.outcome;
        if (OUTCOME_REASONS[f.outcome].length > 0) {
          if (!f.reason || !OUTCOME_REASONS[f.outcome].includes(f.reason)) return 'apps.reasonRequired';
          body.reason = f.reason;
        }
        break;
      case 'consult_third_party':
        body.consultee = f.consultee;
        break;
      case 'corrected':
        if (!instant(f.receivedAt)) return 'apply.required';
        body.receivedAt = instant(f.receivedAt);
        break;
      case 'deliver':
        if (!f.method) return 'apply.required';
        body.method = f.method as ApplicationActionRequest['method'];
        if (instant(f.deliveredAt)) body.deliveredAt = instant(f.deliveredAt);
        break;
      case 'charge_fee':
        if (!f.method) return 'apply.required';
        body.method = f.method as ApplicationActionRequest['method'];
        if (f.method === 'per_volume') {
          if (!f.pages) return 'apply.required';
          body.pages = f.pages;
        }
        break;
    }
    return body;
  };

  const submit = async () => {
    const b = build();
    setError(null);
    if (typeof b === 'string') {
      setProblem(b);
      return;
    }
    setProblem(null);
    const fingerprint = JSON.stringify(b);
    if (!key.current || key.current.body !== fingerprint) key.current = { body: fingerprint, key: newIdempotencyKey() };
    setBusy(true);
    try {
      const updated = await unwrap(
        api.POST('/api/v1/applications/{id}/actions', {
          params: { path: { id: app.id }, header: { 'If-Match': ifMatch(app.version), 'Idempotency-Key': key.current.key } },
          body: b,
        }),
      );
      clearDraft(draftKey);
      message.success(t('apps.done'));
      queryClient.setQueryData(['application', app.id], updated);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['application-history', app.id] }),
        queryClient.invalidateQueries({ queryKey: ['applications'] }),
      ]);
    } catch (e) {
      setError(e);
      if (isStatus(e, 412)) await reload().catch(() => undefined);
    } finally {
      setBusy(false);
    }
  };

  const needsComment = action ? COMMENT_ACTIONS.includes(action) : false;
  return (
    <section className="gk-panel gk-action-panel" aria-labelledby="app-actions-title" data-testid="application-actions">
      <h2 id="app-actions-title" className="gk-panel-title">
        {t('apps.actions')}
      </h2>
      {error ? (
        <div className="gk-gap" data-testid="application-error">
          <ErrorAlert error={error} onClose={() => setError(null)} />
        </div>
      ) : null}
      <Radio.Group
        aria-labelledby="app-actions-title"
        optionType="button"
        value={action}
        onChange={(e) => {
          setAction(e.target.value as ApplicationAction);
          setProblem(null);
        }}
        options={actions.map((a) => ({ value: a, label: tv('appAction', a) }))}
        className="gk-app-action-choice"
      />
      {action === 'reply' ? (
        <>
          <Field id="app-outcome" label={t('apps.outcome')}>
            <Select<Outcome>
              id="app-outcome"
              style={{ width: '100%' }}
              value={f.outcome}
              placeholder={t('form.placeholder.select')}
              onChange={(v) => setF((x) => ({ ...x, outcome: v, reason: OUTCOME_REASONS[v].length === 1 ? OUTCOME_REASONS[v][0] : undefined }))}
              options={OUTCOMES.map((o) => ({ value: o, label: tv('outcome', o) }))}
            />
          </Field>
          {reasons.length > 0 ? (
            <Field id="app-reason" label={t('apps.reason')}>
              <Select<OutcomeReason>
                id="app-reason"
                style={{ width: '100%' }}
                value={f.reason}
                placeholder={t('form.placeholder.select')}
                onChange={(v) => set('reason', v)}
                options={reasons.map((r) => ({ value: r, label: tv('reason', r) }))}
              />
            </Field>
          ) : null}
        </>
      ) : null}
      {action === 'consult_third_party' ? (
        <div className="gk-field">
          <div id="app-consultee-label" className="gk-field-label">
            {t('apps.consultee')}
          </div>
          <Radio.Group aria-labelledby="app-consultee-label" value={f.consultee} onChange={(e) => set('consultee', e.target.value)} options={CONSULTEES.map((c) => ({ value: c, label: tv('consultee', c) }))} />
        </div>
      ) : null}
      {action === 'corrected' ? (
        <Field id="app-received" label={t('apps.correctedAt')}>
          <Input id="app-received" type="datetime-local" value={f.receivedAt} onChange={(e) => set('receivedAt', e.target.value)} />
        </Field>
      ) : null}
      {action === 'deliver' || action === 'charge_fee' ? (
        <Field id="app-method" label={action === 'deliver' ? t('apps.method') : t('apps.feeMethod')}>
          <Select<string>
            id="app-method"
            style={{ width: '100%' }}
            value={f.method}
            placeholder={t('form.placeholder.select')}
            onChange={(v) => set('method', v)}
            options={
              action === 'deliver'
                ? DELIVERY_METHODS.map((m) => ({ value: m, label: tv('deliveryMethod', m) }))
                : FEE_METHODS.map((m) => ({ value: m, label: tv('feeMethod', m) }))
            }
          />
        </Field>
      ) : null}
      {action === 'deliver' ? (
        <Field id="app-delivered" label={t('apps.deliveredAt')}>
          <Input id="app-delivered" type="datetime-local" value={f.deliveredAt} onChange={(e) => set('deliveredAt', e.target.value)} />
        </Field>
      ) : null}
      {action === 'charge_fee' && f.method === 'per_volume' ? (
        <Field id="app-pages" label={t('apps.pages')}>
          <Input id="app-pages" type="number" min={1} value={f.pages ?? ''} onChange={(e) => set('pages', e.target.value ? Number(e.target.value) : undefined)} />
        </Field>
      ) : null}
      <div className="gk-field">
        <label htmlFor="app-comment" className="gk-field-label">
          {t('apps.comment')}
          {needsComment ? <span className="gk-hint">（{t('common.required')}）</span> : null}
        </label>
        <Input.TextArea id="app-comment" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} value={f.comment} onChange={(e) => set('comment', e.target.value)} />
      </div>
      {action !== 'corrected' && action !== 'deliver' ? (
        <Field id="app-at" label={t('apps.at')}>
          <Input id="app-at" type="datetime-local" value={f.at} onChange={(e) => set('at', e.target.value)} />
        </Field>
      ) : null}
      {problem ? (
        <p className="gk-problem" role="alert">
          {t(problem)}
        </p>
      ) : null}
      <Button type="primary" onClick={() => void submit()} loading={busy} data-testid="application-submit">
        {action ? tv('appAction', action) : t('apps.actions')}
      </Button>
    </section>
  );
}
