/**
 * One workflow step on the signing-and-approval form, in one transaction:
 * load → check (visibility 404, version 412, state 409, permission 403, input 400) → apply with
 * `UPDATE … WHERE id AND version AND state` → history row and audit row → catalogue entry when
 * published (or its removal when revoked).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/configuration.js';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import type { IfMatch } from '../../common/http/etag.js';
import { DomainError, assertVersion, forbidden } from '../../common/errors/domain-error.js';
import { APP_CONFIG } from '../../common/tokens.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { AssessmentService } from '../assessment/assessment.service.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { DocumentChanges } from '../documents/document-changes.js';
import { asSubject } from '../documents/document.mapper.js';
import { DocumentsRepository, type DocumentRow } from '../documents/documents.repository.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { Actor } from '../identity/user.types.js';
import { decide, whyNot } from './decide.js';
import type { TransitionRequest } from './transition.dto.js';
import { findTransition } from './transitions.js';

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Transactional()
  async execute({ actor, ability, id, version: ifMatch, step: req }: TransitionDocumentCommand): Promise<DocumentRow> {
    const doc = await this.documents.getReadable(ability, id);
    const version = assertVersion('document', doc, ifMatch);
    const t = findTransition(doc.state, req.action);
    if (!t) throw new DomainError('invalid_state', `${req.action} is not possible in state ${doc.state}`);
    if (!ability.can(req.action, asSubject(doc))) throw forbidden(whyNot(actor.id, doc, t));

    const change = decide(actor.id, doc, t, req);
    if (t.step === 'secrecy' && t.action === 'approve') {
      await this.assessment.beforeSecrecyApproval(doc, req.findingsAcknowledged === true);
    }
    // The gate runs before anything is written; its public copy is what gets published.
    const publicCopy = change.state === 'published' ? await this.assessment.publicationCopy(doc) : null;
    await this.changes.record(doc, actor, {
      action: req.action,
      version,
      write: () => this.repo.applyTransition(doc.id, version, doc.state, change, this.config.reassessmentDays),
      toState: change.state,
      comment: req.comment ?? null,
      publicAttribute: req.action === 'propose' ? change.proposedAttribute : change.publicAttribute,
      nonDisclosureReason: req.action === 'propose' ? change.proposedReason : change.nonDisclosureReason,
      audit: { from: doc.state, to: change.state, publicAttribute: change.publicAttribute, nonDisclosureReason: change.nonDisclosureReason },
      effects: async () => {
        if (publicCopy) await this.catalogue.publish(doc.id, publicCopy);
        else if (change.state === 'revoked') await this.catalogue.revoke(doc.id);
      },
    });
    return (await this.repo.findById(doc.id))!;
  }
}
