/** Referrals (转办), letters and appeals as the UI uses them: their types and words, from the generated API types. */
import type { Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';

export type Referral = Schemas['ReferralResponse'];
export type ReferralState = Referral['state'];
export const REFERRAL_STATES: ReferralState[] = ['open', 'answered', 'closed'];
export type Notice = Schemas['NoticeResponse'];
export type NoticeKind = Notice['kind'];
export type Appeal = Schemas['AppealResponse'];
export const APPEAL_KINDS: Appeal['kind'][] = ['reconsideration', 'litigation', 'litigation_after_reconsideration'];
export const APPEAL_RESULTS: NonNullable<Appeal['result']>[] = ['upheld', 'corrected', 'other'];

/** "部分公开（涉及个人隐私）": an outcome with its reason, in the user's language. */
export function useOutcomeLabel(): (outcome: string, reason: string | null | undefined) => string {
  const { tv, lang } = useI18n();
  return (outcome, reason) => (reason ? `${tv('outcome', outcome)}${lang === 'zh' ? `（${tv('reason', reason)}）` : ` (${tv('reason', reason)})`}` : tv('outcome', outcome));
}

/** A letter's download address: the office's by id, the applicant's by tracking code (the url the API gives). */
export const noticeUrl = (applicationId: string, kind: NoticeKind, format: 'docx' | 'html') => `/api/v1/applications/${encodeURIComponent(applicationId)}/notices/${kind}?format=${format}`;
