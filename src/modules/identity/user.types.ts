export const ROLES = ['drafter', 'secrecy_reviewer', 'disclosure_officer', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, as the rest of the service sees it (loaded fresh on every request). */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  unitId: string | null;
  roles: Role[];
  leadsUnitIds: string[];
}
