/**
 * Builds the deterministic model of one practice: who would do each function under each option,
 * its cost and risk terms, the controls it delivers, and whether the option is allowed. The
 * point model (point.ts) and the Monte Carlo kernel (monte-carlo.ts) both evaluate this.
 */
import { sumTerms } from './columns.ts';
import {
  costTerms,
  freedStaff,
  mspFeeTerms,
  todayCostTerms,
  staffSalaryTerms,
  type CostTerm,
  type CurrentOption,
  type FunctionCostInput,
} from './cost-model.ts';
import { Defaults, type OverrideValue } from './defaults.ts';
import { FUNCTION_CATALOG, type FunctionId, type FunctionSpec, type SourcingOption } from './function-catalog.ts';
import { ModelInputs } from './model-inputs.ts';
import type { PracticeProfile } from '../profile/profile-schema.ts';
import {
  currentOptionOf,
  generalistTeamToday,
  leaderCapacity,
  needLevel,
  practiceSize,
  staffMembers,
  type LeaderCapacity,
} from './practice.ts';
import { controlContribution, keyPersonTerms, riskTerm, ScenarioModel, type RiskTerm } from './risk-model.ts';
import { functionParam, planEveryOption, planToday, type PracticeSize, type StaffingPlan } from './staffing.ts';

export type ByOption<T> = Record<SourcingOption, T>;

/** { option: f(option) } for each option in OPTIONS order (faster than Object.fromEntries; 28 models per assessment). */
export function byOption<T>(f: (o: SourcingOption) => T): ByOption<T> {
  return { in_house: f('in_house'), co_managed: f('co_managed'), fully_managed: f('fully_managed') };
}

export interface FunctionModel {
  index: number;
  id: FunctionId;
  spec: FunctionSpec;
  needed: boolean;
  level: string | null;
  current: CurrentOption;
  proposal: PracticeProfile['proposedChanges'][number] | undefined;
  plans: ByOption<StaffingPlan>;
  cost: ByOption<CostTerm[]>;
  risk: ByOption<RiskTerm[]>;
  contribution: Record<SourcingOption | 'none' | 'ideal', Float64Array>;
  managementShort: ByOption<boolean>;
  /** null when the option is allowed, else why not. */
  infeasible: ByOption<string | null>;
  /** The function's size in dollars (workload at market salaries), used to price preferences. */
  scaleDollars: number;
  /**
   * Today's arrangement as the profile describes it (only the staff it lists, the invoice it pays),
   * priced for the "Today" plan; null when the function is not needed or nobody does it today.
   */
  today: { plan: StaffingPlan; cost: CostTerm[]; risk: RiskTerm[]; contribution: Float64Array } | null;
  /** What the cost terms were built from (the MSP's price stack is read from it). */
  costInput: FunctionCostInput;
}

export interface Model {
  profile: PracticeProfile;
  defaults: Defaults;
  inputs: ModelInputs;
  size: PracticeSize;
  horizonYears: number;
  loading: number;
  dailyRevenue: number;
  leader: LeaderCapacity;
  governanceMissingShare: number;
  riskAnalysisCurrent: boolean | null;
  existingStaffFte: number;
  functions: FunctionModel[];
  scenarios: ScenarioModel;
  asOf: string | null;
}

export interface ModelOptions {
  asOf?: string | null;
  /** Defaults already built from this profile's overrides (the break-even search's resized copies share them). */
  defaults?: Defaults;
  /**
   * false: leave FunctionModel.today null. The break-even search only scores its resized models
   * (PointEvaluator.scores), which never reads today's arrangement; pricing it was a fifth of
   * building each of them.
   */
  priceToday?: boolean;
}

/** Months between two ISO dates (approximate: 30.44-day months are plenty for a 24-month test). */
function monthsBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / (30.44 * 86400000);
}

/** The defaults with the profile's overrides applied. */
export function profileDefaults(profile: PracticeProfile): Defaults {
  return new Defaults(definedOverrides(profile.overrides));
}

