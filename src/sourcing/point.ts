/**
 * The point model: exact expected yearly cost and risk of every function and option, and of whole
 * plans, for one row of input values (the means, or a tornado swing). Decisions use these
 * expectations, so a recommendation never depends on the Monte Carlo seed; the simulation adds
 * the spread (percentiles, chance of being cheapest, loss exceedance).
 *
 * A function option's risk is what it owns (key person, overrun, MSP exit) plus its exposure: the
 * practice's expected loss with this function at this option, minus the loss with this function
 * delivering its controls perfectly, every other function staying as it is today.
 */
import { sumTerms, termValue } from './columns.ts';
import { COST_COMPONENTS, type CostComponent } from './cost-model.ts';
import { OPTIONS, type SourcingOption } from './function-catalog.ts';
import type { ByOption, FunctionModel, Model } from './model.ts';
import { combineDelivery, RISK_COMPONENTS, type RiskComponent } from './risk-model.ts';

export interface OptionPoint {
  cost: number;
  components: Record<CostComponent, number>;
  risk: Record<RiskComponent, number>;
  riskTotal: number;
  riskAdjusted: number;
}

/** What each function does in a plan; null when the function is not done at all. */
export type Assignment = readonly (SourcingOption | null)[];

export interface PlanPoint {
  cost: number;
  components: Record<CostComponent, number>;
  loss: number;
  lossByScenario: { breach: number; disruption: number; outage: number; friction: number };
  ownedRisk: number;
  riskAdjusted: number;
}

function zeroComponents(): Record<CostComponent, number> {
  return Object.fromEntries(COST_COMPONENTS.map((c) => [c, 0])) as Record<CostComponent, number>;
}

function zeroRisk(): Record<RiskComponent, number> {
  return Object.fromEntries(RISK_COMPONENTS.map((c) => [c, 0])) as Record<RiskComponent, number>;
}

/** Today's assignment: the current option of each needed function (none for what is not done today). */
export function currentAssignment(model: Model): Assignment {
  return model.functions.map((f) => (f.needed && f.current !== 'none' ? f.current : null));
}

export function deliveryOf(model: Model, assignment: Assignment): Float64Array {
  return combineDelivery(model.functions.map((f, i) => f.contribution[assignment[i] ?? 'none']));
}

/** Delivery with one function swapped, everything else as assigned. */
export function deliveryWithSwap(
  model: Model,
  assignment: Assignment,
  fn: FunctionModel,
  key: SourcingOption | 'ideal',
): Float64Array {
  return combineDelivery(
    model.functions.map((f, i) =>
      f.index === fn.index ? f.contribution[key] : f.contribution[assignment[i] ?? 'none'],
    ),
  );
}

function optionPoint(
  model: Model,
  fn: FunctionModel,
  option: SourcingOption,
  v: Float64Array,
  idealLoss: number,
  reference: Assignment,
): OptionPoint {
  const components = zeroComponents();
  for (const t of fn.cost[option]) components[t.component] += termValue(t, v, 0);
  const risk = zeroRisk();
  for (const t of fn.risk[option]) risk[t.component] += termValue(t, v, 0);
  if (fn.spec.controls.length > 0) {
    const loss = model.scenarios.expectedLoss(deliveryWithSwap(model, reference, fn, option), v).total;
    risk.exposure = Math.max(0, loss - idealLoss);
  }
  const cost = COST_COMPONENTS.reduce((s, c) => s + components[c], 0);
  const riskTotal = RISK_COMPONENTS.reduce((s, c) => s + risk[c], 0);
  return { cost, components, risk, riskTotal, riskAdjusted: cost + riskTotal };
}

export function evaluateFunction(
  model: Model,
  fn: FunctionModel,
  v: Float64Array,
  reference: Assignment = currentAssignment(model),
): ByOption<OptionPoint> {
  const idealLoss =
    fn.spec.controls.length > 0
      ? model.scenarios.expectedLoss(deliveryWithSwap(model, reference, fn, 'ideal'), v).total
      : 0;
  return Object.fromEntries(
    OPTIONS.map((o) => [o, optionPoint(model, fn, o, v, idealLoss, reference)]),
  ) as ByOption<OptionPoint>;
}

/** Expected values for every needed function (null for functions the practice does not need). */
export function evaluateAll(model: Model, v: Float64Array): (ByOption<OptionPoint> | null)[] {
  const reference = currentAssignment(model);
  return model.functions.map((f) => (f.needed ? evaluateFunction(model, f, v, reference) : null));
}

export function evaluatePlan(model: Model, assignment: Assignment, v: Float64Array): PlanPoint {
  const components = zeroComponents();
  let ownedRisk = 0;
  model.functions.forEach((f, i) => {
    const o = assignment[i];
    if (!o) return;
    for (const t of f.cost[o]) components[t.component] += termValue(t, v, 0);
    ownedRisk += sumTerms(f.risk[o], v, 0);
  });
  const scenario = model.scenarios.expectedLoss(deliveryOf(model, assignment), v);
  const cost = COST_COMPONENTS.reduce((s, c) => s + components[c], 0);
  const loss = scenario.total + ownedRisk;
  const { breach, disruption, outage, friction } = scenario;
  return {
    cost,
    components,
    loss,
    lossByScenario: { breach, disruption, outage, friction },
    ownedRisk,
    riskAdjusted: cost + loss,
  };
}
