/**
 * Open complaints keep a due date of the calendar in force: on every calendar change (in its
 * transaction, under the exclusive calendar lock) each open complaint's due date is recomputed
 * from its receipt with COMPLAINT_REPLY_DAYS, like the applications' and the review steps'.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../../config/configuration.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { CalendarService } from '../applications/calendar/calendar.service.js';
import type { WorkingDayCalendar } from '../applications/domain/calendar.js';
import { dueAfterWorkingDays } from '../supervision/deadlines.js';
import { ComplaintsRepository } from './complaints.repository.js';

@Injectable()
export class ComplaintDeadlines implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly calendar: CalendarService,
    private readonly repo: ComplaintsRepository,
  ) {}

  onModuleInit(): void {
    this.calendar.onCalendarChange((calendar) => this.recompute(calendar));
  }

  private async recompute(calendar: WorkingDayCalendar): Promise<void> {
    for (const c of await this.repo.lockOpen()) {
      const due = dueAfterWorkingDays(calendar, new Date(c.receivedAt), this.config.complaintReplyDays);
      if (due.getTime() !== new Date(c.dueAt).getTime()) await this.repo.setDue(c.id, due);
    }
  }
}
