/**
 * The public-attribute suggestion rules (公开属性建议规则表), as data.
 *
 * `suggestAttribute` evaluates every rule in SUGGESTION_RULES against a document and its scan
 * findings. The matching rule with the highest `priority` decides the suggested attribute and
 * non-disclosure reason; `basis` lists every matching rule, the decisive one first, then by priority.
 * When no rule matches, DEFAULT_RULE applies (on application, Art. 27; see its comment).
 *
 * Articles are those of the PRC Regulations on the Openness of Government Information
 * (《中华人民共和国政府信息公开条例》, State Council Order No. 711, 2019; see docs/domain.md).
 *
 * How to add a rule:
 *   1. Append an object to SUGGESTION_RULES with a unique kebab-case `id`.
 *   2. `when` says when it matches. Each list matches if ANY of its values matches:
 *        docTypes       the document type is one of these;
 *        categories     the catalogue category (Art. 20 item) is one of these;
 *        titleKeywords  the title (whitespace removed) contains one of these;
 *        bodyKeywords   the body contains one of these;
 *        findingKinds   the scan found at least one finding of one of these kinds.
 *      The lists are combined with OR by default (`match: 'any'`); set `match: 'all'` to require
 *      every list given to match. `unless` (same fields, any of them) vetoes the rule. A rule with no
 *      criteria never matches.
 *   3. `then` gives the attribute and, for `not_public`, the reason (null for `proactive`; an
 *      `on_application` rule may name the ground a reviewer must weigh, e.g. third_party_rights).
 *   4. Cite the article in Chinese (`article`) and English (`articleEn`), and give a one-line
 *      explanation in both languages.
 *   5. Choose `priority` from the bands below, then add a case to rules.spec.ts.
 *
 * Priority bands (higher wins), and why:
 *   1000  mandatory withholding: a secrecy marking (Art. 14, state secret). Nothing overrides it.
 *    800  an enforcement case file (Art. 16 para. 2).
 *    750  process information: drafts, requests for instructions, consultation letters, minutes
 *         (Art. 16 para. 2). A draft of a budget or of a normative document is still a draft, so these
 *         outrank the Art. 20 categories.
 *    650  an internal marking printed on the document (内部, 内部资料, 注意保密; Art. 16 para. 1): the
 *         issuing office's own declaration outranks a catalogue category; `basis` shows both.
 *    600  a normative document (Art. 20(1)); 500 the other Art. 20 categories: proactive.
 *    400  internal affairs recognised from title keywords (personnel, logistics, internal procedure;
 *         Art. 16 para. 1). Title words are weak evidence and Art. 16 only permits withholding, while
 *         Art. 20 obliges disclosure: a normative document on personnel management, 公务用车 in a
 *         procurement notice, or 人事考试 in civil-service recruitment stays proactive.
 *    100  personal information found (Art. 15). It decides only when nothing else matches
 *         (on application, weigh third-party rights); otherwise it adds its entry to `basis`, and
 *         `redactionSuggested` is true whatever the attribute.
 *      0  DEFAULT_RULE (not in the table; applies only when nothing matches).
 *
 * Pure data and functions; no framework imports.
 */
import { type Finding, type FindingKind, FINDING_KINDS, PERSONAL_DATA_KINDS } from './finding.types.js';

// The words of the form, from one place (document.types.ts is pure data too).
export { DOC_TYPES, NON_DISCLOSURE_REASONS } from '../../documents/document.types.js';
export type { DocType, NonDisclosureReason } from '../../documents/document.types.js';
import { CATEGORIES, DOC_TYPES, NON_DISCLOSURE_REASONS, type Category, type DocType, type NonDisclosureReason, type PublicAttribute } from '../../documents/document.types.js';


/** Catalogue categories, in the order of the items of Art. 20 (item n = index + 1). */
export const DISCLOSURE_CATEGORIES = CATEGORIES;
export type DisclosureCategory = Category;

export interface RuleCriteria {
  docTypes?: readonly DocType[];
  categories?: readonly DisclosureCategory[];
  titleKeywords?: readonly string[];
  bodyKeywords?: readonly string[];
  findingKinds?: readonly FindingKind[];
}

export interface RuleCondition extends RuleCriteria {
  /** 'any' (default): one of the given lists must match; 'all': every given list must match. */
  match?: 'any' | 'all';
  /** If any of these criteria matches, the rule does not apply. */
  unless?: RuleCriteria;
}

