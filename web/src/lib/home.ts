/**
 * Where `/` leads: the tasks of those who work on documents, the consultations inbox of a unit's
 * liaison, the user list of an administrator.
 */
export function homeOf(roles: readonly string[] | undefined): string {
  if (roles && roles.length > 0 && roles.every((r) => r === 'admin')) return '/admin/users';
  if (roles && roles.length > 0 && roles.every((r) => r === 'unit_liaison')) return '/consultations';
  return '/tasks';
}
