/**
 * The workflow actions the user may take on the document now: those GET /documents/:id/actions
 * offers (the server's own rules, a deputy's included; the server checks again). The office and
 * the leader also give the attribute decision.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Input, Radio, Select, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  api,
  ifMatch,
  newIdempotencyKey,
  unwrap,
  type Assessment,
  type DocumentResponse,
  type NonDisclosureReason,
  type PublicAttribute,
  type TransitionRequest,
  type WorkflowAction,
} from '../api/client';
import { isStatus } from '../api/errors';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { clearDraft, loadDraft, saveDraft } from '../lib/draft-storage';
import { NON_DISCLOSURE_REASONS, PUBLIC_ATTRIBUTES } from '../lib/domain';
import { useNarrow } from '../lib/responsive';
import { openConsultationUnits, openConsultations, type Consultation, type DocumentActions } from '../lib/review-chain';
import { workflowNeedsComment, type WorkflowRules } from '../lib/rules';
import { unitLabel, useUnits } from '../lib/units';
import { AssessmentSummary, type Redaction } from './Assessment';
import { ErrorAlert, Field } from './common';

interface Props {
  doc: DocumentResponse;
  assessment: Assessment | null | undefined;
  /** The workflow's transitions (GET /api/v1/workflow/rules): which steps need a comment. */
  rules: WorkflowRules;
  /** What the caller may do now (GET /api/v1/documents/:id/actions). */
  available: DocumentActions;
  /** The document's consultations of units (the office's approval closes the open ones only when told to). */
  consultations: Consultation[];
  /** Reloads the document and its history (after a 412). */
  reload(): Promise<void>;
}

const ORDER: WorkflowAction[] = ['submit', 'approve', 'propose', 'return', 'recall', 'withdraw', 'revoke'];

/** A button of the panel: a workflow action, or the return to the previous review step. */
type Step = WorkflowAction | 'return-previous';
const actionOf = (s: Step): WorkflowAction => (s === 'return-previous' ? 'return' : s);

/** The attribute the leader decides on by default: the office's proposal or opinion. */
function officeView(doc: DocumentResponse): { attr: PublicAttribute; reason: NonDisclosureReason | null } {
  if (doc.state === 'reassessment_review' && doc.proposal) return { attr: doc.proposal.publicAttribute, reason: doc.proposal.nonDisclosureReason };
  if (doc.officeOpinion) return { attr: doc.officeOpinion.publicAttribute, reason: doc.officeOpinion.nonDisclosureReason };
  return { attr: doc.publicAttribute, reason: doc.nonDisclosureReason };
}

const LEADER_STATES = ['leader_review', 'reassessment_review'];

/** The control a problem is about: on a phone it is scrolled to and focused (the bar may be far from it). */
const PROBLEM_TARGET: Partial<Record<MessageKey, string>> = {
  'action.commentRequired': '#action-comment',
  'action.commentLeaderChange': '#action-comment',
  'form.required.reason': '#decision-reason',
  'action.proposalMustChange': '#decision-attr-label',
  'action.findingsAckRequired': '[data-testid="findings-ack"] input',
  'action.closeConsultationsComment': '#action-comment',
};

