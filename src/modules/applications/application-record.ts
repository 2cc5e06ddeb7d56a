/** The rows of applications and their history as the repository reads and writes them. */
import type { StoredClock, StoredEvent } from './application-clock.js';
import type { ApplicantType, Channel, DeliveryMethod, DeliveryPreference, InformationFormat } from './application.types.js';
import type { ClockState } from './domain/clock.js';
import type { FeeBand, FeeMethod } from './domain/fees.js';
import type { Outcome, OutcomeReason } from './domain/outcomes.js';
import type { ApplicationState } from './domain/state-machine.js';

export interface Contact {
  phone?: string;
  email?: string;
  address?: string;
}

export interface ApplicationRow {
  id: string;
  trackingCode: string;
  applicantType: ApplicantType;
  applicantName: string;
  idNumber: string | null;
  contact: Contact;
  applicantKey: string;
  description: string;
  purpose: string | null;
  format: InformationFormat;
  delivery: DeliveryPreference;
  channel: Channel;
  unitId: string | null;
  receivedAt: Date;
  state: ApplicationState;
  version: number;
  clockState: ClockState;
  dueAt: Date | null;
  dueProvisional: boolean;
  calendarIncomplete: boolean;
  correctionRequested: boolean;
  extended: boolean;
  lastEventAt: Date;
  outcome: Outcome | null;
  reason: OutcomeReason | null;
  replyComment: string | null;
  repliedAt: Date | null;
  repliedBy: string | null;
  deliveryMethod: DeliveryMethod | null;
  deliveredAt: Date | null;
  filedAt: Date | null;
  feeMethod: FeeMethod | null;
  feePages: number | null;
  feeAmountYuan: number | null;
  feeBreakdown: FeeBand[] | null;
  feeChargedAt: Date | null;
  feeDueAt: Date | null;
  feePaidAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns an action may change (everything else is fixed at intake). */
export type ApplicationChange = Pick<
  ApplicationRow,
  | 'state'
  | 'unitId'
  | 'correctionRequested'
  | 'extended'
  | 'lastEventAt'
  | 'outcome'
  | 'reason'
  | 'replyComment'
  | 'repliedAt'
  | 'repliedBy'
  | 'deliveryMethod'
  | 'deliveredAt'
  | 'filedAt'
  | 'feeMethod'
  | 'feePages'
  | 'feeAmountYuan'
  | 'feeBreakdown'
  | 'feeChargedAt'
  | 'feeDueAt'
  | 'feePaidAt'
> &
  StoredClock;

export interface NewApplication extends StoredClock {
  trackingCode: string;
  applicantType: ApplicantType;
  applicantName: string;
  idNumber: string | null;
  contact: Contact;
  applicantKey: string;
  description: string;
  purpose: string | null;
  format: InformationFormat;
  delivery: DeliveryPreference;
  channel: Channel;
  unitId: string | null;
  receivedAt: Date;
  createdBy: string | null;
}

export interface EventRow extends StoredEvent {
  id: string;
  version: number;
  recordedAt: Date;
  actorId: string | null;
  actorName: string | null;
  fromState: ApplicationState | null;
  toState: ApplicationState;
  comment: string | null;
}

export interface ListRow extends ApplicationRow {
  /** Computed in SQL at the request's `now`: 1 when overdue. */
  overdueFlag: number;
  rank: number;
  sortDue: string;
}

export interface ProposalRow {
  documentId: string;
  title: string;
  state: string;
  unitId: string;
  applicants: number;
  applications: number;
  lastRepliedAt: Date;
}
