/**
 * Whether a person may read and run sourcing assessments in a practice, to hide controls they
 * cannot use: a lookup in the permissions the session view lists for the membership. The server
 * still decides every request and its refusal is shown as it comes.
 */
import { can } from '../auth/permissions.ts';
import type { Membership } from '../auth/session.ts';

export function canReadAssessments(membership: Membership): boolean {
  return can(membership, 'assessments.read');
}

export function canRunAssessments(membership: Membership): boolean {
  return can(membership, 'assessments.run');
}
