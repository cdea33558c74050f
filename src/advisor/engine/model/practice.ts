/**
 * The practice as the model reads it from the profile: its size, the management capacity of its
 * technology leader and IT managers, its staff, who does each function today and which declared
 * need a function answers. buildModel (model.ts) turns these facts into cost and risk terms.
 */
import type { CurrentOption } from './cost-model.ts';
import type { Defaults } from './defaults.ts';
import { FUNCTION_CATALOG, type FunctionId, type FunctionSpec } from './function-catalog.ts';
import type { PracticeProfile } from '../profile/profile-schema.ts';
import { functionParam, workloadFte, type PracticeSize, type StaffMember } from './staffing.ts';

export interface LeaderCapacity {
  background: 'none' | 'practice_manager' | 'infrastructure' | 'software';
  hoursPerWeek: number;
  /** Hours a week the IT managers on staff give to managing people. */
  managerHours: number;
  availableHours: number;
  givenInProfile: boolean;
}

export function practiceSize(p: PracticeProfile, d: Defaults): PracticeSize {
  const x = p.practice;
  return {
    users: x.users,
    providers: x.providers,
    locations: x.locations,
    servers: x.servers,
    endpoints: x.endpoints ?? Math.max(1, Math.round(x.users * d.mean('practice.endpointsPerUser'))),
  };
}

export function leaderCapacity(p: PracticeProfile, d: Defaults): LeaderCapacity {
  const background = p.technologyLeader?.background ?? 'practice_manager';
  const fallbackHours = { none: 0, practice_manager: 2, infrastructure: 6, software: 4 }[background];
  const hoursPerWeek = p.technologyLeader?.hoursPerWeekManagingPeople ?? fallbackHours;
  // IT managers on staff manage too: an IT department has its own team leads, not only the CTO.
  const managerHours =
    p.staff.filter((s) => s.role === 'it_manager').reduce((sum, s) => sum + s.fte, 0) *
    d.mean('management.hoursPerManagerFte');
  return {
    background,
    hoursPerWeek,
    managerHours,
    availableHours: hoursPerWeek * d.mean(`management.effectiveness.${background}`) + managerHours,
    givenInProfile: p.technologyLeader !== undefined,
  };
}

export function staffMembers(p: PracticeProfile, d: Defaults, leader: LeaderCapacity): StaffMember[] {
  const staff: StaffMember[] = p.staff.map((s) => ({
    role: s.role,
    salary: s.salary ?? d.mean(`salary.${s.role}`),
    fte: s.fte,
    skills: s.skills,
    canBeCovered: s.canBeCovered,
  }));
  // A technology leader with an IT background does part of the strategy work themselves.
  if (leader.background === 'infrastructure' || leader.background === 'software')
    staff.push({
      role: 'it_manager',
      salary: d.mean('salary.it_manager'),
      fte: 0.2,
      skills: ['it_strategy'],
      canBeCovered: false,
      leader: true,
    });
  return staff;
}

/**
 * Who does the function today: the profile's per-function answer, else its overall model (issue
 * 14.5: analytics and software work follow current.model too, so moving them in-house from an MSP
 * pays the overlap). A cloud migration is a project still to do: nobody does it today unless the
 * profile says so.
 */
export function currentOptionOf(p: PracticeProfile, spec: FunctionSpec): CurrentOption {
  const explicit = p.current.functions?.[spec.id]?.model;
  if (explicit) return explicit;
  return spec.need?.key === 'cloudMigration' ? 'none' : p.current.model;
}

export function needLevel(p: PracticeProfile, spec: FunctionSpec): string | null {
  if (!spec.need) return null;
  if (spec.need.key === 'cloudMigration') return p.needs.cloudMigration ? 'yes' : null;
  const value = p.needs[spec.need.key];
  return value === 'none' ? null : value;
}

/**
 * The generalist functions the practice runs in-house today, each at the larger of its workload
 * and its coverage floor (the people such a team has): who a generalist hire would work beside.
 */
export function generalistTeamToday(
  profile: PracticeProfile,
  defaults: Defaults,
  size: PracticeSize,
): { total: number; byId: Map<FunctionId, number> } {
  const byId = new Map<FunctionId, number>();
  let total = 0;
  for (const spec of FUNCTION_CATALOG) {
    if (spec.skillDepth !== 'generalist' || spec.need || currentOptionOf(profile, spec) !== 'in_house') continue;
    const work = workloadFte(defaults, spec, null, size, profile.horizonYears);
    const floor = functionParam(defaults, spec, null, 'seats') * defaults.mean(`coverage.ftePerSeat.${spec.coverage}`);
    const fte = Math.max(work, floor);
    byId.set(spec.id, fte);
    total += fte;
  }
  return { total, byId };
}
