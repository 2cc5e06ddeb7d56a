import { DomainError } from '../../common/errors/domain-error.js';
import { NON_DISCLOSURE_REASONS, PUBLIC_ATTRIBUTES, type DocumentState } from '../documents/document.types.js';
import { decide, whyNot, type DecidableDocument, type TransitionInput } from './decide.js';
import { TRANSITIONS, findTransition, type Transition, type WorkflowAction } from './transitions.js';

const ME = 'actor-1';

function doc(state: DocumentState, over: Partial<DecidableDocument> = {}): DecidableDocument {
  return {
    state,
    publicAttribute: 'proactive',
    nonDisclosureReason: null,
    attributeRationale: null,
    officeAttribute: null,
    officeReason: null,
    proposedAttribute: null,
    proposedReason: null,
    ...over,
  };
}

const t = (state: DocumentState, action: WorkflowAction): Transition => findTransition(state, action)!;

/** The 400 message `decide` throws, or null when it accepts. */
function refusal(d: DecidableDocument, tr: Transition, req: TransitionInput): string | null {
  try {
    decide(ME, d, tr, req);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('invalid_input');
    return (e as Error).message;
  }
}

/** The smallest input each transition accepts. */
function minimal(tr: Transition): TransitionInput {
  if (tr.action === 'propose') return { publicAttribute: 'proactive' };
  return tr.commentRequired ? { comment: '意见' } : {};
}

function docFor(tr: Transition): DecidableDocument {
  if (tr.action === 'propose') return doc(tr.from, { publicAttribute: 'not_public', nonDisclosureReason: 'internal_affairs' });
  if (tr.from === 'reassessment_review') return doc(tr.from, { publicAttribute: 'not_public', nonDisclosureReason: 'internal_affairs', proposedAttribute: 'proactive' });
  return doc(tr.from);
}

describe('decide: every transition of the table', () => {
  it.each(TRANSITIONS.map((tr) => [`${tr.from} × ${tr.action}`, tr]))('%s accepts its minimal input and lands in its target state', (_name, tr) => {
    const change = decide(ME, docFor(tr), tr, minimal(tr));
    if (tr.to === 'decided') expect(['published', 'issued']).toContain(change.state);
    else expect(change.state).toBe(tr.to);
  });

  it.each(TRANSITIONS.filter((tr) => tr.commentRequired).map((tr) => [`${tr.from} × ${tr.action}`, tr]))('%s needs a comment (blank counts as none)', (_name, tr) => {
    const base = minimal(tr);
    expect(refusal(docFor(tr), tr, { ...base, comment: undefined })).toBe(`comment is required to ${tr.action}`);
    expect(refusal(docFor(tr), tr, { ...base, comment: '   ' })).toBe(`comment is required to ${tr.action}`);
  });

  it.each(TRANSITIONS.map((tr) => [`${tr.from} × ${tr.action}`, tr]))('%s: attribute fields only where the office or the leader decides', (_name, tr) => {
    const decides = (tr.action === 'approve' && (tr.step === 'office' || tr.step === 'leader')) || tr.action === 'propose';
    for (const extra of [{ publicAttribute: 'on_application' as const }, { nonDisclosureReason: 'state_secret' as const }, { attributeRationale: '理由' }]) {
      const msg = refusal(docFor(tr), tr, { ...minimal(tr), comment: '意见', ...extra });
      if (decides) expect(msg ?? '').not.toMatch(/only accepted when the office or the leader/);
      else expect(msg).toMatch(/only accepted when the office or the leader decides/);
    }
  });

  it.each(TRANSITIONS.map((tr) => [`${tr.from} × ${tr.action}`, tr]))('%s: findingsAcknowledged only when the secrecy reviewer approves', (_name, tr) => {
    const msg = refusal(docFor(tr), tr, { ...minimal(tr), findingsAcknowledged: true });
    if (tr.action === 'approve' && tr.step === 'secrecy') expect(msg).toBeNull();
    else expect(msg).toBe('findingsAcknowledged is only accepted when the secrecy reviewer approves');
  });
});

