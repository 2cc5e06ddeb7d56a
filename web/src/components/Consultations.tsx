/**
 * Consultations of units on a document (征求意见): the office picks the units and asks its
 * question (at attribute review); the form view's 会签/征求意见 box lists who was asked and what
 * they answered; a unit's liaison is pointed to the answer form.
 */
import { SendOutlined } from '@ant-design/icons';
import { subject } from '@casl/ability';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, InputNumber, Select, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, newIdempotencyKey, unwrap, type DocumentResponse, type HistoryEntry } from '../api/client';
import { useAbility } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { clearDraft, loadDraft, saveDraft } from '../lib/draft-storage';
import { openConsultations, type Consultation } from '../lib/review-chain';
import { unitLabel, useUnits } from '../lib/units';
import { ErrorAlert, Field } from './common';
import { DueDate } from './DueDate';

const STATE_COLOURS: Record<Consultation['state'], { color: string; background: string; border: string }> = {
  open: { color: '#8a3b00', background: '#fff4e6', border: '#f5c28c' },
  answered: { color: '#0f5132', background: '#e8f5ee', border: '#9fd3b5' },
  closed: { color: '#434343', background: '#f0f0f0', border: '#bfbfbf' },
};

export function ConsultationStateTag({ state }: { state: Consultation['state'] }) {
  const { tv } = useI18n();
  const c = STATE_COLOURS[state];
  return (
    <Tag className="gk-state" style={{ color: c.color, background: c.background, borderColor: c.border }}>
      {tv('consultation.state', state)}
    </Tag>
  );
}

/** The answer in words: 同意 / 不同意, the attribute the unit suggests, its comment. */
export function AnswerText({ c, history }: { c: Consultation; history?: HistoryEntry[] }) {
  const { t, tv, formatDate } = useI18n();
  const a = c.answer;
  if (!a) return null;
  const by = history?.find((h) => h.action === 'consultation_answer' && h.actorId === a.answeredBy)?.actorName;
  return (
    <div className="gk-consultation-answer">
      <div>
        <strong className={a.opinion === 'agree' ? 'gk-opinion-agree' : 'gk-opinion-disagree'}>{tv('consultation.opinion', a.opinion)}</strong>
        {a.publicAttribute ? (
          <span>
            {t('common.colon')}
            {t('consultation.suggests', { attr: tv('attr', a.publicAttribute) + (a.nonDisclosureReason ? `（${tv('reason', a.nonDisclosureReason)}）` : '') })}
          </span>
        ) : null}
      </div>
      <div className="gk-sign-comment">{a.comment}</div>
      <div className="gk-sign-by">
        {by ? `${by} ` : ''}
        <time dateTime={a.answeredAt}>{formatDate(a.answeredAt, false)}</time>
      </div>
    </div>
  );
}