export interface RuleOutcome {
  attribute: PublicAttribute;
  reason: NonDisclosureReason | null;
}

export interface SuggestionRule {
  id: string;
  when: RuleCondition;
  then: RuleOutcome;
  /** Chinese citation, e.g. 第十四条 or 第二十条第（一）项. */
  article: string;
  /** English citation, e.g. Art. 14 or Art. 20(1). */
  articleEn: string;
  explanationZh: string;
  explanation: string;
  priority: number;
  /** The outcome is required by law, not a matter of discretion (Art. 14 state secrets). */
  mandatory?: boolean;
}

export interface BasisEntry {
  rule: string;
  /** Both citations: `第十四条 (Art. 14)`. */
  article: string;
  explanation: string;
  explanationZh: string;
}

export interface SuggestionInput {
  docType: DocType;
  category?: string | null;
  title: string;
  body: string;
  findings: readonly Pick<Finding, 'kind'>[];
}

export interface AttributeSuggestion {
  suggestedAttribute: PublicAttribute;
  nonDisclosureReason: NonDisclosureReason | null;
  basis: BasisEntry[];
  /** The decisive rule is mandatory (a secrecy marking): the attribute must not be made public. */
  mandatory: boolean;
  /** Personal data was found: whatever the attribute, withhold or redact it before any disclosure. */
  redactionSuggested: boolean;
}

/** Chinese ordinal numerals 1-15 for the items of Art. 20. */
const ITEM_ZH = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];

/** A proactive-disclosure rule for the Art. 20 item that a catalogue category stands for. */
function art20CategoryRule(category: DisclosureCategory, explanationZh: string, explanation: string): SuggestionRule {
  const item = DISCLOSURE_CATEGORIES.indexOf(category) + 1;
  return {
    id: `proactive-${category.replaceAll('_', '-')}`,
    when: { categories: [category] },
    then: { attribute: 'proactive', reason: null },
    article: `第二十条第（${ITEM_ZH[item - 1]}）项`,
    articleEn: `Art. 20(${item})`,
    explanationZh,
    explanation,
    priority: 500,
  };
}

export const PERSONAL_INFORMATION_RULE_ID = 'personal-information';

