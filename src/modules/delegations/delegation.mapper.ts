import type { DelegationResponse } from './delegation.dto.js';
import type { DelegationRow } from './delegations.repository.js';

export function toDelegationResponse(d: DelegationRow, now = Date.now()): DelegationResponse {
  return {
    id: d.id,
    fromUserId: d.fromUserId,
    toUserId: d.toUserId,
    startsAt: new Date(d.startsAt).toISOString(),
    endsAt: new Date(d.endsAt).toISOString(),
    reason: d.reason,
    createdBy: d.createdBy,
    createdAt: new Date(d.createdAt).toISOString(),
    active: d.endedAt === null && new Date(d.startsAt).getTime() <= now && now < new Date(d.endsAt).getTime(),
  };
}
