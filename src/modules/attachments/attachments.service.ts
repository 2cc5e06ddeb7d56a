/**
 * Attachments of the signing-and-approval form. The files are part of what is approved: adding
 * or removing one makes a new version of the document (If-Match, history row, audit), only by
 * its drafter while the document is editable (draft, returned), in one transaction.
 * Once the document is published, its files are public through the catalogue until revoked.
 */
import { Inject, Injectable, UnsupportedMediaTypeException } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DomainError, assertVersion, forbidden, invalidInput, notFound } from '../../common/errors/domain-error.js';
import type { IfMatch } from '../../common/http/etag.js';
import { decodeCursor, toPage, type Page } from '../../common/pagination/pagination.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { isIndexNo } from '../catalogue/index-number.js';
import { asSubject } from '../documents/document.mapper.js';
import type { DocumentRow } from '../documents/documents.repository.js';
import { DocumentsService } from '../documents/documents.service.js';
import { ATTACHMENT_STORAGE, type AttachmentStorage } from './attachment-storage.js';
import type { AttachmentKind, TextStatus } from './attachment.types.js';
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
    private readonly repo: AttachmentsRepository,
    private readonly documents: DocumentsService,
    @Inject(ATTACHMENT_STORAGE) private readonly storage: AttachmentStorage,
  ) {}

  /**
   * The document, if the caller may change its files now. Same order and answers as editing the
   * form: not visible 404, stale version 412, not editable in its state 409, not its drafter 403.
   */
  async editableDocument(ability: AppAbility, id: string, version: IfMatch | number): Promise<DocumentRow> {
    const doc = await this.documents.getReadable(ability, id);
    assertVersion('document', doc, version);
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
  async precheck(ability: AppAbility, id: string, version: IfMatch | number | null): Promise<void> {
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
    const bytes = await this.storage.get(meta.id);
    if (!bytes) throw new Error(`attachment ${meta.id}: bytes missing from storage "${meta.storage}"`);
    return bytes;
  }
}

/** A history comment of at most 2,000 characters. */
export function clipComment(s: string): string {
  return s.length > 2000 ? `${s.slice(0, 1999)}…` : s;
}
