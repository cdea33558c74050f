/**
 * Yearly cost of one function under one option, as terms by component (issue 4, point 3).
 * One-time costs (recruiting, transition overlap, onboarding) are spread evenly over the horizon,
 * so every figure is "per year over the horizon". No discounting (see docs/sourcing-model.md).
 *
 *   staff     = salary x (1 + benefits + payroll taxes) = salary x loading (BLS ECEC)
 *   coverage  = the loaded cost of staff beyond the workload (coverage floor, whole-person hiring)
 *   turnover  = salary x rate x (replacement share + vacancy days / 365 x vacancy premium)
 *   transition= overlap days / 365 x the current MSP fee (paying twice) + policy writing, / horizon
 *   msp fees  = bundle share x users x 12 x price per user per month + function-specific prices
 */
import type { Term } from './columns.ts';
import type { FunctionSpec, PriceBasis, PriceUnit, SourcingOption } from './function-catalog.ts';
import type { ModelInputs } from './model-inputs.ts';
import { functionParam, paramsOf, type PracticeSize, type StaffingPlan } from './staffing.ts';

export const COST_COMPONENTS = [
  'salary',
  'benefits',
  'payroll_taxes',
  'coverage',
  'training',
  'tools',
  'hardware',
  'management',
  'recruiting',
  'turnover',
  'transition',
  'msp_fees',
  'onboarding',
  'retained_staff',
  'severance',
  'governance',
] as const;
export type CostComponent = (typeof COST_COMPONENTS)[number];

export interface CostTerm extends Term {
  component: CostComponent;
}

export type CurrentOption = SourcingOption | 'none';

export interface FunctionCostInput {
  spec: FunctionSpec;
  level: string | null;
  prices: readonly PriceBasis[];
  plans: Readonly<Record<SourcingOption, StaffingPlan>>;
  current: CurrentOption;
  /** What the practice pays its MSP today for this function, when known (monthly). */
  knownMonthlyFee: number | undefined;
  size: PracticeSize;
  horizonYears: number;
  /** Share of governance items missing (0 = policies, processes and framework all in place). */
  governanceMissingShare: number;
  /** Existing staff whose work on the function is not used: redeployed (cost stays) or they leave. */
  displacedStaff: 'redeploy' | 'leave';
  /** Hours a week IT managers on the payroll give to managing people (already paid for). */
  managerHours: number;
  /** FTE of IT staff the profile lists (all of them report to someone). */
  existingStaffFte: number;
  /** FTE of the listed staff who list this function among their skills (all of their time). */
  functionStaffFte: number;
}

/**
 * Share of the management time of an option's hires that must be bought (issue 14, point 1). The
 * listed staff are managed today whatever the option (redeployed staff stay), so only hires add
 * management: hoursPerReport each. IT managers already on the payroll give managerHours, less
 * what the staff who do not know this function take; the rest of the hires' time is bought. Staff
 * who know the function are not counted against it: a qualified colleague never makes in-house
 * dearer (property test).
 */
export function managementBoughtShare(inputs: ModelInputs, fn: FunctionCostInput, plan: StaffingPlan): number {
  const perReport = inputs.defaults.mean('management.hoursPerReportPerWeek');
  const needed = plan.hiresFte * perReport;
  if (needed <= 0) return 0;
  const spare = Math.max(0, fn.managerHours - (fn.existingStaffFte - fn.functionStaffFte) * perReport);
  return Math.max(0, 1 - spare / needed);
}

/**
 * Existing staff time on the function that the plan does not use, in FTE and in salary dollars,
 * and `handoverShare`: the part of the function's work the listed staff do today that the plan
 * takes from them. Only that work's know-how walks out with people who leave: staff beyond what the
 * work needs can go while those kept still know it, so freeing them hands nothing over.
 */
export function freedStaff(plan: StaffingPlan): { fte: number; salary: number; handoverShare: number } {
  // The listed staff are used before the leader's own time.
  const listed = plan.listedCapacityFte;
  const used = Math.min(listed, plan.existingUsedFte);
  const fte = Math.max(0, listed - used);
  if (fte <= 1e-9 || listed <= 0) return { fte: 0, salary: 0, handoverShare: 0 };
  const known = Math.min(listed, plan.workloadFte);
  const handoverShare = known > 0 ? Math.max(0, known - used) / known : 0;
  return { fte, salary: Math.max(0, plan.listedSalaryTotal - plan.listedSalaryUsed), handoverShare };
}

/**
 * Existing staff the plan does not use (issue 14, point 3) do not vanish for free. Redeployed:
 * their loaded cost stays (retained_staff) and the freed capacity is shown. Leaving: severance
 * (staffing.severanceWeeks of salary) and the knowledge transfer (their loaded pay over the MSP's
 * onboarding days), both one-time, over the horizon; the key-person risk of the handover is a risk
 * term (model.ts). Today, staff are employed whatever they do: their unused time is retained.
 */
