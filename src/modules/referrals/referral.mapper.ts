import { iso } from '../applications/application.mapper.js';
import type { ReferralResponse } from './referral.dto.js';
import type { ReferralRow } from './referrals.repository.js';

export function toReferralResponse(r: ReferralRow): ReferralResponse {
  return {
    id: r.id,
    applicationId: r.applicationId,
    unitId: r.unitId,
    unitName: r.unitName,
    state: r.state,
    comment: r.comment,
    dueAt: iso(r.dueAt)!,
    dueInWorkingDays: r.dueInWorkingDays,
    referredBy: r.referredBy,
    referredAt: iso(r.referredAt)!,
    answer:
      r.state === 'answered'
        ? { proposedOutcome: r.proposedOutcome!, reason: r.proposedReason, comment: r.answerComment!, documentIds: r.documentIds, answeredBy: r.answeredBy!, answeredAt: iso(r.answeredAt)! }
        : null,
    closedAt: iso(r.closedAt),
    application: { description: r.applicationDescription, receivedAt: iso(r.applicationReceivedAt)!, dueAt: iso(r.applicationDueAt), state: r.applicationState },
  };
}
