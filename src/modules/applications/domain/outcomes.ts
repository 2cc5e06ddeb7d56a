/**
 * Reply outcomes and reasons, as data. The categories and their Chinese labels follow the
 * State Council's annual-report template for government information disclosure (政府信息公开
 * 工作年度报告格式, table 三 "收到和处理政府信息公开申请情况"), so the annual statistics can be
 * counted straight from these codes. Each pair carries the article of the Regulations
 * (《中华人民共和国政府信息公开条例》, revised 2019) it rests on.
 */

import { NON_DISCLOSURE_REASONS } from '../../documents/document.types.js';

export const REGULATIONS_TITLE_ZH = '《中华人民共和国政府信息公开条例》';

export const OUTCOMES = [
  'disclosed',
  'partially_disclosed',
  'not_disclosed',
  'unable_to_provide',
  'not_handled',
  'other',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_REASONS = {
  disclosed: [],
  partially_disclosed: [],
  // The grounds of the form, plus the report row for administrative-query matters.
  not_disclosed: [...NON_DISCLOSURE_REASONS, 'administrative_query'],
  unable_to_provide: ['not_held', 'needs_creation', 'unclear_after_correction'],
  not_handled: [
    'petition_or_complaint',
    'duplicate',
    'publication_request',
    'excessive_without_reason',
    'confirmation_request',
  ],
  other: ['correction_overdue', 'fee_unpaid', 'other'],
} as const satisfies Record<Outcome, readonly string[]>;

export type ReasonOf<O extends Outcome> = (typeof OUTCOME_REASONS)[O][number];
export type OutcomeReason = ReasonOf<Outcome>;

export const OUTCOME_LABELS_ZH: Readonly<Record<Outcome, string>> = {
  disclosed: '予以公开',
  partially_disclosed: '部分公开',
  not_disclosed: '不予公开',
  unable_to_provide: '无法提供',
  not_handled: '不予处理',
  other: '其他处理',
};

export interface OutcomeRule {
  outcome: Outcome;
  reason: OutcomeReason | null;
  /** The substantive article, e.g. '第十四条'; null for other/other (decided case by case). */
  article: string | null;
  /** Further provisions cited in the reply letter together with `article`. */
  alsoCites: readonly string[];
  /** Annual-report label of the reason (or of the outcome when there is no reason). */
  labelZh: string;
  labelEn: string;
  /** The finding, as the letter states it ("经审查，…"). */
  findingZh: string;
  /** The decision, as the letter states it. */
  decisionZh: string;
  /** A comment (the agency's explanation) must accompany this outcome in the letter. */
  commentRequired: boolean;
  /** Caveat for legal review. */
  note?: string;
}

const rule = (r: Omit<OutcomeRule, 'alsoCites' | 'commentRequired'> & Partial<Pick<OutcomeRule, 'alsoCites' | 'commentRequired'>>): OutcomeRule =>
  Object.freeze({ alsoCites: [], commentRequired: false, ...r });

export const OUTCOME_RULES: readonly OutcomeRule[] = Object.freeze([
  rule({
    outcome: 'disclosed',
    reason: null,
    article: '第三十六条第（一）（二）项',
    labelZh: '予以公开',
    labelEn: 'Disclosed',
    findingZh: '您申请获取的政府信息属于可以公开的政府信息',
    decisionZh: '本机关决定予以公开，现向您提供该政府信息（或者告知您获取该政府信息的方式、途径和时间）',
  }),
  rule({
    outcome: 'partially_disclosed',
    reason: null,
    article: '第三十七条',
    labelZh: '部分公开',
    labelEn: 'Partially disclosed',
    findingZh: '您申请获取的信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理',
    decisionZh: '本机关向您提供可以公开的政府信息内容，对不予公开的内容说明理由如下',
    commentRequired: true,
  }),
  // 不予公开 — Art. 36 item (3): "行政机关依据本条例的规定决定不予公开的，告知申请人不予公开并说明理由".
  rule({
    outcome: 'not_disclosed',
    reason: 'state_secret',
    article: '第十四条',
    alsoCites: ['第三十六条第（三）项'],
    labelZh: '属于国家秘密',
    labelEn: 'State secret',
    findingZh: '您申请获取的信息属于依法确定为国家秘密的政府信息',
    decisionZh: '本机关决定不予公开',
  }),
  rule({
    outcome: 'not_disclosed',
    reason: 'prohibited_by_law',
    article: '第十四条',
    alsoCites: ['第三十六条第（三）项'],
    labelZh: '其他法律行政法规禁止公开',
    labelEn: 'Disclosure prohibited by law or administrative regulation',
    findingZh: '您申请获取的信息属于法律、行政法规禁止公开的政府信息',
    decisionZh: '本机关决定不予公开',
  }),
  rule({
    outcome: 'not_disclosed',
    reason: 'three_safeties_one_stability',
    article: '第十四条',
    alsoCites: ['第三十六条第（三）项'],
    labelZh: '危及“三安全一稳定”',
    labelEn: 'Would endanger national, public or economic security or social stability',
    findingZh: '您申请获取的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定',
    decisionZh: '本机关决定不予公开',
  }),
  rule({
    outcome: 'not_disclosed',
    reason: 'third_party_rights',
    article: '第十五条',
    alsoCites: ['第三十六条第（三）项'],
    labelZh: '保护第三方合法权益',
    labelEn: "Would harm a third party's lawful rights (trade secrets, privacy)",
    findingZh: '您申请获取的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害',
    decisionZh: '本机关决定不予公开',
  }),
  rule({
    outcome: 'not_disclosed',
    reason: 'internal_affairs',
    article: '第十六条第一款',
    alsoCites: ['第三十六条第（三）项'],
    labelZh: '属于三类内部事务信息',
    labelEn: 'Internal affairs (personnel, logistics, internal procedures)',
    findingZh: '您申请获取的信息属于行政机关的人事管理、后勤管理、内部工作流程等方面的内部事务信息',
    decisionZh: '本机关决定不予公开',
  }),
  rule({
    outcome: 'not_disclosed',
    reason: 'process_information',
    article: '第十六条第二款',
    alsoCites: ['第三十六条第（三）项'],
    labelZh: '属于四类过程性信息',
    labelEn: 'Process information (discussion records, drafts, consultation letters, requests for instructions)',
    findingZh: '您申请获取的信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息',
    decisionZh: '本机关决定不予公开',
  }),
  rule({
    outcome: 'not_disclosed',
    reason: 'enforcement_case_file',
    article: '第十六条第二款',
    alsoCites: ['第三十六条第（三）项'],
    labelZh: '属于行政执法案卷',
    labelEn: 'Administrative enforcement case file',
    findingZh: '您申请获取的信息属于行政执法案卷信息',
    decisionZh: '本机关决定不予公开',
  }),
  rule({
    outcome: 'not_disclosed',
    reason: 'administrative_query',
    article: '第三十六条第（七）项',
    labelZh: '属于行政查询事项',
    labelEn: 'Administrative query governed by special rules (e.g. business or real-estate registers)',
    findingZh: '您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对该信息的获取有特别规定',
    decisionZh: '请您依照有关法律、行政法规的规定办理',
  }),
  // 无法提供
  rule({
    outcome: 'unable_to_provide',
    reason: 'not_held',
    article: '第三十六条第（四）项',
    labelZh: '本机关不掌握相关政府信息',
    labelEn: 'Not held by this agency',
    findingZh: '经检索，本机关没有您申请公开的政府信息',
    decisionZh: '特此告知您该政府信息不存在',
    note: 'When the information is held by another agency, Art. 36 item (5) applies as well: name that agency and its contact details in the comment.',
  }),
  rule({
    outcome: 'unable_to_provide',
    reason: 'needs_creation',
    article: '第三十八条',
    labelZh: '没有现成信息需要另行制作',
    labelEn: 'No existing information; it would have to be created',
    findingZh: '本机关没有您申请获取的现成信息，需要对现有政府信息进行加工、分析方能形成',
    decisionZh: '本机关不予提供',
  }),
  rule({
    outcome: 'unable_to_provide',
    reason: 'unclear_after_correction',
    article: '第三十条',
    labelZh: '补正后申请内容仍不明确',
    labelEn: 'Still unclear after correction',
    findingZh: '经补正，您的申请内容仍不明确，本机关无法确定您申请获取的政府信息',
    decisionZh: '本机关无法提供',
  }),
  // 不予处理
  rule({
    outcome: 'not_handled',
    reason: 'petition_or_complaint',
    article: '第三十九条第一款',
    labelZh: '信访举报投诉类申请',
    labelEn: 'Petition, complaint or report made in the form of a disclosure application',
    findingZh: '您以政府信息公开申请的形式进行信访、投诉、举报等活动',
    decisionZh: '本机关不作为政府信息公开申请处理，您可以通过相应渠道提出',
  }),
  rule({
    outcome: 'not_handled',
    reason: 'duplicate',
    article: '第三十六条第（六）项',
    labelZh: '重复申请',
    labelEn: 'Repeated application for information already answered',
    findingZh: '本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息',
    decisionZh: '本机关不予重复处理',
  }),
  rule({
    outcome: 'not_handled',
    reason: 'publication_request',
    article: '第三十九条第二款',
    labelZh: '要求提供公开出版物',
    labelEn: 'Request for a public publication (gazette, periodical, book)',
    findingZh: '您申请获取的是政府公报、报刊、书籍等公开出版物',
    decisionZh: '本机关告知您获取的途径如下',
    commentRequired: true,
  }),
  rule({
    outcome: 'not_handled',
    reason: 'excessive_without_reason',
    article: '第三十五条',
    labelZh: '无正当理由大量反复申请',
    labelEn: 'Excessive applications without a reasonable justification',
    findingZh: '您申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，本机关认为申请理由不合理',
    decisionZh: '本机关不予处理',
  }),
  rule({
    outcome: 'not_handled',
    reason: 'confirmation_request',
    article: '第三十八条',
    labelZh: '要求行政机关确认或重新出具已获取信息',
    labelEn: 'Request to confirm, or to issue again, information already obtained',
    findingZh: '您要求本机关确认或者重新出具已获取的信息，该请求不属于提供已制作或者获取的政府信息',
    decisionZh: '本机关不作为政府信息公开申请处理',
    note: 'No article addresses this case expressly; Art. 38 (only information already made or obtained is provided) is the usual basis. Have the legal office confirm.',
  }),
  // 其他处理
  rule({
    outcome: 'other',
    reason: 'correction_overdue',
    article: '第三十条',
    labelZh: '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    labelEn: 'Applicant did not correct in time; application deemed abandoned',
    findingZh: '您无正当理由逾期未补正，视为放弃申请',
    decisionZh: '本机关不再处理您的该项政府信息公开申请',
  }),
  rule({
    outcome: 'other',
    reason: 'fee_unpaid',
    article: '第四十二条',
    labelZh: '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    labelEn: 'Processing fee not paid in time; application deemed abandoned',
    findingZh: '您逾期未按收费通知要求缴纳信息处理费，依照《政府信息公开信息处理费管理办法》视为放弃申请',
    decisionZh: '本机关不再处理您的该项政府信息公开申请',
  }),
  rule({
    outcome: 'other',
    reason: 'other',
    article: null,
    labelZh: '其他',
    labelEn: 'Other',
    findingZh: '',
    decisionZh: '',
    commentRequired: true,
  }),
]);

function key(outcome: string, reason: string | null | undefined): string {
  return reason == null ? outcome : `${outcome}\u0000${reason}`;
}

const RULES_BY_KEY = new Map(OUTCOME_RULES.map((r) => [key(r.outcome, r.reason), r]));

export function isOutcome(s: string): s is Outcome {
  return (OUTCOMES as readonly string[]).includes(s);
}

/** Whether (outcome, reason) is a valid pair. Outcomes without reasons take null / undefined. */
export function isValidOutcome(outcome: string, reason?: string | null): boolean {
  return RULES_BY_KEY.has(key(outcome, reason));
}

/** The rule of a valid pair, or undefined. */
export function outcomeRule(outcome: string, reason?: string | null): OutcomeRule | undefined {
  return RULES_BY_KEY.get(key(outcome, reason));
}

/** Citation text, e.g. '《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项'; null for other/other. */
export function citationZh(outcome: string, reason?: string | null): string | null {
  const r = outcomeRule(outcome, reason);
  if (!r || !r.article) return null;
  return `${REGULATIONS_TITLE_ZH}${[r.article, ...r.alsoCites].join('、')}`;
}
