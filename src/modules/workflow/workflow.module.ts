import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { AssessmentGate } from './assessment-gate.js';
import { TransitionDocumentUseCase } from './transition-document.use-case.js';
import { WorkflowController } from './workflow.controller.js';

@Module({
  imports: [DocumentsModule, CatalogueModule],
  controllers: [WorkflowController],
  providers: [TransitionDocumentUseCase, AssessmentGate],
  exports: [TransitionDocumentUseCase],
})
export class WorkflowModule {}