export function ActionPanel({ doc, assessment, rules, reload, available, consultations }: Props) {
  const { t, tv, formatDate } = useI18n();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const units = useUnits();
  const navigate = useNavigate();
  const narrow = useNarrow();
  const draftKey = `comment.${doc.id}`;

  // The server says what the caller may do now (its transition table, scope, separation of duties, delegations).
  const allowed = ORDER.filter((a) => available.actions.includes(a));
  const steps: Step[] = allowed.flatMap((a): Step[] => (a === 'return' && available.returnTo.includes('previous') ? ['return', 'return-previous'] : [a]));
  const canEdit = available.other.includes('edit');
  const canRedact = available.other.includes('redact');
  const open = openConsultations(consultations);

  const proposing = allowed.includes('propose');
  const leaderStep = LEADER_STATES.includes(doc.state);
  const decides = proposing || (allowed.includes('approve') && (doc.state === 'attribute_review' || leaderStep));
  const atSecrecy = allowed.includes('approve') && doc.state === 'secrecy_review';
  const { attr: officeAttr, reason: officeReason } = officeView(doc);
  const defaults = () => (leaderStep ? officeView(doc) : { attr: doc.publicAttribute, reason: doc.nonDisclosureReason });

  const [comment, setCommentState] = useState(() => loadDraft<string>(draftKey) ?? '');
  const setComment = (v: string) => {
    setCommentState(v);
    if (v) saveDraft(draftKey, v);
    else clearDraft(draftKey);
  };
  const [attr, setAttr] = useState<PublicAttribute>(() => defaults().attr);
  const [reason, setReason] = useState<NonDisclosureReason | null>(() => defaults().reason);
  const [rationale, setRationale] = useState(doc.attributeRationale ?? '');
  const [ack, setAck] = useState(false);
  const [closeOpen, setCloseOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [reloaded, setReloaded] = useState(false);
  const [busy, setBusy] = useState<Step | null>(null);
  const keys = useRef(new Map<string, string>());

  // A new version (after an action or a reload): new idempotency keys, decision defaults follow it.
  useEffect(() => {
    keys.current.clear();
  }, [doc.id, doc.version]);
  // A new step (after an action, or someone else's): the decision starts from its defaults again.
  useEffect(() => {
    const d = defaults();
    setAttr(d.attr);
    setReason(d.reason);
    setRationale(doc.attributeRationale ?? '');
    setAck(false);
    setCloseOpen(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc.id, doc.state]);

  const findings = assessment?.findings ?? [];
  const leaderChanges = leaderStep && (attr !== officeAttr || (attr === 'not_public' && reason !== officeReason));
  const proposalUnchanged = attr === doc.publicAttribute && (attr !== 'not_public' || reason === doc.nonDisclosureReason);

  const commentRequired = (action: WorkflowAction) => workflowNeedsComment(rules, doc.state, action);
  const closesConsultations = (action: WorkflowAction) => action === 'approve' && doc.state === 'attribute_review' && closeOpen && open.length > 0;
  const check = (step: Step): MessageKey | null => {
    const action = actionOf(step);
    if (commentRequired(action) && !comment.trim()) return 'action.commentRequired';
    if (closesConsultations(action) && !comment.trim()) return 'action.closeConsultationsComment';
    if ((action === 'approve' || action === 'propose') && decides && attr === 'not_public' && !reason) return 'form.required.reason';
    if (action === 'propose' && proposalUnchanged) return 'action.proposalMustChange';
    if (action === 'approve' && leaderChanges && !comment.trim()) return 'action.commentLeaderChange';
    if (action === 'approve' && atSecrecy && findings.length > 0 && !ack) return 'action.findingsAckRequired';
    return null;
  };

  const bodyFor = (step: Step): TransitionRequest => {
    const action = actionOf(step);
    const body: TransitionRequest = { action };
    if (step === 'return-previous') body.to = 'previous';
    if (closesConsultations(action)) body.closeOpenConsultations = true;
    if (comment.trim()) body.comment = comment.trim();
    if ((action === 'approve' || action === 'propose') && decides) {
      body.publicAttribute = attr;
      if (attr === 'not_public' && reason) body.nonDisclosureReason = reason;
      if (rationale.trim() !== (doc.attributeRationale ?? '').trim()) body.attributeRationale = rationale.trim();
    }
    if (action === 'approve' && atSecrecy && findings.length > 0) body.findingsAcknowledged = ack;
    return body;
  };

  /**
   * On a phone the buttons sit in the bar at the bottom of the screen, maybe far from the panel:
   * bring what went wrong into view (the field a problem is about, focused; or the error).
   */
  const bringIntoView = (selector: string | undefined, focus: boolean) => {
    if (!narrow || !selector) return;
    requestAnimationFrame(() => {
      const el = document.querySelector<HTMLElement>(selector);
      if (!el) return;
      el.scrollIntoView({ block: 'center' });
      if (focus) el.focus({ preventScroll: true });
    });
  };
  const reveal = (p: MessageKey) => bringIntoView(PROBLEM_TARGET[p], true);

  const take = async (step: Step) => {
    const action = actionOf(step);
    const p = check(step);
    setProblem(p);
    setError(null);
    setReloaded(false);
    if (p) {
      reveal(p);
      return;
    }
    const body = bodyFor(step);
    const fingerprint = JSON.stringify(body);
    const key = keys.current.get(fingerprint) ?? newIdempotencyKey();
    keys.current.set(fingerprint, key);
    setBusy(step);
    try {
      const updated = await unwrap(
        api.POST('/api/v1/documents/{id}/transitions', {
          params: { path: { id: doc.id }, header: { 'If-Match': ifMatch(doc.version), 'Idempotency-Key': key } },
          body,
        }),
      );
      queryClient.setQueryData(['document', doc.id], updated);
      setComment('');
      message.success(t(step === 'return-previous' ? 'action.done.returnPrevious' : (`action.done.${action}` as MessageKey)));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['history', doc.id] }),
        queryClient.invalidateQueries({ queryKey: ['document-actions', doc.id] }),
        queryClient.invalidateQueries({ queryKey: ['consultations'] }),
        queryClient.invalidateQueries({ queryKey: ['tasks'] }),
        queryClient.invalidateQueries({ queryKey: ['documents'] }),
        queryClient.invalidateQueries({ queryKey: ['catalogue'] }),
      ]);
    } catch (e) {
      setError(e);
      bringIntoView('[data-testid="action-error"]', false);
      if (isStatus(e, 412)) {
        // Someone else changed the document: show their version; what was typed stays.
        await reload().catch(() => undefined);
        setReloaded(true);
      }
    } finally {
      setBusy(null);
    }
  };

  /** Marking a finding for redaction changes the document's version: reload it afterwards. */
  const redactionCall = async (call: () => Promise<unknown>) => {
    setError(null);
    try {
      await call();
      await reload();
      await queryClient.invalidateQueries({ queryKey: ['assessment', doc.id] });
    } catch (e) {
      setError(e);
      if (isStatus(e, 412)) await reload().catch(() => undefined);
    }
  };
  const redaction: Redaction = {
    redact: (f) =>
      redactionCall(() =>
        unwrap(api.POST('/api/v1/documents/{id}/redactions', { params: { path: { id: doc.id }, header: { 'If-Match': ifMatch(doc.version) } }, body: { findingId: f.id } })),
      ),
    unredact: (redactionId) =>
      redactionCall(() =>
        unwrap(api.DELETE('/api/v1/documents/{id}/redactions/{redactionId}', { params: { path: { id: doc.id, redactionId }, header: { 'If-Match': ifMatch(doc.version) } } })),
      ),
  };

  const onClick = (step: Step) => {
    if (step === 'withdraw' || step === 'revoke' || step === 'recall') {
      const p = check(step);
      if (p) {
        setProblem(p);
        reveal(p);
        return;
      }
      modal.confirm({
        title: t(`action.confirm.${step}` as MessageKey),
        okText: tv('action', step),
        cancelText: t('common.cancel'),
        okButtonProps: { danger: step !== 'recall' },
        onOk: () => take(step),
      });
      return;
    }
    void take(step);
  };

  const label = (s: Step) => (s === 'return-previous' ? t('action.returnPrevious') : s === 'approve' && leaderStep ? t('action.approve.leader') : tv('action', s));
  const needsComment = allowed.some(commentRequired);
  const errorUnits = openConsultationUnits(error);

  return (
    <>
    <section className="gk-panel gk-action-panel" aria-labelledby="action-panel-title" data-testid="action-panel">
      <h2 id="action-panel-title" className="gk-panel-title">
        {t('action.panel')}
      </h2>
      {error && errorUnits ? (
        <div className="gk-gap" data-testid="action-error">
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t('action.consultationsOpen', { units: errorUnits.map((id) => unitLabel(units.data, id) || id).join('、') })}
            description={t('action.consultationsOpenHint')}
            closable={{ onClose: () => setError(null) }}
          />
        </div>
      ) : error ? (
        <div className="gk-gap" data-testid="action-error">
          <ErrorAlert error={error} onClose={() => setError(null)} />
        </div>
      ) : null}
      {reloaded && !error ? <Alert className="gk-gap" type="info" showIcon title={t('doc.reloaded')} /> : null}
      {allowed.length === 0 && !canEdit ? <p className="gk-muted">{t('action.none')}</p> : null}
      {allowed.includes('recall') ? (
        <p className="gk-muted" data-testid="recall-hint">
          {t('action.recallHint')}
        </p>
      ) : null}

      {decides ? (
        <fieldset className="gk-decision">
          <legend>{proposing ? t('action.decision.propose') : leaderStep ? t('action.decision.leader') : t('action.decision.office')}</legend>
          {leaderStep && (doc.officeOpinion || doc.proposal) ? (
            <p className="gk-decision-office">
              {doc.state === 'reassessment_review' ? t('action.proposal') : t('form.officeOpinion')}{t('common.colon')}{tv('attr', officeAttr)}
              {officeReason ? `（${tv('reason', officeReason)}）` : ''}
            </p>
          ) : null}
          {proposing && doc.reviewDueAt ? (
            <p className="gk-decision-office">
              {t('action.reviewDue')}{t('common.colon')}{formatDate(doc.reviewDueAt, false)}
            </p>
          ) : null}
          <div className="gk-decision-grid">
            <div>
              <div id="decision-attr-label" className="gk-field-label">
                {t('form.publicAttribute')}
              </div>
              <Radio.Group
                aria-labelledby="decision-attr-label"
                role="radiogroup"
                value={attr}
                onChange={(e) => {
                  setAttr(e.target.value as PublicAttribute);
                  if (e.target.value !== 'not_public') setReason(null);
                }}
              >
                <Space orientation="vertical" size={2}>
                  {PUBLIC_ATTRIBUTES.map((v) => (
                    <Radio key={v} value={v}>
                      {tv('attr', v)}
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
              {attr === 'not_public' ? (
                <Field id="decision-reason" label={t('form.nonDisclosureReason')}>
                  <Select<NonDisclosureReason>
                    id="decision-reason"
                    style={{ width: '100%' }}
                    value={reason ?? undefined}
                    placeholder={t('form.placeholder.select')}
                    onChange={(v) => setReason(v)}
                    options={NON_DISCLOSURE_REASONS.map((v) => ({ value: v, label: tv('reason', v) }))}
                  />
                </Field>
              ) : null}
              <Field id="decision-rationale" label={t('form.attributeRationale')}>
                <Input.TextArea id="decision-rationale" autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} value={rationale} onChange={(e) => setRationale(e.target.value)} />
              </Field>
            </div>
            <aside className="gk-decision-suggestion" aria-label={t('assessment.title')}>
              <div className="gk-field-label">{t('assessment.title')}</div>
              <AssessmentSummary
                assessment={assessment}
                redaction={canRedact ? redaction : undefined}
                onUse={(a) => {
                  setAttr(a.suggestedAttribute);
                  setReason(a.suggestedAttribute === 'not_public' ? a.nonDisclosureReason : null);
                }}
              />
            </aside>
          </div>
        </fieldset>
      ) : null}

      {allowed.includes('approve') && doc.state === 'attribute_review' && open.length > 0 ? (
        <div className="gk-field gk-open-consultations" data-testid="open-consultations">
          <p className="gk-hint-block">
            {t('action.consultationsWaiting', { units: open.map((c) => unitLabel(units.data, c.unitId)).join('、') })}
          </p>
          <Checkbox checked={closeOpen} onChange={(e) => setCloseOpen(e.target.checked)} data-testid="close-consultations">
            {t('action.closeConsultations')}
          </Checkbox>
        </div>
      ) : null}

      {atSecrecy && findings.length > 0 ? (
        <div className="gk-field">
          <Checkbox checked={ack} onChange={(e) => setAck(e.target.checked)} data-testid="findings-ack">
            {t('action.findingsAck')}
          </Checkbox>
        </div>
      ) : null}

      {allowed.length > 0 ? (
        <div className="gk-field">
          <label htmlFor="action-comment" className="gk-field-label">
            {t('action.comment')}
            {needsComment ? <span className="gk-hint">（{t('action.commentRequired')}）</span> : null}
          </label>
          <Input.TextArea
            id="action-comment"
            name="comment"
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            status={problem && PROBLEM_TARGET[problem] === '#action-comment' ? 'error' : undefined}
            className="gk-action-comment"
            autoCapitalize="sentences"
            aria-describedby={problem ? 'action-problem' : undefined}
          />
        </div>
      ) : null}
      {problem ? (
        <p id="action-problem" className="gk-problem" role="alert">
          {t(problem)}
        </p>
      ) : null}

      {narrow && allowed.length === 0 && !canEdit ? null : (
        <div
          className={narrow ? 'gk-action-buttons gk-action-bar' : 'gk-action-buttons'}
          {...(narrow ? { role: 'group', 'aria-label': t('action.panel'), 'data-testid': 'action-bar' } : {})}
        >
          {steps.map((a) => (
            <Button
              key={a}
              type={a === 'approve' || a === 'submit' || a === 'propose' ? 'primary' : 'default'}
              danger={a === 'revoke' || a === 'withdraw'}
              loading={busy === a}
              disabled={busy !== null && busy !== a}
              onClick={() => onClick(a)}
              data-action={a}
            >
              {label(a)}
            </Button>
          ))}
          {canEdit ? (
            <Button onClick={() => navigate(`/documents/${doc.id}/edit`)} data-action="edit">
              {t('action.edit')}
            </Button>
          ) : null}
        </div>
      )}
    </section>
    {!decides && assessment !== undefined ? (
      <section className="gk-panel" aria-labelledby="assessment-title">
        <h2 id="assessment-title" className="gk-panel-title">
          {t('assessment.title')}
        </h2>
        <AssessmentSummary assessment={assessment} />
      </section>
    ) : null}
    </>
  );
}
