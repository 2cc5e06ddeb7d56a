import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import type { IfMatch } from '../../common/http/etag.js';
import { assertVersion, notFound } from '../../common/errors/domain-error.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { DocumentChanges } from '../documents/document-changes.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { Actor } from '../identity/user.types.js';
import { AssessmentRepository } from './assessment.repository.js';
import { checkRedact } from './redaction-permission.js';

export interface UnredactDocumentCommand {
  actor: Actor;
  ability: AppAbility;
  id: string;
  redactionId: string;
  /** The version(s) the caller read (If-Match), or the version itself (in-process callers). */
  version: IfMatch | number;
}

/** Removes a redaction span (who may redact may remove one). */
@Injectable()
export class UnredactDocumentUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly documents: DocumentsService,
    private readonly repo: AssessmentRepository,
    private readonly changes: DocumentChanges,
  ) {}

  /** Returns the document's new version. */
  @Transactional()
  async execute({ actor, ability, id, redactionId, version: ifMatch }: UnredactDocumentCommand): Promise<number> {
    const doc = await this.documents.getReadable(ability, id);
    const version = assertVersion('document', doc, ifMatch);
    checkRedact(ability, doc);
    if (!(await this.repo.remove(id, redactionId))) throw notFound('redaction');
    return this.changes.record(doc, actor, { action: 'unredact', version, audit: { redactionId } });
  }
}
