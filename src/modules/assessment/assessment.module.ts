import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { AssessmentController } from './assessment.controller.js';
import { AssessmentRepository } from './assessment.repository.js';
import { AssessmentService } from './assessment.service.js';
import { ATTACHMENT_TEXT } from './attachment-text.port.js';
import { AttachmentTextProvider } from './attachment-text.provider.js';

@Module({
  imports: [DocumentsModule],
  controllers: [AssessmentController],
  providers: [AssessmentRepository, AssessmentService, { provide: ATTACHMENT_TEXT, useClass: AttachmentTextProvider }],
  exports: [AssessmentService, AssessmentRepository],
})
export class AssessmentModule {}
