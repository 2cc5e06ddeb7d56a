/**
 * One consultation (征求意见) of a document: the document in short (its full page one tap away),
 * the office's question and due date, and for the consulted unit's liaison the answer form:
 * agree or disagree, the attribute the unit suggests (optional), a comment. Answered: the answer.
 */
import { subject } from '@casl/ability';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Radio, Select, Space } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, unwrap, type NonDisclosureReason, type PublicAttribute } from '../../api/client';
import { isStatus } from '../../api/errors';
import { useAbility } from '../../auth/session';
import { ErrorAlert, Field, Loading, NotFound, PageTitle, StateTag } from '../../components/common';
import { AnswerText, ConsultationStateTag } from '../../components/Consultations';
import { DueDate } from '../../components/DueDate';
import { useI18n } from '../../i18n/i18n';
import { NON_DISCLOSURE_REASONS, PUBLIC_ATTRIBUTES } from '../../lib/domain';
import { clearDraft, loadDraft, saveDraft } from '../../lib/draft-storage';
import { OPINIONS, useDocumentConsultations, type AnswerConsultationRequest, type Consultation } from '../../lib/review-chain';
import { unitLabel, useUnits } from '../../lib/units';

export function ConsultationAnswerPage() {
  const { id = '', cid = '' } = useParams();
  const { t, formatDate } = useI18n();
  const units = useUnits();
  const ability = useAbility();
  const doc = useQuery({ queryKey: ['document', id], queryFn: () => unwrap(api.GET('/api/v1/documents/{id}', { params: { path: { id } } })) });
  const consultations = useDocumentConsultations(id, doc.isSuccess);
  const history = useQuery({
    queryKey: ['history', id],
    enabled: doc.isSuccess,
    queryFn: () => unwrap(api.GET('/api/v1/documents/{id}/history', { params: { path: { id } } })),
  });

  if (doc.isPending || (doc.isSuccess && consultations.isPending)) return <Loading />;
  if (doc.isError) return isStatus(doc.error, 404) || isStatus(doc.error, 400) ? <NotFound message={t('consultation.notFound')} /> : <ErrorAlert error={doc.error} />;
  if (consultations.isError) return <ErrorAlert error={consultations.error} />;
  const c = consultations.data?.find((x) => x.id === cid);
  if (!c) return <NotFound message={t('consultation.notFound')} />;
  const d = doc.data;
  const canAnswer = c.state === 'open' && ability.can('answer', subject('Consultation', { id: c.id, unitId: c.unitId, documentId: c.documentId, state: c.state }));

  return (
    <div className="gk-narrow-page">
      <PageTitle>{t('consultation.pageTitle')}</PageTitle>
      <section className="gk-panel" aria-labelledby="consultation-doc-title" data-testid="consultation-document">
        <h2 id="consultation-doc-title" className="gk-panel-title">
          {d.title}
        </h2>
        <div className="gk-page-title-extra gk-gap">
          <StateTag state={d.state} />
          <span className="gk-muted">{unitLabel(units.data, d.unitId)}</span>
          <Link to={`/documents/${d.id}`}>{t('consultation.readDocument')}</Link>
        </div>
        {d.summary ? <p className="gk-pre">{d.summary}</p> : null}
        <details className="gk-consultation-body">
          <summary>{t('form.body')}</summary>
          <div className="gk-body-text">{d.body}</div>
        </details>
      </section>

      <section className="gk-panel" aria-labelledby="consultation-question-title" data-testid="consultation-question">
        <h2 id="consultation-question-title" className="gk-panel-title">
          {t('consultation.asked')}
        </h2>
        <div className="gk-page-title-extra gk-gap">
          <ConsultationStateTag state={c.state} />
          <span>{unitLabel(units.data, c.unitId)}</span>
        </div>
        <p className="gk-consultation-question gk-pre">{c.question}</p>
        <dl className="gk-card-fields">
          <div className="gk-card-field">
            <dt>{t('consultations.col.askedAt')}</dt>
            <dd>{formatDate(c.askedAt)}</dd>
          </div>
          {c.state === 'open' ? (
            <div className="gk-card-field">
              <dt>{t('consultation.due')}</dt>
              <dd>
                <DueDate at={c.dueAt} withTime />
              </dd>
            </div>
          ) : null}
        </dl>
      </section>

      {canAnswer ? (
        <AnswerForm c={c} />
      ) : c.answer ? (
        <section className="gk-panel" aria-labelledby="consultation-answer-title" data-testid="consultation-answer">
          <h2 id="consultation-answer-title" className="gk-panel-title">
            {t('consultation.answerTitle')}
          </h2>
          <AnswerText c={c} history={history.data} />
        </section>
      ) : c.state === 'closed' ? (
        <p className="gk-muted">{t('consultation.closedUnanswered')}</p>
      ) : (
        <p className="gk-muted">{t('consultation.waiting')}</p>
      )}
    </div>
  );
}

interface AnswerDraft {
  opinion: AnswerConsultationRequest['opinion'] | null;
  publicAttribute: PublicAttribute | null;
  nonDisclosureReason: NonDisclosureReason | null;
  comment: string;
}