function addDisplacedTerms(
  out: CostTerm[],
  inputs: ModelInputs,
  fn: FunctionCostInput,
  plan: StaffingPlan,
  today: boolean,
): void {
  const freed = freedStaff(plan);
  if (freed.salary <= 0) return;
  if (today || fn.displacedStaff === 'redeploy') {
    // Redeployed people keep their pay and their running costs (training, equipment, turnover),
    // as they would if they did the work: a person costs the same wherever their time goes.
    addTerm(out, 'retained_staff', inputs.product(freed.salary * inputs.loading));
    addTerm(out, 'training', inputs.product(freed.fte, inputs.factor('training.perItFte')));
    addTerm(out, 'hardware', inputs.product(freed.fte * inputs.defaults.mean('hardware.perItFte')));
    addTerm(out, 'turnover', inputs.product(freed.salary, inputs.col(inputs.turnFactorCol)));
    return;
  }
  const H = fn.horizonYears;
  addTerm(out, 'severance', inputs.product((freed.salary / 52 / H) * inputs.defaults.mean('staffing.severanceWeeks')));
  addTerm(
    out,
    'transition',
    inputs.product((freed.salary * inputs.loading) / 365 / H, inputs.factor('msp.onboardingDays')),
  );
}

function unitsPerYear(unit: PriceUnit, size: PracticeSize, horizon: number): number {
  switch (unit) {
    case 'provider_month':
      return size.providers * 12;
    case 'server_month':
      return size.servers * 12;
    case 'endpoint_month':
      return size.endpoints * 12;
    case 'year':
      return 1;
    case 'location_year':
      return size.locations;
    case 'user_one_time':
      return size.users / horizon;
  }
}

/** The market fee for an MSP option, or what the practice pays today when it keeps its current option. */
export function mspFeeTerms(inputs: ModelInputs, fn: FunctionCostInput, option: SourcingOption): Term[] {
  if (option === 'in_house') return [];
  if (fn.current === option && fn.knownMonthlyFee !== undefined) return [inputs.product(fn.knownMonthlyFee * 12)];
  return marketFeeParts(inputs, fn, option).map((part) => part.term);
}

/**
 * The market fee of an MSP option part by part (issue 14.7): the function's share of the per-user
 * bundle, then each price billed on top of it (MDR per endpoint, servers, retainers, ...), named by
 * its default's id so the stack can be shown.
 */
export function marketFeeParts(
  inputs: ModelInputs,
  fn: FunctionCostInput,
  option: 'co_managed' | 'fully_managed',
): { priceId: string; bundle: boolean; term: Term }[] {
  const d = inputs.defaults;
  const shareKey = option === 'fully_managed' ? 'fullyManagedBundleShare' : 'coManagedBundleShare';
  const share = functionParam(d, fn.spec, fn.level, shareKey);
  const bundlePrice = option === 'fully_managed' ? 'msp.fullyManagedPerUserMonth' : 'msp.coManagedPerUserMonth';
  const parts =
    share > 0
      ? [
          {
            priceId: bundlePrice,
            bundle: true,
            term: inputs.product(share * fn.size.users * 12, inputs.factor(bundlePrice)),
          },
        ]
      : [];
  for (const p of fn.prices) {
    const share = option === 'fully_managed' ? p.fullyManaged : p.coManaged;
    const units = unitsPerYear(p.unit, fn.size, fn.horizonYears);
    if (share > 0 && units > 0)
      parts.push({ priceId: p.priceId, bundle: false, term: inputs.product(share * units, inputs.factor(p.priceId)) });
  }
  return parts;
}

/** Salary dollars of the internal staff an option uses: real salaries of existing staff, market salaries of hires. */
export function staffSalaryTerms(inputs: ModelInputs, plan: StaffingPlan): Term[] {
  const terms: Term[] = [];
  if (plan.existingSalaryUsed > 0) terms.push(inputs.product(plan.existingSalaryUsed));
  for (const h of plan.hires) if (h.fte > 0) terms.push(inputs.product(h.fte, inputs.col(inputs.salary(h.role))));
  return terms;
}

/**
 * out gets the terms with a nonzero coefficient, tagged with the component, times k. Loops into one
 * array rather than spreads of filtered and mapped copies: the break-even search builds 28 models
 * per assessment, and these arrays were most of their garbage.
 */
function addTagged(out: CostTerm[], component: CostComponent, terms: readonly Term[], k = 1): void {
  for (const t of terms) {
    const coef = k === 1 ? t.coef : t.coef * k;
    if (coef !== 0) out.push({ coef, cols: t.cols, component });
  }
}

function addTerm(out: CostTerm[], component: CostComponent, t: Term): void {
  if (t.coef !== 0) out.push({ coef: t.coef, cols: t.cols, component });
}

function toolsPerYear(inputs: ModelInputs, fn: FunctionCostInput): number {
  const p = paramsOf(inputs.defaults, fn.spec, fn.level);
  const s = fn.size;
  return (
    p('toolsFixed') +
    p('toolsPerUser') * s.users +
    p('toolsPerEndpoint') * s.endpoints +
    p('toolsPerServer') * s.servers +
    p('toolsPerProvider') * s.providers
  );
}

