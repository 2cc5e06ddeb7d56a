import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { CreateDocumentUseCase } from './create-document.use-case.js';
import { DocumentChanges } from './document-changes.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsRepository } from './documents.repository.js';
import { DocumentsService } from './documents.service.js';
import { InterpretedDocument } from './interpreted-document.js';
import { UpdateDocumentUseCase } from './update-document.use-case.js';

@Module({
  imports: [IdempotencyModule],
  controllers: [DocumentsController],
  providers: [DocumentsRepository, DocumentsService, DocumentChanges, InterpretedDocument, CreateDocumentUseCase, UpdateDocumentUseCase],
  exports: [DocumentsRepository, DocumentsService, DocumentChanges, CreateDocumentUseCase],
})
export class DocumentsModule {}
