/**
 * The Monte Carlo kernel (monte-carlo.ts): reproducible by seed and independent of the chunk
 * size, consistent with the exact point model, and stable across seeds at 100,000 iterations.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { primaryWeights } from '../../../src/advisor/engine/assess.ts';
import { ALL_DEFAULTS } from '../../../src/advisor/engine/model/defaults.ts';
import { distMean, isRandom } from '../../../src/advisor/engine/distributions.ts';
import { OPTIONS, type SourcingOption } from '../../../src/advisor/engine/model/function-catalog.ts';
import { buildModel, type Model } from '../../../src/advisor/engine/model/model.ts';
import { runMonteCarlo } from '../../../src/advisor/engine/simulate/monte-carlo.ts';
import type { McResult, SeriesStats } from '../../../src/advisor/engine/simulate/results.ts';
import {
  currentAssignment,
  evaluateAll,
  evaluatePlan,
  type Assignment,
} from '../../../src/advisor/engine/model/point.ts';
import { decideAll } from '../../../src/advisor/engine/decide/recommend.ts';
import { loadExample, smallModel } from './fixtures.ts';

/** The five plans assess() simulates: today, the recommendation, and each option everywhere. */
function plansOf(model: Model): Assignment[] {
  const decisions = decideAll(model, evaluateAll(model, model.inputs.cols.means()), primaryWeights(model.profile));
  const pure = (o: SourcingOption): Assignment => model.functions.map((f) => (f.needed ? o : null));
  return [
    currentAssignment(model),
    decisions.map((d) => d?.recommended ?? null),
    pure('in_house'),
    pure('co_managed'),
    pure('fully_managed'),
  ];
}

/** Width of the histogram bin holding v: results are read from a log histogram with 256 bins per octave. */
function binWidth(v: number): number {
  return v < 1 ? 1 : 2 ** Math.floor(Math.log2(v)) / 256;
}

