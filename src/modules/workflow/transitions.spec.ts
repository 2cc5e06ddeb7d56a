import { DOCUMENT_STATES, PUBLIC_ATTRIBUTES } from '../documents/document.types.js';
import { TRANSITIONS, WORKFLOW_ACTIONS, findTransition, nextState } from './transitions.js';

/** Every (state, action) pair, written out: the expected next state or null (→ 409). */
const EXPECTED: Record<string, Record<string, string | null>> = {
  draft: { submit: 'secrecy_review', approve: null, return: null, withdraw: 'withdrawn', revoke: null, propose: null, recall: null },
  secrecy_review: { submit: null, approve: 'attribute_review', return: 'returned', withdraw: null, revoke: null, propose: null, recall: 'draft' },
  attribute_review: { submit: null, approve: 'leader_review', return: 'returned', withdraw: null, revoke: null, propose: null, recall: 'secrecy_review' },
  leader_review: { submit: null, approve: 'decided', return: 'returned', withdraw: null, revoke: null, propose: null, recall: 'attribute_review' },
  returned: { submit: 'secrecy_review', approve: null, return: null, withdraw: 'withdrawn', revoke: null, propose: null, recall: null },
  withdrawn: { submit: null, approve: null, return: null, withdraw: null, revoke: null, propose: null, recall: null },
  issued: { submit: null, approve: null, return: null, withdraw: null, revoke: null, propose: 'reassessment_review', recall: null },
  reassessment_review: { submit: null, approve: 'decided', return: 'issued', withdraw: null, revoke: null, propose: null, recall: null },
  awaiting_main: { submit: null, approve: null, return: null, withdraw: null, revoke: 'revoked', propose: null, recall: null },
  published: { submit: null, approve: null, return: null, withdraw: null, revoke: 'revoked', propose: null, recall: null },
  revoked: { submit: null, approve: null, return: null, withdraw: null, revoke: null, propose: null, recall: null },
};

describe('workflow transition table', () => {
  for (const state of DOCUMENT_STATES) {
    for (const action of WORKFLOW_ACTIONS) {
      it(`${state} × ${action} → ${EXPECTED[state][action] ?? 'not allowed'}`, () => {
        const t = findTransition(state, action);
        expect(t ? t.to : null).toBe(EXPECTED[state][action]);
      });
    }
  }

  it('the leader decision publishes only proactive documents', () => {
    const t = findTransition('leader_review', 'approve')!;
    for (const a of PUBLIC_ATTRIBUTES) {
      expect(nextState(t, a)).toBe(a === 'proactive' ? 'published' : 'issued');
    }
  });

  it('every return and revoke needs a comment; approvals are tied to a step', () => {
    for (const t of TRANSITIONS) {
      if (t.action === 'return' || t.action === 'revoke') expect(t.commentRequired).toBe(true);
      if (t.action === 'propose') expect(t.who).toBe('disclosure_officer');
      if (t.action === 'approve' || t.action === 'return') expect(t.step).toBeDefined();
    }
  });

  it('no state is reachable only by skipping a review step', () => {
    const reach = (s: string) => TRANSITIONS.filter((t) => t.to === s || (t.to === 'decided' && (s === 'published' || s === 'issued')));
    expect(reach('published').map((t) => t.from)).toEqual(['leader_review', 'reassessment_review']);
    expect(reach('reassessment_review').map((t) => t.from)).toEqual(['issued']);
    // Into a review step: only the approval of the step before it, or a move back from a later one
    // (return to the previous step, recall).
    const order: Record<string, number> = { draft: 0, returned: 0, secrecy_review: 1, attribute_review: 2, leader_review: 3 };
    expect(reach('leader_review').map((t) => `${t.from}:${t.action}`)).toEqual(['attribute_review:approve']);
    expect(reach('attribute_review').map((t) => `${t.from}:${t.action}`).sort()).toEqual(['leader_review:recall', 'leader_review:return', 'secrecy_review:approve']);
    expect(reach('secrecy_review').map((t) => `${t.from}:${t.action}`).sort()).toEqual(['attribute_review:recall', 'attribute_review:return', 'draft:submit', 'returned:submit']);
    for (const t of TRANSITIONS.filter((x) => x.action === 'return' || x.action === 'recall')) {
      if (typeof t.to === 'string' && t.to in order) expect(order[t.to]).toBeLessThan(order[t.from] ?? 99);
    }
  });

  it('return goes to the drafter by default; to the previous step only from the office and the leader', () => {
    expect(findTransition('secrecy_review', 'return')!.to).toBe('returned');
    expect(findTransition('secrecy_review', 'return', 'previous')).toBeNull();
    expect(findTransition('attribute_review', 'return', 'previous')!.to).toBe('secrecy_review');
    expect(findTransition('leader_review', 'return', 'previous')!.to).toBe('attribute_review');
    expect(findTransition('reassessment_review', 'return', 'previous')).toBeNull();
  });
});
