/**
 * One workflow step on the signing-and-approval form, in one transaction:
 * load (an approval at the secrecy or the leader's step with the gate's inputs, in the same
 * statement) → check (visibility 404, version 412, state 409, recall rules 403/409, permission 403 —
 * in the caller's own place or a delegator's —, open consultations 409, input 400) → apply with
 * `UPDATE … WHERE id AND version AND state` (the new step's due date included) → history row,
 * audit row and notifications (one statement) → catalogue entry when published (its index number
 * last, see below) or its removal when revoked. The answer is the row the write returned.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/configuration.js';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import type { IfMatch } from '../../common/http/etag.js';
import { DomainError, assertVersion, forbidden, invalidInput } from '../../common/errors/domain-error.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { AbilityFactory, type AppAbility } from '../authorization/ability.factory.js';
import { AssessmentService, type GateInputs } from '../assessment/assessment.service.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { ConsultationsRepository } from '../consultations/consultations.repository.js';
import { DocumentChanges } from '../documents/document-changes.js';
import { asSubject } from '../documents/document.mapper.js';
import { DocumentsRepository, type DocumentRow, type StateChange } from '../documents/documents.repository.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { Actor } from '../identity/user.types.js';
import { Notifier } from '../notifications/notifier.js';
import { StepDeadlinesService } from '../supervision/step-deadlines.service.js';
import { decide, whyNot } from './decide.js';
import { InterpretationPublication } from './interpretation-publication.js';
import { RecallRule } from './recall-rule.js';
import type { TransitionRequest } from './transition.dto.js';
import { TRANSITIONS, findTransition } from './transitions.js';

/**
 * The states in which an approval meets the confidentiality gate: the secrecy reviewer's (the
 * findings) and the leader's, which may publish (the public copy).
 */
export const GATED_APPROVALS = TRANSITIONS.filter((t) => t.action === 'approve' && (t.step === 'secrecy' || t.step === 'leader')).map((t) => t.from);

export interface TransitionDocumentCommand {
  actor: Actor;
  ability: AppAbility;
  id: string;
  /** The version(s) the caller read (If-Match), or the version itself (in-process callers). */
  version: IfMatch | number;
  step: TransitionRequest;
}

