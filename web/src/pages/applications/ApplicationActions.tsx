/** The actions an application allows now; a reply offers only valid outcome/reason pairs. */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Input, Radio, Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import {
  api,
  ifMatch,
  newIdempotencyKey,
  unwrap,
  type ApplicationAction,
  type ApplicationActionRequest,
  type ApplicationResponse,
  type Outcome,
  type OutcomeReason,
} from '../../api/client';
import { isStatus } from '../../api/errors';
import { ErrorAlert, Field } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { CONSULTEES, DELIVERY_METHODS, FEE_METHODS } from '../../lib/applications';
import type { Referral } from '../../lib/referrals';
import { clearDraft, loadDraft, saveDraft } from '../../lib/draft-storage';
import { applicationNeedsComment, outcomesOf, reasonsOf, type ApplicationRules } from '../../lib/rules';

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
  closeReferrals?: boolean;
  documentIds?: string[];
}

const EMPTY: ActionFields = { comment: '', at: '', consultee: 'third_party', receivedAt: '', deliveredAt: '' };

/** A datetime-local value as an ISO instant (the browser's time zone), or undefined. */
function instant(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function ApplicationActions({
  app,
  rules,
  reload,
  openReferrals = [],
  proposedDocumentIds = [],
}: {
  app: ApplicationResponse;
  rules: ApplicationRules;
  reload(): Promise<void>;
  openReferrals?: Referral[];
  /** Documents the referred units proposed to provide (offered for a disclosing reply). */
  proposedDocumentIds?: string[];
}) {
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
  const reasons = f.outcome ? reasonsOf(rules, f.outcome) : [];

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
    if (applicationNeedsComment(rules, action!) && !body.comment) return 'apps.commentRequired';
    const at = instant(f.at);
    if (at) body.at = at;
    switch (action) {
      case 'reply':
        if (!f.outcome) return 'apply.required';
        body.outcome = f.outcome;
        if (reasonsOf(rules, f.outcome).length > 0) {
          if (!f.reason || !reasonsOf(rules, f.outcome).includes(f.reason)) return 'apps.reasonRequired';
          body.reason = f.reason;
        }
        if (openReferrals.length > 0 && f.closeReferrals) body.closeOpenReferrals = true;
        if ((f.outcome === 'disclosed' || f.outcome === 'partially_disclosed') && f.documentIds?.length) body.documentIds = f.documentIds;
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
        queryClient.invalidateQueries({ queryKey: ['referrals'] }),
        queryClient.invalidateQueries({ queryKey: ['appeals', 'application', app.id] }),
      ]);
    } catch (e) {
      setError(e);
      if (isStatus(e, 412)) await reload().catch(() => undefined);
    } finally {
      setBusy(false);
    }
  };

  const needsComment = action ? applicationNeedsComment(rules, action) : false;
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
              onChange={(v) => setF((x) => ({ ...x, outcome: v, reason: reasonsOf(rules, v).length === 1 ? reasonsOf(rules, v)[0] : undefined }))}
              options={outcomesOf(rules).map((o) => ({ value: o, label: tv('outcome', o) }))}
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
      {action === 'reply' && (f.outcome === 'disclosed' || f.outcome === 'partially_disclosed') ? (
        <Field id="app-documents" label={t('apps.replyDocuments')}>
          <Select<string[]>
            id="app-documents"
            mode="tags"
            style={{ width: '100%' }}
            value={f.documentIds ?? []}
            tokenSeparators={[',', ' ', '，']}
            onChange={(v) => set('documentIds', v.map((x) => x.trim()).filter((x) => UUID.test(x)))}
            options={proposedDocumentIds.map((d) => ({ value: d, label: d }))}
          />
          <div className="gk-hint">{t('apps.documentsHint')}</div>
        </Field>
      ) : null}
      {action === 'reply' && openReferrals.length > 0 ? (
        <div className="gk-field" data-testid="open-referrals">
          <Alert type="warning" showIcon title={t('apps.reply.openReferrals', { n: openReferrals.length, units: openReferrals.map((r) => r.unitName).join('、') })} />
          <Checkbox className="gk-gap-small" checked={!!f.closeReferrals} onChange={(e) => set('closeReferrals', e.target.checked)} data-testid="close-referrals">
            {t('apps.reply.closeReferrals')}
          </Checkbox>
        </div>
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