export function buildModel(profile: PracticeProfile, options: ModelOptions = {}): Model {
  const defaults = options.defaults ?? profileDefaults(profile);
  const size = practiceSize(profile, defaults);
  const loading = defaults.mean(
    size.users >= defaults.mean('employer.largeEmployerUsers') ? 'employer.loadingMid' : 'employer.loadingSmall',
  );
  const inputs = new ModelInputs(defaults, loading);
  const horizonYears = profile.horizonYears;
  const leader = leaderCapacity(profile, defaults);
  const staff = staffMembers(profile, defaults, leader);
  const existingStaffFte = profile.staff.reduce((s, x) => s + x.fte, 0);
  const g = profile.governance;
  const governanceMissingShare = g
    ? [g.writtenPolicies, g.documentedProcesses, g.governanceFramework].filter((x) => !x).length / 3
    : 1;
  const asOf = options.asOf ?? profile.asOf ?? null;
  const last = g?.lastRiskAnalysis;
  const riskAnalysisCurrent =
    last === undefined ? null : last === null ? false : asOf ? monthsBetween(last, asOf) <= 24 : true;
  const specialty = profile.practice.specialty;
  const dailyRevenue =
    profile.practice.providers *
    (profile.practice.revenuePerProviderPerDay ?? defaults.mean(`practice.revenuePerProviderPerDay.${specialty}`));
  const hoursPerReport = defaults.mean('management.hoursPerReportPerWeek');
  const drift = defaults.mean('management.driftPenalty');

  const generalistToday = generalistTeamToday(profile, defaults, size);
  const partial = FUNCTION_CATALOG.map((spec, index) => {
    const level = needLevel(profile, spec);
    const levelSpec = level ? spec.need?.levels[level] : undefined;
    const roles = levelSpec?.roles ?? spec.roles;
    const proposal = profile.proposedChanges.find((c) => c.function === spec.id);
    const generalistColleaguesFte =
      spec.skillDepth === 'generalist' ? generalistToday.total - (generalistToday.byId.get(spec.id) ?? 0) : 0;
    const staffingInput = {
      defaults,
      spec,
      level,
      roles,
      size,
      horizonYears,
      staff,
      proposal,
      generalistColleaguesFte,
    };
    const plans = planEveryOption(staffingInput);
    const costInput: FunctionCostInput = {
      spec,
      level,
      prices: levelSpec?.prices ?? spec.prices,
      plans,
      current: currentOptionOf(profile, spec),
      knownMonthlyFee: profile.current.functions?.[spec.id]?.mspMonthlyCost,
      size,
      horizonYears,
      governanceMissingShare,
      displacedStaff: profile.displacedStaff,
      managerHours: leader.managerHours,
      existingStaffFte,
      functionStaffFte: profile.staff.filter((x) => x.skills.includes(spec.id)).reduce((sum, x) => sum + x.fte, 0),
    };
    const current = costInput.current;
    const todayPlan = current === 'none' || options.priceToday === false ? null : planToday(staffingInput, current);
    return { spec, index, level, proposal, plans, costInput, todayPlan, needed: !spec.need || level !== null };
  });
  allocateKnownFees(
    profile,
    inputs,
    partial.map((p) => p.costInput),
  );

  // Register every fee column before taking expected values of fees.
  const fmFees = partial.map((p) => mspFeeTerms(inputs, p.costInput, 'fully_managed'));
  for (const p of partial) mspFeeTerms(inputs, p.costInput, 'co_managed');
  const means = inputs.cols.means();
  const fmFeeTotal = partial.reduce((s, p, i) => s + (p.needed ? sumTerms(fmFees[i]!, means, 0) : 0), 0);
  const todayShort = existingStaffFte * hoursPerReport > leader.availableHours + 1e-9;
  const functions: FunctionModel[] = partial.map(
    ({ spec, index, level, proposal, plans, costInput, todayPlan, needed }) => {
      // Short of management when the staff who do other work and this option's hires need more
      // hours than the leader and the IT managers give (the function's own staff, managed today
      // whatever is chosen, are not counted against it; see managementBoughtShare).
      const managementShort = byOption(
        (o) =>
          plans[o].internalFte > 0 &&
          (existingStaffFte - costInput.functionStaffFte + plans[o].hiresFte) * hoursPerReport >
            leader.availableHours + 1e-9,
      );
      const internalShare = functionParam(defaults, spec, level, 'coManagedInternalShare');
      const ctx = byOption((o) => ({
        spec,
        plan: plans[o],
        managementShort: managementShort[o],
        drift,
        internalShare,
      }));
      const contribution = {
        in_house: controlContribution(ctx.in_house, 'in_house'),
        co_managed: controlContribution(ctx.co_managed, 'co_managed'),
        fully_managed: controlContribution(ctx.fully_managed, 'fully_managed'),
        none: controlContribution(ctx.fully_managed, 'none'),
        ideal: controlContribution(ctx.fully_managed, 'ideal'),
      };
      const cost = byOption((o) => costTerms(inputs, costInput, o));
      const risk = byOption((o) =>
        riskTermsFor(inputs, costInput, plans[o], o, {
          dailyRevenue,
          documented: g?.documentedProcesses ?? false,
          fmFeeTotal,
          means,
        }),
      );
      const infeasible = byOption((o) => infeasibility(profile, spec, plans[o], o));
      const scaleDollars = Math.max(
        1000,
        plans.in_house.workloadFte *
          roleMixSalary(defaults, level ? (spec.need?.levels[level]?.roles ?? spec.roles) : spec.roles) *
          loading,
      );
      const riskContext = { dailyRevenue, documented: g?.documentedProcesses ?? false, fmFeeTotal, means };
      const today =
        needed && todayPlan && costInput.current !== 'none'
          ? {
              plan: todayPlan,
              cost: todayCostTerms(inputs, costInput, todayPlan),
              risk: riskTermsFor(inputs, costInput, todayPlan, costInput.current, { ...riskContext, today: true }),
              contribution: controlContribution(
                {
                  spec,
                  plan: todayPlan,
                  managementShort: todayShort && todayPlan.internalFte > 0,
                  drift,
                  internalShare,
                },
                costInput.current,
              ),
            }
          : null;
      return {
        index,
        id: spec.id,
        spec,
        needed,
        level,
        current: costInput.current,
        proposal,
        plans,
        cost,
        risk,
        contribution,
        managementShort,
        infeasible,
        scaleDollars,
        today,
        costInput,
      };
    },
  );

  const scenarios = new ScenarioModel(inputs, {
    sizeFactor: Math.min(
      3,
      Math.max(0.2, Math.sqrt(profile.practice.providers / defaults.mean('risk.sizeReferenceProviders'))),
    ),
    outageLocationFactor: Math.sqrt(size.locations),
    records:
      profile.practice.patientRecords ??
      profile.practice.providers * defaults.mean(`practice.recordsPerProvider.${specialty}`),
    costPerRecord: defaults.mean('risk.costPerRecord'),
    penaltyTier: riskAnalysisCurrent === true ? 1 : defaults.mean('risk.penaltyTierMultiplier'),
    dailyRevenue,
    users: size.users,
    hourlyCost: defaults.mean('practice.staffHourlyCost'),
  });
  return {
    profile,
    defaults,
    inputs,
    size,
    horizonYears,
    loading,
    dailyRevenue,
    leader,
    governanceMissingShare,
    riskAnalysisCurrent,
    existingStaffFte,
    functions,
    scenarios,
    asOf,
  };
}

