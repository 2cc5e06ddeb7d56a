import { Inject, Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import type { IfMatch } from '../../common/http/etag.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { DocumentChanges } from '../documents/document-changes.js';
import type { Actor } from '../identity/user.types.js';
import { ATTACHMENT_STORAGE, type AttachmentStorage } from './attachment-storage.js';
import { MAX_ATTACHMENTS_PER_DOCUMENT } from './attachment.types.js';
import { AttachmentsRepository, type AttachmentMeta } from './attachments.repository.js';
import { AttachmentsService, clipComment, type PreparedFile } from './attachments.service.js';

export interface AddAttachmentCommand {
  actor: Actor;
  ability: AppAbility;
  id: string;
  /** The version(s) the caller read (If-Match), or the version itself (in-process callers). */
  version: IfMatch | number;
  file: PreparedFile;
}

/** The drafter attaches a file: a new version of the document. */
@Injectable()
export class AddAttachmentUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly attachments: AttachmentsService,
    private readonly repo: AttachmentsRepository,
    private readonly changes: DocumentChanges,
    @Inject(ATTACHMENT_STORAGE) private readonly storage: AttachmentStorage,
  ) {}

  @Transactional()
  async execute({ actor, ability, id, version: ifMatch, file }: AddAttachmentCommand): Promise<{ meta: AttachmentMeta; documentVersion: number }> {
    const doc = await this.attachments.editableDocument(ability, id, ifMatch);
    const version = doc.version;
    let meta: AttachmentMeta | undefined;
    const documentVersion = await this.changes.record(doc, actor, {
      action: 'update',
      auditAction: 'document.attachment.add',
      version,
      comment: clipComment(`添加附件：${file.fileName}`),
      publicAttribute: doc.publicAttribute,
      nonDisclosureReason: doc.nonDisclosureReason,
      effects: async () => {
        // After the version bump: it locks the document row, so no concurrent upload slips in.
        const same = await this.repo.findBySha(id, file.sha256);
        if (same) throw new DomainError('duplicate', `this file is already attached as "${same.fileName}"`, { attachmentId: same.id });
        if ((await this.repo.count(id)) >= MAX_ATTACHMENTS_PER_DOCUMENT) {
          throw new DomainError('invalid_state', `a document carries at most ${MAX_ATTACHMENTS_PER_DOCUMENT} attachments`);
        }
        meta = await this.repo.insert({
          documentId: id,
          fileName: file.fileName,
          mediaType: file.mediaType,
          sizeBytes: file.bytes.length,
          sha256: file.sha256,
          storage: this.storage.name,
          text: file.text,
          textStatus: file.textStatus,
          createdBy: actor.id,
        });
        await this.storage.put(meta.id, file.bytes);
      },
      audit: () => ({ attachmentId: meta!.id, fileName: meta!.fileName, mediaType: meta!.mediaType, size: file.bytes.length, sha256: file.sha256, version: version + 1 }),
    });
    return { meta: meta!, documentVersion };
  }
}
