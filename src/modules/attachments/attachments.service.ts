/**
 * Attachments of the signing-and-approval form. The files are part of what is approved: adding
 * or removing one makes a new version of the document (If-Match, history row, audit), only by
 * its drafter while the document is editable (draft, returned), in one transaction.
 * Once the document is published, its files are public through the catalogue until revoked.
 */
import { Inject, Injectable, UnsupportedMediaTypeException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError, forbidden, invalidInput, notFound } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage, type Page } from '../../common/pagination/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { isIndexNo } from '../catalogue/index-number.js';
import { asSubject } from '../documents/document.mapper.js';
import { DocumentsRepository, type DocumentRow } from '../documents/documents.repository.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { Actor } from '../identity/user.types.js';
import { ATTACHMENT_STORAGE, type AttachmentStorage } from './attachment-storage.js';
import { MAX_ATTACHMENTS_PER_DOCUMENT, type AttachmentKind, type TextStatus } from './attachment.types.js';
import type { AttachmentResponse, PublicAttachmentResponse } from './attachment.dto.js';
import { AttachmentsRepository, type AttachmentMeta } from './attachments.repository.js';
import { FileRejected, inspectFile } from './file-inspection.js';
import type { Upload } from './multipart.js';
import { extractText } from './text-extraction.js';

/** A checked file, ready to be stored: type from the content, final name, text, digest. */
export interface PreparedFile {
  kind: AttachmentKind;
  mediaType: string;
  fileName: string;
  bytes: Buffer;
  sha256: string;
  text: string;
  textStatus: TextStatus;
}

