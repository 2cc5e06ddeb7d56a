/**
 * One referral (转办件): the application in short (without the applicant's ID number and
 * contact: the service leaves them out), the office's request and due date, and for the referred
 * unit's liaison the answer form — the proposed outcome with its ground (only valid pairs, from
 * the server's rules), an explanation, the unit's documents to provide. Answered: the answer.
 */
import { subject } from '@casl/ability';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Input, Select } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, unwrap, type Outcome, type OutcomeReason } from '../../api/client';
import { isStatus } from '../../api/errors';
import { useAbility } from '../../auth/session';
import { ErrorAlert, Field, Loading, NotFound, PageTitle } from '../../components/common';
import { DueDate } from '../../components/DueDate';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { clearDraft, loadDraft, saveDraft } from '../../lib/draft-storage';
import { ReferralStateTag } from '../../components/Referrals';
import { useOutcomeLabel, type Referral } from '../../lib/referrals';
import { outcomesOf, reasonsOf, useApplicationRules, type ApplicationRules } from '../../lib/rules';
import { StateLabel } from '../applications/shared';

export function ReferralPage() {
  const { id = '' } = useParams();
  const { t, tv, formatDate } = useI18n();
  const ability = useAbility();
  const outcome = useOutcomeLabel();
  const rules = useApplicationRules();
  const r = useQuery({ queryKey: ['referral', id], queryFn: () => unwrap(api.GET('/api/v1/referrals/{id}', { params: { path: { id } } })) });
  const app = useQuery({
    queryKey: ['application', r.data?.applicationId, 'referred'],
    enabled: r.isSuccess,
    queryFn: () => unwrap(api.GET('/api/v1/applications/{id}', { params: { path: { id: r.data!.applicationId } } })),
  });
  if (r.isPending) return <Loading />;
  if (r.isError) return isStatus(r.error, 404) || isStatus(r.error, 400) ? <NotFound message={t('referral.notFound')} /> : <ErrorAlert error={r.error} />;
  const ref = r.data;
  const canAnswer = ref.state === 'open' && ability.can('answer', subject('Referral', { id: ref.id, unitId: ref.unitId, applicationId: ref.applicationId, state: ref.state }));
  const a = app.data;

  return (
    <div className="gk-narrow-page">
      <PageTitle extra={<ReferralStateTag state={ref.state} />}>{t('referral.title')}</PageTitle>
      <section className="gk-panel" aria-labelledby="referral-app-title" data-testid="referral-application">
        <h2 id="referral-app-title" className="gk-panel-title">
          {t('referral.application')}
        </h2>
        {app.isError ? <ErrorAlert error={app.error} /> : null}
        <Descriptions
          bordered
          size="small"
          column={1}
          className="gk-descriptions"
          items={[
            { key: 'desc', label: t('apply.request'), children: <div className="gk-pre">{ref.application.description}</div> },
            ...(a
              ? [
                  { key: 'applicant', label: t('referral.applicant'), children: `${a.applicantName}（${tv('applicantType', a.applicantType)}）` },
                  ...(a.purpose ? [{ key: 'purpose', label: t('apply.purpose'), children: a.purpose }] : []),
                  { key: 'format', label: t('apply.format'), children: tv('format', a.format) },
                ]
              : []),
            { key: 'received', label: t('apply.receivedAt'), children: formatDate(ref.application.receivedAt) },
            { key: 'appDue', label: t('referral.appDue'), children: ref.application.dueAt ? formatDate(ref.application.dueAt, false) : '—' },
            { key: 'state', label: t('referral.appState'), children: <StateLabel state={ref.application.state as Parameters<typeof StateLabel>[0]['state']} /> },
          ]}
        />
        <p className="gk-muted gk-gap-small">{t('referral.privacy')}</p>
        {ability.can('manage', 'Application') ? <Link to={`/applications/${ref.applicationId}`}>{t('apps.detail')}</Link> : null}
      </section>

      <section className="gk-panel" aria-labelledby="referral-request-title" data-testid="referral-request">
        <h2 id="referral-request-title" className="gk-panel-title">
          {t('referral.request')}
        </h2>
        <p className="gk-pre">{ref.comment}</p>
        <dl className="gk-card-fields">
          <div className="gk-card-field">
            <dt>{t('referrals.col.unit')}</dt>
            <dd>{ref.unitName}</dd>
          </div>
          <div className="gk-card-field">
            <dt>{t('referral.referredAt')}</dt>
            <dd>{formatDate(ref.referredAt)}</dd>
          </div>
          {ref.state === 'open' ? (
            <div className="gk-card-field">
              <dt>{t('referral.due')}</dt>
              <dd>
                <DueDate at={ref.dueAt} testId="referral-due" />
              </dd>
            </div>
          ) : null}
        </dl>
      </section>

      {canAnswer ? (
        rules.isSuccess ? (
          <AnswerForm r={ref} rules={rules.data} />
        ) : rules.isError ? (
          <ErrorAlert error={rules.error} />
        ) : (
          <Loading />
        )
      ) : ref.answer ? (
        <section className="gk-panel" aria-labelledby="referral-answer-title" data-testid="referral-answer">
          <h2 id="referral-answer-title" className="gk-panel-title">
            {t('referral.answer')}
          </h2>
          <p>
            <strong>{outcome(ref.answer.proposedOutcome, ref.answer.reason)}</strong> · <span className="gk-muted">{t('referral.answeredAt', { date: formatDate(ref.answer.answeredAt) })}</span>
          </p>
          <p className="gk-pre">{ref.answer.comment}</p>
          {ref.answer.documentIds.length ? (
            <ul>
              {ref.answer.documentIds.map((d) => (
                <li key={d}>{ability.can('read', 'Document') ? <Link to={`/documents/${d}`}>{d}</Link> : <code>{d}</code>}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : ref.state === 'closed' ? (
        <p className="gk-muted" data-testid="referral-closed">
          {t('referral.closedNote')}
        </p>
      ) : null}
    </div>
  );
}

interface AnswerDraft {
  outcome: Outcome | null;
  reason: OutcomeReason | null;
  comment: string;
  documentIds: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function AnswerForm({ r, rules }: { r: Referral; rules: ApplicationRules }) {
  const { t, tv } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const draftKey = `referral.${r.id}`;
  const [f, setF] = useState<AnswerDraft>(() => loadDraft<AnswerDraft>(draftKey) ?? { outcome: null, reason: null, comment: '', documentIds: [] });
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (next: Partial<AnswerDraft>) =>
    setF((x) => {
      const v = { ...x, ...next };
      saveDraft(draftKey, v);
      return v;
    });
  const reasons = f.outcome ? reasonsOf(rules, f.outcome) : [];
  const provides = f.outcome === 'disclosed' || f.outcome === 'partially_disclosed';

  const submit = async () => {
    setError(null);
    if (!f.outcome) return setProblem('apply.required');
    if (reasons.length > 0 && (!f.reason || !reasons.includes(f.reason))) return setProblem('apps.reasonRequired');
    if (!f.comment.trim()) return setProblem('apps.commentRequired');
    setProblem(null);
    const body = {
      proposedOutcome: f.outcome,
      ...(reasons.length > 0 && f.reason ? { reason: f.reason } : {}),
      comment: f.comment.trim(),
      ...(provides && f.documentIds.length ? { documentIds: f.documentIds } : {}),
    };
    setBusy(true);
    try {
      const updated = await unwrap(api.POST('/api/v1/referrals/{id}/answer', { params: { path: { id: r.id } }, body }));
      clearDraft(draftKey);
      message.success(t('referral.done'));
      queryClient.setQueryData(['referral', r.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['referrals'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="gk-panel" aria-labelledby="referral-form-title" data-testid="referral-form">
      <h2 id="referral-form-title" className="gk-panel-title">
        {t('referral.answer')}
      </h2>
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      <Field id="referral-outcome" label={t('referral.proposedOutcome')}>
        <Select<Outcome>
          id="referral-outcome"
          style={{ width: '100%' }}
          value={f.outcome ?? undefined}
          placeholder={t('form.placeholder.select')}
          onChange={(v) => set({ outcome: v, reason: reasonsOf(rules, v).length === 1 ? reasonsOf(rules, v)[0] : null })}
          options={outcomesOf(rules).map((o) => ({ value: o, label: tv('outcome', o) }))}
        />
      </Field>
      {reasons.length > 0 ? (
        <Field id="referral-reason" label={t('referral.reason')}>
          <Select<OutcomeReason>
            id="referral-reason"
            style={{ width: '100%' }}
            value={f.reason ?? undefined}
            placeholder={t('form.placeholder.select')}
            onChange={(v) => set({ reason: v })}
            options={reasons.map((x) => ({ value: x, label: tv('reason', x) }))}
          />
        </Field>
      ) : null}
      <Field id="referral-comment" label={`${t('referral.comment')}（${t('common.required')}）`}>
        <Input.TextArea id="referral-comment" autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} value={f.comment} onChange={(e) => set({ comment: e.target.value })} />
      </Field>
      {provides ? (
        <Field id="referral-documents" label={t('referral.documents')}>
          <Select<string[]>
            id="referral-documents"
            mode="tags"
            style={{ width: '100%' }}
            value={f.documentIds}
            open={false}
            tokenSeparators={[',', ' ', '，']}
            onChange={(v) => set({ documentIds: v.map((x) => x.trim()).filter((x) => UUID.test(x)) })}
          />
          <div className="gk-hint">{t('referral.documentsHint')}</div>
        </Field>
      ) : null}
      {problem ? (
        <p className="gk-problem" role="alert">
          {t(problem)}
        </p>
      ) : null}
      <Button type="primary" onClick={() => void submit()} loading={busy} data-testid="referral-submit">
        {t('referral.submit')}
      </Button>
    </section>
  );
}
