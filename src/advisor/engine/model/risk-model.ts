/**
 * FAIR-style risk (issue 4, point 4). Four practice-level loss scenarios, each a frequency times
 * a magnitude, scaled by the controls the chosen options really deliver:
 *
 *   breach      N ~ Poisson(rate x size)  x  L_breach;   loss = records x exposed x $/record x M_breach
 *                                                          + penalty if U < p_penalty x F_penalty
 *   disruption  N ~ Poisson(rate x size)  x  L_disrupt;  loss = days x D_downtime x revenue/day x share + recovery
 *   outage      N ~ Poisson(rate x sqrt(locations)) x L_outage; loss = hours / 8 x D_outage x revenue/day x share
 *   friction    hours per user x users x $/hour x F_onsite   (time lost waiting for help; continuous)
 *
 * Each factor is a product over the controls feeding it of (1 - D x (1 - m)), where m is the
 * control's multiplier (a PERT input) and D in [0, 1] is how fully it is delivered: the weighted
 * sum over its owner functions of the option's delivery (0 for a 24x7 control whose owner does not
 * cover 24x7). In a simulated year an event survives if its uniform is below L, so fewer controls
 * never mean fewer losses in the same year (coupling across options).
 *
 * Function-owned risks are terms (columns.ts): key-person (the one who knows leaves or is away),
 * project overrun, and MSP exit.
 */
import { CONTROL_IDS, CONTROLS, controlIndex, type EffectSlot } from './controls.ts';
import type { Term } from './columns.ts';
import type { FunctionSpec, SourcingOption } from './function-catalog.ts';
import type { ModelInputs } from './model-inputs.ts';
import type { StaffingPlan } from './staffing.ts';

export const SLOTS: readonly EffectSlot[] = [
  'breach_likelihood',
  'breach_magnitude',
  'penalty_likelihood',
  'disruption_likelihood',
  'disruption_downtime',
  'outage_likelihood',
  'outage_duration',
  'friction',
];
export const SLOT = Object.fromEntries(SLOTS.map((s, i) => [s, i])) as Record<EffectSlot, number>;

export const RISK_COMPONENTS = ['exposure', 'key_person', 'project', 'vendor_exit'] as const;
export type RiskComponent = (typeof RISK_COMPONENTS)[number];
export interface RiskTerm extends Term {
  component: Exclude<RiskComponent, 'exposure'>;
}

/** The term as a risk of the component (built field by field: an object spread is slow, and 29 models are built an assessment). */
export function riskTerm(t: Term, component: RiskTerm['component']): RiskTerm {
  return { coef: t.coef, cols: t.cols, component };
}

export interface DeliveryContext {
  spec: FunctionSpec;
  plan: StaffingPlan | null;
  managementShort: boolean;
  drift: number;
  internalShare: number;
}

/** How much of each control this function delivers under an option, already weighted by ownership. */
export function controlContribution(ctx: DeliveryContext, option: SourcingOption | 'none' | 'ideal'): Float64Array {
  const out = new Float64Array(CONTROL_IDS.length);
  if (option === 'none') return out;
  for (const c of ctx.spec.controls) {
    const control = CONTROLS[controlIndex(c.control)]!;
    let d = option === 'ideal' ? 1 : (c.delivery?.[option] ?? 1);
    if (option === 'in_house' && ctx.plan) {
      d *= control.requires24x7 ? (ctx.plan.covers24x7 ? 1 : 0) : ctx.plan.coverageRatio;
      if (ctx.managementShort) d *= 1 - ctx.drift;
    }
    if (option === 'co_managed' && ctx.managementShort) d *= 1 - ctx.drift * ctx.internalShare;
    out[controlIndex(c.control)] = c.weight * d;
  }
  return out;
}

/** Delivery of every control for an assignment of options to functions (contributions summed, capped at 1). */
export function combineDelivery(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(CONTROL_IDS.length);
  for (const p of parts) for (let c = 0; c < out.length; c++) out[c] = out[c]! + p[c]!;
  for (let c = 0; c < out.length; c++) out[c] = Math.min(1, out[c]!);
  return out;
}

export interface ScenarioConstants {
  sizeFactor: number;
  outageLocationFactor: number;
  records: number;
  costPerRecord: number;
  penaltyTier: number;
  dailyRevenue: number;
  users: number;
  hourlyCost: number;
}

/** Column indices of the scenario inputs and the control effects, plus fixed figures. */
export class ScenarioModel {
  /** For each slot: the controls feeding it and the column of each one's multiplier. */
  readonly slotControls: Int32Array[];
  readonly slotCols: Int32Array[];
  readonly breachRate: number;
  readonly disruptionRate: number;
  readonly outageRate: number;
  readonly penaltyProbability: number;
  readonly revenueShare: number;
  readonly frictionHours: number;
  readonly exposedShare: number;
  readonly penaltyAmount: number;
  readonly downtimeDays: number;
  readonly recoveryCost: number;
  readonly outageHours: number;