export const SUGGESTION_RULES: readonly SuggestionRule[] = [
  {
    id: 'state-secret-marking',
    when: { findingKinds: ['secrecy_marking'] },
    then: { attribute: 'not_public', reason: 'state_secret' },
    article: '第十四条',
    articleEn: 'Art. 14',
    explanationZh: '正文带有密级标志（秘密★/机密★/绝密★），属于依法确定为国家秘密的政府信息，不予公开。',
    explanation: 'The body carries a secrecy marking (秘密★/机密★/绝密★): information classified as a state secret shall not be disclosed.',
    priority: 1000,
    mandatory: true,
  },
  {
    id: 'enforcement-case-file',
    when: { titleKeywords: ['案卷', '卷宗', '行政处罚决定书', '执法档案'] },
    then: { attribute: 'not_public', reason: 'enforcement_case_file' },
    article: '第十六条第二款',
    articleEn: 'Art. 16 para. 2',
    explanationZh: '属于行政执法案卷信息，可以不予公开（具有一定社会影响的行政处罚决定仍应依第二十条第（六）项主动公开）。',
    explanation: 'Administrative enforcement case file: may be withheld (penalty decisions with social impact are still published under Art. 20(6)).',
    priority: 800,
  },
  {
    id: 'process-draft',
    when: { titleKeywords: ['征求意见稿', '草案', '讨论稿', '送审稿', '初稿'] },
    then: { attribute: 'not_public', reason: 'process_information' },
    article: '第十六条第二款',
    articleEn: 'Art. 16 para. 2',
    explanationZh: '属于过程稿（征求意见稿、草案、讨论稿等），为过程性信息，可以不予公开。',
    explanation: 'A draft (征求意见稿, 草案, 讨论稿): process information, may be withheld.',
    priority: 750,
  },
  {
    id: 'process-request-for-instructions',
    when: { titleKeywords: ['请示'], unless: { docTypes: ['reply'], titleKeywords: ['批复', '复函'] } },
    then: { attribute: 'not_public', reason: 'process_information' },
    article: '第十六条第二款',
    articleEn: 'Art. 16 para. 2',
    explanationZh: '属于请示报告，为过程性信息，可以不予公开。',
    explanation: 'A request for instructions (请示): process information, may be withheld.',
    priority: 750,
  },
  {
    id: 'process-consultation-letter',
    when: { titleKeywords: ['征求意见的函', '意见的函', '征求意见函', '商请'] },
    then: { attribute: 'not_public', reason: 'process_information' },
    article: '第十六条第二款',
    articleEn: 'Art. 16 para. 2',
    explanationZh: '属于磋商信函（征求意见的函、商请函），为过程性信息，可以不予公开。',
    explanation: 'A consultation letter (征求意见的函, 商请): process information, may be withheld.',
    priority: 750,
  },
  {
    id: 'process-minutes',
    when: { docTypes: ['minutes'], titleKeywords: ['会议纪要', '会议记录', '讨论记录', '座谈记录'] },
    then: { attribute: 'not_public', reason: 'process_information' },
    article: '第十六条第二款',
    articleEn: 'Art. 16 para. 2',
    explanationZh: '属于会议纪要、讨论记录，为过程性信息，可以不予公开。',
    explanation: 'Meeting minutes or a discussion record: process information, may be withheld.',
    priority: 750,
  },
  {
    id: 'internal-marking',
    when: { findingKinds: ['internal_marking'] },
    then: { attribute: 'not_public', reason: 'internal_affairs' },
    article: '第十六条第一款',
    articleEn: 'Art. 16 para. 1',
    explanationZh: '正文标有“内部”“内部资料”或“注意保密”，按内部事务信息处理，可以不予公开；请核实。',
    explanation: 'Marked 内部 / 内部资料 / 注意保密: treated as internal affairs, may be withheld; please verify.',
    priority: 650,
  },
  {
    id: 'proactive-normative-document',
    when: { docTypes: ['normative_document'], categories: ['rules_and_normative_documents'] },
    then: { attribute: 'proactive', reason: null },
    article: '第二十条第（一）项',
    articleEn: 'Art. 20(1)',
    explanationZh: '行政法规、规章和规范性文件应当主动公开。',
    explanation: 'Rules and administrative normative documents shall be disclosed proactively.',
    priority: 600,
  },
  art20CategoryRule('organisation', '机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名应当主动公开。', 'Functions, structure, address, office hours, contacts and leaders shall be disclosed proactively.'),
  art20CategoryRule('plans_and_policies', '国民经济和社会发展规划、专项规划、区域规划及相关政策应当主动公开。', 'Development plans, special and regional plans and related policies shall be disclosed proactively.'),
  art20CategoryRule('statistics', '国民经济和社会发展统计信息应当主动公开。', 'Economic and social development statistics shall be disclosed proactively.'),
  art20CategoryRule('licensing_and_services', '行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果应当主动公开。', 'Basis, conditions, procedure and results of licensing and other public services shall be disclosed proactively.'),
  art20CategoryRule('penalties_and_coercion', '行政处罚、行政强制的依据、条件、程序以及具有一定社会影响的行政处罚决定应当主动公开。', 'Basis, conditions and procedure of penalties and coercive measures, and penalty decisions with social impact, shall be disclosed proactively.'),
  art20CategoryRule('budgets_and_accounts', '财政预算、决算信息应当主动公开。', 'Budgets and final accounts shall be disclosed proactively.'),
  art20CategoryRule('fees', '行政事业性收费项目及其依据、标准应当主动公开。', 'Administrative fees, their basis and rates shall be disclosed proactively.'),
  art20CategoryRule('procurement', '政府集中采购项目的目录、标准及实施情况应当主动公开。', 'The catalogue, standards and implementation of centralised government procurement shall be disclosed proactively.'),
  art20CategoryRule('major_projects', '重大建设项目的批准和实施情况应当主动公开。', 'Approval and implementation of major construction projects shall be disclosed proactively.'),
  art20CategoryRule('social_programmes', '扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况应当主动公开。', 'Policies and measures on poverty relief, education, health, social security and employment, and their implementation, shall be disclosed proactively.'),
  art20CategoryRule('emergencies', '突发公共事件的应急预案、预警信息及应对情况应当主动公开。', 'Emergency plans, warnings and responses to public emergencies shall be disclosed proactively.'),
  art20CategoryRule('inspections', '环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况应当主动公开。', 'Inspections of environment, public health, work safety, food and drugs and product quality shall be disclosed proactively.'),
  art20CategoryRule('civil_service_recruitment', '公务员招考的职位、名额、报考条件等事项以及录用结果应当主动公开。', 'Civil service recruitment posts, numbers, conditions and results shall be disclosed proactively.'),
  {
    id: 'internal-affairs-personnel',
    when: { titleKeywords: ['人事', '任免', '干部'] },
    then: { attribute: 'not_public', reason: 'internal_affairs' },
    article: '第十六条第一款',
    articleEn: 'Art. 16 para. 1',
    explanationZh: '属于人事管理类内部事务信息，可以不予公开。',
    explanation: 'Internal affairs (personnel management: 人事, 任免, 干部): may be withheld.',
    priority: 400,
  },
  {
    id: 'internal-affairs-logistics',
    when: { titleKeywords: ['后勤', '车辆', '办公用房', '食堂'] },
    then: { attribute: 'not_public', reason: 'internal_affairs' },
    article: '第十六条第一款',
    articleEn: 'Art. 16 para. 1',
    explanationZh: '属于后勤管理类内部事务信息，可以不予公开。',
    explanation: 'Internal affairs (logistics: 后勤, 车辆, 办公用房, 食堂): may be withheld.',
    priority: 400,
  },
  {
    id: 'internal-affairs-procedure',
    when: { titleKeywords: ['内部管理', '工作规则', '考勤'] },
    then: { attribute: 'not_public', reason: 'internal_affairs' },
    article: '第十六条第一款',
    articleEn: 'Art. 16 para. 1',
    explanationZh: '属于内部工作流程类内部事务信息，可以不予公开。',
    explanation: 'Internal affairs (internal procedures: 内部管理, 工作规则, 考勤): may be withheld.',
    priority: 400,
  },
  {
    id: PERSONAL_INFORMATION_RULE_ID,
    when: { findingKinds: PERSONAL_DATA_KINDS },
    then: { attribute: 'on_application', reason: 'third_party_rights' },
    article: '第十五条',
    articleEn: 'Art. 15',
    explanationZh: '发现个人信息：不予公开或作遮蔽（去标识化）处理。',
    explanation: 'personal information found: withhold or redact',
    priority: 100,
  },
];