/** The 会签/征求意见 box of the form view: one entry per unit asked. */
export function PaperConsultations({ items, history }: { items: Consultation[]; history: HistoryEntry[] }) {
  const { t } = useI18n();
  const units = useUnits();
  if (items.length === 0) return <span className="gk-muted">{t('consultation.none')}</span>;
  return (
    <ul className="gk-paper-consultations" data-testid="paper-consultations">
      {items.map((c) => (
        <li key={c.id} data-testid="paper-consultation">
          <div className="gk-paper-consultation-head">
            <strong>{unitLabel(units.data, c.unitId)}</strong> <ConsultationStateTag state={c.state} />
            {c.state === 'open' ? <DueDate at={c.dueAt} /> : null}
          </div>
          {c.answer ? <AnswerText c={c} history={history} /> : c.state === 'closed' ? <div className="gk-muted">{t('consultation.closedUnanswered')}</div> : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * On the document page: the office's form to consult units (while it may), and for a unit's
 * liaison the consultation waiting for its answer.
 */
export function ConsultationPanel({ doc, items, canConsult }: { doc: DocumentResponse; items: Consultation[]; canConsult: boolean }) {
  const { t } = useI18n();
  const ability = useAbility();
  const navigate = useNavigate();
  const mine = items.filter((c) => c.state === 'open' && ability.can('answer', subject('Consultation', { id: c.id, unitId: c.unitId, documentId: c.documentId, state: c.state })));
  if (!canConsult && mine.length === 0) return null;
  return (
    <section className="gk-panel" aria-labelledby="consult-title" data-testid="consultation-panel">
      <h2 id="consult-title" className="gk-panel-title">
        {t('consultation.title')}
      </h2>
      {mine.map((c) => (
        <div key={c.id} className="gk-gap" data-testid="my-consultation">
          <p className="gk-consultation-question">{c.question}</p>
          <p>
            {t('consultation.due')}
            {t('common.colon')}
            <DueDate at={c.dueAt} />
          </p>
          <Button type="primary" onClick={() => navigate(`/documents/${doc.id}/consultations/${c.id}`)} data-testid="consultation-answer-open">
            {t('consultation.answer')}
          </Button>
        </div>
      ))}
      {canConsult ? <ConsultForm doc={doc} items={items} /> : null}
    </section>
  );
}

interface ConsultDraft {
  unitIds: string[];
  question: string;
  days: number | null;
}

function ConsultForm({ doc, items }: { doc: DocumentResponse; items: Consultation[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const units = useUnits();
  const queryClient = useQueryClient();
  const draftKey = `consult.${doc.id}`;
  const [form, setFormState] = useState<ConsultDraft>(() => loadDraft<ConsultDraft>(draftKey) ?? { unitIds: [], question: '', days: null });
  const [problem, setProblem] = useState<'units' | 'question' | null>(null);
  const setForm = (next: ConsultDraft) => {
    setFormState(next);
    saveDraft(draftKey, next);
    if ((problem === 'units' && next.unitIds.length > 0) || (problem === 'question' && next.question.trim())) setProblem(null);
  };
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef<{ fingerprint: string; key: string } | null>(null);
  const waiting = new Set(openConsultations(items).map((c) => c.unitId));

  const send = async () => {
    setError(null);
    if (form.unitIds.length === 0) return setProblem('units');
    if (!form.question.trim()) return setProblem('question');
    setProblem(null);
    const body = { unitIds: form.unitIds, question: form.question.trim(), ...(form.days ? { dueInWorkingDays: form.days } : {}) };
    const fingerprint = JSON.stringify(body);
    if (key.current?.fingerprint !== fingerprint) key.current = { fingerprint, key: newIdempotencyKey() };
    setBusy(true);
    try {
      await unwrap(api.POST('/api/v1/documents/{id}/consultations', { params: { path: { id: doc.id }, header: { 'Idempotency-Key': key.current.key } }, body }));
      clearDraft(draftKey);
      setFormState({ unitIds: [], question: '', days: null });
      key.current = null;
      message.success(t('consultation.sent'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['consultations'] }),
        queryClient.invalidateQueries({ queryKey: ['history', doc.id] }),
        queryClient.invalidateQueries({ queryKey: ['document-actions', doc.id] }),
      ]);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gk-consult-form" data-testid="consult-form">
      <p className="gk-muted">{t('consultation.intro')}</p>
      {error ? (
        <div className="gk-gap">
          <ErrorAlert error={error} onClose={() => setError(null)} />
        </div>
      ) : null}
      <Field id="consult-units" label={t('consultation.units')}>
        <Select
          id="consult-units"
          mode="multiple"
          style={{ width: '100%' }}
          value={form.unitIds}
          placeholder={t('form.placeholder.select')}
          status={problem === 'units' ? 'error' : undefined}
          optionFilterProp="label"
          onChange={(v: string[]) => setForm({ ...form, unitIds: v })}
          options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name, disabled: waiting.has(u.id) }))}
          aria-describedby={problem === 'units' ? 'consult-problem' : undefined}
        />
      </Field>
      <Field id="consult-question" label={t('consultation.question')}>
        <Input.TextArea
          id="consult-question"
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={2000}
          value={form.question}
          placeholder={t('consultation.questionPlaceholder')}
          status={problem === 'question' ? 'error' : undefined}
          onChange={(e) => setForm({ ...form, question: e.target.value })}
          aria-describedby={problem === 'question' ? 'consult-problem' : undefined}
        />
      </Field>
      <Field id="consult-days" label={t('consultation.days')}>
        <InputNumber<number>
          id="consult-days"
          min={1}
          max={30}
          precision={0}
          value={form.days}
          placeholder="5"
          onChange={(v) => setForm({ ...form, days: v ?? null })}
          style={{ width: 140 }}
        />
      </Field>
      {problem ? (
        <p id="consult-problem" className="gk-problem" role="alert">
          {t(problem === 'units' ? 'consultation.unitsRequired' : 'consultation.questionRequired')}
        </p>
      ) : null}
      <Button icon={<SendOutlined aria-hidden />} onClick={() => void send()} loading={busy} data-testid="consult-send">
        {t('consultation.send')}
      </Button>
    </div>
  );
}