export interface StoredFile {
  meta: AttachmentMeta;
  bytes: Buffer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toAttachmentResponse(a: AttachmentMeta): AttachmentResponse {
  return {
    id: a.id,
    documentId: a.documentId,
    fileName: a.fileName,
    mediaType: a.mediaType,
    size: Number(a.sizeBytes),
    sha256: a.sha256,
    textStatus: a.textStatus,
    createdBy: a.createdBy,
    createdAt: new Date(a.createdAt).toISOString(),
    url: `/api/v1/documents/${a.documentId}/attachments/${a.id}`,
  };
}

export function toPublicAttachment(indexNo: string, a: AttachmentMeta): PublicAttachmentResponse {
  return {
    id: a.id,
    fileName: a.fileName,
    mediaType: a.mediaType,
    size: Number(a.sizeBytes),
    sha256: a.sha256,
    url: `/api/v1/catalogue/${encodeURIComponent(indexNo)}/attachments/${a.id}`,
  };
}

@Injectable()
export class AttachmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: AttachmentsRepository,
    private readonly documents: DocumentsService,
    private readonly documentsRepo: DocumentsRepository,
    private readonly audit: AuditService,
    @Inject(ATTACHMENT_STORAGE) private readonly storage: AttachmentStorage,
  ) {}

  /**
   * The document, if the caller may change its files now. Same order and answers as editing the
   * form: not visible 404, stale version 412, not editable in its state 409, not its drafter 403.
   */
  async editableDocument(ability: AppAbility, id: string, version: number, m?: EntityManager): Promise<DocumentRow> {
    const doc = await this.documents.getReadable(ability, id, m);
    if (doc.version !== version) throw new DomainError('stale_version', `the document was changed meanwhile: current version is ${doc.version}`);
    if (!ability.can('update', asSubject(doc))) {
      if (ability.can('update', asSubject(doc, { state: 'draft' }))) {
        throw new DomainError('invalid_state', `attachments cannot be changed in state ${doc.state}`);
      }
      throw forbidden('only the document’s drafter may change its attachments');
    }
    return doc;
  }

  /**
   * Before receiving a file: refuse callers who could never change this document's files (404,
   * 403). With `version`, also a stale version or a state that forbids it (412, 409). The
   * transaction checks everything again.
   */
  async precheck(ability: AppAbility, id: string, version: number | null): Promise<void> {
    if (version !== null) {
      await this.editableDocument(ability, id, version);
      return;
    }
    const doc = await this.documents.getReadable(ability, id);
    if (!ability.can('update', asSubject(doc)) && !ability.can('update', asSubject(doc, { state: 'draft' }))) {
      throw forbidden('only the document’s drafter may change its attachments');
    }
  }

  /** Type from the content (415), name, text (400 if unreadable), digest. No database. */
  async prepare(upload: Upload): Promise<PreparedFile> {
    try {
      const { kind, mediaType, fileName } = await inspectFile(upload.bytes, upload.fileName);
      const { text, status } = await extractText(kind, upload.bytes);
      const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
      return { kind, mediaType, fileName, bytes: upload.bytes, sha256, text, textStatus: status };
    } catch (e) {
      if (e instanceof FileRejected) {
        if (e.reason === 'unsupported_type' || e.reason === 'type_mismatch') throw new UnsupportedMediaTypeException(e.message);
        throw invalidInput(e.message);
      }
      throw e;
    }
  }

  /** Adds the file: a new version of the document, with history and audit, in the caller's transaction. */
  async add(m: EntityManager, actor: Actor, ability: AppAbility, id: string, version: number, file: PreparedFile): Promise<{ meta: AttachmentMeta; documentVersion: number }> {
    const doc = await this.editableDocument(ability, id, version, m);
    if (!(await this.documentsRepo.bumpVersion(m, id, version, ['draft', 'returned']))) {
      throw new DomainError('stale_version', 'the document was changed meanwhile; reload it');
    }
    // Checked after the version bump: it locks the document row, so no concurrent upload slips in.
    const same = await this.repo.findBySha(id, file.sha256, m);
    if (same) throw new DomainError('duplicate', `this file is already attached as "${same.fileName}"`, { attachmentId: same.id });
    if ((await this.repo.count(id, m)) >= MAX_ATTACHMENTS_PER_DOCUMENT) {
      throw new DomainError('invalid_state', `a document carries at most ${MAX_ATTACHMENTS_PER_DOCUMENT} attachments`);
    }
    const meta = await this.repo.insert(m, {
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
    await this.storage.put(m, meta.id, file.bytes);
    await this.documentsRepo.addHistory(m, {
      documentId: id,
      actorId: actor.id,
      action: 'update',
      fromState: doc.state,
      toState: doc.state,
      comment: clip(`添加附件：${file.fileName}`),
      publicAttribute: doc.publicAttribute,
      nonDisclosureReason: doc.nonDisclosureReason,
      version: version + 1,
    });
    await this.audit.append(m, {
      actorId: actor.id,
      action: 'document.attachment.add',
      subjectType: 'Document',
      subjectId: id,
      data: { attachmentId: meta.id, fileName: meta.fileName, mediaType: meta.mediaType, size: file.bytes.length, sha256: file.sha256, version: version + 1 },
    });
    return { meta, documentVersion: version + 1 };
  }

  /** Removes a file: a new version of the document, with history and audit, in one transaction. */
  async remove(actor: Actor, ability: AppAbility, id: string, attachmentId: string, version: number): Promise<number> {
    return this.db.transaction(async (m) => {
      const doc = await this.editableDocument(ability, id, version, m);
      const meta = await this.repo.find(id, attachmentId, m);
      if (!meta) throw notFound('attachment');
      if (!(await this.documentsRepo.bumpVersion(m, id, version, ['draft', 'returned']))) {
        throw new DomainError('stale_version', 'the document was changed meanwhile; reload it');
      }
      if (meta.storage === this.storage.name) await this.storage.delete(m, attachmentId);
      if (!(await this.repo.delete(m, id, attachmentId))) throw notFound('attachment');
      await this.documentsRepo.addHistory(m, {
        documentId: id,
        actorId: actor.id,
        action: 'update',
        fromState: doc.state,
        toState: doc.state,
        comment: clip(`删除附件：${meta.fileName}`),
        publicAttribute: doc.publicAttribute,
        nonDisclosureReason: doc.nonDisclosureReason,
        version: version + 1,
      });
      await this.audit.append(m, {
        actorId: actor.id,
        action: 'document.attachment.delete',
        subjectType: 'Document',
        subjectId: id,
        data: { attachmentId, fileName: meta.fileName, sha256: meta.sha256, version: version + 1 },
      });
      return version + 1;
    });
  }

  async list(ability: AppAbility, id: string, q: { limit: number; cursor?: string }): Promise<Page<AttachmentResponse>> {
    await this.documents.getReadable(ability, id);
    const after = decodeCursor(q.cursor, ['string', 'string']) as [string, string] | null;
    const rows = await this.repo.page(id, after, q.limit + 1);
    return toPage(rows, q.limit, toAttachmentResponse, (r) => [r.cursorTs, r.id]);
  }

  async download(ability: AppAbility, id: string, attachmentId: string): Promise<StoredFile> {
    await this.documents.getReadable(ability, id);
    const meta = await this.repo.find(id, attachmentId);
    if (!meta) throw notFound('attachment');
    return { meta, bytes: await this.bytesOf(meta) };
  }

  /** The files of a published entry; 404 for anything the public may not see. */
  async publicList(indexNo: string, q: { limit: number; cursor?: string }): Promise<Page<PublicAttachmentResponse>> {
    if (!isIndexNo(indexNo)) throw notFound('catalogue entry');
    const documentId = await this.repo.publishedDocumentOf(indexNo);
    if (documentId === undefined) throw notFound('catalogue entry');
    const after = decodeCursor(q.cursor, ['string', 'string']) as [string, string] | null;
    if (documentId === null) return { items: [], nextCursor: null };
    const rows = await this.repo.page(documentId, after, q.limit + 1);
    return toPage(rows, q.limit, (a) => toPublicAttachment(indexNo, a), (r) => [r.cursorTs, r.id]);
  }

  /** One file of a published entry; 404 whatever else is asked (unknown, revoked, another document's). */
  async publicDownload(indexNo: string, attachmentId: string): Promise<StoredFile> {
    if (!isIndexNo(indexNo) || !UUID.test(attachmentId)) throw notFound('attachment');
    const meta = await this.repo.findPublished(indexNo, attachmentId);
    if (!meta) throw notFound('attachment');
    return { meta, bytes: await this.bytesOf(meta) };
  }

  private async bytesOf(meta: AttachmentMeta): Promise<Buffer> {
    if (meta.storage !== this.storage.name) throw new Error(`attachment ${meta.id} is in storage "${meta.storage}", which is not configured`);
    const bytes = await this.storage.get(this.db, meta.id);
    if (!bytes) throw new Error(`attachment ${meta.id}: bytes missing from storage "${meta.storage}"`);
    return bytes;
  }
}

function clip(s: string): string {
  return s.length > 2000 ? `${s.slice(0, 1999)}…` : s;
}
