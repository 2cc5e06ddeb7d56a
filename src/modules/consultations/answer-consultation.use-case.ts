import { subject } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { DomainError, invalidInput, notFound } from '../../common/errors/domain-error.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { DocumentChanges } from '../documents/document-changes.js';
import { DocumentsRepository } from '../documents/documents.repository.js';
import { IdentityRepository } from '../identity/identity.repository.js';
import type { Actor } from '../identity/user.types.js';
import { Notifier } from '../notifications/notifier.js';
import type { AnswerConsultationRequest } from './consultation.dto.js';
import { ConsultationsRepository, type ConsultationRow } from './consultations.repository.js';

export interface AnswerConsultationCommand {
  actor: Actor;
  ability: AppAbility;
  id: string;
  answer: AnswerConsultationRequest;
}

/** A liaison of the consulted unit answers (once); a history row `consultation_answer` on the document; the office is notified. */
@Injectable()
export class AnswerConsultationUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: ConsultationsRepository,
    private readonly documents: DocumentsRepository,
    private readonly changes: DocumentChanges,
    private readonly identity: IdentityRepository,
    private readonly notifier: Notifier,
  ) {}

  @Transactional()
  async execute({ actor, ability, id, answer: a }: AnswerConsultationCommand): Promise<ConsultationRow> {
    const found = await this.repo.findById(id);
    // Another unit's consultation is not visible: 404, as for an unknown one.
    if (!found || !ability.can('answer', subject('Consultation', { id: found.id, unitId: found.unitId, documentId: found.documentId, state: found.state }))) {
      throw notFound('consultation');
    }
    // The document's row first, then the consultation's: the same order as the office's approval
    // (which closes open consultations), so the two wait for each other instead of deadlocking.
    await this.documents.lock(found.documentId);
    const c = (await this.repo.findById(id, true))!;
    if (c.state !== 'open') throw new DomainError('invalid_state', `the consultation is ${c.state}: it can no longer be answered`);
    if (a.publicAttribute === 'not_public' && !a.nonDisclosureReason) throw invalidInput('nonDisclosureReason is required when publicAttribute is not_public');
    if (a.nonDisclosureReason && a.publicAttribute !== 'not_public') throw invalidInput('nonDisclosureReason is only allowed with publicAttribute not_public');
    if (!(await this.repo.answer(id, { opinion: a.opinion, publicAttribute: a.publicAttribute ?? null, nonDisclosureReason: a.nonDisclosureReason ?? null, comment: a.comment, answeredBy: actor.id }))) {
      throw new DomainError('invalid_state', 'the consultation was answered or closed meanwhile');
    }
    const doc = (await this.documents.findById(c.documentId))!;
    const [unit] = await this.identity.findUnitsByIds([c.unitId]);
    await this.notifier.consultationAnswered(doc, unit?.name ?? '被征求意见单位', { actor });
    await this.changes.recordEvent(doc, actor, {
      action: 'consultation_answer',
      comment: a.comment,
      audit: { consultationId: id, opinion: a.opinion, publicAttribute: a.publicAttribute ?? null },
    });
    return (await this.repo.findById(id))!;
  }
}
