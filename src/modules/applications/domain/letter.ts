/**
 * Plain-text reply letter (政府信息公开申请答复书): the reply's Letter of notices.ts as text, so the
 * text, DOCX and HTML copies state the same facts. The letter cites the article of the
 * Regulations for the outcome from outcomes.ts. Of the applicant's personal data only the name
 * appears: the input carries no other field, and identity-card numbers, phone numbers and e-mail
 * addresses that the applicant may have typed into the description (or that slipped into the
 * comment) are masked.
 */
import { formatChinaIso } from '../../../common/china-time.js';
import { maskPersonalData } from './masking.js';
import { letterText, noticeLetter, type NoticeDocument, type NoticeFacts } from './notices.js';
import type { Outcome, OutcomeReason } from './outcomes.js';

export { maskPersonalData };

export interface ReplyLetterInput {
  trackingCode: string;
  applicantName: string;
  receivedAt: Date;
  /** The applicant's description of the information requested. */
  description: string;
  outcome: Outcome;
  reason: OutcomeReason | null;
  /** The agency's explanation / directions; required for some outcomes (see OutcomeRule.commentRequired). */
  comment?: string | null;
  repliedAt: Date;
  agencyName: string;
  /** The letter's number (〔2026〕第12号), once issued. */
  number?: string | null;
  documents?: NoticeDocument[];
}

function requireInstant(value: unknown, what: string): Date {
  if (!(value instanceof Date) || !Number.isFinite(value.getTime())) throw new RangeError(`replyLetter: ${what} must be a valid Date`);
  return value;
}

/** The facts of a reply letter (masked), as they are stored when the reply is given. */
export function replyFacts(input: ReplyLetterInput): NoticeFacts {
  const text = (v: unknown, what: string) => {
    if (typeof v !== 'string' || v.trim() === '') throw new RangeError(`replyLetter: ${what} is required`);
    return v.trim();
  };
  return {
    kind: 'reply',
    number: input.number ?? null,
    agencyName: text(input.agencyName, 'agencyName'),
    applicantName: text(input.applicantName, 'applicantName'),
    trackingCode: text(input.trackingCode, 'trackingCode'),
    receivedAt: formatChinaIso(requireInstant(input.receivedAt, 'receivedAt')),
    description: maskPersonalData(text(input.description, 'description')),
    issuedAt: formatChinaIso(requireInstant(input.repliedAt, 'repliedAt')),
    comment: input.comment && input.comment.trim() !== '' ? maskPersonalData(input.comment.trim()) : null,
    outcome: input.outcome,
    reason: input.reason,
    documents: input.documents ?? [],
  };
}

export function replyLetter(input: ReplyLetterInput): string {
  try {
    return letterText(noticeLetter(replyFacts(input)));
  } catch (e) {
    if (e instanceof RangeError) throw new RangeError(e.message.replace(/^noticeLetter:/, 'replyLetter:'));
    throw e;
  }
}
