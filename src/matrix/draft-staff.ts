/**
 * The practice's own IT people in a drafted matrix (issue 15): one party per person the profile
 * lists, named as the profile names them, so the draft's key-person findings are the practice's
 * real ones rather than those of an anonymous "internal IT" team that never falls ill.
 */
import type { FunctionId, RoleId } from '../advisor/engine/model/function-catalog.ts';
import type { PracticeProfile } from '../advisor/engine/profile/profile-schema.ts';
import type { Party } from './schema.ts';
import { partyIdFrom } from './party-id.ts';

export type StaffMember = PracticeProfile['staff'][number];

export interface StaffParty {
  party: Party;
  skills: readonly FunctionId[];
  /** The profile's answer to "can someone else do their work when they are away?". */
  canBeCovered: boolean;
  isManager: boolean;
}

const ROLE_TITLE: Record<RoleId, string> = {
  help_desk: 'Help desk technician',
  network_support: 'Network support technician',
  sysadmin: 'Systems administrator',
  security_analyst: 'Security analyst',
  it_manager: 'IT manager',
  data_architect: 'Data architect',
  data_analyst: 'Data analyst',
  software_developer: 'Software developer',
};

/**
 * A party per staff member: the name when the profile gives one, else the job title, else the
 * role with a number ("Help desk technician 2"). Ids are short slugs of those, unique against
 * `taken` (the ids the draft's other parties use).
 */
export function staffParties(staff: readonly StaffMember[], taken: Set<string>): StaffParty[] {
  const untitled = new Map<RoleId, number>();
  const unnamed = (role: RoleId) => staff.filter((s) => !s.name && !s.title && s.role === role).length;
  return staff.map((s) => {
    let name = s.name ?? s.title;
    if (!name) {
      const n = (untitled.get(s.role) ?? 0) + 1;
      untitled.set(s.role, n);
      name = unnamed(s.role) > 1 ? `${ROLE_TITLE[s.role]} ${n}` : ROLE_TITLE[s.role];
    }
    const role = s.name ? (s.title ?? ROLE_TITLE[s.role]) : undefined;
    return {
      party: {
        id: partyIdFrom(name, taken, s.role.replace(/_/g, '-')),
        name,
        side: 'internal_it',
        kind: 'person',
        coverage: 'business',
        ...(role ? { role } : {}),
        covers: [],
        securityOfficial: false,
      },
      skills: s.skills,
      canBeCovered: s.canBeCovered,
      isManager: s.role === 'it_manager',
    };
  });
}
