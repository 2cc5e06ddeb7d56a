/** The words of disclosure on application, in the order the UI offers them (api-contract.md). */
import type { ApplicationState, Outcome, OutcomeReason, SubmitApplicationRequest } from '../api/client';

export const APPLICANT_TYPES: SubmitApplicationRequest['applicantType'][] = [
  'natural_person',
  'commercial_enterprise',
  'research_institution',
  'social_welfare_org',
  'legal_service_org',
  'other_org',
];
export const FORMATS: SubmitApplicationRequest['format'][] = ['electronic', 'paper'];
export const DELIVERY_PREFERENCES: SubmitApplicationRequest['delivery'][] = ['email', 'post', 'pickup', 'online'];
export const APPLICATION_STATES: ApplicationState[] = ['received', 'awaiting_correction', 'handling', 'third_party_consultation', 'replied', 'delivered', 'filed'];
export const DELIVERY_METHODS = ['email', 'post', 'pickup', 'online', 'in_person', 'announcement'] as const;
export const FEE_METHODS = ['per_application', 'per_volume'] as const;
export const CONSULTEES = ['third_party', 'other_agency'] as const;

/** The valid outcome/reason pairs of a reply (the annual report's rows). */
export const OUTCOME_REASONS: Record<Outcome, OutcomeReason[]> = {
  disclosed: [],
  partially_disclosed: [],
  not_disclosed: [
    'state_secret',
    'prohibited_by_law',
    'three_safeties_one_stability',
    'third_party_rights',
    'internal_affairs',
    'process_information',
    'enforcement_case_file',
    'administrative_query',
  ],
  unable_to_provide: ['not_held', 'needs_creation', 'unclear_after_correction'],
  not_handled: ['petition_or_complaint', 'duplicate', 'publication_request', 'excessive_without_reason', 'confirmation_request'],
  other: ['correction_overdue', 'fee_unpaid', 'other'],
};
export const OUTCOMES = Object.keys(OUTCOME_REASONS) as Outcome[];

/** Actions whose request must carry a comment. */
export const COMMENT_ACTIONS = ['request_correction', 'consult_third_party', 'extend', 'reply'];
