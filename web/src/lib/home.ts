/** Where `/` leads: the tasks of those who work on documents, the user list of an administrator. */
export function homeOf(roles: readonly string[] | undefined): string {
  if (roles && roles.length > 0 && roles.every((r) => r === 'admin')) return '/admin/users';
  return '/tasks';
}
