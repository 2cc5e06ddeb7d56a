/**
 * The office's referrals of one application (转办): each unit referred with its state, due date and
 * answer (the proposed outcome, the explanation, the documents), and while the application is
 * handled the form that refers it to more units.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, InputNumber, Select } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, newIdempotencyKey, unwrap, type ApplicationResponse } from '../../api/client';
import { ErrorAlert, Field, Loading } from '../../components/common';
import { DueDate } from '../../components/DueDate';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { clearDraft, loadDraft, saveDraft } from '../../lib/draft-storage';
import { ReferralStateTag } from '../../components/Referrals';
import { useOutcomeLabel, type Referral } from '../../lib/referrals';
import { useUnits } from '../../lib/units';

/** The application's referrals (also read by the reply, which warns about the open ones). */
export function useApplicationReferrals(applicationId: string) {
  return useQuery({
    queryKey: ['referrals', 'application', applicationId],
    queryFn: async () => (await unwrap(api.GET('/api/v1/referrals', { params: { query: { applicationId, limit: 100 } } }))).items,
  });
}

export function ReferralsPanel({ app, reload }: { app: ApplicationResponse; reload(): Promise<void> }) {
  const { t, formatDate } = useI18n();
  const outcome = useOutcomeLabel();
  const q = useApplicationReferrals(app.id);
  const items = [...(q.data ?? [])].reverse();
  return (
    <section className="gk-panel" aria-labelledby="app-referrals-title" data-testid="application-referrals">
      <h2 id="app-referrals-title" className="gk-panel-title">
        {t('apps.referrals')}
      </h2>
      {q.isPending ? <Loading /> : q.isError ? <ErrorAlert error={q.error} /> : null}
      {q.isSuccess && items.length === 0 ? <p className="gk-muted">{t('apps.refer.none')}</p> : null}
      <ul className="gk-referrals">
        {items.map((r: Referral) => (
          <li key={r.id} className="gk-referral" data-testid="application-referral">
            <div className="gk-page-title-extra">
              <strong>{r.unitName}</strong>
              <ReferralStateTag state={r.state} />
              {r.state === 'open' ? <DueDate at={r.dueAt} /> : null}
              <Link to={`/referrals/${r.id}`} className="gk-muted">
                {formatDate(r.referredAt)}
              </Link>
            </div>
            {r.answer ? (
              <div className="gk-referral-answer">
                <div>
                  <strong>{outcome(r.answer.proposedOutcome, r.answer.reason)}</strong>
                  <span className="gk-muted"> · {t('referral.answeredAt', { date: formatDate(r.answer.answeredAt) })}</span>
                </div>
                <div className="gk-pre">{r.answer.comment}</div>
                {r.answer.documentIds.length ? (
                  <ul>
                    {r.answer.documentIds.map((d) => (
                      <li key={d}>
                        <Link to={`/documents/${d}`}>{d}</Link>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : r.state === 'closed' ? (
              <div className="gk-muted">{t('referral.closedUnanswered')}</div>
            ) : (
              <div className="gk-muted gk-card-clamp">{r.comment}</div>
            )}
          </li>
        ))}
      </ul>
      {app.state === 'handling' ? <ReferForm app={app} reload={reload} /> : <p className="gk-hint">{t('apps.refer.onlyHandling')}</p>}
    </section>
  );
}

interface ReferDraft {
  unitIds: string[];
  comment: string;
  days: number;
}

function ReferForm({ app, reload }: { app: ApplicationResponse; reload(): Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const units = useUnits();
  const draftKey = `refer.${app.id}`;
  const [f, setF] = useState<ReferDraft>(() => loadDraft<ReferDraft>(draftKey) ?? { unitIds: [], comment: '', days: 10 });
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef<{ body: string; key: string } | null>(null);
  const set = (next: Partial<ReferDraft>) =>
    setF((x) => {
      const v = { ...x, ...next };
      saveDraft(draftKey, v);
      return v;
    });
  const submit = async () => {
    setError(null);
    if (f.unitIds.length === 0) return setProblem('apps.refer.unitsRequired');
    if (!f.comment.trim()) return setProblem('apps.commentRequired');
    setProblem(null);
    const body = { unitIds: f.unitIds, comment: f.comment.trim(), dueInWorkingDays: f.days };
    const fingerprint = JSON.stringify(body);
    if (!key.current || key.current.body !== fingerprint) key.current = { body: fingerprint, key: newIdempotencyKey() };
    setBusy(true);
    try {
      await unwrap(api.POST('/api/v1/applications/{id}/referrals', { params: { path: { id: app.id }, header: { 'Idempotency-Key': key.current.key } }, body }));
      clearDraft(draftKey);
      setF({ unitIds: [], comment: '', days: 10 });
      key.current = null;
      message.success(t('apps.refer.done'));
      await queryClient.invalidateQueries({ queryKey: ['referrals'] });
      await reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="gk-refer-form" data-testid="refer-form">
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      <Field id="refer-units" label={t('apps.refer.units')}>
        <Select<string[]>
          id="refer-units"
          mode="multiple"
          style={{ width: '100%' }}
          value={f.unitIds}
          placeholder={t('form.placeholder.select')}
          loading={units.isPending}
          optionFilterProp="label"
          onChange={(v) => set({ unitIds: v })}
          options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        />
      </Field>
      <Field id="refer-comment" label={`${t('apps.refer.comment')}（${t('common.required')}）`}>
        <Input.TextArea id="refer-comment" autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} value={f.comment} onChange={(e) => set({ comment: e.target.value })} />
      </Field>
      <Field id="refer-days" label={t('apps.refer.days')}>
        <InputNumber id="refer-days" min={1} max={30} value={f.days} onChange={(v) => set({ days: typeof v === 'number' ? v : 10 })} />
      </Field>
      {problem ? (
        <p className="gk-problem" role="alert">
          {t(problem)}
        </p>
      ) : null}
      <Button onClick={() => void submit()} loading={busy} data-testid="refer-submit">
        {t('apps.refer.submit')}
      </Button>
    </div>
  );
}