type Problem = 'opinion' | 'reason' | 'comment';

function AnswerForm({ c }: { c: Consultation }) {
  const { t, tv } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const draftKey = `answer.${c.id}`;
  const [form, setFormState] = useState<AnswerDraft>(() => loadDraft<AnswerDraft>(draftKey) ?? { opinion: null, publicAttribute: null, nonDisclosureReason: null, comment: '' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const setForm = (next: AnswerDraft) => {
    setFormState(next);
    saveDraft(draftKey, next);
    // A problem goes once the field it was about is filled in.
    if ((problem === 'opinion' && next.opinion) || (problem === 'reason' && (next.nonDisclosureReason || next.publicAttribute !== 'not_public')) || (problem === 'comment' && next.comment.trim())) setProblem(null);
  };
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const send = async () => {
    setError(null);
    const p: Problem | null = !form.opinion ? 'opinion' : form.publicAttribute === 'not_public' && !form.nonDisclosureReason ? 'reason' : !form.comment.trim() ? 'comment' : null;
    setProblem(p);
    if (p) {
      document.querySelector<HTMLElement>(p === 'opinion' ? '#answer-opinion input' : p === 'reason' ? '#answer-reason' : '#answer-comment')?.focus();
      return;
    }
    const body: AnswerConsultationRequest = { opinion: form.opinion!, comment: form.comment.trim() };
    if (form.publicAttribute) body.publicAttribute = form.publicAttribute;
    if (form.publicAttribute === 'not_public' && form.nonDisclosureReason) body.nonDisclosureReason = form.nonDisclosureReason;
    setBusy(true);
    try {
      await unwrap(api.POST('/api/v1/consultations/{id}/answer', { params: { path: { id: c.id } }, body }));
      clearDraft(draftKey);
      message.success(t('consultation.answered'));
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['consultations'] }), queryClient.invalidateQueries({ queryKey: ['history', c.documentId] })]);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const problemText: Record<Problem, string> = {
    opinion: t('consultation.opinionRequired'),
    reason: t('form.required.reason'),
    comment: t('consultation.commentRequired'),
  };

  return (
    <section className="gk-panel" aria-labelledby="answer-form-title" data-testid="answer-form">
      <h2 id="answer-form-title" className="gk-panel-title">
        {t('consultation.answerTitle')}
      </h2>
      {error ? (
        <div className="gk-gap">
          <ErrorAlert error={error} onClose={() => setError(null)} />
        </div>
      ) : null}
      <div className="gk-field">
        <div id="answer-opinion-label" className="gk-field-label">
          {t('consultation.opinion')}
        </div>
        <Radio.Group
          id="answer-opinion"
          aria-labelledby="answer-opinion-label"
          role="radiogroup"
          value={form.opinion}
          onChange={(e) => setForm({ ...form, opinion: e.target.value as AnswerDraft['opinion'] })}
        >
          <Space wrap>
            {OPINIONS.map((o) => (
              <Radio key={o} value={o}>
                {tv('consultation.opinion', o)}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </div>
      <div className="gk-field">
        <div id="answer-attr-label" className="gk-field-label">
          {t('consultation.suggestedAttribute')}
        </div>
        <Radio.Group
          aria-labelledby="answer-attr-label"
          role="radiogroup"
          value={form.publicAttribute ?? ''}
          onChange={(e) => {
            const v = (e.target.value || null) as PublicAttribute | null;
            setForm({ ...form, publicAttribute: v, nonDisclosureReason: v === 'not_public' ? form.nonDisclosureReason : null });
          }}
        >
          <Space orientation="vertical" size={2}>
            <Radio value="">{t('consultation.noSuggestion')}</Radio>
            {PUBLIC_ATTRIBUTES.map((v) => (
              <Radio key={v} value={v}>
                {tv('attr', v)}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </div>
      {form.publicAttribute === 'not_public' ? (
        <Field id="answer-reason" label={t('form.nonDisclosureReason')}>
          <Select<NonDisclosureReason>
            id="answer-reason"
            style={{ width: '100%' }}
            value={form.nonDisclosureReason ?? undefined}
            placeholder={t('form.placeholder.select')}
            status={problem === 'reason' ? 'error' : undefined}
            onChange={(v) => setForm({ ...form, nonDisclosureReason: v })}
            options={NON_DISCLOSURE_REASONS.map((v) => ({ value: v, label: tv('reason', v) }))}
          />
        </Field>
      ) : null}
      <Field id="answer-comment" label={t('consultation.comment')}>
        <Input.TextArea
          id="answer-comment"
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={2000}
          value={form.comment}
          status={problem === 'comment' ? 'error' : undefined}
          onChange={(e) => setForm({ ...form, comment: e.target.value })}
          aria-describedby={problem ? 'answer-problem' : undefined}
        />
      </Field>
      {problem ? (
        <p id="answer-problem" className="gk-problem" role="alert">
          {problemText[problem]}
        </p>
      ) : null}
      <Button type="primary" onClick={() => void send()} loading={busy} data-testid="answer-send" className="gk-wide-on-phone">
        {t('consultation.sendAnswer')}
      </Button>
    </section>
  );
}
