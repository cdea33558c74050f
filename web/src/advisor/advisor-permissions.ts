/**
 * Which roles may read and run sourcing assessments, to hide controls a person cannot use. It
 * mirrors the permission matrix in src/core/auth/permissions.ts (which the web app may not
 * import); the server still decides every request and its refusal is shown as it comes.
 */
import type { Membership } from '../auth/session.ts';
import type { Role } from '../practice/roles.ts';

const advisorAccess: Record<Role, { read: boolean; run: boolean }> = {
  msp_admin: { read: true, run: true },
  msp_technician: { read: true, run: true },
  internal_it: { read: true, run: true },
  practice_admin: { read: true, run: true },
  practice_staff: { read: false, run: false },
  auditor: { read: true, run: false },
};

export function canReadAssessments(membership: Membership): boolean {
  return advisorAccess[membership.role].read;
}

export function canRunAssessments(membership: Membership): boolean {
  return advisorAccess[membership.role].run;
}
