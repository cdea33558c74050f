/**
 * How many people each option needs for a function, and who they are. Staffing is decided up
 * front from the expected workload (a practice hires people, not fractions that follow the
 * workload each year), so it is deterministic; the uncertainty is in what people cost.
 *
 * In-house must staff the coverage floor (someone at the desk all business hours, 4.9 FTE per
 * 24x7 seat) and the minimum team for specialist work; co-managed keeps only its internal share
 * of the workload because the MSP covers absences and nights.
 */
import type { Defaults } from './defaults.ts';
import type { FunctionId, FunctionParams, FunctionSpec, RoleId, SourcingOption } from './function-catalog.ts';
import type { PracticeProfile } from '../profile/profile-schema.ts';

export interface Hire {
  role: RoleId;
  fte: number;
}

export interface StaffingPlan {
  option: SourcingOption;
  workloadFte: number;
  /** Workload done by internal staff under this option. */
  internalWorkloadFte: number;
  floorFte: number;
  existingCapacityFte: number;
  existingUsedFte: number;
  /** Yearly salary of the existing staff time used (their real salaries). */
  existingSalaryUsed: number;
  /** The part of it that is the listed staff's (not the leader's). */
  listedSalaryUsed: number;
  /** The listed staff's (not the leader's) time on the function, in FTE and salary dollars, used or not. */
  listedCapacityFte: number;
  listedSalaryTotal: number;
  existingPeople: number;
  hires: Hire[];
  hiresFte: number;
  internalFte: number;
  /** Distinct people who know the function. */
  people: number;
  /** Someone can cover for them (profile flag) or there are several of them. */
  hasCover: boolean;
  coverageRatio: number;
  covers24x7: boolean;
  fromProposal: boolean;
}

export interface PracticeSize {
  users: number;
  endpoints: number;
  providers: number;
  servers: number;
  locations: number;
}

export interface StaffMember {
  role: RoleId;
  salary: number;
  fte: number;
  skills: readonly FunctionId[];
  canBeCovered: boolean;
  /** The technology leader's own time (not on the IT payroll): never retained, severed or counted today. */
  leader?: boolean;
}

/** The function's parameter, preferring the level's value (e.g. analytics "warehouse") over the base. */
export function functionParam(
  defaults: Defaults,
  spec: FunctionSpec,
  level: string | null,
  key: keyof FunctionParams,
): number {
  return defaults.functionParam(spec.id, level, key);
}

/**
 * functionParam of one function and level, as a function of the key. Returned rather than written
 * as a local arrow: tsx names every arrow assigned to a local when it is created, which was a
 * tenth of building a model (and the break-even search builds 28).
 */
export function paramsOf(
  defaults: Defaults,
  spec: FunctionSpec,
  level: string | null,
): (key: keyof FunctionParams) => number {
  return (key) => defaults.functionParam(spec.id, level, key);
}

/**
 * Share of the catalog's per-head work (per user, endpoint, provider) a practice of this size
 * needs: 1 up to the reference size, then (users / reference)^(exponent - 1), so the work grows
 * as users^exponent (issue 14.1: 12.5 FTE at 500 users was above vegaprism's 6-10 for 300-500).
 */
export function economiesOfScale(defaults: Defaults, users: number): number {
  const reference = defaults.mean('workload.scaleReferenceUsers');
  if (users <= reference) return 1;
  return (users / reference) ** (defaults.mean('workload.scaleExponent') - 1);
}

export function workloadFte(
  defaults: Defaults,
  spec: FunctionSpec,
  level: string | null,
  size: PracticeSize,
  horizonYears: number,
): number {
  const p = paramsOf(defaults, spec, level);
  // Catalog coefficients assume 50 users per core IT FTE; the override scales them all.
  const scale = 50 / defaults.mean('workload.usersPerCoreItFte');
  const perHead =
    p('ftePerUser') * size.users + p('ftePerEndpoint') * size.endpoints + p('ftePerProvider') * size.providers;
  const ongoing =
    perHead * economiesOfScale(defaults, size.users) +
    p('ftePerServer') * size.servers +
    p('ftePerLocation') * size.locations +
    p('fteFixed');
  const projectHours =
    p('projectHoursPerUser') * size.users +
    p('projectHoursPerServer') * size.servers +
    p('projectHoursPerLocation') * size.locations;
  return scale * ongoing + projectHours / defaults.mean('coverage.productiveHoursPerFte') / horizonYears;
}

/** Staff who list the function among their skills; each person's time is split evenly across their skills. */
export interface ExistingStaff {
  capacity: number;
  salary: number;
  people: number;
  cover: boolean;
  listedCapacity: number;
  listedSalary: number;
  /** The listed staff's time on the function, cheapest first: the order an option uses it in. */
  listedTime: { fte: number; salary: number }[];
}

