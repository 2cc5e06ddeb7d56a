import { invalidInput } from '../../common/errors/domain-error.js';
import type { UserResponse } from './identity.dto.js';
import type { UserRow } from './identity.repository.js';

export function toUserResponse(u: UserRow): UserResponse {
  return { id: u.id, username: u.username, displayName: u.displayName, unitId: u.unitId, roles: u.roles, leadsUnitIds: u.leadsUnitIds, active: u.active, email: u.email, emailNotifications: u.emailNotifications };
}

/** Drafters and secrecy reviewers belong to a unit; only leaders lead units (400 otherwise). */
export function checkRoleScope(roles: string[], unitId: string | null, leadsUnitIds: string[]): void {
  if ((roles.includes('drafter') || roles.includes('secrecy_reviewer') || roles.includes('unit_liaison')) && !unitId) {
    throw invalidInput('unitId is required for the roles drafter, secrecy_reviewer and unit_liaison');
  }
  if (leadsUnitIds.length > 0 && !roles.includes('leader')) {
    throw invalidInput('leadsUnitIds is only allowed for users with the role leader');
  }
}
