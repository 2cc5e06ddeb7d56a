import { Inject, Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import type { IfMatch } from '../../common/http/etag.js';
import { notFound } from '../../common/errors/domain-error.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { DocumentChanges } from '../documents/document-changes.js';
import type { Actor } from '../identity/user.types.js';
import { ATTACHMENT_STORAGE, type AttachmentStorage } from './attachment-storage.js';
import { AttachmentsRepository } from './attachments.repository.js';
import { AttachmentsService, clipComment } from './attachments.service.js';

export interface RemoveAttachmentCommand {
  actor: Actor;
  ability: AppAbility;
  id: string;
  attachmentId: string;
  /** The version(s) the caller read (If-Match), or the version itself (in-process callers). */
  version: IfMatch | number;
}

/** The drafter removes a file: a new version of the document. Returns that version. */
@Injectable()
export class RemoveAttachmentUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly attachments: AttachmentsService,
    private readonly repo: AttachmentsRepository,
    private readonly changes: DocumentChanges,
    @Inject(ATTACHMENT_STORAGE) private readonly storage: AttachmentStorage,
  ) {}

  @Transactional()
  async execute({ actor, ability, id, attachmentId, version: ifMatch }: RemoveAttachmentCommand): Promise<number> {
    const doc = await this.attachments.editableDocument(ability, id, ifMatch);
    const version = doc.version;
    const meta = await this.repo.find(id, attachmentId);
    if (!meta) throw notFound('attachment');
    return this.changes.record(doc, actor, {
      action: 'update',
      auditAction: 'document.attachment.delete',
      version,
      comment: clipComment(`删除附件：${meta.fileName}`),
      publicAttribute: doc.publicAttribute,
      nonDisclosureReason: doc.nonDisclosureReason,
      effects: async () => {
        if (meta.storage === this.storage.name) await this.storage.delete(attachmentId);
        if (!(await this.repo.delete(id, attachmentId))) throw notFound('attachment');
      },
      audit: { attachmentId, fileName: meta.fileName, sha256: meta.sha256, version: version + 1 },
    });
  }
}
