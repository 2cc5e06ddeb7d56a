import { WorkingDayCalendar } from './calendar.js';
import {
  APPLICATION_ACTIONS,
  APPLICATION_STATES,
  APPLICATION_TRANSITIONS,
  allowedActions,
  isApplicationAction,
  isApplicationState,
  nextState,
  transition,
  type ApplicationAction,
  type ApplicationState,
} from './state-machine.js';

/** Every (state, action) pair written out: the expected next state, or null when not allowed. */
const EXPECTED: Record<ApplicationState, Record<ApplicationAction, ApplicationState | null>> = {
  received: {
    request_correction: 'awaiting_correction',
    corrected: null,
    accept: 'handling',
    consult_third_party: 'third_party_consultation',
    third_party_replied: null,
    extend: 'received',
    reply: 'replied',
    deliver: null,
    file: null,
  },
  awaiting_correction: {
    request_correction: null,
    corrected: 'handling',
    accept: null,
    consult_third_party: null,
    third_party_replied: null,
    extend: null,
    reply: 'replied',
    deliver: null,
    file: null,
  },
  handling: {
    request_correction: 'awaiting_correction',
    corrected: null,
    accept: null,
    consult_third_party: 'third_party_consultation',
    third_party_replied: null,
    extend: 'handling',
    reply: 'replied',
    deliver: null,
    file: null,
  },
  third_party_consultation: {
    request_correction: null,
    corrected: null,
    accept: null,
    consult_third_party: null,
    third_party_replied: 'handling',
    extend: null,
    reply: null,
    deliver: null,
    file: null,
  },
  replied: {
    request_correction: null,
    corrected: null,
    accept: null,
    consult_third_party: null,
    third_party_replied: null,
    extend: null,
    reply: null,
    deliver: 'delivered',
    file: null,
  },
  delivered: {
    request_correction: null,
    corrected: null,
    accept: null,
    consult_third_party: null,
    third_party_replied: null,
    extend: null,
    reply: null,
    deliver: null,
    file: 'filed',
  },
  filed: {
    request_correction: null,
    corrected: null,
    accept: null,
    consult_third_party: null,
    third_party_replied: null,
    extend: null,
    reply: null,
    deliver: null,
    file: null,
  },
};

const cal = new WorkingDayCalendar({ overrides: [] });
const cn = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);

describe('application transition table', () => {
  for (const state of APPLICATION_STATES) {
    for (const action of APPLICATION_ACTIONS) {
      const expected = EXPECTED[state][action];
      it(`${state} × ${action} → ${expected ?? 'not allowed'}`, () => {
        expect(nextState(state, action)).toBe(expected);
        const ctx = {
          receivedAt: cn('2024-09-27'),
          now: cn('2024-09-30'),
          calendar: cal,
          outcome: 'other' as const,
          reason: 'correction_overdue' as const,
        };
        const r = transition(state, action, ctx);
        expect(r.ok ? r.next : null).toBe(expected);
      });
    }
  }

  it('nothing changes after filing', () => {
    expect(allowedActions('filed')).toEqual([]);
    expect(Object.keys(APPLICATION_TRANSITIONS.filed)).toEqual([]);
    expect(Object.isFrozen(APPLICATION_TRANSITIONS)).toBe(true);
    expect(Object.isFrozen(APPLICATION_TRANSITIONS.received)).toBe(true);
  });

  it('every state is reachable from received, and every non-final state can reach filed', () => {
    const reach = (from: ApplicationState) => {
      const seen = new Set<ApplicationState>([from]);
      const queue = [from];
      while (queue.length) {
        const s = queue.shift()!;
        for (const a of allowedActions(s)) {
          const n = nextState(s, a)!;
          if (!seen.has(n)) {
            seen.add(n);
            queue.push(n);
          }
        }
      }
      return seen;
    };
    expect([...reach('received')].sort()).toEqual([...APPLICATION_STATES].sort());
    for (const s of APPLICATION_STATES) expect(reach(s).has('filed')).toBe(true);
  });

  it('type guards', () => {
    expect(isApplicationState('handling')).toBe(true);
    expect(isApplicationState('withdrawn')).toBe(false);
    expect(isApplicationAction('extend')).toBe(true);
    expect(isApplicationAction('approve')).toBe(false);
  });
});

describe('guards', () => {
  const receivedAt = cn('2024-09-27');

  it('request_correction only within 7 working days of receipt', () => {
    // The 7th working day after Fri 2024-09-27 is the adjusted working Saturday 2024-10-12.
    expect(transition('handling', 'request_correction', { receivedAt, now: cn('2024-10-12', '23:59'), calendar: cal })).toEqual({
      ok: true,
      next: 'awaiting_correction',
    });
    expect(transition('handling', 'request_correction', { receivedAt, now: cn('2024-10-13', '00:01'), calendar: cal })).toMatchObject({
      ok: false,
      refusal: 'correction_window_closed',
    });
  });

  it('request_correction only once, and needs the dates to check the window', () => {
    expect(
      transition('received', 'request_correction', { receivedAt, now: cn('2024-09-30'), calendar: cal, correctionRequested: true }),
    ).toMatchObject({ ok: false, refusal: 'correction_already_requested' });
    expect(transition('received', 'request_correction', {})).toMatchObject({ ok: false, refusal: 'missing_context' });
  });

  it('extend only once', () => {
    expect(transition('handling', 'extend', { extended: false })).toEqual({ ok: true, next: 'handling' });
    expect(transition('received', 'extend', { extended: true })).toMatchObject({ ok: false, refusal: 'already_extended' });
  });

  it('a reply while awaiting correction must be other/correction_overdue', () => {
    expect(transition('awaiting_correction', 'reply', { outcome: 'not_disclosed', reason: 'state_secret' })).toMatchObject({
      ok: false,
      refusal: 'outcome_requires_correction_overdue',
    });
    expect(transition('awaiting_correction', 'reply', { outcome: 'other', reason: 'correction_overdue' })).toEqual({
      ok: true,
      next: 'replied',
    });
    expect(transition('handling', 'reply', { outcome: 'disclosed', reason: null })).toEqual({ ok: true, next: 'replied' });
  });

  it('refuses what the table does not allow', () => {
    expect(transition('filed', 'reply')).toMatchObject({ ok: false, refusal: 'not_allowed' });
    expect(transition('third_party_consultation', 'reply')).toMatchObject({ ok: false, refusal: 'not_allowed' });
  });
});