  constructor(
    inputs: ModelInputs,
    readonly k: ScenarioConstants,
  ) {
    const effects: { slot: number; control: number; col: number }[] = [];
    for (const control of CONTROLS)
      for (const e of control.effects)
        effects.push({ slot: SLOT[e.slot], control: controlIndex(control.id), col: inputs.column(e.defaultId) });
    this.slotControls = SLOTS.map((_, s) => Int32Array.from(effects.filter((e) => e.slot === s).map((e) => e.control)));
    this.slotCols = SLOTS.map((_, s) => Int32Array.from(effects.filter((e) => e.slot === s).map((e) => e.col)));
    this.breachRate = inputs.column('risk.breachRateUncontrolled');
    this.disruptionRate = inputs.column('risk.disruptiveRateUncontrolled');
    this.outageRate = inputs.column('risk.outageRate');
    this.penaltyProbability = inputs.column('risk.penaltyProbability');
    this.revenueShare = inputs.column('risk.disruptionRevenueShare');
    this.frictionHours = inputs.column('risk.frictionHoursPerUser');
    this.exposedShare = inputs.column('risk.breachExposedShare', true);
    this.penaltyAmount = inputs.column('risk.penaltyAmount', true);
    this.downtimeDays = inputs.column('risk.disruptionDowntimeDays', true);
    this.recoveryCost = inputs.column('risk.recoveryCost', true);
    this.outageHours = inputs.column('risk.outageHours', true);
  }

  /** Every column a simulated year's losses read (the rates and shares, and each control's multiplier). */
  columns(): number[] {
    return [
      ...this.slotCols.flatMap((cols) => [...cols]),
      this.breachRate,
      this.disruptionRate,
      this.outageRate,
      this.penaltyProbability,
      this.revenueShare,
      this.frictionHours,
    ];
  }

  /** The factor of one slot for delivery D, in row r of a column-major block (stride 1, r 0 for one row). */
  slotFactor(slot: number, D: Float64Array, m: Float64Array, stride: number, r: number): number {
    const controls = this.slotControls[slot]!;
    const cols = this.slotCols[slot]!;
    let f = 1;
    for (let j = 0; j < controls.length; j++) f *= 1 - D[controls[j]!]! * (1 - m[cols[j]! * stride + r]!);
    return f;
  }

  /** Expected yearly loss per scenario for delivery D, with inputs at the values in row v. */
  expectedLoss(
    D: Float64Array,
    v: Float64Array,
  ): { breach: number; disruption: number; outage: number; friction: number; total: number } {
    // No local helper: tsx names every closure it creates (Object.defineProperty), a tenth of this call.
    const k = this.k;
    const perBreach =
      v[this.exposedShare]! * k.records * k.costPerRecord * this.slotFactor(SLOT.breach_magnitude, D, v, 1, 0) +
      v[this.penaltyProbability]! *
        this.slotFactor(SLOT.penalty_likelihood, D, v, 1, 0) *
        v[this.penaltyAmount]! *
        k.penaltyTier;
    const breach = v[this.breachRate]! * k.sizeFactor * this.slotFactor(SLOT.breach_likelihood, D, v, 1, 0) * perBreach;
    const perDisruption =
      v[this.downtimeDays]! *
        this.slotFactor(SLOT.disruption_downtime, D, v, 1, 0) *
        k.dailyRevenue *
        v[this.revenueShare]! +
      v[this.recoveryCost]!;
    const disruption =
      v[this.disruptionRate]! * k.sizeFactor * this.slotFactor(SLOT.disruption_likelihood, D, v, 1, 0) * perDisruption;
    const outage =
      v[this.outageRate]! *
      k.outageLocationFactor *
      this.slotFactor(SLOT.outage_likelihood, D, v, 1, 0) *
      (v[this.outageHours]! / 8) *
      this.slotFactor(SLOT.outage_duration, D, v, 1, 0) *
      k.dailyRevenue *
      v[this.revenueShare]!;
    const friction = v[this.frictionHours]! * k.users * k.hourlyCost * this.slotFactor(SLOT.friction, D, v, 1, 0);
    return { breach, disruption, outage, friction, total: breach + disruption + outage + friction };
  }
}

/** Slots a function's controls feed: only these scenarios change when its option changes. */
export function slotsOf(spec: FunctionSpec): Set<number> {
  const out = new Set<number>();
  for (const c of spec.controls) for (const e of CONTROLS[controlIndex(c.control)]!.effects) out.add(SLOT[e.slot]);
  return out;
}

export interface KeyPersonInput {
  plan: StaffingPlan;
  dailyImpact: number;
  documented: boolean;
}

/**
 * Key-person loss: if someone who knows the function leaves or is away for long (yearly chance
 * = turnover + long absence), the function is impaired for the vacancy and ramp-up days. The
 * impact shrinks with cover: alone and uncovered 1; covered by a colleague or several people
 * backupResidual / (people - 1); the MSP covering under co-management mspCoverResidual / people.
 * A single uncovered person also leaves a gap during every holiday and sick day.
 */
export function keyPersonTerms(inputs: ModelInputs, spec: FunctionSpec, k: KeyPersonInput): RiskTerm[] {
  const { plan } = k;
  if (plan.option === 'fully_managed' || plan.people <= 0) return [];
  const d = inputs.defaults;
  const docFactor = k.documented ? d.mean('risk.documentedKnowledgeFactor') : 1;
  const residual = d.mean('risk.backupResidual');
  const concentration =
    plan.option === 'co_managed'
      ? d.mean('risk.mspCoverResidual') / plan.people
      : plan.people <= 1
        ? plan.hasCover
          ? residual
          : 1
        : residual / (plan.people - 1);
  const terms: RiskTerm[] = [
    riskTerm(
      inputs.product(
        k.dailyImpact * concentration * docFactor,
        inputs.col(inputs.keyPersonEvent(spec.id)),
        inputs.col(inputs.gapDaysCol),
      ),
      'key_person',
    ),
  ];
  if (plan.option === 'in_house' && plan.people <= 1 && !plan.hasCover)
    terms.push(
      riskTerm(
        inputs.product(d.mean('risk.shortAbsenceDays') * d.mean('risk.shortAbsenceImpactShare') * k.dailyImpact),
        'key_person',
      ),
    );
  return terms;
}