export function existingStaff(staff: readonly StaffMember[], id: FunctionId): ExistingStaff {
  const listedTime: { fte: number; salary: number }[] = [];
  let capacity = 0;
  let salary = 0;
  let listedCapacity = 0;
  let listedSalary = 0;
  let people = 0;
  let cover = false;
  for (const s of staff) {
    if (!s.skills.includes(id)) continue;
    const share = s.fte / s.skills.length;
    capacity += share;
    salary += s.salary * share;
    if (!s.leader) {
      listedCapacity += share;
      listedSalary += s.salary * share;
      listedTime.push({ fte: share, salary: s.salary });
    }
    people++;
    cover ||= s.canBeCovered;
  }
  listedTime.sort((a, b) => a.salary - b.salary);
  return { capacity, salary, people, cover, listedCapacity, listedSalary, listedTime };
}

/**
 * Salary dollars of `used` FTE of the existing staff's time: the listed staff's first, cheapest
 * first, then the leader's. The rest of the listed time is freed (retained or severed at its own
 * pay), so a person costs the same wherever their time goes, and a qualified colleague never makes
 * the used time dearer (property test).
 */
function salaryOfUsedTime(existing: ExistingStaff, used: number): { all: number; listed: number } {
  let left = used;
  let listed = 0;
  for (const t of existing.listedTime) {
    const take = Math.min(t.fte, left);
    listed += take * t.salary;
    left -= take;
    if (left <= 1e-12) break;
  }
  const leaderCapacity = existing.capacity - existing.listedCapacity;
  const leader = Math.min(leaderCapacity, Math.max(0, left));
  const leaderSalary = leader > 0 ? ((existing.salary - existing.listedSalary) * leader) / leaderCapacity : 0;
  return { all: listed + leaderSalary, listed };
}

function roundUp(x: number, step: number): number {
  return x <= 1e-9 ? 0 : Math.ceil(x / step - 1e-9) * step;
}

function mixHires(roles: Partial<Record<RoleId, number>>, fte: number): Hire[] {
  if (fte <= 0) return [];
  return Object.entries(roles).map(([role, share]) => ({ role: role as RoleId, fte: fte * (share ?? 0) }));
}

export interface StaffingInput {
  defaults: Defaults;
  spec: FunctionSpec;
  level: string | null;
  roles: Partial<Record<RoleId, number>>;
  size: PracticeSize;
  horizonYears: number;
  staff: readonly StaffMember[];
  proposal: PracticeProfile['proposedChanges'][number] | undefined;
  /**
   * FTE of the practice's other generalist work done in-house today (help desks, devices, EMR,
   * vendors): the colleagues who can cover a generalist hire. 0 for specialist and team functions.
   */
  generalistColleaguesFte?: number;
}

/** What every option's plan starts from: the function's workload and the staff who know it. */
interface StaffingBasis {
  workload: number;
  existing: ReturnType<typeof existingStaff>;
}

function basisOf(input: StaffingInput): StaffingBasis {
  return {
    workload: workloadFte(input.defaults, input.spec, input.level, input.size, input.horizonYears),
    existing: existingStaff(input.staff, input.spec.id),
  };
}

export function planStaffing(input: StaffingInput, option: SourcingOption): StaffingPlan {
  return planFrom(input, option, basisOf(input));
}

/** planStaffing for each option, with the workload and existing staff worked out once (29 models an assessment). */
export function planEveryOption(input: StaffingInput): Record<SourcingOption, StaffingPlan> {
  const basis = basisOf(input);
  return {
    in_house: planFrom(input, 'in_house', basis),
    co_managed: planFrom(input, 'co_managed', basis),
    fully_managed: planFrom(input, 'fully_managed', basis),
  };
}

