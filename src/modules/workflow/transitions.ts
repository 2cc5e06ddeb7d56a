/**
 * The review chain of the signing-and-approval form as a pure table:
 * (state, action) → (next state, who may). No I/O; the CASL ability factory derives its workflow
 * rules from this table, and the transition use case applies it.
 */
import type { DocumentState, PublicAttribute } from '../documents/document.types.js';

export const WORKFLOW_ACTIONS = ['submit', 'approve', 'return', 'withdraw', 'revoke', 'propose', 'recall'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

/** Who may take a transition, relative to the document. */
export type Performer =
  | 'drafter_of_document' // the document's own drafter
  | 'unit_secrecy_reviewer' // a secrecy_reviewer of the document's unit
  | 'disclosure_officer' // any disclosure_officer (the district's office)
  | 'leader_in_charge' // a leader whose leadsUnitIds holds the document's unit
  | 'step_approver'; // the person who approved the step named in `recalls` (to take it back)

/** Where a return sends the document: to its drafter (default) or to the previous review step. */
export type ReturnTo = 'drafter' | 'previous';

/** The three approval steps; separation of duties is counted per step. */
export type ApprovalStep = 'secrecy' | 'office' | 'leader';

export interface Transition {
  from: DocumentState;
  action: WorkflowAction;
  /** 'decided' resolves to published (final attribute proactive) or issued. */
  to: DocumentState | 'decided';
  who: Performer;
  /** Set for approve and return at a review step: the step whose reviewer acts. */
  step?: ApprovalStep;
  commentRequired: boolean;
  /** For `return`: where it sends the document. */
  returnTo?: ReturnTo;
  /** For `recall` (取回): the step taken back; its approver no longer counts as that step's approver. */
  recalls?: ApprovalStep | 'submission';
}

export const TRANSITIONS: readonly Transition[] = [
  { from: 'draft', action: 'submit', to: 'secrecy_review', who: 'drafter_of_document', commentRequired: false },
  { from: 'returned', action: 'submit', to: 'secrecy_review', who: 'drafter_of_document', commentRequired: false },
  { from: 'draft', action: 'withdraw', to: 'withdrawn', who: 'drafter_of_document', commentRequired: false },
  { from: 'returned', action: 'withdraw', to: 'withdrawn', who: 'drafter_of_document', commentRequired: false },
  { from: 'secrecy_review', action: 'approve', to: 'attribute_review', who: 'unit_secrecy_reviewer', step: 'secrecy', commentRequired: false },
  { from: 'attribute_review', action: 'approve', to: 'leader_review', who: 'disclosure_officer', step: 'office', commentRequired: false },
  { from: 'leader_review', action: 'approve', to: 'decided', who: 'leader_in_charge', step: 'leader', commentRequired: false },
  { from: 'secrecy_review', action: 'return', to: 'returned', who: 'unit_secrecy_reviewer', step: 'secrecy', commentRequired: true, returnTo: 'drafter' },
  { from: 'attribute_review', action: 'return', to: 'returned', who: 'disclosure_officer', step: 'office', commentRequired: true, returnTo: 'drafter' },
  { from: 'leader_review', action: 'return', to: 'returned', who: 'leader_in_charge', step: 'leader', commentRequired: true, returnTo: 'drafter' },
  // Return to the previous step: the step returned to approves again.
  { from: 'attribute_review', action: 'return', to: 'secrecy_review', who: 'disclosure_officer', step: 'office', commentRequired: true, returnTo: 'previous' },
  { from: 'leader_review', action: 'return', to: 'attribute_review', who: 'leader_in_charge', step: 'leader', commentRequired: true, returnTo: 'previous' },
  // Recall (取回): who took the last step takes it back while the next step has not acted.
  { from: 'secrecy_review', action: 'recall', to: 'draft', who: 'drafter_of_document', commentRequired: false, recalls: 'submission' },
  { from: 'attribute_review', action: 'recall', to: 'secrecy_review', who: 'step_approver', commentRequired: false, recalls: 'secrecy' },
  { from: 'leader_review', action: 'recall', to: 'attribute_review', who: 'step_approver', commentRequired: false, recalls: 'office' },
  { from: 'published', action: 'revoke', to: 'revoked', who: 'disclosure_officer', commentRequired: true },
  // An interpretation waiting for its document (interpretation-publication.ts) can be taken back
  // before it is ever published; its way into the catalogue is its document's publication.
  { from: 'awaiting_main', action: 'revoke', to: 'revoked', who: 'disclosure_officer', commentRequired: true },
  // Art. 18: a withheld document is re-assessed; the office proposes a new attribute, the leader in
  // charge decides (publishing it if it becomes proactive) or keeps the old one.
  { from: 'issued', action: 'propose', to: 'reassessment_review', who: 'disclosure_officer', step: 'office', commentRequired: false },
  { from: 'reassessment_review', action: 'approve', to: 'decided', who: 'leader_in_charge', step: 'leader', commentRequired: false },
  { from: 'reassessment_review', action: 'return', to: 'issued', who: 'leader_in_charge', step: 'leader', commentRequired: true },
];

/** The transition of `action` in `state` (for `return`, the one to `returnTo`, default the drafter). */
export function findTransition(state: DocumentState, action: WorkflowAction, returnTo: ReturnTo = 'drafter'): Transition | null {
  return TRANSITIONS.find((t) => t.from === state && t.action === action && (t.action !== 'return' || (t.returnTo ?? 'drafter') === returnTo)) ?? null;
}

/** The state a transition lands in, given the final public attribute for a leader's decision. */
export function nextState(t: Transition, finalAttribute: PublicAttribute): DocumentState {
  if (t.to !== 'decided') return t.to;
  return finalAttribute === 'proactive' ? 'published' : 'issued';
}

/** The actions offered in a state, whoever asks (used by the UI and the tasks list). */
export function actionsFrom(state: DocumentState): WorkflowAction[] {
  return [...new Set(TRANSITIONS.filter((t) => t.from === state).map((t) => t.action))];
}
