import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { DomainError, forbidden, invalidInput } from '../../common/errors/domain-error.js';
import { AbilityFactory, type AppAbility } from '../authorization/ability.factory.js';
import { DocumentChanges } from '../documents/document-changes.js';
import { asSubject } from '../documents/document.mapper.js';
import { DocumentsRepository } from '../documents/documents.repository.js';
import { DocumentsService } from '../documents/documents.service.js';
import { IdentityRepository } from '../identity/identity.repository.js';
import type { Actor } from '../identity/user.types.js';
import { Notifier } from '../notifications/notifier.js';
import { DEFAULT_CONSULTATION_DAYS } from '../supervision/deadlines.js';
import { StepDeadlinesService } from '../supervision/step-deadlines.service.js';
import { ConsultationsRepository, type ConsultationRow } from './consultations.repository.js';

export interface ConsultUnitsCommand {
  actor: Actor;
  ability: AppAbility;
  documentId: string;
  unitIds: string[];
  question: string;
  dueInWorkingDays?: number;
}

/**
 * The office asks units for their opinion on a document at attribute review (征求意见): one
 * consultation per unit, due in working days; a history row `consult`; the units' liaisons are notified. The document row is locked
 * first, so the office's own approval cannot slip between the check of its state and the insert.
 */
@Injectable()
export class ConsultUnitsUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly documents: DocumentsService,
    private readonly documentsRepo: DocumentsRepository,
    private readonly repo: ConsultationsRepository,
    private readonly identity: IdentityRepository,
    private readonly deadlines: StepDeadlinesService,
    private readonly changes: DocumentChanges,
    private readonly abilities: AbilityFactory,
    private readonly notifier: Notifier,
  ) {}

  @Transactional()
  async execute(cmd: ConsultUnitsCommand): Promise<ConsultationRow[]> {
    const { actor, ability } = cmd;
    await this.documentsRepo.lock(cmd.documentId);
    const doc = await this.documents.getReadable(ability, cmd.documentId);
    if (!ability.can('consult', asSubject(doc))) {
      if (ability.can('consult', asSubject(doc, { state: 'attribute_review' }))) {
        throw new DomainError('invalid_state', `units are consulted at attribute review; the document is ${doc.state}`);
      }
      throw forbidden('only the disclosure office consults units');
    }
    const units = await this.identity.findUnitsByIds(cmd.unitIds);
    const unknown = cmd.unitIds.filter((id) => !units.some((u) => u.id === id));
    if (unknown.length > 0) throw invalidInput(`unitIds: unknown unit ${unknown.join(', ')}`);
    const open = (await this.repo.openForDocument(doc.id)).filter((c) => cmd.unitIds.includes(c.unitId));
    if (open.length > 0) {
      const names = open.map((c) => units.find((u) => u.id === c.unitId)!.code).join(', ');
      throw new DomainError('duplicate', `already consulted and not yet answered: ${names}`, { consultations: open.map((c) => c.id) });
    }
    const days = cmd.dueInWorkingDays ?? DEFAULT_CONSULTATION_DAYS;
    const now = new Date();
    const dueAt = await this.deadlines.dueForConsultation(days, now);
    const items: ConsultationRow[] = [];
    for (const unitId of cmd.unitIds) {
      items.push(await this.repo.insert({ documentId: doc.id, unitId, question: cmd.question, dueAt, dueInWorkingDays: days, askedBy: actor.id }));
    }
    const acting = this.abilities.actingFor(actor, 'consult', asSubject(doc));
    await this.notifier.consultation(doc, cmd.unitIds, dueAt, { actor, onBehalfOf: acting?.onBehalfOf });
    await this.changes.recordEvent(doc, actor, {
      action: 'consult',
      comment: `${cmd.question}（${units.map((u) => u.name).join('、')}）`.slice(0, 2000),
      onBehalfOf: acting?.onBehalfOf ?? null,
      audit: { unitIds: cmd.unitIds, dueAt: dueAt.toISOString() },
    });
    return items;
  }
}