describe('decide: the attribute', () => {
  const office = t('attribute_review', 'approve');
  const leader = t('leader_review', 'approve');

  it('not_public needs a ground; a ground needs not_public', () => {
    expect(refusal(doc('attribute_review'), office, { publicAttribute: 'not_public' })).toBe('nonDisclosureReason is required when publicAttribute is not_public');
    expect(refusal(doc('attribute_review'), office, { publicAttribute: 'proactive', nonDisclosureReason: 'state_secret' })).toBe(
      'nonDisclosureReason is only allowed when publicAttribute is not_public',
    );
    expect(refusal(doc('attribute_review'), office, { nonDisclosureReason: 'state_secret' })).toBe('nonDisclosureReason is only allowed when publicAttribute is not_public');
    for (const reason of NON_DISCLOSURE_REASONS) {
      expect(decide(ME, doc('attribute_review'), office, { publicAttribute: 'not_public', nonDisclosureReason: reason }).officeReason).toBe(reason);
    }
  });

  it('a ground alone changes the ground of a withheld document', () => {
    const d = doc('attribute_review', { publicAttribute: 'not_public', nonDisclosureReason: 'internal_affairs' });
    const c = decide(ME, d, office, { nonDisclosureReason: 'process_information' });
    expect(c).toMatchObject({ publicAttribute: 'not_public', nonDisclosureReason: 'process_information', officeAttribute: 'not_public', officeReason: 'process_information' });
  });

  it('the office records its opinion and counts as the office approver', () => {
    for (const a of PUBLIC_ATTRIBUTES) {
      const req: TransitionInput = a === 'not_public' ? { publicAttribute: a, nonDisclosureReason: 'third_party_rights' } : { publicAttribute: a };
      const c = decide(ME, doc('attribute_review'), office, { ...req, attributeRationale: '依据第二十条' });
      expect(c).toMatchObject({ state: 'leader_review', publicAttribute: a, officeAttribute: a, attributeRationale: '依据第二十条', addOfficeApprover: ME, decided: false });
    }
  });

  it('the leader publishes proactive, issues anything else, and needs a comment to differ from the office', () => {
    const d = doc('leader_review', { officeAttribute: 'proactive' });
    expect(decide(ME, d, leader, {})).toMatchObject({ state: 'published', decided: true, addLeaderApprover: ME, reviewDue: false });
    expect(refusal(d, leader, { publicAttribute: 'on_application' })).toBe('comment is required when the final attribute differs from the office’s opinion');
    expect(decide(ME, d, leader, { publicAttribute: 'on_application', comment: '改为依申请公开' })).toMatchObject({ state: 'issued', reviewDue: true });
    const withheld = doc('leader_review', { officeAttribute: 'not_public', officeReason: 'state_secret', publicAttribute: 'not_public', nonDisclosureReason: 'state_secret' });
    expect(refusal(withheld, leader, { publicAttribute: 'not_public', nonDisclosureReason: 'internal_affairs' })).toMatch(/comment is required when the final attribute differs/);
  });

  it('without an office opinion the leader compares with the form’s attribute', () => {
    expect(refusal(doc('leader_review', { publicAttribute: 'on_application' }), leader, {})).toBeNull();
    expect(refusal(doc('leader_review', { publicAttribute: 'on_application' }), leader, { publicAttribute: 'proactive' })).toMatch(/comment is required/);
  });

  it('the secrecy reviewer counts as the secrecy approver and changes no attribute', () => {
    const c = decide(ME, doc('secrecy_review', { publicAttribute: 'on_application' }), t('secrecy_review', 'approve'), {});
    expect(c).toMatchObject({ state: 'attribute_review', publicAttribute: 'on_application', addSecrecyApprover: ME });
    expect(c.addOfficeApprover).toBeUndefined();
    expect(c.addLeaderApprover).toBeUndefined();
  });

  it('a new submission drops the office’s earlier opinion', () => {
    const c = decide(ME, doc('returned', { officeAttribute: 'on_application', officeReason: null }), t('returned', 'submit'), {});
    expect(c).toMatchObject({ state: 'secrecy_review', officeAttribute: null, officeReason: null });
  });

  it('a return keeps the attribute and records no approver', () => {
    const c = decide(ME, doc('attribute_review', { officeAttribute: 'proactive' }), t('attribute_review', 'return'), { comment: '请修改' });
    expect(c).toMatchObject({ state: 'returned', publicAttribute: 'proactive' });
    expect([c.addSecrecyApprover, c.addOfficeApprover, c.addLeaderApprover]).toEqual([undefined, undefined, undefined]);
  });
});

