import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import type { IfMatch } from '../../common/http/etag.js';
import { DomainError, assertVersion, forbidden, invalidInput } from '../../common/errors/domain-error.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import type { Actor } from '../identity/user.types.js';
import { DocumentChanges } from './document-changes.js';
import type { UpdateDocumentRequest } from './document.dto.js';
import { checkForm } from './document-form.js';
import { asSubject } from './document.mapper.js';
import { DocumentsRepository, type DocumentRow, type FormFields } from './documents.repository.js';
import { DocumentsService } from './documents.service.js';
import { InterpretedDocument } from './interpreted-document.js';

export interface UpdateDocumentCommand {
  actor: Actor;
  ability: AppAbility;
  id: string;
  /** The version(s) the caller read (If-Match), or the version itself (in-process callers). */
  version: IfMatch | number;
  changes: UpdateDocumentRequest;
}

/** The drafter edits the form while it is a draft or returned. */
@Injectable()
export class UpdateDocumentUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly documents: DocumentsService,
    private readonly repo: DocumentsRepository,
    private readonly changes: DocumentChanges,
    private readonly interpreted: InterpretedDocument,
  ) {}

  @Transactional()
  async execute({ actor, ability, id, version: ifMatch, changes: req }: UpdateDocumentCommand): Promise<DocumentRow> {
    if (Object.keys(req).length === 0) throw invalidInput('nothing to change: send at least one field');
    const doc = await this.documents.getReadable(ability, id);
    const version = assertVersion('document', doc, ifMatch);
    if (!ability.can('update', asSubject(doc))) {
      // Would the caller be allowed in an editable state? Then it is the state that forbids it.
      if (ability.can('update', asSubject(doc, { state: 'draft' }))) {
        throw new DomainError('invalid_state', `the document cannot be edited in state ${doc.state}`);
      }
      throw forbidden('only the document’s drafter may edit it');
    }
    const f: FormFields = {
      title: req.title ?? doc.title,
      docType: req.docType ?? doc.docType,
      body: req.body ?? doc.body,
      summary: req.summary !== undefined ? req.summary : doc.summary,
      category: req.category !== undefined ? req.category : doc.category,
      documentNumber: req.documentNumber !== undefined ? req.documentNumber : doc.documentNumber,
      publicAttribute: req.publicAttribute ?? doc.publicAttribute,
      nonDisclosureReason:
        req.nonDisclosureReason !== undefined
          ? req.nonDisclosureReason
          : req.publicAttribute !== undefined && req.publicAttribute !== 'not_public'
            ? null
            : doc.nonDisclosureReason,
      attributeRationale: req.attributeRationale !== undefined ? req.attributeRationale : doc.attributeRationale,
      // Another document type drops the interpretation's fields; an interpretation keeps them unless sent.
      interprets: (req.docType ?? doc.docType) === 'interpretation' ? (req.interprets ?? doc.interprets) : (req.interprets ?? null),
      interpretationForm:
        (req.docType ?? doc.docType) === 'interpretation' ? (req.interpretationForm ?? doc.interpretationForm ?? 'text') : (req.interpretationForm ?? null),
    };
    checkForm(f);
    await this.interpreted.check(ability, f, id);
    // Redaction spans are offsets into one body: a new body needs a new review of what to redact.
    if (f.body !== doc.body) await this.repo.clearRedactions(id);
    await this.changes.record(doc, actor, {
      action: 'update',
      version,
      write: () => this.repo.updateForm(id, version, f),
      publicAttribute: f.publicAttribute,
      nonDisclosureReason: f.nonDisclosureReason,
      audit: { fields: Object.keys(req) },
    });
    return (await this.repo.findById(id))!;
  }
}
