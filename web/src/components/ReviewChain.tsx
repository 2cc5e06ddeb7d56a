/** The review chain as steps, and the full history with comments. */
import { Steps } from 'antd';
import type { DocumentResponse, DocumentState, HistoryEntry } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { StateTag } from './common';

type StepStatus = 'wait' | 'process' | 'finish' | 'error';

const STEP_OF: Record<DocumentState, number> = {
  draft: 0,
  returned: 0,
  withdrawn: 0,
  secrecy_review: 1,
  attribute_review: 2,
  leader_review: 3,
  reassessment_review: 3,
  awaiting_main: 4,
  published: 4,
  issued: 4,
  revoked: 4,
};

/**
 * The last entry that left `state` by approving it (who signed that step); none once the document
 * came back to that step (recalled, or returned to the previous step) and waits for it again.
 */
export function lastApproval(history: HistoryEntry[], state: DocumentState): HistoryEntry | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i];
    if (h.action === 'approve' && h.fromState === state) return h;
    if ((h.action === 'recall' || h.action === 'return') && h.toState === state) return undefined;
  }
  return undefined;
}

/** "李明（代 王芳）": who acted, and for whom when a deputy did. */
export function actorWithPrincipal(h: Pick<HistoryEntry, 'actorName' | 'onBehalfOfName'>, t: (k: MessageKey, v?: Record<string, string>) => string): string {
  return h.onBehalfOfName ? `${h.actorName}${t('history.onBehalfOf', { name: h.onBehalfOfName })}` : h.actorName;
}

export function ReviewSteps({ doc, history }: { doc: DocumentResponse; history: HistoryEntry[] }) {
  const { t, formatDate } = useI18n();
  const current = STEP_OF[doc.state];
  const lastOf = (action: string) => [...history].reverse().find((h) => h.action === action);
  const firstStep = doc.state === 'returned' ? lastOf('return') : doc.state === 'withdrawn' ? lastOf('withdraw') : lastOf('submit');
  const signed = (h: HistoryEntry | undefined) => (h ? `${actorWithPrincipal(h, t)} · ${formatDate(h.at)}` : undefined);
  const final = [...history].reverse().find((h) => h.toState === 'published' || h.toState === 'issued');

  const statusOf = (i: number): StepStatus => {
    if (i < current) return 'finish';
    if (i > current) return 'wait';
    if (doc.state === 'withdrawn' || doc.state === 'revoked' || doc.state === 'returned') return 'error';
    if (doc.state === 'published' || doc.state === 'issued') return 'finish';
    return 'process';
  };
  const finalTitle: MessageKey =
    doc.state === 'published' ? 'doc.step.published' : doc.state === 'issued' ? 'doc.step.issued' : doc.state === 'revoked' ? 'doc.step.revoked' : 'doc.step.final';
  const leaderTitle: MessageKey = doc.state === 'reassessment_review' ? 'doc.step.reassessment_review' : 'doc.step.leader_review';
  const firstTitle: MessageKey = doc.state === 'returned' ? 'doc.step.returned' : doc.state === 'withdrawn' ? 'doc.step.withdrawn' : 'doc.step.draft';

  const items = [
    { title: t(firstTitle), content: signed(firstStep) },
    { title: t('doc.step.secrecy_review'), content: signed(lastApproval(history, 'secrecy_review')) },
    { title: t('doc.step.attribute_review'), content: signed(lastApproval(history, 'attribute_review')) },
    { title: t(leaderTitle), content: signed(lastApproval(history, doc.state === 'reassessment_review' ? 'reassessment_review' : 'leader_review')) },
    { title: t(finalTitle), content: final ? formatDate(final.at) : undefined },
  ].map((it, i) => ({ ...it, status: statusOf(i) }));

  return (
    <section aria-label={t('doc.steps')} className="gk-steps">
      <h2 className="gk-visually-hidden">{t('doc.steps')}</h2>
      <Steps current={current} items={items} size="small" responsive />
    </section>
  );
}

export function HistoryList({ history }: { history: HistoryEntry[] }) {
  const { t, tv, formatDate } = useI18n();
  if (history.length === 0) return <p className="gk-muted">{t('doc.history.empty')}</p>;
  return (
    <ol className="gk-history" data-testid="history">
      {history.map((h, i) => (
        <li key={`${h.at}-${i}`} className={`gk-history-item gk-history-${h.action}`}>
          <div className="gk-history-head">
            <strong>{h.actorName}</strong>
            {h.onBehalfOfName ? (
              <span className="gk-history-principal" data-testid="history-on-behalf">
                {t('history.onBehalfOf', { name: h.onBehalfOfName }).trim()}
              </span>
            ) : null}
            <span className="gk-history-action">{actionLabel(h, tv, t)}</span>
            <time dateTime={h.at}>{formatDate(h.at)}</time>
          </div>
          {h.fromState !== h.toState ? (
            <div className="gk-history-states">
              {h.fromState ? <StateTag state={h.fromState} /> : null}
              <span aria-hidden>→</span>
              <StateTag state={h.toState} />
            </div>
          ) : null}
          {h.publicAttribute && showsAttribute(h) ? (
            <div className="gk-history-attr">
              {t('doc.history.attribute', {
                value: tv('attr', h.publicAttribute) + (h.nonDisclosureReason ? `（${tv('reason', h.nonDisclosureReason)}）` : ''),
              })}
            </div>
          ) : null}
          {h.comment ? <blockquote className="gk-history-comment">{h.comment}</blockquote> : null}
        </li>
      ))}
    </ol>
  );
}

/** The entries that decide or propose the attribute (not the secrecy review's approval). */
function showsAttribute(h: HistoryEntry): boolean {
  if (h.action === 'create' || h.action === 'update' || h.action === 'propose') return true;
  return h.action === 'approve' && h.fromState !== 'secrecy_review';
}

function actionLabel(h: HistoryEntry, tv: (p: string, v: string) => string, t: (k: MessageKey) => string): string {
  if (h.action === 'create') return t('doc.history.created');
  if (h.action === 'update') return t('doc.history.updated');
  if (h.action === 'approve' && h.fromState === 'leader_review') return tv('action', 'approve.leader');
  if (h.action === 'return' && h.toState !== 'returned' && h.toState !== 'issued') return t('action.returnPrevious');
  return tv('action', h.action);
}
