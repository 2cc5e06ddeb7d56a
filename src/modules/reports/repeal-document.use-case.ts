import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { invalidInput, invalidState, notFound } from '../../common/errors/domain-error.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { AuditService } from '../audit/audit.service.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { Actor } from '../identity/user.types.js';
import type { RepealResponse } from './report.dto.js';
import { ReportsRepository } from './reports.repository.js';
import { isoChina } from './reports.service.js';

export interface RepealDocumentCommand {
  actor: Actor;
  ability: AppAbility;
  documentId: string;
  repealedAt: Date;
  now?: Date;
}

/**
 * A disclosure officer records that a published normative document was repealed (Table 2: 本年废止件数,
 * 现行有效件数); it stays in the catalogue, no longer in force.
 */
@Injectable()
export class RepealDocumentUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly documents: DocumentsService,
    private readonly repo: ReportsRepository,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, ability, documentId, repealedAt, now = new Date() }: RepealDocumentCommand): Promise<RepealResponse> {
    if (repealedAt.getTime() > now.getTime()) throw invalidInput('repealedAt must not be in the future');
    await this.documents.getReadable(ability, documentId); // not visible = not found
    const d = await this.repo.lockDocument(documentId);
    if (!d) throw notFound('document');
    if (d.docType !== 'normative_document') throw invalidState(`only normative documents are repealed; this one is a ${d.docType}`);
    if (d.repealedAt) throw invalidState(`the document was already repealed on ${isoChina(d.repealedAt)}`);
    if (d.state !== 'published' || !d.indexNo || d.revokedAt) throw invalidState(`only a published normative document can be repealed (state ${d.state})`);
    if (d.publishedAt && repealedAt.getTime() < new Date(d.publishedAt).getTime()) {
      throw invalidInput(`repealedAt must not be before the document was published (${isoChina(d.publishedAt)})`);
    }
    if (!(await this.repo.repeal(documentId, repealedAt, actor.id))) throw invalidState('the document was repealed meanwhile');
    await this.audit.append({ actorId: actor.id, action: 'document.repeal', subjectType: 'Document', subjectId: documentId, data: { repealedAt: repealedAt.toISOString(), indexNo: d.indexNo } });
    return { documentId, title: d.title, indexNo: d.indexNo, repealedAt: isoChina(repealedAt) };
  }
}
