import { Module } from '@nestjs/common';
import { AppealsController } from './appeals/appeals.controller.js';
import { AppealsRepository } from './appeals/appeals.repository.js';
import { AppealsService } from './appeals/appeals.service.js';
import { ApplicationRulesController } from './application-rules.controller.js';
import { ApplicationsController } from './applications.controller.js';
import { ApplicationsDemo } from './applications-demo.js';
import { ApplicationsRepository } from './applications.repository.js';
import { ApplicationsService } from './applications.service.js';
import { CalendarController } from './calendar/calendar.controller.js';
import { CalendarRepository } from './calendar/calendar.repository.js';
import { CalendarService } from './calendar/calendar.service.js';
import { IntakeThrottle, IntakeThrottleGuard } from './intake-throttle.guard.js';
import { SubmitApplicationUseCase } from './submit-application.use-case.js';
import { TakeApplicationActionUseCase } from './take-application-action.use-case.js';

/**
 * Disclosure on application: intake, the five links, the statutory clock on the working-day
 * calendar, fees, reply letters, Art. 44 proposals, appeals. Exports the demo applications (for
 * the demo module) and the working-day calendar.
 */
@Module({
  controllers: [ApplicationRulesController, ApplicationsController, AppealsController, CalendarController],
  providers: [
    ApplicationsRepository,
    ApplicationsService,
    SubmitApplicationUseCase,
    TakeApplicationActionUseCase,
    CalendarRepository,
    CalendarService,
    AppealsRepository,
    AppealsService,
    IntakeThrottle,
    IntakeThrottleGuard,
    ApplicationsDemo,
  ],
  exports: [ApplicationsDemo, CalendarService],
})
export class ApplicationsModule {}
