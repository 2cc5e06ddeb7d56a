import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { AttachmentsRepository } from '../attachments/attachments.repository.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { AssessmentController } from './assessment.controller.js';
import { AssessmentRepository } from './assessment.repository.js';
import { AssessmentService } from './assessment.service.js';
import { RedactDocumentUseCase } from './redact-document.use-case.js';
import { UnredactDocumentUseCase } from './unredact-document.use-case.js';
import { ATTACHMENT_TEXT } from './attachment-text.port.js';

@Module({
  imports: [DocumentsModule, AttachmentsModule],
  controllers: [AssessmentController],
  providers: [AssessmentRepository, AssessmentService, RedactDocumentUseCase, UnredactDocumentUseCase, { provide: ATTACHMENT_TEXT, useExisting: AttachmentsRepository }],
  exports: [AssessmentService, AssessmentRepository],
})
export class AssessmentModule {}