describe('decide: the Art. 18 re-assessment', () => {
  const withheld = doc('issued', { publicAttribute: 'not_public', nonDisclosureReason: 'process_information' });

  it('the office proposes a new attribute, which must differ', () => {
    const propose = t('issued', 'propose');
    expect(refusal(withheld, propose, {})).toBe('publicAttribute is required to propose a re-assessment');
    expect(refusal(withheld, propose, { publicAttribute: 'not_public', nonDisclosureReason: 'process_information' })).toBe('the proposal must change the public attribute or its ground');
    const c = decide(ME, withheld, propose, { publicAttribute: 'proactive' });
    expect(c).toMatchObject({ state: 'reassessment_review', publicAttribute: 'not_public', nonDisclosureReason: 'process_information', proposedAttribute: 'proactive', proposedReason: null, addOfficeApprover: ME });
  });

  it('the leader decides on the proposal', () => {
    const d = doc('reassessment_review', { publicAttribute: 'not_public', nonDisclosureReason: 'process_information', proposedAttribute: 'proactive' });
    const approve = t('reassessment_review', 'approve');
    expect(decide(ME, d, approve, {})).toMatchObject({ state: 'published', publicAttribute: 'proactive', nonDisclosureReason: null, decided: true });
    expect(refusal(d, approve, { publicAttribute: 'on_application' })).toMatch(/comment is required/);
  });

  it('a return of the proposal keeps the document withheld as it was', () => {
    const d = doc('reassessment_review', { publicAttribute: 'not_public', nonDisclosureReason: 'process_information', proposedAttribute: 'proactive' });
    const c = decide(ME, d, t('reassessment_review', 'return'), { comment: '维持' });
    expect(c).toMatchObject({ state: 'issued', publicAttribute: 'not_public', nonDisclosureReason: 'process_information', proposedAttribute: null, reviewDue: true });
  });
});

describe('whyNot', () => {
  const base = { state: 'attribute_review' as const, drafterId: 'd', secrecyApproverIds: [] as string[], officeApproverIds: [] as string[], leaderApproverIds: [] as string[] };

  it('names the drafter rule, separation of duties, then who may', () => {
    expect(whyNot('d', base, t('attribute_review', 'approve'))).toBe('the drafter of a document takes no approval step on it');
    expect(whyNot('s', { ...base, secrecyApproverIds: ['s'] }, t('attribute_review', 'approve'))).toBe('you already approved the secrecy step of this document; one person takes one step');
    expect(whyNot('x', base, t('attribute_review', 'approve'))).toBe('only a disclosure officer may approve the document in state attribute_review');
    expect(whyNot('x', { ...base, state: 'draft' }, t('draft', 'submit'))).toBe('only its drafter may submit the document in state draft');
    expect(whyNot('x', { ...base, state: 'leader_review' }, t('leader_review', 'approve'))).toBe('only a leader in charge of the document’s unit may approve the document in state leader_review');
    expect(whyNot('x', { ...base, state: 'secrecy_review' }, t('secrecy_review', 'return'))).toBe('only a secrecy reviewer of the document’s unit may return the document in state secrecy_review');
  });
});