/**
 * Applies when no rule matches. The Regulations make disclosure the rule and withholding the
 * exception (Art. 5); what falls outside the proactive scope of Art. 19-20 is disclosed on
 * application (Art. 27). So the cautious-but-lawful default is `on_application` with no ground for
 * withholding, and the explanation reminds the reviewer to check Art. 19 (information that adjusts
 * public interests, needs wide awareness or public participation must be proactive).
 */
export const DEFAULT_RULE: SuggestionRule = {
  id: 'default-on-application',
  when: {},
  then: { attribute: 'on_application', reason: null },
  article: '第二十七条',
  articleEn: 'Art. 27',
  explanationZh: '未命中具体规则：依申请公开；请按第十九条核实是否涉及公众利益调整、需要公众广泛知晓或参与决策而应主动公开。',
  explanation: 'No specific rule matched: disclose on application; check Art. 19 (public interest, wide awareness, public participation) for proactive disclosure.',
  priority: 0,
};

interface MatchContext {
  docType: DocType;
  category: string | null;
  /** Title with all whitespace removed, so 会 议 纪 要 still reads 会议纪要. */
  title: string;
  body: string;
  kinds: ReadonlySet<FindingKind>;
}

/** One boolean per criterion list present in `c` (absent or empty lists are not criteria). */
function criterionResults(c: RuleCriteria, ctx: MatchContext): boolean[] {
  const results: boolean[] = [];
  if (c.docTypes?.length) results.push(c.docTypes.includes(ctx.docType));
  if (c.categories?.length) results.push(ctx.category !== null && (c.categories as readonly string[]).includes(ctx.category));
  if (c.titleKeywords?.length) results.push(c.titleKeywords.some((k) => ctx.title.includes(k)));
  if (c.bodyKeywords?.length) results.push(c.bodyKeywords.some((k) => ctx.body.includes(k)));
  if (c.findingKinds?.length) results.push(c.findingKinds.some((k) => ctx.kinds.has(k)));
  return results;
}

