/**
 * Official labels and layouts of the annual-report tables, for both templates:
 * - '2019': 国办公开办函〔2019〕60号 (trial format, reports for 2019 and 2020);
 * - '2021': 国办公开办函〔2021〕30号 (reports from 2021 on).
 */
import type { AppealKind, ApplicantType } from '../../applications/domain/vocabulary.js';
import type { ApplicationColumn, ReportTemplate } from './types.js';

export const TEMPLATES: readonly ReportTemplate[] = ['2019', '2021'];

/** The template the General Office prescribes for a report year. */
export function templateForYear(year: number): ReportTemplate {
  return year <= 2020 ? '2019' : '2021';
}

export const SECTION_TITLES = {
  overall: '一、总体情况',
  proactive: '二、主动公开政府信息情况',
  applications: '三、收到和处理政府信息公开申请情况',
  appeals: '四、政府信息公开行政复议、行政诉讼情况',
  problems: '五、存在的主要问题及改进情况',
  other: '六、其他需要报告的事项',
} as const;

// ---------------------------------------------------------------------------------------------
// Table 2
// ---------------------------------------------------------------------------------------------

interface ProactiveColumnDef {
  key: string;
  label: string;
}
interface ProactiveSectionDef {
  heading: string;
  columns: readonly ProactiveColumnDef[];
  rows: readonly { key: string; label: string }[];
}

/** First header cell of every Table 2 section. */
export const PROACTIVE_CONTENT_HEADER = '信息内容';

const PROACTIVE_2021: readonly ProactiveSectionDef[] = [
  {
    heading: '第二十条第（一）项',
    columns: [
      { key: 'issued', label: '本年制发件数' },
      { key: 'repealed', label: '本年废止件数' },
      { key: 'in_force', label: '现行有效件数' },
    ],
    rows: [
      { key: 'rules', label: '规章' },
      { key: 'normative_documents', label: '行政规范性文件' },
    ],
  },
  {
    heading: '第二十条第（五）项',
    columns: [{ key: 'decisions', label: '本年处理决定数量' }],
    rows: [{ key: 'licensing', label: '行政许可' }],
  },
  {
    heading: '第二十条第（六）项',
    columns: [{ key: 'decisions', label: '本年处理决定数量' }],
    rows: [
      { key: 'penalty', label: '行政处罚' },
      { key: 'coercion', label: '行政强制' },
    ],
  },
  {
    heading: '第二十条第（八）项',
    columns: [{ key: 'amount', label: '本年收费金额（单位：万元）' }],
    rows: [{ key: 'fees', label: '行政事业性收费' }],
  },
];

const ITEMS_2019: readonly ProactiveColumnDef[] = [
  { key: 'last_year_items', label: '上一年项目数量' },
  { key: 'change', label: '本年增/减' },
  { key: 'decisions', label: '处理决定数量' },
];

const PROACTIVE_2019: readonly ProactiveSectionDef[] = [
  {
    heading: '第二十条第（一）项',
    columns: [
      { key: 'newly_made', label: '本年新制作数量' },
      { key: 'newly_published', label: '本年新公开数量' },
      { key: 'total_published', label: '对外公开总数量' },
    ],
    rows: [
      { key: 'rules', label: '规章' },
      { key: 'normative_documents', label: '规范性文件' },
    ],
  },
  {
    heading: '第二十条第（五）项',
    columns: ITEMS_2019,
    rows: [
      { key: 'licensing', label: '行政许可' },
      { key: 'other_services', label: '其他对外管理服务事项' },
    ],
  },
  {
    heading: '第二十条第（六）项',
    columns: ITEMS_2019,
    rows: [
      { key: 'penalty', label: '行政处罚' },
      { key: 'coercion', label: '行政强制' },
    ],
  },
  {
    heading: '第二十条第（八）项',
    columns: [
      { key: 'last_year_items', label: '上一年项目数量' },
      { key: 'change', label: '本年增/减' },
    ],
    rows: [{ key: 'fees', label: '行政事业性收费' }],
  },
  {
    heading: '第二十条第（九）项',
    columns: [
      { key: 'items', label: '采购项目数量' },
      { key: 'amount', label: '采购总金额' },
    ],
    rows: [{ key: 'procurement', label: '政府集中采购' }],
  },
];

export function proactiveLayout(template: ReportTemplate): readonly ProactiveSectionDef[] {
  return template === '2019' ? PROACTIVE_2019 : PROACTIVE_2021;
}

// ---------------------------------------------------------------------------------------------
// Table 3
// ---------------------------------------------------------------------------------------------