function planFrom(input: StaffingInput, option: SourcingOption, { workload, existing }: StaffingBasis): StaffingPlan {
  const { defaults, spec, level } = input;
  const p = paramsOf(defaults, spec, level);
  const seatFte = defaults.mean(`coverage.ftePerSeat.${spec.coverage}`);
  const seat24 = defaults.mean('coverage.ftePerSeat.24x7');
  const floorFte = option === 'in_house' ? p('seats') * seatFte : 0;
  const empty: StaffingPlan = {
    option,
    workloadFte: workload,
    internalWorkloadFte: 0,
    floorFte: 0,
    existingCapacityFte: existing.capacity,
    existingUsedFte: 0,
    existingSalaryUsed: 0,
    listedSalaryUsed: 0,
    listedCapacityFte: existing.listedCapacity,
    listedSalaryTotal: existing.listedSalary,
    existingPeople: 0,
    hires: [],
    hiresFte: 0,
    internalFte: 0,
    people: 0,
    hasCover: true,
    coverageRatio: 1,
    covers24x7: true,
    fromProposal: false,
  };
  if (option === 'fully_managed') return empty;

  const internalWorkload = option === 'in_house' ? workload : workload * p('coManagedInternalShare');
  const need =
    option === 'in_house'
      ? Math.max(workload, floorFte, p('minInHouseFte'))
      : Math.max(internalWorkload, p('minCoManagedFte'));
  const existingUsed = Math.min(existing.capacity, need);
  const proposed = input.proposal?.to === option && input.proposal.hires !== undefined;
  const hires = proposed
    ? (input.proposal?.hires ?? []).map((h) => ({ role: h.role, fte: h.fte }))
    : // The team (existing time and hires) is planned in steps: hires fill it up to the step above
      // the need, so a colleague's share never makes the team larger (issue 14: adding a person
      // never makes in-house dearer).
      mixHires(
        input.roles,
        existingUsed >= need - 1e-9 ? 0 : roundUp(need, defaults.mean('staffing.hireGranularityFte')) - existingUsed,
      );
  const hiresFte = hires.reduce((sum, h) => sum + h.fte, 0);
  const internalFte = existingUsed + hiresFte;
  // Count hired people from the unrounded gap: one more colleague then never means fewer people.
  const hiredPeople = Math.ceil((proposed ? hiresFte : Math.max(0, need - existingUsed)) - 1e-9);
  const people = (existingUsed > 0 ? existing.people : 0) + hiredPeople;
  const seats24 = spec.coverage === '24x7' ? Math.max(1, p('seats')) : 1;
  const usedSalary = salaryOfUsedTime(existing, existingUsed);
  return {
    option,
    workloadFte: workload,
    internalWorkloadFte: internalWorkload,
    floorFte,
    existingCapacityFte: existing.capacity,
    existingUsedFte: existingUsed,
    existingSalaryUsed: usedSalary.all,
    listedSalaryUsed: usedSalary.listed,
    listedCapacityFte: existing.listedCapacity,
    listedSalaryTotal: existing.listedSalary,
    existingPeople: existingUsed > 0 ? existing.people : 0,
    hires,
    hiresFte,
    internalFte,
    people,
    hasCover: existing.cover || people >= 2 || teamCovers(input, option),
    coverageRatio: floorFte > 0 ? Math.min(1, internalFte / floorFte) : 1,
    // The MSP covers nights under co-management; in-house covers 24x7 only with a full rota.
    covers24x7: option === 'co_managed' || internalFte >= seat24 * seats24 - 1e-9,
    fromProposal: proposed,
  };
}

/**
 * A generalist hired in-house joins the practice's in-house generalist team: when that team has
 * at least one other full person, they cover each other's leave and absences (issue 14.1: a
 * mature team's device technician is not a single point of failure; the desk staff cover).
 */
function teamCovers(input: StaffingInput, option: SourcingOption): boolean {
  return (
    option === 'in_house' && input.spec.skillDepth === 'generalist' && (input.generalistColleaguesFte ?? 0) >= 1 - 1e-9
  );
}

/**
 * Today's arrangement as the profile describes it (issue 14, point 2): the existing staff who
 * list the function, all of their time on it, and nobody else. No hires, no coverage floor met
 * by phantom staff: a function short of people today carries the risk (controls delivered in
 * proportion to the people against the larger of the workload and the coverage floor), not the
 * cost of people it does not have.
 */
export function planToday(input: StaffingInput, option: SourcingOption): StaffingPlan {
  const { workload, existing } = basisOf(input);
  const { defaults, spec, level } = input;
  const p = paramsOf(defaults, spec, level);
  const seatFte = defaults.mean(`coverage.ftePerSeat.${spec.coverage}`);
  const seat24 = defaults.mean('coverage.ftePerSeat.24x7');
  const floorFte = option === 'in_house' ? p('seats') * seatFte : 0;
  const used = option === 'fully_managed' ? 0 : existing.capacity;
  const internalWorkload =
    option === 'in_house' ? workload : option === 'co_managed' ? workload * p('coManagedInternalShare') : 0;
  const needed = Math.max(floorFte, internalWorkload);
  const seats24 = spec.coverage === '24x7' ? Math.max(1, p('seats')) : 1;
  const people = used > 0 ? existing.people : 0;
  return {
    option,
    workloadFte: workload,
    internalWorkloadFte: internalWorkload,
    floorFte,
    existingCapacityFte: existing.capacity,
    existingUsedFte: used,
    // The leader's own time costs nothing today: it is not IT spending.
    existingSalaryUsed: used > 0 ? existing.listedSalary : 0,
    listedSalaryUsed: used > 0 ? existing.listedSalary : 0,
    listedCapacityFte: existing.listedCapacity,
    listedSalaryTotal: existing.listedSalary,
    existingPeople: people,
    hires: [],
    hiresFte: 0,
    internalFte: used,
    people,
    hasCover: option === 'fully_managed' || existing.cover || people >= 2,
    coverageRatio: option === 'in_house' ? (needed > 0 ? Math.min(1, used / needed) : 1) : 1,
    covers24x7: option !== 'in_house' || used >= seat24 * seats24 - 1e-9,
    fromProposal: false,
  };
}
