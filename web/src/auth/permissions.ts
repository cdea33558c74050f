/**
 * What the signed-in person may do in a practice, as the server's session view says for each
 * membership (the permission matrix stays on the server). For hiding controls a person cannot
 * use; the server still decides every request, and its refusal is shown as it comes.
 */
import type { Permission } from '../practice/roles.ts';
import type { Membership } from './session.ts';

export function can(membership: Pick<Membership, 'permissions'>, permission: Permission): boolean {
  return membership.permissions.includes(permission);
}
