/**
 * Which side of the responsibility matrix an account's role works for. The matrix names parties by
 * side (msp, internal_it, practice, vendor), not by account, so whoever must act for a party, or is
 * working when it is on duty, is found through the role: the MSP's administrators and technicians,
 * the internal IT team, the practice's administrators. A vendor has no accounts here.
 */
import type { Role } from './permissions.ts';

export const rolesOfSide: Readonly<Record<string, readonly Role[]>> = {
  msp: ['msp_admin', 'msp_technician'],
  internal_it: ['internal_it'],
  practice: ['practice_admin'],
  vendor: [],
};

/** The side a role works for ("my party" in the queue); null for roles that act for no party. */
export function sideOfRole(role: Role): string | null {
  return Object.entries(rolesOfSide).find(([, roles]) => roles.includes(role))?.[0] ?? null;
}