@Injectable()
export class TransitionDocumentUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly documents: DocumentsService,
    private readonly repo: DocumentsRepository,
    private readonly changes: DocumentChanges,
    private readonly catalogue: CatalogueService,
    private readonly assessment: AssessmentService,
    private readonly consultations: ConsultationsRepository,
    private readonly deadlines: StepDeadlinesService,
    private readonly abilities: AbilityFactory,
    private readonly recallRule: RecallRule,
    private readonly notifier: Notifier,
    private readonly interpretations: InterpretationPublication,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Transactional()
  async execute({ actor, ability, id, version: ifMatch, step: req }: TransitionDocumentCommand): Promise<DocumentRow> {
    if (req.to !== undefined && req.action !== 'return') throw invalidInput('to is only accepted with return');
    // An approval at a step that meets the gate reads the gate's inputs (spans, attachments' texts) with the row.
    let doc: DocumentRow;
    let inputs: GateInputs | undefined;
    if (req.action === 'approve') {
      const found = await this.documents.getReadableWith(ability, id, this.assessment.inputsSql(), GATED_APPROVALS);
      doc = found.doc;
      if (found.alongside !== null) inputs = this.assessment.inputsFrom(found.alongside);
    } else {
      doc = await this.documents.getReadable(ability, id);
    }
    if (req.action === 'approve' && doc.state === 'attribute_review') {
      // The office's approval and a new consultation must not interleave: lock the row, read it again.
      await this.repo.lock(id);
      doc = await this.documents.getReadable(ability, id);
      inputs = undefined;
    }
    const version = assertVersion('document', doc, ifMatch);
    const t = findTransition(doc.state, req.action, req.to ?? 'drafter');
    if (!t) {
      if (req.action === 'return' && req.to === 'previous' && findTransition(doc.state, 'return')) {
        throw invalidInput(`a document in ${doc.state} has no previous review step: return it to the drafter`);
      }
      throw new DomainError('invalid_state', `${req.action} is not possible in state ${doc.state}`);
    }
    const recall = t.action === 'recall' ? await this.recallRule.check(actor, doc, t) : null;
    const acting = this.abilities.actingFor(actor, req.action, asSubject(doc));
    if (!acting) throw forbidden(whyNot(actor.id, doc, t));
    if (req.closeOpenConsultations !== undefined && !(t.action === 'approve' && t.step === 'office')) {
      throw invalidInput('closeOpenConsultations is only accepted when the office approves');
    }
    const closing = t.action === 'approve' && t.step === 'office' ? await this.openConsultationsToClose(doc, req) : [];

    const change: StateChange = decide(actor.id, doc, t, req);
    if (acting.onBehalfOf && (change.addSecrecyApprover || change.addOfficeApprover || change.addLeaderApprover)) change.coApprover = acting.onBehalfOf.id;
    if (recall) change.recall = recall;
    change.stepDueAt = await this.deadlines.dueForStep(change.state);
    if (t.step === 'secrecy' && t.action === 'approve') {
      await this.assessment.beforeSecrecyApproval(doc, req.findingsAcknowledged === true, inputs);
    }
    // An interpretation is published only with (or after) the document it interprets.
    if (change.state === 'published' && doc.docType === 'interpretation') change.state = await this.interpretations.stateOnPublication(doc);
    // The gate runs before anything is written; its public copy is what gets published.
    const gated = change.state === 'published' || change.state === 'awaiting_main';
    const publicCopy = gated ? await this.assessment.publicationCopy(doc, inputs) : null;
    if (closing.length > 0) {
      await this.consultations.closeOpen(doc.id, actor.id);
      await this.changes.recordEvent(doc, actor, { action: 'consultation_closed', comment: req.comment ?? null, onBehalfOf: acting.onBehalfOf, audit: { consultations: closing } });
    }
    // The answer is the row as the write left it; a publication adds its index number (below).
    let answer: DocumentRow | null = null;
    await this.changes.record(doc, actor, {
      action: req.action,
      version,
      write: async () => {
        answer = await this.repo.applyTransition(doc.id, version, doc.state, change, this.config.reassessmentDays);
        return answer !== null;
      },
      toState: change.state,
      comment: req.comment ?? null,
      publicAttribute: req.action === 'propose' ? change.proposedAttribute : change.publicAttribute,
      nonDisclosureReason: req.action === 'propose' ? change.proposedReason : change.nonDisclosureReason,
      onBehalfOf: acting.onBehalfOf,
      audit: { from: doc.state, to: change.state, publicAttribute: change.publicAttribute, nonDisclosureReason: change.nonDisclosureReason },
      // Whoever can act on the new step, or the drafter (notifications/notifier.ts), with the history row.
      notify: () => this.notifier.documentTransitionStatement(doc, change.state, t.action, { actor, onBehalfOf: acting.onBehalfOf }),
      effects: async () => {
        if (publicCopy && change.state === 'published') {
          // The entry with its index number, and the interpretations waiting for the document
          // (locked) read in the same statement: from the number on, the unit's counter stays
          // locked until the commit (numbers are gap-free).
          const { indexNo, alongside } = await this.catalogue.publish(doc.id, publicCopy, this.interpretations.waitingSql());
          answer!.indexNo = indexNo;
          await this.interpretations.publishWaiting(doc, actor, indexNo, await this.interpretations.waitingFrom(alongside));
        } else if (change.state === 'revoked') {
          await this.interpretations.revokeWith(doc, actor, req.comment ?? '');
          await this.catalogue.revoke(doc.id);
        }
      },
    });
    return answer!;
  }

  /**
   * The office approves only once every consultation is answered, or closes the open ones with a
   * comment (`closeOpenConsultations`). Returns the ids to close.
   */
  private async openConsultationsToClose(doc: DocumentRow, req: TransitionRequest): Promise<string[]> {
    const open = await this.consultations.openForDocument(doc.id);
    if (open.length === 0) return [];
    if (req.closeOpenConsultations !== true) {
      throw new DomainError('invalid_state', `${open.length} consultation(s) of this document are still open (${open.map((c) => c.id).join(', ')}): wait for the answers, or approve with "closeOpenConsultations": true and a comment`, {
        consultations: open.map((c) => ({ id: c.id, unitId: c.unitId, dueAt: new Date(c.dueAt).toISOString() })),
      });
    }
    if (!req.comment?.trim()) throw invalidInput('comment is required to close open consultations');
    return open.map((c) => c.id);
  }
}
