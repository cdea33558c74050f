/**
 * What a Monte Carlo run reports, read from its histograms: per function and option and per plan,
 * the mean and percentiles of cost and risk-adjusted cost, the chance of being cheapest, and each
 * plan's loss-exceedance curve. The kernel (monte-carlo.ts) fills the histograms.
 */
import type { LogHistogram } from './histogram.ts';

export interface SeriesStats {
  mean: number;
  p10: number;
  p50: number;
  p90: number;
}

export interface McFunctionResult {
  cost: SeriesStats[];
  riskAdjusted: SeriesStats[];
  /** Chance each option (in OPTIONS order) has the lowest risk-adjusted cost in a simulated year. */
  probabilityCheapest: number[];
}

export interface LossExceedancePoint {
  loss: number;
  probability: number;
}

export interface McPlanResult {
  cost: SeriesStats;
  riskAdjusted: SeriesStats;
  loss: SeriesStats;
  probabilityCheapest: number;
  lossExceedance: LossExceedancePoint[];
}

export interface McResult {
  functions: (McFunctionResult | null)[];
  plans: McPlanResult[];
}

/** Mean and the 10th, 50th and 90th percentiles of one simulated series. */
export function stats(h: LogHistogram): SeriesStats {
  const [p10, p50, p90] = h.quantiles([0.1, 0.5, 0.9]);
  return { mean: h.mean(), p10: p10!, p50: p50!, p90: p90! };
}

/** The chance a year's loss exceeds each of 31 amounts, log-spaced from $1,000 to top (at least $10,000). */
export function exceedanceCurve(h: LogHistogram, top: number): LossExceedancePoint[] {
  const lo = 1000;
  const hi = Math.max(top, lo * 10);
  const steps = 30;
  const losses = Array.from({ length: steps + 1 }, (_, i) => lo * (hi / lo) ** (i / steps));
  const probabilities = h.exceedances(losses);
  return losses.map((loss, i) => ({ loss, probability: probabilities[i]! }));
}
