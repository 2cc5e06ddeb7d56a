/**
 * The input rules of each workflow step, as pure functions: which new values a transition writes
 * into the document's row (400 on a wrong combination of input), and why a step is refused.
 * No I/O; the transition use case loads, checks permission and applies what `decide` returns.
 */
import { invalidInput } from '../../common/errors/domain-error.js';
import type { NonDisclosureReason, PublicAttribute } from '../documents/document.types.js';
import type { DocumentRow, StateChange } from '../documents/documents.repository.js';
import { nextState, type Transition } from './transitions.js';

/** What a caller sends with a step (the validated body of POST /documents/:id/transitions). */
export interface TransitionInput {
  comment?: string;
  publicAttribute?: PublicAttribute;
  nonDisclosureReason?: NonDisclosureReason;
  attributeRationale?: string;
  findingsAcknowledged?: boolean;
}

/** The fields of the document that the rules read. */
export type DecidableDocument = Pick<
  DocumentRow,
  'state' | 'publicAttribute' | 'nonDisclosureReason' | 'attributeRationale' | 'officeAttribute' | 'officeReason' | 'proposedAttribute' | 'proposedReason'
>;

/** The new values of the row: input rules of each step (400 on a wrong combination). */
export function decide(actorId: string, doc: DecidableDocument, t: Transition, req: TransitionInput): StateChange {
  if (t.commentRequired && !req.comment?.trim()) throw invalidInput(`comment is required to ${t.action}`);
  const decidesAttribute = (t.action === 'approve' && (t.step === 'office' || t.step === 'leader')) || t.action === 'propose';
  if (!decidesAttribute && (req.publicAttribute !== undefined || req.nonDisclosureReason !== undefined || req.attributeRationale !== undefined)) {
    throw invalidInput('publicAttribute, nonDisclosureReason and attributeRationale are only accepted when the office or the leader decides on the attribute');
  }
  if (req.findingsAcknowledged !== undefined && !(t.action === 'approve' && t.step === 'secrecy')) {
    throw invalidInput('findingsAcknowledged is only accepted when the secrecy reviewer approves');
  }
  const reassessing = doc.state === 'reassessment_review';
  if (t.action === 'propose' && req.publicAttribute === undefined) throw invalidInput('publicAttribute is required to propose a re-assessment');
  // In a re-assessment the leader decides on the office's proposal.
  let attribute: PublicAttribute = reassessing && t.action === 'approve' ? doc.proposedAttribute! : doc.publicAttribute;
  let reason: NonDisclosureReason | null = reassessing && t.action === 'approve' ? doc.proposedReason : doc.nonDisclosureReason;
  let rationale = doc.attributeRationale;
  if (decidesAttribute && req.publicAttribute !== undefined) {
    attribute = req.publicAttribute;
    reason = req.nonDisclosureReason ?? null;
    if (attribute === 'not_public' && !reason) throw invalidInput('nonDisclosureReason is required when publicAttribute is not_public');
    if (attribute !== 'not_public' && reason) throw invalidInput('nonDisclosureReason is only allowed when publicAttribute is not_public');
  } else if (decidesAttribute && req.nonDisclosureReason !== undefined) {
    if (attribute !== 'not_public') throw invalidInput('nonDisclosureReason is only allowed when publicAttribute is not_public');
    reason = req.nonDisclosureReason;
  }
  if (decidesAttribute && req.attributeRationale !== undefined) rationale = req.attributeRationale;

  if (t.action === 'propose' && attribute === doc.publicAttribute && reason === doc.nonDisclosureReason) {
    throw invalidInput('the proposal must change the public attribute or its ground');
  }
  const change: StateChange = {
    state: nextState(t, attribute),
    publicAttribute: t.action === 'propose' || (reassessing && t.action === 'return') ? doc.publicAttribute : attribute,
    nonDisclosureReason: t.action === 'propose' || (reassessing && t.action === 'return') ? doc.nonDisclosureReason : reason,
    attributeRationale: t.action === 'propose' ? doc.attributeRationale : rationale,
    officeAttribute: doc.officeAttribute,
    officeReason: doc.officeReason,
    proposedAttribute: t.action === 'propose' ? attribute : null,
    proposedReason: t.action === 'propose' ? reason : null,
    reviewDue: false,
    decided: false,
  };
  if (t.action === 'propose') change.addOfficeApprover = actorId;
  if (t.action === 'approve' && t.step === 'secrecy') change.addSecrecyApprover = actorId;
  if (t.action === 'approve' && t.step === 'office') {
    change.addOfficeApprover = actorId;
    change.officeAttribute = attribute;
    change.officeReason = reason;
  }
  if (t.action === 'approve' && t.step === 'leader') {
    change.addLeaderApprover = actorId;
    change.decided = true;
    const office = reassessing ? doc.proposedAttribute : (doc.officeAttribute ?? doc.publicAttribute);
    const officeReason = reassessing ? doc.proposedReason : doc.officeAttribute ? doc.officeReason : doc.nonDisclosureReason;
    if ((attribute !== office || reason !== officeReason) && !req.comment?.trim()) {
      throw invalidInput('comment is required when the final attribute differs from the office’s opinion');
    }
  }
  // Withheld documents get (again) a date for their Art. 18 re-assessment.
  if (change.state === 'issued') change.reviewDue = true;
  if (t.action === 'submit') {
    // A new round of review: the office's earlier opinion no longer applies.
    change.officeAttribute = null;
    change.officeReason = null;
  }
  return change;
}

/** Why `actorId` may not take `t` on the document: the message of the 403. */
export function whyNot(actorId: string, doc: Pick<DocumentRow, 'state' | 'drafterId' | 'secrecyApproverIds' | 'officeApproverIds' | 'leaderApproverIds'>, t: Transition): string {
  if (t.step && doc.drafterId === actorId) return 'the drafter of a document takes no approval step on it';
  const steps = { secrecy: doc.secrecyApproverIds, office: doc.officeApproverIds, leader: doc.leaderApproverIds };
  for (const [step, ids] of Object.entries(steps)) {
    if (t.step && step !== t.step && ids.includes(actorId)) return `you already approved the ${step} step of this document; one person takes one step`;
  }
  const who = {
    drafter_of_document: 'its drafter',
    unit_secrecy_reviewer: 'a secrecy reviewer of the document’s unit',
    disclosure_officer: 'a disclosure officer',
    leader_in_charge: 'a leader in charge of the document’s unit',
    step_approver: 'the person who took the last step',
  }[t.who];
  return `only ${who} may ${t.action} the document in state ${doc.state}`;
}
