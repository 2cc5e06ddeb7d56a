/**
 * The words of disclosure on application, in the order the UI offers them (api-contract.md). The
 * outcomes, their reasons and the actions that need a comment come from the server (lib/rules.ts).
 */
import type { ApplicationState, SubmitApplicationRequest } from '../api/client';

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
