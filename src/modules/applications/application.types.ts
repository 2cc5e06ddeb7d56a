/** The words of disclosure on application (domain.md), shared by validation, the schema and the docs. */
import { APPLICANT_TYPES, type ApplicantType } from './domain/vocabulary.js';
import { APPLICATION_ACTIONS, type ApplicationAction } from './domain/state-machine.js';

export { APPLICANT_TYPES, type ApplicantType };

export const FORMATS = ['paper', 'electronic'] as const;
export type InformationFormat = (typeof FORMATS)[number];

/** How the applicant wants the reply. */
export const DELIVERY_PREFERENCES = ['email', 'post', 'pickup', 'online'] as const;
export type DeliveryPreference = (typeof DELIVERY_PREFERENCES)[number];

/**
 * How an application arrived (Art. 31), which decides its receipt date: in person, the day handed
 * in; registered post, the day signed for; ordinary letter, the day confirmed with the applicant;
 * online or fax, the day both sides confirm. The public form is always `online`.
 */
export const CHANNELS = ['online', 'in_person', 'registered_post', 'ordinary_letter', 'fax'] as const;
export type Channel = (typeof CHANNELS)[number];

/** How the reply was served; `announcement` is service by public notice when nothing else worked. */
export const DELIVERY_METHODS = ['email', 'post', 'pickup', 'online', 'in_person', 'announcement'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/** Art. 32 third party or Art. 34 other agency: the same state, a different clock note. */
export const CONSULTEES = ['third_party', 'other_agency'] as const;
export type Consultee = (typeof CONSULTEES)[number];

/** Fee actions (Art. 42) keep the state; they are not in the domain's transition table. */
export const FEE_ACTIONS = ['charge_fee', 'fee_paid'] as const;
export type FeeAction = (typeof FEE_ACTIONS)[number];

export const ACTIONS = [...APPLICATION_ACTIONS, ...FEE_ACTIONS] as const;
export type Action = ApplicationAction | FeeAction;

/** First effective date of the Regulations (2008): no application is older. */
export const EARLIEST_RECEIPT = new Date('2008-05-01T00:00:00+08:00');
