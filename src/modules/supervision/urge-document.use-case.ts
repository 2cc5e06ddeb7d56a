import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { DomainError, forbidden } from '../../common/errors/domain-error.js';
import { AbilityFactory, type AppAbility } from '../authorization/ability.factory.js';
import { DocumentChanges } from '../documents/document-changes.js';
import { asSubject } from '../documents/document.mapper.js';
import type { DocumentRow } from '../documents/documents.repository.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { Actor } from '../identity/user.types.js';
import { Notifier } from '../notifications/notifier.js';

export interface UrgeDocumentCommand {
  actor: Actor;
  ability: AppAbility;
  id: string;
  comment: string;
}

/** The office urges (督办) the step a document waits in: a history row `urge` (the document itself does not change); everyone who can act on the step is notified. */
@Injectable()
export class UrgeDocumentUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly documents: DocumentsService,
    private readonly changes: DocumentChanges,
    private readonly abilities: AbilityFactory,
    private readonly notifier: Notifier,
  ) {}

  @Transactional()
  async execute({ actor, ability, id, comment }: UrgeDocumentCommand): Promise<DocumentRow> {
    const doc = await this.documents.getReadable(ability, id);
    if (!ability.can('urge', asSubject(doc))) {
      if (ability.can('urge', asSubject(doc, { state: 'attribute_review' }))) {
        throw new DomainError('invalid_state', `only a step in review can be urged; the document is ${doc.state}`);
      }
      throw forbidden('only the disclosure office urges a step');
    }
    const acting = this.abilities.actingFor(actor, 'urge', asSubject(doc));
    await this.notifier.urged(doc, doc.state, { actor, onBehalfOf: acting?.onBehalfOf });
    await this.changes.recordEvent(doc, actor, { action: 'urge', comment, onBehalfOf: acting?.onBehalfOf ?? null, audit: { state: doc.state } });
    return doc;
  }
}
