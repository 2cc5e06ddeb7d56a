/**
 * Who applies and how a reply is challenged: the applications' own words, which the annual report
 * (reports/domain) counts in its Tables 3 and 4. Outcomes and their reasons are in ./outcomes.ts.
 * Pure: no framework imports.
 */

/** The applicant categories, in the order of the annual report's Table 3 columns. */
export const APPLICANT_TYPES = [
  'natural_person',
  'commercial_enterprise',
  'research_institution',
  'social_welfare_org',
  'legal_service_org',
  'other_org',
] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

/** 行政复议, 行政诉讼（未经复议直接起诉）, 行政诉讼（复议后起诉）. */
export const APPEAL_KINDS = ['reconsideration', 'litigation', 'litigation_after_reconsideration'] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];

/** 结果维持, 结果纠正, 其他结果. */
export const APPEAL_RESULTS = ['upheld', 'corrected', 'other'] as const;
export type AppealResult = (typeof APPEAL_RESULTS)[number];
