/**
 * The public-attribute assessment: findings highlighted in the body, the suggestion beside the
 * attribute decision. If the service answers 404 (an older server without the route) the UI
 * simply shows no assessment.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Tag } from 'antd';
import { Fragment, useState, type ReactNode } from 'react';
import { api, ApiError, unwrap, type Assessment, type DocumentResponse, type Finding, type FormAssessment } from '../api/client';
import { useI18n } from '../i18n/i18n';

export function useAssessment(doc: DocumentResponse | undefined) {
  return useQuery({
    queryKey: ['assessment', doc?.id, doc?.version],
    enabled: !!doc,
    retry: false,
    staleTime: 60_000,
    queryFn: async (): Promise<Assessment | null> => {
      try {
        return await unwrap(api.GET('/api/v1/documents/{id}/assessment', { params: { path: { id: doc!.id } } }));
      } catch (e) {
        if (e instanceof ApiError && (e.status === 404 || e.status === 403 || e.status === 405 || e.status === 501)) return null;
        throw e;
      }
    },
  });
}

/** Non-overlapping findings of the body, in order. */
function bodyMarks(findings: Finding[], length: number): Finding[] {
  const sorted = findings
    .filter((f) => (f.source ?? 'body') === 'body' && f.start >= 0 && f.end > f.start && f.end <= length)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  let until = -1;
  for (const f of sorted) {
    if (f.start >= until) {
      out.push(f);
      until = f.end;
    }
  }
  return out;
}

const markId = (f: Finding) => `finding-${f.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export function BodyWithFindings({ body, findings }: { body: string; findings: Finding[] }) {
  const { tv } = useI18n();
  const marks = bodyMarks(findings, body.length);
  if (marks.length === 0) return <div className="gk-body-text">{body}</div>;
  const parts: ReactNode[] = [];
  let pos = 0;
  for (const f of marks) {
    if (f.start > pos) parts.push(<Fragment key={`t${pos}`}>{body.slice(pos, f.start)}</Fragment>);
    parts.push(
      <mark
        key={f.id}
        id={markId(f)}
        tabIndex={-1}
        className={`gk-finding gk-finding-${f.severity}${f.redacted ? ' gk-finding-redacted' : ''}`}
        title={`${tv('assessment.kind', f.kind)} · ${tv('assessment.severity', f.severity)}`}
      >
        {body.slice(f.start, f.end)}
      </mark>,
    );
    pos = f.end;
  }
  if (pos < body.length) parts.push(<Fragment key={`t${pos}`}>{body.slice(pos)}</Fragment>);
  return (
    <div className="gk-body-text" data-testid="body-with-findings">
      {parts}
    </div>
  );
}

export interface Redaction {
  redact(f: Finding): Promise<void>;
  unredact(redactionId: string): Promise<void>;
}

export function AssessmentSummary({
  assessment,
  onUse,
  redaction,
}: {
  assessment: Assessment | FormAssessment | null | undefined;
  /** Offered beside the attribute decision: copies the suggestion into it. */
  onUse?: (a: Assessment | FormAssessment) => void;
  /** The office (attribute review) and the leader (sign-off) mark body findings for redaction. */
  redaction?: Redaction;
}) {
  const { t, tv, lang } = useI18n();
  if (!assessment) return <p className="gk-muted">{t('assessment.unavailable')}</p>;
  const full = 'mandatory' in assessment ? assessment : null;
  const focus = (f: Finding) => {
    const el = document.getElementById(markId(f));
    if (el) {
      el.scrollIntoView({ block: 'center', behavior: 'smooth' });
      el.focus({ preventScroll: true });
    }
  };
  const source = (f: Finding) => {
    const s = f.source ?? 'body';
    if (s === 'body') return '';
    const key = s.startsWith('attachment') ? 'attachment' : s;
    return `（${tv('assessment.source', key)}）`;
  };
  return (
    <div className="gk-assessment" data-testid="assessment">
      <div className="gk-assessment-suggestion">
        <span className="gk-assessment-label">{t('assessment.suggested')}{t('common.colon')}</span>
        <strong data-testid="assessment-suggested">{tv('attr', assessment.suggestedAttribute)}</strong>
        {assessment.nonDisclosureReason ? <span>（{tv('reason', assessment.nonDisclosureReason)}）</span> : null}
        {onUse ? (
          <Button size="small" className="gk-assessment-use" onClick={() => onUse(assessment)}>
            {t('assessment.useSuggestion')}
          </Button>
        ) : null}
      </div>
      {full?.mandatory ? <Alert type="error" showIcon className="gk-gap-small" title={t('assessment.mandatory')} /> : null}
      {full?.redactionSuggested ? <Alert type="warning" showIcon className="gk-gap-small" title={t('assessment.redactionSuggested')} /> : null}
      {(full?.warnings ?? []).map((w) => (
        <Alert key={w.code} type="warning" showIcon className="gk-gap-small" title={lang === 'zh' ? w.messageZh : w.message} data-testid="assessment-warning" data-code={w.code} />
      ))}
      {assessment.basis.length > 0 ? (
        <div>
          <div className="gk-assessment-label">{t('assessment.basis')}</div>
          <ul className="gk-assessment-basis">
            {assessment.basis.map((b, i) => (
              <li key={`${b.rule}-${i}`}>
                <span className="gk-assessment-article">{b.article}</span> {lang === 'zh' && b.explanationZh ? b.explanationZh : b.explanation}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div>
        <div className="gk-assessment-label">{t('assessment.findings')}</div>
        {assessment.findings.length === 0 ? (
          <p className="gk-muted">{t('assessment.noFindings')}</p>
        ) : (
          <ul className="gk-assessment-findings">
            {assessment.findings.map((f) => (
              <li key={f.id}>
                <Tag className={`gk-severity gk-severity-${f.severity}`}>{tv('assessment.severity', f.severity)}</Tag>
                {(f.source ?? 'body') === 'body' ? (
                  <button type="button" className="gk-linklike" onClick={() => focus(f)}>
                    {tv('assessment.kind', f.kind)}{t('common.colon')}{f.excerpt}
                  </button>
                ) : (
                  <span>
                    {tv('assessment.kind', f.kind)}
                    {source(f)}{t('common.colon')}{f.excerpt}
                  </span>
                )}
                {f.redacted ? <span className="gk-hint">{t('assessment.redacted')}</span> : null}
                {redaction && full && (f.source ?? 'body') === 'body' ? <RedactButton finding={f} assessment={full} redaction={redaction} /> : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function RedactButton({ finding, assessment, redaction }: { finding: Finding; assessment: Assessment; redaction: Redaction }) {
  const { t, tv } = useI18n();
  const [busy, setBusy] = useState(false);
  const existing = assessment.redactions.find((r) => r.findingId === finding.id);
  const run = async () => {
    setBusy(true);
    try {
      if (existing) await redaction.unredact(existing.id);
      else await redaction.redact(finding);
    } finally {
      setBusy(false);
    }
  };
  const label = existing ? t('action.unredact') : t('action.redact');
  return (
    <Button size="small" type="link" loading={busy} onClick={() => void run()} aria-label={`${label}${t('common.colon')}${tv('assessment.kind', finding.kind)} ${finding.excerpt}`} data-testid={`redact-${finding.id}`}>
      {label}
    </Button>
  );
}
