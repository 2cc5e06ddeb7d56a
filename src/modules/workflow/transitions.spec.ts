import { DOCUMENT_STATES, PUBLIC_ATTRIBUTES } from '../documents/document.types.js';
import { TRANSITIONS, WORKFLOW_ACTIONS, findTransition, nextState } from './transitions.js';

/** Every (state, action) pair, written out: the expected next state or null (→ 409). */
const EXPECTED: Record<string, Record<string, string | null>> = {
  draft: { submit: 'secrecy_review', approve: null, return: null, withdraw: 'withdrawn', revoke: null, propose: null },
  secrecy_review: { submit: null, approve: 'attribute_review', return: 'returned', withdraw: null, revoke: null, propose: null },
  attribute_review: { submit: null, approve: 'leader_review', return: 'returned', withdraw: null, revoke: null, propose: null },
  leader_review: { submit: null, approve: 'decided', return: 'returned', withdraw: null, revoke: null, propose: null },
  returned: { submit: 'secrecy_review', approve: null, return: null, withdraw: 'withdrawn', revoke: null, propose: null },
  withdrawn: { submit: null, approve: null, return: null, withdraw: null, revoke: null, propose: null },
  issued: { submit: null, approve: null, return: null, withdraw: null, revoke: null, propose: 'reassessment_review' },
  reassessment_review: { submit: null, approve: 'decided', return: 'issued', withdraw: null, revoke: null, propose: null },
  published: { submit: null, approve: null, return: null, withdraw: null, revoke: 'revoked', propose: null },
  revoked: { submit: null, approve: null, return: null, withdraw: null, revoke: null, propose: null },
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
    expect(reach('leader_review').map((t) => t.from)).toEqual(['attribute_review']);
    expect(reach('attribute_review').map((t) => t.from)).toEqual(['secrecy_review']);
  });
});
