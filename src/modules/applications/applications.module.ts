import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { ReferralsDataModule } from '../referrals/referrals-data.module.js';
import { AppealsController } from './appeals/appeals.controller.js';
import { AppealsRepository } from './appeals/appeals.repository.js';
import { AppealsService } from './appeals/appeals.service.js';
import { ConcludeAppealUseCase } from './appeals/conclude-appeal.use-case.js';
import { FileAppealUseCase } from './appeals/file-appeal.use-case.js';
import { ApplicationActionAnswer } from './application-action-answer.js';
import { ApplicationRulesController } from './application-rules.controller.js';
import { ApplicationsController } from './applications.controller.js';
import { ApplicationsDemo } from './applications-demo.js';
import { ApplicationsRepository } from './applications.repository.js';
import { ApplicationsService } from './applications.service.js';
import { CalendarController } from './calendar/calendar.controller.js';
import { CalendarRepository } from './calendar/calendar.repository.js';
import { CalendarService } from './calendar/calendar.service.js';
import { ChangeCalendarUseCase } from './calendar/change-calendar.use-case.js';
import { RemoveCalendarOverrideUseCase } from './calendar/remove-calendar-override.use-case.js';
import { UnpublishCalendarYearUseCase } from './calendar/unpublish-calendar-year.use-case.js';
import { IntakeThrottle, IntakeThrottleGuard } from './intake-throttle.guard.js';
import { NoticeIssuer } from './notices/notice-issuer.js';
import { NoticesController } from './notices/notices.controller.js';
import { NoticesRepository } from './notices/notices.repository.js';
import { NoticesService } from './notices/notices.service.js';
import { SubmitApplicationUseCase } from './submit-application.use-case.js';
import { TakeApplicationActionUseCase } from './take-application-action.use-case.js';

/**
 * Disclosure on application: intake, the five links, the statutory clock on the working-day
 * calendar, fees, the statutory letters (notices/), Art. 44 proposals, appeals. Exports the demo applications (for
 * the demo module), the working-day calendar, and the record and its actions (for referrals).
 */
@Module({
  imports: [IdempotencyModule, DocumentsModule, AssessmentModule, ReferralsDataModule],
  controllers: [ApplicationRulesController, ApplicationsController, NoticesController, AppealsController, CalendarController],
  providers: [
    ApplicationsRepository,
    ApplicationsService,
    SubmitApplicationUseCase,
    TakeApplicationActionUseCase,
    CalendarRepository,
    CalendarService,
    ChangeCalendarUseCase,
    RemoveCalendarOverrideUseCase,
    UnpublishCalendarYearUseCase,
    AppealsRepository,
    AppealsService,
    FileAppealUseCase,
    ConcludeAppealUseCase,
    IntakeThrottle,
    IntakeThrottleGuard,
    ApplicationsDemo,
    ApplicationActionAnswer,
    NoticesRepository,
    NoticeIssuer,
    NoticesService,
  ],
  exports: [ApplicationsDemo, CalendarService, ApplicationsRepository, ApplicationsService, TakeApplicationActionUseCase],
})
export class ApplicationsModule {}
