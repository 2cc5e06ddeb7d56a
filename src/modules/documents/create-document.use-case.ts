import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { forbidden } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import type { Actor } from '../identity/user.types.js';
import type { CreateDocumentRequest } from './document.dto.js';
import { checkForm } from './document-form.js';
import { DocumentsRepository, type DocumentRow, type FormFields } from './documents.repository.js';
import { InterpretedDocument } from './interpreted-document.js';

export interface CreateDocumentCommand {
  actor: Actor;
  ability: AppAbility;
  form: CreateDocumentRequest;
}

/** A drafter fills in a new signing-and-approval form; it belongs to the drafter's unit. */
@Injectable()
export class CreateDocumentUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: DocumentsRepository,
    private readonly audit: AuditService,
    private readonly interpreted: InterpretedDocument,
  ) {}

  @Transactional()
  async execute({ actor, ability, form }: CreateDocumentCommand): Promise<DocumentRow> {
    if (!actor.unitId || !ability.can('create', 'Document')) throw forbidden('only a drafter of a unit may create documents');
    const f: FormFields = {
      title: form.title,
      docType: form.docType,
      body: form.body,
      summary: form.summary ?? null,
      category: form.category ?? null,
      documentNumber: form.documentNumber ?? null,
      publicAttribute: form.publicAttribute,
      nonDisclosureReason: form.nonDisclosureReason ?? null,
      attributeRationale: form.attributeRationale ?? null,
      interprets: form.interprets ?? null,
      interpretationForm: form.interpretationForm ?? (form.docType === 'interpretation' ? 'text' : null),
    };
    checkForm(f);
    await this.interpreted.check(ability, f, null);
    const doc = await this.repo.insert(actor.unitId, actor.id, f);
    await this.repo.addHistory(
      {
        documentId: doc.id,
        actorId: actor.id,
        action: 'create',
        fromState: null,
        toState: 'draft',
        comment: null,
        publicAttribute: doc.publicAttribute,
        nonDisclosureReason: doc.nonDisclosureReason,
        version: doc.version,
      },
      [this.audit.appendStatement({ actorId: actor.id, action: 'document.create', subjectType: 'Document', subjectId: doc.id, data: { title: doc.title } })],
    );
    return doc;
  }
}
