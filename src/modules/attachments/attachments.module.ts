import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { DocumentsModule } from '../documents/documents.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { AddAttachmentUseCase } from './add-attachment.use-case.js';
import { ATTACHMENT_STORAGE } from './attachment-storage.js';
import { AttachmentsController } from './attachments.controller.js';
import { AttachmentsRepository } from './attachments.repository.js';
import { AttachmentsService } from './attachments.service.js';
import { registerMultipart } from './multipart.js';
import { PostgresAttachmentStorage } from './postgres-attachment.storage.js';
import { PublicAttachmentsController } from './public-attachments.controller.js';
import { ReceiveUploadInterceptor } from './receive-upload.interceptor.js';
import { RemoveAttachmentUseCase } from './remove-attachment.use-case.js';

/**
 * Attachments of the signing-and-approval form (Art. 24: search, view, download): upload and
 * removal by the drafter, download by readers, public download of published entries' files.
 * Exports AttachmentsRepository: textOf/texts for search and the assessment, listMeta.
 */
@Module({
  imports: [DocumentsModule, IdempotencyModule],
  controllers: [AttachmentsController, PublicAttachmentsController],
  providers: [
    AttachmentsRepository,
    AttachmentsService,
    AddAttachmentUseCase,
    RemoveAttachmentUseCase,
    ReceiveUploadInterceptor,
    PostgresAttachmentStorage, { provide: ATTACHMENT_STORAGE, useExisting: PostgresAttachmentStorage },
  ],
  exports: [AttachmentsRepository, AttachmentsService],
})
export class AttachmentsModule implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  /** multipart/form-data for the upload route (see multipart.ts); runs before Fastify is ready. */
  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (instance && typeof instance.register === 'function') registerMultipart(instance);
  }
}
