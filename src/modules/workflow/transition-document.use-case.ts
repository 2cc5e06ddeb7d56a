/**
 * One workflow step on the signing-and-approval form, in one transaction:
 * load → check (visibility 404, version 412, state 409, permission 403, input 400) → apply with
 * `UPDATE … WHERE id AND version AND state` → history row → catalogue entry when published → audit.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../../config/configuration.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { DomainError, forbidden, invalidInput } from '../../common/errors/domain-error.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { AssessmentService } from '../assessment/assessment.service.js';
import { AuditService } from '../audit/audit.service.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { asSubject } from '../documents/document.mapper.js';
import type { NonDisclosureReason, PublicAttribute } from '../documents/document.types.js';
import { DocumentsRepository, type DocumentRow, type StateChange } from '../documents/documents.repository.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { Actor } from '../identity/user.types.js';
import type { TransitionRequest } from './transition.dto.js';
import { findTransition, nextState, type Transition } from './transitions.js';

@Injectable()
export class TransitionDocumentUseCase {
  constructor(
    private readonly documents: DocumentsService,
    private readonly repo: DocumentsRepository,
    private readonly catalogue: CatalogueService,
    private readonly audit: AuditService,
    private readonly assessment: AssessmentService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(m: EntityManager, actor: Actor, ability: AppAbility, id: string, version: number, req: TransitionRequest): Promise<DocumentRow> {
    const doc = await this.documents.getReadable(ability, id, m);
    if (doc.version !== version) {
      throw new DomainError('stale_version', `the document was changed meanwhile: current version is ${doc.version}`);
    }
    const t = findTransition(doc.state, req.action);
    if (!t) throw new DomainError('invalid_state', `${req.action} is not possible in state ${doc.state}`);
    if (!ability.can(req.action, asSubject(doc))) throw forbidden(this.whyNot(actor, doc, t));

    const change = this.decide(actor, doc, t, req);
    if (t.step === 'secrecy' && t.action === 'approve') {
      await this.assessment.beforeSecrecyApproval(m, doc, req.findingsAcknowledged === true);
    }
    // The gate runs before anything is written; its public copy is what gets published.
    const publicCopy = change.state === 'published' ? await this.assessment.publicationCopy(m, doc) : null;
    if (!(await this.repo.applyTransition(m, doc.id, version, doc.state, change, this.config.reassessmentDays))) {
      throw new DomainError('stale_version', 'the document was changed meanwhile; reload it');
    }
    await this.repo.addHistory(m, {
      documentId: doc.id,
      actorId: actor.id,
      action: req.action,
      fromState: doc.state,
      toState: change.state,
      comment: req.comment ?? null,
      publicAttribute: req.action === 'propose' ? change.proposedAttribute : change.publicAttribute,
      nonDisclosureReason: req.action === 'propose' ? change.proposedReason : change.nonDisclosureReason,
      version: version + 1,
    });
    if (publicCopy) {
      await this.catalogue.publish(m, doc.id, publicCopy);
    } else if (change.state === 'revoked') {
      await this.catalogue.revoke(m, doc.id);
    }
    await this.audit.append(m, {
      actorId: actor.id,
      action: `document.${req.action}`,
      subjectType: 'Document',
      subjectId: doc.id,
      data: { from: doc.state, to: change.state, publicAttribute: change.publicAttribute, nonDisclosureReason: change.nonDisclosureReason },
    });
    return (await this.repo.findById(doc.id, m))!;
  }

  /** The new values of the row: input rules of each step (400 on a wrong combination). */
  private decide(actor: Actor, doc: DocumentRow, t: Transition, req: TransitionRequest): StateChange {
    if (t.commentRequired && !req.comment?.trim()) throw invalidInput(`comment is required to ${t.action}`);
    const decidesAttribute = (t.action === 'approve' && (t.step === 'office' || t.step === 'leader')) || t.action === 'propose';
    if (!decidesAttribute && (req.publicAttribute !== undefined || req.nonDisclosureReason !== undefined || req.attributeRationale !== undefined)) {
      throw invalidInput('publicAttribute, nonDisclosureReason and attributeRationale are only accepted when the office or the leader decides on the attribute');
    }
    if (req.findingsAcknowledged !== undefined && !(t.action === 'approve' && t.step === 'secrecy')) {
      throw invalidInput('findingsAcknowledged is only accepted when the secrecy reviewer approves');
    }
    const reassessing = doc.state === 'reassessment_review';
    if (t.action === 'propose' && req.publicAttribute === undefined) throw invalidInput('publicAttribute is required to propose a re-assessment');
    // In a re-assessment the leader decides on the office's proposal.
    let attribute: PublicAttribute = reassessing && t.action === 'approve' ? doc.proposedAttribute! : doc.publicAttribute;
    let reason: NonDisclosureReason | null = reassessing && t.action === 'approve' ? doc.proposedReason : doc.nonDisclosureReason;
    let rationale = doc.attributeRationale;
    if (decidesAttribute && req.publicAttribute !== undefined) {
      attribute = req.publicAttribute;
      reason = req.nonDisclosureReason ?? null;
      if (attribute === 'not_public' && !reason) throw invalidInput('nonDisclosureReason is required when publicAttribute is not_public');
      if (attribute !== 'not_public' && reason) throw invalidInput('nonDisclosureReason is only allowed when publicAttribute is not_public');
    } else if (decidesAttribute && req.nonDisclosureReason !== undefined) {
      if (attribute !== 'not_public') throw invalidInput('nonDisclosureReason is only allowed when publicAttribute is not_public');
      reason = req.nonDisclosureReason;
    }
    if (decidesAttribute && req.attributeRationale !== undefined) rationale = req.attributeRationale;

    if (t.action === 'propose' && attribute === doc.publicAttribute && reason === doc.nonDisclosureReason) {
      throw invalidInput('the proposal must change the public attribute or its ground');
    }
    const change: StateChange = {
      state: nextState(t, attribute),
      publicAttribute: t.action === 'propose' || (reassessing && t.action === 'return') ? doc.publicAttribute : attribute,
      nonDisclosureReason: t.action === 'propose' || (reassessing && t.action === 'return') ? doc.nonDisclosureReason : reason,
      attributeRationale: t.action === 'propose' ? doc.attributeRationale : rationale,
      officeAttribute: doc.officeAttribute,
      officeReason: doc.officeReason,
      proposedAttribute: t.action === 'propose' ? attribute : null,
      proposedReason: t.action === 'propose' ? reason : null,
      reviewDue: false,
      decided: false,
    };
    if (t.action === 'propose') change.addOfficeApprover = actor.id;
    if (t.action === 'approve' && t.step === 'secrecy') change.addSecrecyApprover = actor.id;
    if (t.action === 'approve' && t.step === 'office') {
      change.addOfficeApprover = actor.id;
      change.officeAttribute = attribute;
      change.officeReason = reason;
    }
    if (t.action === 'approve' && t.step === 'leader') {
      change.addLeaderApprover = actor.id;
      change.decided = true;
      const office = reassessing ? doc.proposedAttribute : (doc.officeAttribute ?? doc.publicAttribute);
      const officeReason = reassessing ? doc.proposedReason : doc.officeAttribute ? doc.officeReason : doc.nonDisclosureReason;
      if ((attribute !== office || reason !== officeReason) && !req.comment?.trim()) {
        throw invalidInput('comment is required when the final attribute differs from the office’s opinion');
      }
    }
    // Withheld documents get (again) a date for their Art. 18 re-assessment.
    if (change.state === 'issued') change.reviewDue = true;
    if (t.action === 'submit') {
      // A new round of review: the office's earlier opinion no longer applies.
      change.officeAttribute = null;
      change.officeReason = null;
    }
    return change;
  }

  private whyNot(actor: Actor, doc: DocumentRow, t: Transition): string {
    if (t.step && doc.drafterId === actor.id) return 'the drafter of a document takes no approval step on it';
    const steps = { secrecy: doc.secrecyApproverIds, office: doc.officeApproverIds, leader: doc.leaderApproverIds };
    for (const [step, ids] of Object.entries(steps)) {
      if (t.step && step !== t.step && ids.includes(actor.id)) return `you already approved the ${step} step of this document; one person takes one step`;
    }
    const who = {
      drafter_of_document: 'its drafter',
      unit_secrecy_reviewer: 'a secrecy reviewer of the document’s unit',
      disclosure_officer: 'a disclosure officer',
      leader_in_charge: 'a leader in charge of the document’s unit',
    }[t.who];
    return `only ${who} may ${t.action} the document in state ${doc.state}`;
  }
}