function definedOverrides(overrides: PracticeProfile['overrides']): Record<string, OverrideValue> {
  const out: Record<string, OverrideValue> = {};
  for (const [id, value] of Object.entries(overrides)) if (value !== undefined) out[id] = value;
  return out;
}

function roleMixSalary(d: Defaults, roles: FunctionSpec['roles']): number {
  return Object.entries(roles).reduce((s, [role, share]) => s + (share ?? 0) * d.mean(`salary.${role}`), 0);
}

/**
 * Spreads a total monthly MSP invoice over the functions the MSP runs today (analytics and software
 * work included when the MSP does them), by their market fees: today's spending is the invoice.
 */
function allocateKnownFees(profile: PracticeProfile, inputs: ModelInputs, fns: FunctionCostInput[]): void {
  const total = profile.current.mspMonthlyCost;
  if (total === undefined) return;
  const served = fns.filter(
    (f) => (f.current === 'fully_managed' || f.current === 'co_managed') && f.knownMonthlyFee === undefined,
  );
  const explicit = fns.reduce((s, f) => s + (f.knownMonthlyFee ?? 0), 0);
  const feeTerms = served.map((f) => mspFeeTerms(inputs, f, f.current as SourcingOption));
  const means = inputs.cols.means();
  const weights = feeTerms.map((terms) => sumTerms(terms, means, 0));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const remaining = Math.max(0, total - explicit);
  served.forEach((f, i) => {
    f.knownMonthlyFee = weightSum > 0 ? (remaining * weights[i]!) / weightSum : remaining / served.length;
  });
}

