import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { WorkingDayCalendar } from '../applications/domain/calendar.js';
import { CalendarService } from '../applications/calendar/calendar.service.js';
import { DEFAULT_CONSULTATION_DAYS, DEFAULT_STEP_DEADLINES, checkStepDeadlines, dueAfterWorkingDays, hasStepLimit, stepLimit, type StepDeadlines } from './deadlines.js';
import { SupervisionRepository } from './supervision.repository.js';

/**
 * The due dates of the review chain: a document's step (stepDueAt) and a consultation, in working
 * days on the applications' calendar. Computed when a step starts (under the calendar's shared
 * lock, like the applications' clocks) and recomputed, in the same transaction, when the calendar
 * or the limits change.
 */
@Injectable()
export class StepDeadlinesService implements OnModuleInit {
  constructor(
    private readonly repo: SupervisionRepository,
    private readonly calendar: CalendarService,
  ) {}

  onModuleInit(): void {
    this.calendar.onCalendarChange((calendar) => this.recompute(calendar));
  }

  async limits(): Promise<StepDeadlines> {
    const stored = await this.repo.stepDeadlines();
    return stored ? checkStepDeadlines(stored) : { ...DEFAULT_STEP_DEADLINES };
  }

  /** When a step starting now in `state` is due; null for a state without a time limit. In the caller's transaction. */
  async dueForStep(state: string, now = new Date()): Promise<Date | null> {
    // A state without a limit needs no read of the limits.
    const limit = hasStepLimit(state) ? stepLimit(state, await this.limits()) : null;
    if (limit === null) return null;
    return dueAfterWorkingDays(await this.calendar.forWrite(), now, limit);
  }

  /** When a consultation asked now is due. */
  async dueForConsultation(days = DEFAULT_CONSULTATION_DAYS, now = new Date()): Promise<Date> {
    return dueAfterWorkingDays(await this.calendar.forWrite(), now, days);
  }

  /** Every document in review gets the due date of its step on `calendar` with the current limits. */
  async recompute(calendar: WorkingDayCalendar, limits?: StepDeadlines): Promise<void> {
    const l = limits ?? (await this.limits());
    for (const d of await this.repo.lockDocumentsInReview()) {
      const limit = stepLimit(d.state, l);
      await this.repo.setStepDue(d.id, limit === null ? null : dueAfterWorkingDays(calendar, new Date(d.stepEnteredAt), limit));
    }
    for (const c of await this.repo.lockOpenConsultations()) {
      await this.repo.setConsultationDue(c.id, dueAfterWorkingDays(calendar, new Date(c.askedAt), c.days));
    }
  }
}
