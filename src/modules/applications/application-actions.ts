/**
 * What an officer may do with an application now (pure; no I/O): the domain's transition table
 * and guards (domain/state-machine.ts) plus the fee rules of Art. 42, which keep the state:
 *
 * - `charge_fee` only while `handling` with the clock running, once per application. The time from
 *   the fee notice until payment is not counted (国办函〔2020〕109号 Art. 9): the clock pauses.
 * - While a fee is unpaid, only `fee_paid` (the clock resumes) or, once the 20 working days for
 *   payment have passed, `reply` with other/fee_unpaid (the application is deemed abandoned).
 * - `reply` with other/fee_unpaid needs such an overdue fee.
 *
 * Each action accepts a fixed set of body fields; anything else is refused as invalid input
 * (400), so a misplaced field never goes unnoticed.
 */
import type { WorkingDayCalendar } from './domain/calendar.js';
import type { ClockState } from './domain/clock.js';
import type { Outcome, OutcomeReason } from './domain/outcomes.js';
import { allowedActions, transition, type ApplicationState } from './domain/state-machine.js';
import { ACTIONS, FEE_ACTIONS, type Action } from './application.types.js';

type ActionField =
  | 'comment'
  | 'at'
  | 'receivedAt'
  | 'deliveredAt'
  | 'outcome'
  | 'reason'
  | 'documentIds'
  | 'method'
  | 'pages'
  | 'consultee'
  | 'unitId'
  | 'closeOpenReferrals';

/** Required and optional body fields of each action (besides `action`). */
export const ACTION_FIELDS: Readonly<Record<Action, { required: readonly ActionField[]; optional: readonly ActionField[] }>> = {
  request_correction: { required: ['comment'], optional: ['at'] },
  corrected: { required: [], optional: ['receivedAt', 'at', 'comment'] },
  accept: { required: [], optional: ['unitId', 'comment', 'at'] },
  consult_third_party: { required: ['comment'], optional: ['consultee', 'at'] },
  third_party_replied: { required: [], optional: ['comment', 'at'] },
  extend: { required: ['comment'], optional: ['at'] },
  reply: { required: ['outcome', 'comment'], optional: ['reason', 'documentIds', 'at', 'closeOpenReferrals'] },
  deliver: { required: ['method'], optional: ['deliveredAt', 'at', 'comment'] },
  file: { required: [], optional: ['comment', 'at'] },
  charge_fee: { required: ['method'], optional: ['pages', 'comment', 'at'] },
  fee_paid: { required: [], optional: ['comment', 'at'] },
};

/** Names the fields that are missing or not accepted for the action; null when the body fits. */
export function fieldProblems(action: Action, body: Partial<Record<ActionField, unknown>>): string | null {
  const spec = ACTION_FIELDS[action];
  const given = (Object.keys(body) as ActionField[]).filter((k) => body[k] !== undefined && k !== ('action' as ActionField));
  const missing = spec.required.filter((f) => body[f] === undefined || body[f] === null);
  const extra = given.filter((f) => !spec.required.includes(f) && !spec.optional.includes(f));
  const problems: string[] = [];
  if (missing.length) problems.push(`${action} requires ${missing.join(', ')}`);
  if (extra.length) problems.push(`${action} does not accept ${extra.join(', ')}`);
  return problems.length ? problems.join('; ') : null;
}

export interface ActionSubject {
  state: ApplicationState;
  clockState: ClockState;
  receivedAt: Date;
  correctionRequested: boolean;
  extended: boolean;
  feeCharged: boolean;
  feePaid: boolean;
  feeDueAt: Date | null;
}

interface ActionInput {
  /** When the step happened. */
  at: Date;
  calendar: WorkingDayCalendar;
  outcome?: Outcome;
  reason?: OutcomeReason | null;
}

type ActionCheck = { ok: true; next: ApplicationState } | { ok: false; message: string };

const feePending = (a: ActionSubject) => a.feeCharged && !a.feePaid;

/** Whether the action is possible in the application's current state (a refusal is a 409). */
export function checkAction(a: ActionSubject, action: Action, input: ActionInput): ActionCheck {
  if (a.state === 'filed') return { ok: false, message: 'the application is filed: nothing of it can change' };
  const feeUnpaidReply = action === 'reply' && input.outcome === 'other' && input.reason === 'fee_unpaid';
  if (feePending(a)) {
    if (action === 'fee_paid') return { ok: true, next: a.state };
    if (feeUnpaidReply) {
      if (a.feeDueAt && input.at.getTime() > a.feeDueAt.getTime()) return { ok: true, next: 'replied' };
      return { ok: false, message: `the fee may be paid until ${a.feeDueAt?.toISOString()}; reply other/fee_unpaid only after that` };
    }
    return { ok: false, message: `a fee notice is unpaid: record fee_paid, or once the payment period has passed reply other/fee_unpaid (${action} is not possible meanwhile)` };
  }
  if (action === 'fee_paid') return { ok: false, message: 'no fee is waiting to be paid' };
  if (feeUnpaidReply) return { ok: false, message: 'other/fee_unpaid needs a fee notice whose payment period has passed' };
  if (action === 'charge_fee') {
    if (a.state !== 'handling') return { ok: false, message: `a fee can be charged only while the application is handled (state ${a.state})` };
    if (a.feeCharged) return { ok: false, message: 'a fee has already been charged for this application' };
    if (a.clockState !== 'running') return { ok: false, message: 'a fee can be charged only while the reply period runs' };
    return { ok: true, next: a.state };
  }
  const t = transition(a.state, action, {
    receivedAt: a.receivedAt,
    now: input.at,
    calendar: input.calendar,
    correctionRequested: a.correctionRequested,
    extended: a.extended,
    outcome: input.outcome,
    reason: input.reason ?? null,
  });
  return t.ok ? { ok: true, next: t.next } : { ok: false, message: t.message };
}

/** The actions the officer could take now (at `now`), for the UI. */
export function availableActions(a: ActionSubject, now: Date, calendar: WorkingDayCalendar): Action[] {
  if (a.state === 'filed') return [];
  if (feePending(a)) {
    const late = a.feeDueAt !== null && now.getTime() > a.feeDueAt.getTime();
    return late ? ['reply', 'fee_paid'] : ['fee_paid'];
  }
  const out: Action[] = [];
  for (const action of allowedActions(a.state)) {
    // reply is offered if some outcome is possible (from awaiting_correction: other/correction_overdue).
    const probe = action === 'reply' && a.state === 'awaiting_correction' ? { outcome: 'other' as Outcome, reason: 'correction_overdue' as OutcomeReason } : { outcome: 'disclosed' as Outcome };
    if (checkAction(a, action, { at: now, calendar, ...probe }).ok) out.push(action);
  }
  for (const action of FEE_ACTIONS) if (checkAction(a, action, { at: now, calendar }).ok) out.push(action);
  return ACTIONS.filter((x) => out.includes(x));
}
