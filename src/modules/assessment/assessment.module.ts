import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { AttachmentsRepository } from '../attachments/attachments.repository.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { AssessmentController } from './assessment.controller.js';
import { AssessmentRepository } from './assessment.repository.js';
import { AssessmentService } from './assessment.service.js';
import { ATTACHMENT_TEXT } from './attachment-text.port.js';

@Module({
  imports: [DocumentsModule, AttachmentsModule],
  controllers: [AssessmentController],
  providers: [AssessmentRepository, AssessmentService, { provide: ATTACHMENT_TEXT, useExisting: AttachmentsRepository }],
  exports: [AssessmentService, AssessmentRepository],
})
export class AssessmentModule {}
