/**
 * The life of a complaint or report (投诉举报, Art. 51), as pure rules: which action is allowed in
 * which state, and what a reply must say. No framework, no database: the use cases apply them.
 *
 *   received ──assign──▶ assigned ──assign (to another unit)──▶ assigned
 *      │                    │
 *      └───────reply────────┴──▶ replied ──rectified (when a rectification was ordered)──▶ replied
 *                                   └──close (once any rectification is done)──▶ closed
 *
 * A reply states a finding; a rectification (整改) may be ordered only when the complaint was
 * found (partly) substantiated; accountability (问责) is recorded with the reply.
 */

export const COMPLAINT_KINDS = ['complaint', 'report'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];

export const COMPLAINT_STATES = ['received', 'assigned', 'replied', 'closed'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

export const COMPLAINT_ACTIONS = ['assign', 'reply', 'rectified', 'close'] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

export const FINDINGS = ['substantiated', 'partly_substantiated', 'unsubstantiated'] as const;
export type Finding = (typeof FINDINGS)[number];

export const ACCOUNTABILITY_KINDS = ['none', 'talk', 'criticism', 'sanction'] as const;
export type AccountabilityKind = (typeof ACCOUNTABILITY_KINDS)[number];

export const FINDING_LABELS_ZH: Record<Finding, string> = {
  substantiated: '属实',
  partly_substantiated: '部分属实',
  unsubstantiated: '不属实',
};

export const ACCOUNTABILITY_LABELS_ZH: Record<AccountabilityKind, string> = {
  none: '不予问责',
  talk: '约谈',
  criticism: '通报批评',
  sanction: '处分',
};

/** What the rules need to know of a complaint. */
export interface ComplaintFacts {
  state: ComplaintState;
  rectificationOrdered: boolean;
  rectified: boolean;
}

/** Why `action` is not possible now, or null when it is (a 409 in the use case). */
export function refusal(action: ComplaintAction, c: ComplaintFacts): string | null {
  switch (action) {
    case 'assign':
      return c.state === 'received' || c.state === 'assigned' ? null : `the complaint is ${c.state}: it can no longer be assigned`;
    case 'reply':
      return c.state === 'received' || c.state === 'assigned' ? null : `the complaint is ${c.state}: it has been replied to`;
    case 'rectified':
      if (c.state !== 'replied') return `the complaint is ${c.state}: a rectification is reported after the reply and before closing`;
      if (!c.rectificationOrdered) return 'no rectification was ordered for this complaint';
      return c.rectified ? 'the rectification has already been reported done' : null;
    case 'close':
      if (c.state !== 'replied') return `the complaint is ${c.state}: only a replied complaint can be closed`;
      return c.rectificationOrdered && !c.rectified ? 'the ordered rectification is not done yet: it must be reported done before closing' : null;
  }
}

/** Why a reply's parts do not fit together, or null (a 400). */
export function replyProblem(finding: Finding, rectification: boolean): string | null {
  if (rectification && finding === 'unsubstantiated') return 'a rectification is ordered only when the complaint is substantiated or partly substantiated';
  return null;
}

/** The states in which a complaint is on the reply clock (supervision, deadline notices). */
export const OPEN_STATES: readonly ComplaintState[] = ['received', 'assigned'];
