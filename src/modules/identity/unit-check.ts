import { invalidInput } from '../../common/errors/domain-error.js';
import type { IdentityRepository } from './identity.repository.js';

/** 400 naming every unit id of the user's unit and led units that does not exist. */
export async function checkUnitsExist(repo: IdentityRepository, unitId: string | null | undefined, leadsUnitIds: string[]): Promise<void> {
  const ids = [...new Set([...(unitId ? [unitId] : []), ...leadsUnitIds])];
  const found = await repo.findUnitsByIds(ids);
  const missing = ids.filter((id) => !found.some((u) => u.id === id));
  if (missing.length > 0) throw invalidInput(`unknown unit id: ${missing.join(', ')}`);
}
