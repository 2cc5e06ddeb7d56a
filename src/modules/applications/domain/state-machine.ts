/**
 * Workflow of a disclosure application as a pure transition table.
 *
 *   received ──accept──────────────▶ handling ──reply──▶ replied ──deliver──▶ delivered ──file──▶ filed
 *      │ ▲                             │  ▲                ▲
 *      │ └─extend (once, same state)   │  └─extend (once)  │
 *      ├─request_correction─▶ awaiting_correction ─corrected─▶ handling
 *      ├─consult_third_party─▶ third_party_consultation ─third_party_replied─▶ handling
 *      └─reply──────────────────────────────────────────────┘
 *
 * Decisions (argued here so they are not re-litigated in the service layer):
 * - `consult_third_party` is allowed from `received` as well as `handling`: an agency may see at
 *   once that the information concerns a third party (Art. 32). Asking for the third party's
 *   opinion is handling the application, so the consultation always returns to `handling`.
 *   The same state is used for a consultation with another agency (Art. 34); the clock event
 *   (`pause` with reason 'other_agency') carries the distinction.
 * - `reply` from `third_party_consultation` is not allowed: the consultation is first closed with
 *   `third_party_replied` (also when the third party let the deadline pass: Art. 32 then lets the
 *   agency decide by itself).
 * - `reply` from `awaiting_correction` IS allowed: when the applicant fails to correct in time the
 *   application is deemed abandoned (Art. 30) and the agency records the outcome
 *   other/correction_overdue. `transition()` only lets that outcome through in this case.
 * - `extend` keeps the state (received or handling); it is allowed once (guarded).
 * - `request_correction` from `received` or `handling`, once, and only until the end of the 7th
 *   working day after receipt (guarded).
 * - `file` only from `delivered`: every reply, including "not handled" and "deemed abandoned"
 *   notices, must be served on the applicant, and the file must contain the proof of service.
 *   An application whose reply could not be delivered is still `delivered` once it has been
 *   served by an alternative legal means (e.g. public announcement); there is no shortcut from
 *   `replied` to `filed`.
 * - Nothing changes after filing: `filed` has no outgoing transition.
 */
import type { WorkingDayCalendar } from './calendar.js';
import { correctionDeadline } from './clock.js';
import type { Outcome, OutcomeReason } from './outcomes.js';

export const APPLICATION_STATES = [
  'received',
  'awaiting_correction',
  'handling',
  'third_party_consultation',
  'replied',
  'delivered',
  'filed',
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const APPLICATION_ACTIONS = [
  'request_correction',
  'corrected',
  'accept',
  'consult_third_party',
  'third_party_replied',
  'extend',
  'reply',
  'deliver',
  'file',
] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

/** (state, action) → next state. A missing entry means the action is not allowed. */
export const APPLICATION_TRANSITIONS: Readonly<
  Record<ApplicationState, Readonly<Partial<Record<ApplicationAction, ApplicationState>>>>
> = Object.freeze({
  received: Object.freeze({
    request_correction: 'awaiting_correction',
    accept: 'handling',
    consult_third_party: 'third_party_consultation',
    extend: 'received',
    reply: 'replied',
  }),
  awaiting_correction: Object.freeze({
    corrected: 'handling',
    reply: 'replied',
  }),
  handling: Object.freeze({
    request_correction: 'awaiting_correction',
    consult_third_party: 'third_party_consultation',
    extend: 'handling',
    reply: 'replied',
  }),
  third_party_consultation: Object.freeze({
    third_party_replied: 'handling',
  }),
  replied: Object.freeze({
    deliver: 'delivered',
  }),
  delivered: Object.freeze({
    file: 'filed',
  }),
  filed: Object.freeze({}),
});

/** States in which the application is finished as far as the reply deadline is concerned. */
export const REPLIED_STATES: readonly ApplicationState[] = ['replied', 'delivered', 'filed'];

export function isApplicationState(s: string): s is ApplicationState {
  return (APPLICATION_STATES as readonly string[]).includes(s);
}

export function isApplicationAction(s: string): s is ApplicationAction {
  return (APPLICATION_ACTIONS as readonly string[]).includes(s);
}

/** The table lookup alone, without the guards: next state or null when not allowed. */
export function nextState(state: ApplicationState, action: ApplicationAction): ApplicationState | null {
  return APPLICATION_TRANSITIONS[state]?.[action] ?? null;
}

/** Actions the table allows in `state` (guards not applied). */
export function allowedActions(state: ApplicationState): ApplicationAction[] {
  return APPLICATION_ACTIONS.filter((a) => nextState(state, a) !== null);
}

interface TransitionContext {
  /** Needed for request_correction: the 7-working-day window. */
  receivedAt?: Date;
  now?: Date;
  calendar?: WorkingDayCalendar;
  /** A correction has already been requested for this application. */
  correctionRequested?: boolean;
  /** The reply period has already been extended. */
  extended?: boolean;
  /** For reply: the outcome being recorded. */
  outcome?: Outcome;
  reason?: OutcomeReason | null;
}

type TransitionRefusal =
  | 'not_allowed'
  | 'correction_already_requested'
  | 'correction_window_closed'
  | 'missing_context'
  | 'already_extended'
  | 'outcome_requires_correction_overdue';

type TransitionResult =
  | { ok: true; next: ApplicationState }
  | { ok: false; refusal: TransitionRefusal; message: string };

/**
 * nextState() plus the guards that need more than the state: request_correction once and
 * within 7 working days of receipt, extend once, reply from awaiting_correction only with
 * other/correction_overdue.
 */
export function transition(
  state: ApplicationState,
  action: ApplicationAction,
  ctx: TransitionContext = {},
): TransitionResult {
  const next = nextState(state, action);
  if (next === null) {
    return { ok: false, refusal: 'not_allowed', message: `${action} is not allowed in state ${state}` };
  }
  if (action === 'request_correction') {
    if (ctx.correctionRequested) {
      return { ok: false, refusal: 'correction_already_requested', message: 'a correction may be requested only once (Art. 30)' };
    }
    if (!ctx.receivedAt || !ctx.now || !ctx.calendar) {
      return { ok: false, refusal: 'missing_context', message: 'request_correction needs receivedAt, now and calendar' };
    }
    const deadline = correctionDeadline(ctx.receivedAt, ctx.calendar);
    if (ctx.now.getTime() > deadline.getTime()) {
      return {
        ok: false,
        refusal: 'correction_window_closed',
        message: 'a correction may be requested only within 7 working days of receipt (Art. 30)',
      };
    }
  }
  if (action === 'extend' && ctx.extended) {
    return { ok: false, refusal: 'already_extended', message: 'the reply period may be extended only once (Art. 33)' };
  }
  if (action === 'reply' && state === 'awaiting_correction') {
    if (ctx.outcome !== 'other' || ctx.reason !== 'correction_overdue') {
      return {
        ok: false,
        refusal: 'outcome_requires_correction_overdue',
        message: 'while awaiting correction the only reply is other/correction_overdue (Art. 30)',
      };
    }
  }
  return { ok: true, next };
}