function riskTermsFor(
  inputs: ModelInputs,
  fn: FunctionCostInput,
  plan: StaffingPlan,
  option: SourcingOption,
  k: { dailyRevenue: number; documented: boolean; fmFeeTotal: number; means: Float64Array; today?: boolean },
): RiskTerm[] {
  const d = inputs.defaults;
  const dailyImpact = functionParam(d, fn.spec, fn.level, 'dailyImpactShare') * k.dailyRevenue;
  const out: RiskTerm[] = keyPersonTerms(inputs, fn.spec, { plan, dailyImpact, documented: k.documented });
  // Staff who leave take what they know with them: while the MSP learns it (its onboarding days),
  // service runs at the short-absence impact, in proportion to the share of the function's work
  // whose people leave (surplus staff let go while others keep doing the work hand nothing over).
  const freed = freedStaff(plan);
  if (fn.displacedStaff === 'leave' && freed.handoverShare > 0 && !k.today)
    out.push(
      riskTerm(
        inputs.product(
          (dailyImpact *
            freed.handoverShare *
            (k.documented ? d.mean('risk.documentedKnowledgeFactor') : 1) *
            d.mean('risk.shortAbsenceImpactShare')) /
            fn.horizonYears,
          inputs.factor('msp.onboardingDays'),
        ),
        'key_person',
      ),
    );
  const fees = mspFeeTerms(inputs, fn, option);
  if (fn.spec.overrun) {
    const minTeam = functionParam(d, fn.spec, fn.level, 'minInHouseFte');
    // A team smaller than the minimum overruns more, in proportion to how short it is.
    const understaffed =
      option === 'in_house' && plan.internalFte > 0 && minTeam > plan.internalFte ? minTeam / plan.internalFte : 1;
    const inHouse = inputs.factor(fn.spec.overrun.inHouse);
    const partner = inputs.factor(fn.spec.overrun.partner);
    for (const t of staffSalaryTerms(inputs, plan))
      out.push(riskTerm(inputs.times(t, inHouse, inputs.loading * understaffed), 'project'));
    for (const t of fees) out.push(riskTerm(inputs.times(t, partner), 'project'));
  }
  if (option !== 'in_house' && k.fmFeeTotal > 0) {
    const share = sumTerms(fees, k.means, 0) / k.fmFeeTotal;
    if (share > 0)
      out.push(
        riskTerm(inputs.product(share, inputs.col(inputs.exitEventCol), inputs.factor('msp.exitCost')), 'vendor_exit'),
      );
  }
  return out;
}

/** Hard constraints: an insurer's 24/7 monitoring requirement rules out options that cannot respond at night. */
function infeasibility(
  profile: PracticeProfile,
  spec: FunctionSpec,
  plan: StaffingPlan,
  option: SourcingOption,
): string | null {
  if (!profile.insurance?.requires24x7Monitoring) return null;
  const needs24 = spec.id === 'monitoring_24x7' || spec.id === 'security_operations';
  if (needs24 && option === 'in_house' && !plan.covers24x7)
    return 'your cyber insurer requires 24/7 monitoring, and an in-house team at this size covers business hours only';
  return null;
}
