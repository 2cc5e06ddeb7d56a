import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ComplaintDeadlines } from './complaint-deadlines.js';
import { ComplaintsDemo } from './complaints-demo.js';
import { ComplaintIntakeThrottle, ComplaintIntakeThrottleGuard } from './complaint-intake-throttle.guard.js';
import { ComplaintsController } from './complaints.controller.js';
import { ComplaintsRepository } from './complaints.repository.js';
import { ComplaintsService } from './complaints.service.js';
import { FileComplaintUseCase } from './file-complaint.use-case.js';
import { TakeComplaintActionUseCase } from './take-complaint-action.use-case.js';

/** Complaints and reports (投诉举报, Art. 51): public intake and tracking, the office's handling, rectification, accountability. */
@Module({
  imports: [ApplicationsModule, IdempotencyModule, NotificationsModule],
  controllers: [ComplaintsController],
  providers: [ComplaintsRepository, ComplaintsService, FileComplaintUseCase, TakeComplaintActionUseCase, ComplaintDeadlines, ComplaintIntakeThrottle, ComplaintIntakeThrottleGuard, ComplaintsDemo],
  exports: [ComplaintsRepository, ComplaintsDemo],
})
export class ComplaintsModule {}
