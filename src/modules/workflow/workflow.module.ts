import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { AssessmentModule } from '../assessment/assessment.module.js';
import { ConsultationsModule } from '../consultations/consultations.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { SupervisionModule } from '../supervision/supervision.module.js';
import { InterpretationPublication } from './interpretation-publication.js';
import { RecallRule } from './recall-rule.js';
import { TransitionDocumentUseCase } from './transition-document.use-case.js';
import { WorkflowService } from './workflow.service.js';
import { WorkflowController } from './workflow.controller.js';
import { WorkflowRulesController } from './workflow-rules.controller.js';

@Module({
  imports: [DocumentsModule, CatalogueModule, AssessmentModule, IdempotencyModule, ConsultationsModule, SupervisionModule, NotificationsModule],
  controllers: [WorkflowController, WorkflowRulesController],
  providers: [TransitionDocumentUseCase, WorkflowService, RecallRule, InterpretationPublication],
  exports: [TransitionDocumentUseCase],
})
export class WorkflowModule {}
