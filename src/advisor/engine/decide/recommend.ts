/**
 * The decision rule (issue 4, point 5). For each function, among the allowed options, pick the
 * lowest score:
 *
 *   score(o) = E[risk-adjusted cost(o)]
 *            + valueShare x size / w_cost x (w_control x (1 - control(o)) + w_dependency x dependency(o))
 *
 * Preferences are priced in dollars relative to the function's size (its workload at market
 * salaries, which does not depend on MSP prices), so a practice that weighs control heavily
 * pays at most a bounded premium for it, and raising MSP prices can only move a decision
 * towards doing the work in-house.
 */
import { OPTIONS, type SourcingOption } from '../model/function-catalog.ts';
import { byOption, type ByOption, type FunctionModel, type Model } from '../model/model.ts';
import type { OptionScore } from '../model/point.ts';

export interface Weights {
  cost: number;
  control: number;
  vendorDependency: number;
}

export const DEFAULT_WEIGHTS: Weights = { cost: 0.6, control: 0.2, vendorDependency: 0.2 };

/** How much control an option leaves with the practice, and how much it depends on one vendor [E]. */
export const OPTION_TRAITS: ByOption<{ control: number; dependency: number }> = {
  in_house: { control: 1, dependency: 0 },
  co_managed: { control: 0.6, dependency: 0.5 },
  fully_managed: { control: 0.2, dependency: 1 },
};

export function normalizeWeights(w: Weights): Weights {
  const total = w.cost + w.control + w.vendorDependency;
  return { cost: w.cost / total, control: w.control / total, vendorDependency: w.vendorDependency / total };
}

export function preferencePremium(
  option: SourcingOption,
  weights: Weights,
  scaleDollars: number,
  valueShare: number,
): number {
  return premium(option, normalizeWeights(weights), scaleDollars, valueShare);
}

/** preferencePremium with the weights already normalised. */
function premium(option: SourcingOption, w: Weights, scaleDollars: number, valueShare: number): number {
  const t = OPTION_TRAITS[option];
  return ((valueShare * scaleDollars) / w.cost) * (w.control * (1 - t.control) + w.vendorDependency * t.dependency);
}

export interface FunctionDecision {
  recommended: SourcingOption;
  runnerUp: SourcingOption | null;
  /** Score per option; null when the option is not allowed. */
  scores: ByOption<number | null>;
  /** Score of the runner-up minus the recommended one's (how far the decision is from flipping). */
  margin: number;
}

export function decideFunction(
  fn: FunctionModel,
  points: ByOption<OptionScore>,
  weights: Weights,
  valueShare: number,
): FunctionDecision {
  const w = normalizeWeights(weights);
  const scores = byOption((o) =>
    fn.infeasible[o] ? null : points[o].riskAdjusted + premium(o, w, fn.scaleDollars, valueShare),
  );
  const ranked = OPTIONS.filter((o) => scores[o] !== null).sort((a, b) => scores[a]! - scores[b]!);
  const recommended = ranked[0] ?? 'fully_managed';
  const runnerUp = ranked[1] ?? null;
  return { recommended, runnerUp, scores, margin: runnerUp ? scores[runnerUp]! - scores[recommended]! : Infinity };
}

export function decideAll(
  model: Model,
  points: readonly (ByOption<OptionScore> | null)[],
  weights: Weights,
): (FunctionDecision | null)[] {
  const valueShare = model.defaults.mean('preference.valueShare');
  return model.functions.map((f, i) => {
    const p = points[i];
    return p ? decideFunction(f, p, weights, valueShare) : null;
  });
}

export type OverallModel = 'in_house' | 'co_managed' | 'fully_managed' | 'hybrid';

/**
 * Names the overall arrangement: all one option is that model; internal IT sharing work with an
 * MSP without whole functions on both sides is co-managed; whole functions kept in-house next to
 * whole functions with an MSP is the hybrid the articles describe.
 */
export function overallModel(options: readonly SourcingOption[]): OverallModel {
  const has = (o: SourcingOption) => options.includes(o);
  if (options.length === 0) return 'fully_managed';
  if (options.every((o) => o === options[0])) return options[0]!;
  if (has('in_house') && has('fully_managed')) return 'hybrid';
  return 'co_managed';
}