export const APPLICATION_COLUMN_LABELS: Record<ApplicationColumn, string> = {
  natural_person: '自然人',
  commercial_enterprise: '商业企业',
  research_institution: '科研机构',
  social_welfare_org: '社会公益组织',
  legal_service_org: '法律服务机构',
  other_org: '其他',
  total: '总计',
};

export const APPLICATION_HEADER = {
  /** Top-left header cell, spanning the three label columns and the three header rows. */
  note: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
  applicants: '申请人情况',
  organisations: '法人或其他组织',
} as const;

/** Organisation columns grouped under 法人或其他组织. */
export const ORGANISATION_COLUMNS: readonly ApplicantType[] = [
  'commercial_enterprise',
  'research_institution',
  'social_welfare_org',
  'legal_service_org',
  'other_org',
];

/** A line of Table 3 with its place in the official row hierarchy. */
interface ApplicationRowDef {
  key: string;
  label: string;
  /** 'top' = 一、二、四 (label spans all three label columns); 'result' = inside 三、本年度办理结果. */
  level: 'top' | 'result';
  /** For result lines inside a sub-group: the sub-group label, e.g. （三）不予公开. */
  group?: string;
  /** True for the leaf result rows that add up to （七）总计. */
  isResult?: boolean;
}

export const RESULTS_GROUP_LABEL = '三、本年度办理结果';

function group(label: string, prefix: string, items: readonly (readonly [string, string])[]): ApplicationRowDef[] {
  return items.map(([k, l]) => ({ key: `${prefix}.${k}`, label: l, level: 'result', group: label, isResult: true }));
}

function applicationRows(template: ReportTemplate): ApplicationRowDef[] {
  const other: ApplicationRowDef[] =
    template === '2019'
      ? [{ key: 'other', label: '（六）其他处理', level: 'result', isResult: true }]
      : group('（六）其他处理', 'other', [
          ['correction_overdue', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'],
          ['fee_unpaid', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'],
          ['other', '3.其他'],
        ]);
  return [
    { key: 'new', label: '一、本年新收政府信息公开申请数量', level: 'top' },
    { key: 'carried_over', label: '二、上年结转政府信息公开申请数量', level: 'top' },
    { key: 'disclosed', label: '（一）予以公开', level: 'result', isResult: true },
    {
      key: 'partially_disclosed',
      label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
      level: 'result',
      isResult: true,
    },
    ...group('（三）不予公开', 'not_disclosed', [
      ['state_secret', '1.属于国家秘密'],
      ['prohibited_by_law', '2.其他法律行政法规禁止公开'],
      ['three_safeties_one_stability', '3.危及“三安全一稳定”'],
      ['third_party_rights', '4.保护第三方合法权益'],
      ['internal_affairs', '5.属于三类内部事务信息'],
      ['process_information', '6.属于四类过程性信息'],
      ['enforcement_case_file', '7.属于行政执法案卷'],
      ['administrative_query', '8.属于行政查询事项'],
    ]),
    ...group('（四）无法提供', 'unable_to_provide', [
      ['not_held', '1.本机关不掌握相关政府信息'],
      ['needs_creation', '2.没有现成信息需要另行制作'],
      ['unclear_after_correction', '3.补正后申请内容仍不明确'],
    ]),
    ...group('（五）不予处理', 'not_handled', [
      ['petition_or_complaint', '1.信访举报投诉类申请'],
      ['duplicate', '2.重复申请'],
      ['publication_request', '3.要求提供公开出版物'],
      ['excessive_without_reason', '4.无正当理由大量反复申请'],
      ['confirmation_request', '5.要求行政机关确认或重新出具已获取信息'],
    ]),
    ...other,
    { key: 'results_total', label: '（七）总计', level: 'result' },
    { key: 'carried_forward', label: '四、结转下年度继续办理', level: 'top' },
  ];
}

const APPLICATION_ROWS: Record<ReportTemplate, readonly ApplicationRowDef[]> = {
  '2019': applicationRows('2019'),
  '2021': applicationRows('2021'),
};

/** Table 3 lines of a template, in official order. */
export function applicationLayout(template: ReportTemplate): readonly ApplicationRowDef[] {
  return APPLICATION_ROWS[template];
}

// ---------------------------------------------------------------------------------------------
// Table 4
// ---------------------------------------------------------------------------------------------

export const APPEAL_FIELDS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
type AppealField = (typeof APPEAL_FIELDS)[number];

export const APPEAL_FIELD_LABELS: Record<AppealField, string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
  total: '总计',
};

export const APPEAL_LABELS = {
  reconsideration: '行政复议',
  litigationGroup: '行政诉讼',
  litigation: '未经复议直接起诉',
  litigation_after_reconsideration: '复议后起诉',
} as const satisfies Record<AppealKind | 'litigationGroup', string>;
