import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AnswerReferralUseCase } from './answer-referral.use-case.js';
import { ReferApplicationUseCase } from './refer-application.use-case.js';
import { ReferralsController } from './referrals.controller.js';
import { ReferralsDataModule } from './referrals-data.module.js';
import { ReferralsDemo } from './referrals-demo.js';
import { ReferralsService } from './referrals.service.js';

/** Applications across units (转办): the office refers, the units' liaisons answer, the office replies. */
@Module({
  imports: [ApplicationsModule, ReferralsDataModule, NotificationsModule, IdempotencyModule],
  controllers: [ReferralsController],
  providers: [ReferralsService, ReferApplicationUseCase, AnswerReferralUseCase, ReferralsDemo],
  exports: [ReferralsDemo],
})
export class ReferralsModule {}