describe('runMonteCarlo on a small practice', () => {
  const model = smallModel({ staff: [{ role: 'help_desk', fte: 1, skills: ['help_desk_it', 'end_user_devices'] }] });
  const plans = plansOf(model);
  const run = (seed: number, chunkSize?: number): McResult =>
    runMonteCarlo(model, plans, { seed, iterations: 5000, ...(chunkSize === undefined ? {} : { chunkSize }) });
  let base: McResult;
  beforeAll(() => {
    base = run(11);
  });

  it('the same seed gives the same result, whatever the chunk size', () => {
    expect(run(11)).toEqual(base);
    for (const chunkSize of [5000, 777, 64]) expect(run(11, chunkSize), `chunk ${chunkSize}`).toEqual(base);
  });

  it('another seed gives other draws', () => {
    const other = run(12);
    expect(other.plans[0]!.loss.mean).not.toBe(base.plans[0]!.loss.mean);
    expect(other.functions.map((f) => f?.riskAdjusted[0]!.p90)).not.toEqual(
      base.functions.map((f) => f?.riskAdjusted[0]!.p90),
    );
  });

  it('returns results only for the functions the practice needs', () => {
    model.functions.forEach((f, i) => expect(base.functions[i] === null, f.id).toBe(!f.needed));
  });

  it('chances of being cheapest add up to 1; loss exceedance falls with the loss', () => {
    for (const f of base.functions) if (f) expect(f.probabilityCheapest.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(base.plans.reduce((s, p) => s + p.probabilityCheapest, 0)).toBeCloseTo(1, 12);
    for (const p of base.plans) {
      const curve = p.lossExceedance;
      expect(curve.length).toBeGreaterThan(2);
      for (let i = 1; i < curve.length; i++) {
        expect(curve[i]!.loss).toBeGreaterThan(curve[i - 1]!.loss);
        expect(curve[i]!.probability).toBeLessThanOrEqual(curve[i - 1]!.probability);
      }
      expect(curve[0]!.probability).toBeLessThanOrEqual(1);
      expect(curve[curve.length - 1]!.probability).toBeGreaterThanOrEqual(0);
    }
  });

  it('percentiles are ordered', () => {
    const ordered = (s: SeriesStats) => s.p10 <= s.p50 && s.p50 <= s.p90 && s.mean >= 0;
    for (const f of base.functions)
      if (f) for (const s of [...f.cost, ...f.riskAdjusted]) expect(ordered(s)).toBe(true);
    for (const p of base.plans) for (const s of [p.cost, p.loss, p.riskAdjusted]) expect(ordered(s)).toBe(true);
  });

  it('reports progress up to 1', () => {
    const seen: number[] = [];
    runMonteCarlo(model, plans, { seed: 1, iterations: 2500, chunkSize: 1000, onProgress: (x) => seen.push(x) });
    expect(seen).toEqual([0.4, 0.8, 1]);
  });
});

describe('runMonteCarlo with every uncertain input fixed', () => {
  // Every random default fixed at its mean and no salary spread: each cost is the same every year.
  const fixed = Object.fromEntries(
    ALL_DEFAULTS.filter((e) => isRandom(e.value)).map((e) => [e.id, distMean(e.value)]),
  ) as Record<string, number>;
  const model = smallModel({ overrides: { ...fixed, 'salary.spreadSigma': 0 } });

  it('simulates each cost as the point model computes it', () => {
    const mc = runMonteCarlo(model, plansOf(model), { seed: 5, iterations: 3000 });
    const points = evaluateAll(model, model.inputs.cols.means());
    model.functions.forEach((f, i) => {
      const point = points[i];
      const sim = mc.functions[i];
      if (!point || !sim) return;
      OPTIONS.forEach((o, k) => {
        const exact = point[o].cost;
        const s = sim.cost[k]!;
        expect(s.mean / exact, `${f.id} ${o}`).toBeCloseTo(1, 9);
        for (const q of [s.p10, s.p50, s.p90]) expect(Math.abs(q - exact)).toBeLessThanOrEqual(binWidth(exact));
      });
    });
  });
});

describe('runMonteCarlo at 100,000 iterations (mid-size example)', () => {
  const model = buildModel(loadExample('group-40-co-managed.yaml'));
  const plans = plansOf(model);
  let one: McResult;
  let two: McResult;
  beforeAll(() => {
    one = runMonteCarlo(model, plans, { seed: 1, iterations: 100000 });
    two = runMonteCarlo(model, plans, { seed: 2, iterations: 100000 });
  });

  it('two seeds agree on every P50 within 1%', () => {
    // Relative 1%, except that a P50 under $1,000 may differ by up to $10: a median that small sits where most
    // simulated years have no loss event, so a few dollars between seeds are noise, not disagreement.
    const close = (a: number, b: number, what: string) =>
      expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(Math.max(0.01 * Math.max(a, b), 10));
    let compared = 0;
    model.functions.forEach((f, i) => {
      const a = one.functions[i];
      const b = two.functions[i];
      if (!a || !b) return;
      OPTIONS.forEach((o, k) => {
        close(a.cost[k]!.p50, b.cost[k]!.p50, `${f.id} ${o} cost`);
        close(a.riskAdjusted[k]!.p50, b.riskAdjusted[k]!.p50, `${f.id} ${o} risk-adjusted`);
        compared += 2;
      });
    });
    one.plans.forEach((a, p) => {
      const b = two.plans[p]!;
      close(a.cost.p50, b.cost.p50, `plan ${p} cost`);
      close(a.loss.p50, b.loss.p50, `plan ${p} loss`);
      close(a.riskAdjusted.p50, b.riskAdjusted.p50, `plan ${p} risk-adjusted`);
      compared += 3;
    });
    expect(compared).toBeGreaterThan(80);
    expect(one.plans[0]!.loss.p50).not.toBe(two.plans[0]!.loss.p50);
  });

  it('simulated means match the exact expectations of the point model', () => {
    const means = model.inputs.cols.means();
    const points = evaluateAll(model, means);
    // Standard errors at 100,000 years are well under 0.5% for costs; losses are heavy-tailed, hence 3%.
    model.functions.forEach((f, i) => {
      const point = points[i];
      const sim = one.functions[i];
      if (!point || !sim) return;
      OPTIONS.forEach((o, k) => {
        expect(sim.cost[k]!.mean / point[o].cost, `${f.id} ${o} cost`).toBeCloseTo(1, 2);
        expect(Math.abs(sim.riskAdjusted[k]!.mean / point[o].riskAdjusted - 1), `${f.id} ${o}`).toBeLessThan(0.015);
      });
    });
    plans.forEach((a, p) => {
      const exact = evaluatePlan(model, a, means);
      expect(Math.abs(one.plans[p]!.cost.mean / exact.cost - 1)).toBeLessThan(0.005);
      expect(Math.abs(one.plans[p]!.loss.mean / exact.loss - 1)).toBeLessThan(0.03);
      expect(Math.abs(one.plans[p]!.riskAdjusted.mean / exact.riskAdjusted - 1)).toBeLessThan(0.01);
    });
  });
});