function addInternalStaffTerms(
  out: CostTerm[],
  inputs: ModelInputs,
  fn: FunctionCostInput,
  plan: StaffingPlan,
  chargeManagement = true,
): void {
  if (plan.internalFte <= 0) return;
  const d = inputs.defaults;
  const loading = inputs.loading;
  const tax = d.mean('employer.payrollTaxShare');
  const workShare = Math.min(1, plan.internalWorkloadFte / plan.internalFte);
  const salaries = staffSalaryTerms(inputs, plan);
  const H = fn.horizonYears;
  const rampShare = (d.mean('recruiting.rampUpMonths') / 12) * (1 - d.mean('recruiting.rampUpProductivity'));
  const toolShare = plan.option === 'co_managed' ? d.mean('msp.coManagedToolShare') : 1;
  const hardwareFixed = plan.option === 'in_house' ? functionParam(d, fn.spec, fn.level, 'hardwareFixed') : 0;
  addTagged(out, 'salary', salaries, workShare);
  addTagged(out, 'benefits', salaries, workShare * (loading - 1 - tax));
  addTagged(out, 'payroll_taxes', salaries, workShare * tax);
  addTagged(out, 'coverage', salaries, (1 - workShare) * loading);
  addTerm(out, 'training', inputs.product(plan.internalFte, inputs.factor('training.perItFte')));
  addTerm(out, 'tools', inputs.product(toolsPerYear(inputs, fn) * toolShare, inputs.factor('tools.factor')));
  addTerm(out, 'hardware', inputs.product(plan.internalFte * d.mean('hardware.perItFte') + hardwareFixed));
  addTerm(
    out,
    'management',
    inputs.product(
      chargeManagement ? plan.hiresFte * 52 * managementBoughtShare(inputs, fn, plan) : 0,
      inputs.factor('management.hoursPerReportPerWeek'),
      inputs.col(inputs.mgrHourlyCol),
    ),
  );
  for (const h of plan.hires) {
    addTerm(out, 'recruiting', inputs.product(h.fte / H, inputs.factor('recruiting.costPerHire')));
    addTerm(out, 'recruiting', inputs.product((h.fte * rampShare) / H, inputs.col(inputs.salary(h.role))));
  }
  const turnover = inputs.col(inputs.turnFactorCol);
  for (const t of salaries) addTerm(out, 'turnover', inputs.times(t, turnover));
}

function isMsp(o: CurrentOption): o is 'co_managed' | 'fully_managed' {
  return o === 'co_managed' || o === 'fully_managed';
}

/** One-time costs of moving from the current option to this one, per year of the horizon. */
function addTransitionTerms(
  out: CostTerm[],
  inputs: ModelInputs,
  fn: FunctionCostInput,
  option: SourcingOption,
  fees: Term[],
): void {
  if (option === fn.current) return;
  const H = fn.horizonYears;
  if (option !== 'fully_managed' && isMsp(fn.current)) {
    // Paying twice: the current MSP fee runs on while the new team is hired and ramps up.
    for (const t of mspFeeTerms(inputs, fn, fn.current))
      addTerm(out, 'transition', inputs.times(t, inputs.factor('transition.overlapDays'), 1 / 365 / H));
  }
  if (option !== 'fully_managed' && fn.current !== 'in_house' && fn.governanceMissingShare > 0)
    addTerm(
      out,
      'governance',
      inputs.product(
        fn.governanceMissingShare / H,
        inputs.factor('transition.policyHoursPerFunction'),
        inputs.col(inputs.mgrHourlyCol),
      ),
    );
  if (option !== 'in_house' && fn.spec.need?.key !== 'cloudMigration') {
    for (const t of fees)
      addTerm(out, 'onboarding', inputs.times(t, inputs.factor('msp.onboardingMonthsOfFee'), 1 / 12 / H));
  }
}

export function costTerms(inputs: ModelInputs, fn: FunctionCostInput, option: SourcingOption): CostTerm[] {
  const fees = mspFeeTerms(inputs, fn, option);
  const out: CostTerm[] = [];
  addInternalStaffTerms(out, inputs, fn, fn.plans[option]);
  addTagged(out, 'msp_fees', fees);
  addTransitionTerms(out, inputs, fn, option, fees);
  addDisplacedTerms(out, inputs, fn, fn.plans[option], false);
  return out;
}

/**
 * What today's arrangement costs (issue 14, point 2): the staff the profile lists for the function
 * (their real salaries, all of their time, loaded, with their training, tools, hardware and
 * turnover) and what the MSP is paid today (the invoice when given, else the market fee). No hires,
 * no management time bought for them (whoever manages them today is already on the payroll or is
 * the leader), no recruiting, no transition. A function nobody does today costs nothing here: its
 * price is its risk.
 */
export function todayCostTerms(inputs: ModelInputs, fn: FunctionCostInput, today: StaffingPlan): CostTerm[] {
  const out: CostTerm[] = [];
  if (fn.current === 'none') return out;
  addInternalStaffTerms(out, inputs, fn, today, false);
  addTagged(out, 'msp_fees', mspFeeTerms(inputs, fn, fn.current));
  addDisplacedTerms(out, inputs, fn, today, true);
  return out;
}
