/** The words of the signing-and-approval form (domain.md), shared by validation, the schema and the UI. */
export const DOC_TYPES = ['normative_document', 'notice', 'plan', 'report', 'reply', 'minutes', 'other', 'interpretation'] as const;
export type DocType = (typeof DOC_TYPES)[number];

/** The forms of a policy interpretation (政策解读): text, graphic (图解), video, questions and answers. */
export const INTERPRETATION_FORMS = ['text', 'graphic', 'video', 'qa'] as const;
export type InterpretationForm = (typeof INTERPRETATION_FORMS)[number];

/** Document types whose proactive publication expects an interpretation (三同步). */
export const INTERPRETED_DOC_TYPES: readonly DocType[] = ['normative_document', 'plan'];

export const PUBLIC_ATTRIBUTES = ['proactive', 'on_application', 'not_public'] as const;
export type PublicAttribute = (typeof PUBLIC_ATTRIBUTES)[number];

export const NON_DISCLOSURE_REASONS = [
  'state_secret',
  'prohibited_by_law',
  'three_safeties_one_stability',
  'third_party_rights',
  'internal_affairs',
  'process_information',
  'enforcement_case_file',
] as const;
export type NonDisclosureReason = (typeof NON_DISCLOSURE_REASONS)[number];

export const CATEGORIES = [
  'rules_and_normative_documents',
  'organisation',
  'plans_and_policies',
  'statistics',
  'licensing_and_services',
  'penalties_and_coercion',
  'budgets_and_accounts',
  'fees',
  'procurement',
  'major_projects',
  'social_programmes',
  'emergencies',
  'inspections',
  'civil_service_recruitment',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const DOCUMENT_STATES = [
  'draft',
  'secrecy_review',
  'attribute_review',
  'leader_review',
  'returned',
  'withdrawn',
  'issued',
  'reassessment_review',
  // An interpretation signed off before the document it interprets is published: it waits for it.
  'awaiting_main',
  'published',
  'revoked',
] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

/** Largest body accepted on the form, in UTF-8 bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;
