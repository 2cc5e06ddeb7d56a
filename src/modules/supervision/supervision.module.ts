import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { SetStepDeadlinesUseCase } from './set-step-deadlines.use-case.js';
import { StepDeadlinesService } from './step-deadlines.service.js';
import { SupervisionController } from './supervision.controller.js';
import { SupervisionRepository } from './supervision.repository.js';
import { SupervisionService } from './supervision.service.js';
import { UrgeDocumentUseCase } from './urge-document.use-case.js';

/** Deadlines of the review chain in working days, the supervision board (督办) and urging. */
@Module({
  imports: [ApplicationsModule, DocumentsModule, NotificationsModule],
  controllers: [SupervisionController],
  providers: [SupervisionRepository, SupervisionService, StepDeadlinesService, SetStepDeadlinesUseCase, UrgeDocumentUseCase],
  exports: [StepDeadlinesService],
})
export class SupervisionModule {}
