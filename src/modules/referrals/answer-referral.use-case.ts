import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { invalidInput, invalidState, notFound } from '../../common/errors/domain-error.js';
import { ApplicationsRepository } from '../applications/applications.repository.js';
import { isValidOutcome } from '../applications/domain/outcomes.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../identity/user.types.js';
import { Notifier } from '../notifications/notifier.js';
import type { AnswerReferralRequest } from './referral.dto.js';
import { ReferralsRepository, type ReferralRow } from './referrals.repository.js';
import { referralSubject } from './referrals.service.js';

/** The application's states in which a referred unit may still answer: anything before the reply. */
const OPEN_STATES = ['received', 'awaiting_correction', 'handling', 'third_party_consultation'] as const;

export interface AnswerReferralCommand {
  actor: Actor;
  ability: AppAbility;
  id: string;
  answer: AnswerReferralRequest;
  now?: Date;
}

/**
 * A liaison of the referred unit proposes the reply (once): the outcome with its reason, a comment
 * and the unit's documents to provide; a history row `referral_answer` on the application (a new
 * version); the office is notified. The application's row is locked before the referral's (the
 * order of the office's reply).
 */
@Injectable()
export class AnswerReferralUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: ReferralsRepository,
    private readonly applications: ApplicationsRepository,
    private readonly notifier: Notifier,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, ability, id, answer: q, now = new Date() }: AnswerReferralCommand): Promise<ReferralRow> {
    const found = await this.repo.findById(id);
    // Another unit's referral is not visible: 404, as for an unknown one.
    if (!found || !ability.can('answer', referralSubject(found))) throw notFound('referral');
    const reason = q.reason ?? null;
    if (!isValidOutcome(q.proposedOutcome, reason)) {
      throw invalidInput(`proposedOutcome ${q.proposedOutcome} ${reason ? `with reason ${reason}` : 'without a reason'} is not a valid pair (Art. 36–39)`);
    }
    const documentIds = q.documentIds ?? [];
    if (documentIds.length && q.proposedOutcome !== 'disclosed' && q.proposedOutcome !== 'partially_disclosed') {
      throw invalidInput('documentIds are only accepted with the outcomes disclosed and partially_disclosed');
    }
    const units = await this.repo.documentUnits(documentIds);
    const missing = documentIds.filter((d) => !units.has(d));
    if (missing.length) throw invalidInput(`unknown document id: ${missing.join(', ')}`);
    const foreign = documentIds.filter((d) => units.get(d) !== found.unitId);
    if (foreign.length) throw invalidInput(`documentIds: not documents of the referred unit: ${foreign.join(', ')}`);

    const a = await this.applications.findById(found.applicationId, true);
    const r = (await this.repo.findById(id, true))!;
    if (r.state !== 'open') throw invalidState(`the referral is ${r.state}: it can no longer be answered`, { state: r.state });
    if (!a || !(OPEN_STATES as readonly string[]).includes(a.state)) throw invalidState(`the application has been replied to (${a?.state}): the referral can no longer be answered`);
    if (!(await this.repo.answer(id, { proposedOutcome: q.proposedOutcome, proposedReason: reason, comment: q.comment, answeredBy: actor.id, answeredAt: now, documentIds }))) {
      throw invalidState('the referral was answered or closed meanwhile');
    }
    const version = await this.applications.bump(a.id, now, OPEN_STATES);
    if (version === null) throw invalidState('the application changed meanwhile; reload it');
    await this.applications.addEvent({
      applicationId: a.id,
      version,
      action: 'referral_answer',
      at: now,
      actorId: actor.id,
      fromState: a.state,
      toState: a.state,
      comment: q.comment,
      data: { referralId: r.id, unitId: r.unitId, unitName: r.unitName, proposedOutcome: q.proposedOutcome, reason, documentIds },
    });
    await this.notifier.referralAnswered(a.id, r.unitName, { actor });
    await this.audit.append({
      actorId: actor.id,
      action: 'application.referral_answer',
      subjectType: 'Application',
      subjectId: a.id,
      data: { referralId: r.id, unitId: r.unitId, proposedOutcome: q.proposedOutcome, reason },
    });
    return (await this.repo.findById(id))!;
  }
}
