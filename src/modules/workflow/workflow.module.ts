import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { AssessmentModule } from '../assessment/assessment.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { TransitionDocumentUseCase } from './transition-document.use-case.js';
import { WorkflowController } from './workflow.controller.js';
import { WorkflowRulesController } from './workflow-rules.controller.js';

@Module({
  imports: [DocumentsModule, CatalogueModule, AssessmentModule, IdempotencyModule],
  controllers: [WorkflowController, WorkflowRulesController],
  providers: [TransitionDocumentUseCase],
  exports: [TransitionDocumentUseCase],
})
export class WorkflowModule {}
