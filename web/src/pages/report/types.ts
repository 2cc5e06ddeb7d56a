/** The annual report's shapes and the columns of its official tables (the State Council's template). */
import type { Schemas } from '../../api/client';

export type Report = Schemas['AnnualReportResponse'];
export type Inputs = Schemas['ReportInputsRequest'];
export type Narrative = Pick<Schemas['NarrativeResponse'], 'overall' | 'problems' | 'other'>;

export const APPLICANT_COLUMNS = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org', 'total'] as const;
export const PROACTIVE_COLUMNS = ['issued', 'repealed', 'in_force', 'newly_made', 'newly_published', 'total_published', 'last_year_items', 'change', 'items', 'decisions', 'amount'] as const;
export const APPEAL_KINDS = ['reconsideration', 'litigation', 'litigation_after_reconsideration'] as const;
export const APPEAL_COLUMNS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
