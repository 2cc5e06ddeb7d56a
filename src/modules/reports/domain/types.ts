/**
 * Input records and output shape of the annual government-information-disclosure report
 * (政府信息公开工作年度报告, Regulations on Open Government Information, Art. 50).
 *
 * Everything here is plain data: the persistence layer maps its rows to these records and the
 * domain functions never touch a database.
 */
import { APPLICANT_TYPES, type AppealKind, type AppealResult, type ApplicantType } from '../../applications/domain/vocabulary.js';

/** Table 3 columns: the six applicant types (applications/domain/vocabulary.ts) followed by 总计. */
export const APPLICATION_COLUMNS = [...APPLICANT_TYPES, 'total'] as const;
export type ApplicationColumn = (typeof APPLICATION_COLUMNS)[number];

/**
 * One application for government information (政府信息公开申请).
 *
 * `outcome`/`reason` are stored as free strings by the persistence layer; the meaningful
 * combinations are the reply's own codes (OUTCOME_REASONS in applications/domain/outcomes.ts):
 * - `disclosed`, `partially_disclosed` (reason ignored);
 * - `not_disclosed` (（三）不予公开), `unable_to_provide` (（四）无法提供), `not_handled` (（五）不予处理)
 *   + one of that outcome's reasons;
 * - `other` (（六）其他处理) + one of its reasons (a missing reason counts as `other`).
 * The dotted form in `outcome` alone (e.g. `'not_disclosed.state_secret'`, reason null) is accepted too.
 * Outcome and reason are only read for applications replied to within the report year.
 */
export interface ApplicationRecord {
  id: string;
  applicantType: ApplicantType;
  receivedAt: Date;
  /** When the reply (答复) was given; null while the application is still open. */
  repliedAt: Date | null;
  outcome: string | null;
  reason: string | null;
  /**
   * How many identical records this one stands for (default 1). Lets the persistence layer
   * aggregate in SQL and pass one record per group; must be a positive integer.
   */
  count?: number;
}

/** A reconsideration or lawsuit about the agency's disclosure work (Table 4). */
export interface AppealRecord {
  id?: string;
  kind: AppealKind;
  filedAt: Date;
  concludedAt: Date | null;
  /** 结果维持 / 结果纠正 / 其他结果; null while pending. */
  result: AppealResult | null;
  /**
   * How many identical records this one stands for (default 1). Lets the persistence layer
   * aggregate in SQL and pass one record per group; must be a positive integer.
   */
  count?: number;
}

/**
 * A rule (规章) or administrative normative document (行政规范性文件) published by the agency.
 * `kind` defaults to `'normative_document'`: a district-level government has no rule-making
 * power, so its 规章 row is normally all zeros.
 */
export interface NormativeDocumentRecord {
  id?: string;
  kind?: 'rule' | 'normative_document';
  publishedAt: Date;
  repealedAt: Date | null;
  /**
   * How many identical records this one stands for (default 1). Lets the persistence layer
   * aggregate in SQL and pass one record per group; must be a positive integer.
   */
  count?: number;
}

/** An item of proactively disclosed information (主动公开的政府信息). */
export interface PublicationRecord {
  id?: string;
  publishedAt: Date;
  category: string | null;
  /**
   * How many identical records this one stands for (default 1). Lets the persistence layer
   * aggregate in SQL and pass one record per group; must be a positive integer.
   */
  count?: number;
}

/**
 * Figures for one line of Table 2 sections Art. 20(5)/(6). The 2021 template only uses
 * `decisions` (本年处理决定数量); the 2019 trial template also shows last year's number of items
 * (上一年项目数量) and this year's change (本年增/减, may be negative).
 */
export interface ProactiveItemFigures {
  decisions?: number | null;
  lastYearItems?: number | null;
  change?: number | null;
}

/**
 * Figures of Table 2 that are entered by hand for the year (they come from other systems).
 * A figure left undefined/null is reported as null (an empty cell), so a missing entry stays
 * visible instead of turning into a silent 0.
 */
export interface ProactiveInputs {
  /** 行政许可. */
  licensing?: ProactiveItemFigures;
  /** 其他对外管理服务事项 (2019 template only). */
  otherServices?: ProactiveItemFigures;
  /** 行政处罚. */
  penalty?: ProactiveItemFigures;
  /** 行政强制. */
  coercion?: ProactiveItemFigures;
  /** 行政事业性收费: `amount` = 本年收费金额 in 万元 (¥10,000) for 2021; items/change for 2019. */
  fees?: { amount?: number | null; lastYearItems?: number | null; change?: number | null };
  /** 政府集中采购 (2019 template only): 采购项目数量 and 采购总金额 (in 万元). */
  procurement?: { items?: number | null; amount?: number | null };
}

/** '2019' = 国办公开办函〔2019〕60号 (reports for 2019–2020); '2021' = 国办公开办函〔2021〕30号. */
export type ReportTemplate = '2019' | '2021';

/** A line of Table 2: the row key and label plus the figures of its section, by figure key. */
export interface ProactiveRow {
  key: string;
  label: string;
  /** Section heading, e.g. 第二十条第（一）项. */
  section: string;
  [figure: string]: string | number | null;
}

/** A line of Table 3. */
export type ApplicationRow = { key: string; label: string } & Record<ApplicationColumn, number>;

/** A block of Table 4. */
export interface AppealCounts {
  upheld: number;
  corrected: number;
  other: number;
  pending: number;
  total: number;
}

export interface AnnualReport {
  year: number;
  template: ReportTemplate;
  /** Number of items proactively disclosed in the year. */
  publishedCount: number;
  /** The same, by category (null category → {@link UNCATEGORIZED}); keys sorted. */
  publishedByCategory: Record<string, number>;
  /** The same, by month (index 0 = January, China time); always 12 entries. */
  publishedByMonth: number[];
  proactive: { rows: ProactiveRow[] };
  applications: { rows: ApplicationRow[] };
  appeals: Record<AppealKind, AppealCounts>;
  /** 一（六）监督保障: complaints and reports about the disclosure work in the year (Art. 51). */
  complaints: ComplaintFigures;
}

/**
 * Complaints and reports of the year: received (by receipt), substantiated (replied with a
 * finding of substantiated or partly substantiated), rectified (rectification reported done),
 * accountability (replied with accountability other than `none`), each counted in the year it happened.
 */
export interface ComplaintFigures {
  received: number;
  substantiated: number;
  rectified: number;
  accountability: number;
}

/** Category key used for publications without a category. */
export const UNCATEGORIZED = '未分类';