function ruleMatches(rule: SuggestionRule, ctx: MatchContext): boolean {
  const results = criterionResults(rule.when, ctx);
  if (results.length === 0) return false;
  const matched = rule.when.match === 'all' ? results.every(Boolean) : results.some(Boolean);
  if (!matched) return false;
  return !(rule.when.unless && criterionResults(rule.when.unless, ctx).some(Boolean));
}

function toBasis(rule: SuggestionRule): BasisEntry {
  return {
    rule: rule.id,
    article: `${rule.article} (${rule.articleEn})`,
    explanation: rule.explanation,
    explanationZh: rule.explanationZh,
  };
}

/** The rules of `rules` that match `input`, highest priority first (table order among equals). */
export function matchingRules(input: SuggestionInput, rules: readonly SuggestionRule[] = SUGGESTION_RULES): SuggestionRule[] {
  const ctx: MatchContext = {
    docType: input.docType,
    category: input.category ?? null,
    title: input.title.replace(/\s+/g, ''),
    body: input.body,
    kinds: new Set(input.findings.map((f) => f.kind)),
  };
  return rules
    .map((rule, index) => ({ rule, index }))
    .filter(({ rule }) => ruleMatches(rule, ctx))
    .sort((a, b) => b.rule.priority - a.rule.priority || a.index - b.index)
    .map(({ rule }) => rule);
}

/**
 * Suggests the public attribute of a document: the highest-priority matching rule decides; `basis`
 * lists every matching rule, decisive first. With no match, DEFAULT_RULE decides. `rules` may be
 * replaced (e.g. by a unit's own table); it defaults to SUGGESTION_RULES.
 */
export function suggestAttribute(input: SuggestionInput, rules: readonly SuggestionRule[] = SUGGESTION_RULES): AttributeSuggestion {
  const matched = matchingRules(input, rules);
  const decisive = matched[0] ?? DEFAULT_RULE;
  return {
    suggestedAttribute: decisive.then.attribute,
    nonDisclosureReason: decisive.then.reason,
    basis: (matched.length > 0 ? matched : [DEFAULT_RULE]).map(toBasis),
    mandatory: decisive.mandatory === true,
    redactionSuggested: input.findings.some((f) => PERSONAL_DATA_KINDS.includes(f.kind)),
  };
}

/**
 * Problems in a rule table (empty when sound): duplicate ids, rules without criteria, `not_public`
 * without a reason, `proactive` with one, unknown doc types / categories / finding kinds.
 */
export function validateRuleTable(rules: readonly SuggestionRule[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) problems.push(`${rule.id}: duplicate id`);
    seen.add(rule.id);
    const w = rule.when;
    const lists = [w.docTypes, w.categories, w.titleKeywords, w.bodyKeywords, w.findingKinds];
    if (!lists.some((l) => l && l.length > 0)) problems.push(`${rule.id}: no criteria, would never match`);
    if (rule.then.attribute === 'not_public' && rule.then.reason === null) problems.push(`${rule.id}: not_public needs a reason`);
    if (rule.then.attribute === 'proactive' && rule.then.reason !== null) problems.push(`${rule.id}: proactive takes no reason`);
    for (const c of [w, w.unless ?? {}]) {
      for (const d of c.docTypes ?? []) if (!DOC_TYPES.includes(d)) problems.push(`${rule.id}: unknown doc type ${d}`);
      for (const k of c.categories ?? []) if (!DISCLOSURE_CATEGORIES.includes(k)) problems.push(`${rule.id}: unknown category ${k}`);
      for (const f of c.findingKinds ?? []) if (!FINDING_KINDS.includes(f)) problems.push(`${rule.id}: unknown finding kind ${f}`);
      for (const k of [...(c.titleKeywords ?? []), ...(c.bodyKeywords ?? [])]) if (k.trim() === '') problems.push(`${rule.id}: empty keyword`);
    }
    if (!rule.article || !rule.articleEn || !rule.explanation || !rule.explanationZh) problems.push(`${rule.id}: citation or explanation missing`);
    if (rule.explanation.includes('\n') || rule.explanationZh.includes('\n')) problems.push(`${rule.id}: explanation must be one line`);
  }
  return problems;
}
