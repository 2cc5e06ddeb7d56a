/**
 * Plain-text reply letter (政府信息公开申请答复书). The letter cites the article of the
 * Regulations for the outcome from outcomes.ts. Of the applicant's personal data only the name
 * appears: the input carries no other field, and identity-card numbers, phone numbers and e-mail
 * addresses that the applicant may have typed into the description (or that slipped into the
 * comment) are masked.
 */
import { chinaDate } from '../../../common/china-time.js';
import { formatDateZh } from './calendar.js';
import { REGULATIONS_TITLE_ZH, outcomeRule, type Outcome, type OutcomeReason } from './outcomes.js';

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
}

const MASKS: readonly [RegExp, string][] = [
  // Resident identity card: 18 characters (17 digits + digit or X), or the old 15 digits.
  [/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, '[身份证号已隐去]'],
  [/(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])/g, '[身份证号已隐去]'],
  // Mainland mobile numbers, optionally with +86 / 86.
  [/(?:\+?86[- ]?)?(?<!\d)1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g, '[电话号码已隐去]'],
  // Landlines: area code 0xx(x) then 7–8 digits.
  [/(?<!\d)0\d{2,3}[- ]\d{7,8}(?!\d)/g, '[电话号码已隐去]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[电子邮箱已隐去]'],
];

/** Masks identity-card numbers, phone numbers and e-mail addresses. */
export function maskPersonalData(text: string): string {
  return MASKS.reduce((t, [re, replacement]) => t.replace(re, replacement), text);
}

function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new RangeError(`replyLetter: ${what} is required`);
  return value.trim();
}

function requireInstant(value: unknown, what: string): Date {
  if (!(value instanceof Date) || !Number.isFinite(value.getTime())) throw new RangeError(`replyLetter: ${what} must be a valid Date`);
  return value;
}

function sentence(s: string): string {
  return /[。：！？]$/.test(s) ? s : `${s}。`;
}

export function replyLetter(input: ReplyLetterInput): string {
  const rule = outcomeRule(input.outcome, input.reason);
  if (!rule) {
    throw new RangeError(`replyLetter: invalid outcome/reason pair ${input.outcome}/${input.reason ?? '(none)'}`);
  }
  const trackingCode = requireText(input.trackingCode, 'trackingCode');
  const applicantName = requireText(input.applicantName, 'applicantName');
  const agencyName = requireText(input.agencyName, 'agencyName');
  const description = maskPersonalData(requireText(input.description, 'description'));
  const receivedAt = requireInstant(input.receivedAt, 'receivedAt');
  const repliedAt = requireInstant(input.repliedAt, 'repliedAt');
  const comment = input.comment && input.comment.trim() !== '' ? maskPersonalData(input.comment.trim()) : null;
  if (rule.commentRequired && !comment) {
    throw new RangeError(`replyLetter: a comment is required for ${input.outcome}/${input.reason ?? '(none)'}`);
  }

  const paragraphs: string[] = [];
  paragraphs.push(
    `本机关于${formatDateZh(chinaDate(receivedAt))}收到您提出的政府信息公开申请，您申请获取：“${description}”。`,
  );

  let body = '';
  if (rule.findingZh) {
    body += sentence(rule.findingZh.startsWith('经') ? rule.findingZh : `经审查，${rule.findingZh}`);
  }
  if (rule.article) {
    const cited = [rule.article, ...rule.alsoCites].join('、');
    const decision = rule.decisionZh.endsWith('如下') ? `${rule.decisionZh}：` : sentence(rule.decisionZh);
    body += `根据${REGULATIONS_TITLE_ZH}${cited}的规定，${decision}`;
  }
  if (comment && body.endsWith('：')) {
    paragraphs.push(`${body}\n${sentence(comment)}`);
  } else {
    if (body) paragraphs.push(body);
    if (comment) paragraphs.push(sentence(comment));
  }

  paragraphs.push(
    '如对本答复不服，您可以自收到本答复之日起六十日内依法申请行政复议，或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。',
  );
  paragraphs.push('特此答复。');

  const lines = [
    agencyName,
    '政府信息公开申请答复书',
    `编号：${trackingCode}`,
    '',
    `${applicantName}：`,
    '',
    ...paragraphs.map((p) => `　　${p.replace(/\n/g, '\n　　')}`),
    '',
    agencyName,
    formatDateZh(chinaDate(repliedAt)),
    '',
  ];
  return lines.join('\n');
}
