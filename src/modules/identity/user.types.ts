export const ROLES = ['drafter', 'secrecy_reviewer', 'disclosure_officer', 'leader', 'admin', 'unit_liaison'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, as the rest of the service sees it (loaded fresh on every request). */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  unitId: string | null;
  roles: Role[];
  leadsUnitIds: string[];
  /** The people whose review steps this actor takes now as their deputy (代理), each as they are now. */
  deputyFor?: Actor[];
}
