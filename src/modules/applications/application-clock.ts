/**
 * From an application's stored history to its statutory clock (pure; no I/O). The history is the
 * single source of truth: the stored due date is a copy of what computeClock() says about it,
 * refreshed on every action and whenever the calendar changes.
 */
import type { WorkingDayCalendar } from './domain/calendar.js';
import { EXTENSION_WORKING_DAYS, REPLY_LIMIT_WORKING_DAYS, computeClock, type Clock, type ClockEvent, type ClockState, type ConsultationReason } from './domain/clock.js';

/** One row of application_events, as the clock needs it. */
export interface StoredEvent {
  action: string;
  at: Date;
  data: Record<string, unknown>;
}

/** The clock events an action stands for (acceptance, delivery and filing do not touch the clock). */
export function clockEventsOf(events: readonly StoredEvent[]): ClockEvent[] {
  const out: ClockEvent[] = [];
  for (const e of events) {
    const at = new Date(e.at);
    switch (e.action) {
      case 'request_correction':
        out.push({ type: 'correction_requested', at });
        break;
      case 'corrected':
        out.push({ type: 'corrected', at });
        break;
      case 'consult_third_party':
        out.push({ type: 'pause', at, reason: (e.data.consultee === 'other_agency' ? 'other_agency' : 'third_party') as ConsultationReason });
        break;
      case 'charge_fee':
        out.push({ type: 'pause', at, reason: 'fee_notice' });
        break;
      case 'third_party_replied':
      case 'fee_paid':
        out.push({ type: 'resume', at });
        break;
      case 'extend':
        out.push({ type: 'extended', at });
        break;
      case 'reply':
        out.push({ type: 'replied', at });
        break;
      default:
        break;
    }
  }
  return out;
}

export function applicationClock(receivedAt: Date, events: readonly StoredEvent[], calendar: WorkingDayCalendar, now: Date): Clock {
  return computeClock({ receivedAt: new Date(receivedAt), events: clockEventsOf(events), calendar, now });
}

/** What the applications row keeps of a clock, for sorting and filtering in SQL. */
export interface StoredClock {
  clockState: ClockState;
  dueAt: Date | null;
  /**
   * True while paused with working days left: the due date then moves with every day the pause
   * lasts, so the stored one is only the earliest possible. A pause after the period expired does
   * not move it (the due date is fixed and can be overdue).
   */
  dueProvisional: boolean;
  calendarIncomplete: boolean;
}

export function storedClock(clock: Clock): StoredClock {
  const budget = REPLY_LIMIT_WORKING_DAYS + (clock.extended ? EXTENSION_WORKING_DAYS : 0);
  return {
    clockState: clock.state,
    dueAt: clock.dueAt,
    dueProvisional: clock.state === 'paused' && clock.workingDaysUsed < budget,
    calendarIncomplete: clock.calendarIncomplete,
  };
}
