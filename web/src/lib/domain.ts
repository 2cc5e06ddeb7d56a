/** The enumerations of the API, in the order the UI offers them (same as the server's). */
import type { Category, DocType, DocumentState, NonDisclosureReason, PublicAttribute, Role } from '../api/client';

export const DOC_TYPES: DocType[] = ['normative_document', 'notice', 'plan', 'report', 'reply', 'minutes', 'other', 'interpretation'];
export const INTERPRETATION_FORMS = ['text', 'graphic', 'video', 'qa'] as const;
export const PUBLIC_ATTRIBUTES: PublicAttribute[] = ['proactive', 'on_application', 'not_public'];
export const NON_DISCLOSURE_REASONS: NonDisclosureReason[] = [
  'state_secret',
  'prohibited_by_law',
  'three_safeties_one_stability',
  'third_party_rights',
  'internal_affairs',
  'process_information',
  'enforcement_case_file',
];
export const CATEGORIES: Category[] = [
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
];
export const DOCUMENT_STATES: DocumentState[] = [
  'draft',
  'secrecy_review',
  'attribute_review',
  'leader_review',
  'returned',
  'withdrawn',
  'issued',
  'reassessment_review',
  'awaiting_main',
  'published',
  'revoked',
];
export const ROLES: Role[] = ['drafter', 'secrecy_reviewer', 'disclosure_officer', 'leader', 'unit_liaison', 'admin'];

export const BODY_MAX_BYTES = 1024 * 1024;

export function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}
