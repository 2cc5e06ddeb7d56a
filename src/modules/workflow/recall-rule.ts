import { Injectable } from '@nestjs/common';
import { DomainError, forbidden } from '../../common/errors/domain-error.js';
import { ConsultationsRepository } from '../consultations/consultations.repository.js';
import { DocumentsRepository, type DocumentRow, type StateChange } from '../documents/documents.repository.js';
import type { Actor } from '../identity/user.types.js';
import type { Transition } from './transitions.js';

/**
 * A recall (取回) takes back the last step, by whoever took it (or the delegator it was taken for),
 * while nothing happened after it: not another step, not a redaction or an edit, not a
 * consultation. 403 for anyone who took no step on the document, 409 for one whose step is no
 * longer the last. The ability factory's rule admits the step's approvers; this is the rest.
 */
@Injectable()
export class RecallRule {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly consultations: ConsultationsRepository,
  ) {}

  /** Throws unless `actor` may recall now; returns who no longer counts as the step's approver. */
  async check(actor: Actor, doc: DocumentRow, t: Transition): Promise<StateChange['recall'] | null> {
    const last = await this.documents.lastStep(doc.id);
    const mine = last !== null && (last.actorId === actor.id || last.onBehalfOfId === actor.id);
    const tookPart =
      doc.drafterId === actor.id || doc.secrecyApproverIds.includes(actor.id) || doc.officeApproverIds.includes(actor.id) || doc.leaderApproverIds.includes(actor.id);
    const expected = t.recalls === 'submission' ? 'submit' : 'approve';
    if (!mine || last.action !== expected || last.toState !== doc.state) {
      if (mine || tookPart) throw new DomainError('invalid_state', 'the step can no longer be recalled: something happened on the document after it');
      throw forbidden('only the person who took the last step may recall it');
    }
    if (await this.consultations.askedSince(doc.id, last.at)) {
      throw new DomainError('invalid_state', 'the step can no longer be recalled: the office has consulted units since');
    }
    if (t.recalls === 'submission' || !t.recalls) return null;
    return { step: t.recalls, ids: [last.actorId, ...(last.onBehalfOfId ? [last.onBehalfOfId] : [])] };
  }

  /** Whether `check` would let `actor` recall now. */
  async allows(actor: Actor, doc: DocumentRow, t: Transition): Promise<boolean> {
    try {
      await this.check(actor, doc, t);
      return true;
    } catch (e) {
      if (e instanceof DomainError) return false;
      throw e;
    }
  }
}
