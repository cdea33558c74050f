/**
 * The seeded generator (random.ts) and the distributions (distributions.ts): determinism of Sfc32, exact
 * means, quantiles against closed forms, and the samplers the Monte Carlo kernel uses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ColumnDraw,
  distMean,
  distQuantile,
  isRandom,
  normalCdf,
  normalQuantile,
  poissonInverse,
  samplerFor,
  scaleDist,
  type Dist,
} from '../../../src/advisor/engine/distributions.ts';
import { Sfc32 } from '../../../src/advisor/engine/random.ts';

function first(rng: Sfc32, n: number): number[] {
  return Array.from({ length: n }, () => rng.next());
}

/** The mean of f over a fine midpoint grid of (0, 1): the expectation of f(U). */
function gridMean(f: (u: number) => number, n = 200000): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += f((i + 0.5) / n);
  return sum / n;
}

describe('Sfc32', () => {
  it('the same seed and stream give the same sequence', () => {
    expect(first(new Sfc32(42, 'col:x'), 1000)).toEqual(first(new Sfc32(42, 'col:x'), 1000));
  });

  it('another seed, another stream or a seed differing above 2^32 give another sequence', () => {
    const base = first(new Sfc32(42, 'col:x'), 20);
    expect(first(new Sfc32(43, 'col:x'), 20)).not.toEqual(base);
    expect(first(new Sfc32(42, 'col:y'), 20)).not.toEqual(base);
    expect(first(new Sfc32(42 + 2 ** 32, 'col:x'), 20)).not.toEqual(base);
  });

  it('fill() continues the same sequence as next(), across calls', () => {
    const a = new Sfc32(7, 's');
    const b = new Sfc32(7, 's');
    const out = new Float64Array(300);
    b.fill(out, 0, 100);
    b.fill(out, 100, 200);
    expect(Array.from(out)).toEqual(first(a, 300));
    expect(b.next()).toBe(a.next());
  });

  it('draws uniforms strictly inside (0, 1), evenly spread', () => {
    const rng = new Sfc32(1, 'uniformity');
    const n = 100000;
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    let inside = true;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      inside &&= u > 0 && u < 1;
      sum += u;
      bins[Math.floor(u * 10)]!++;
    }
    expect(inside).toBe(true);
    // Standard error of the mean is 0.29 / sqrt(n) = 0.0009; of a bin count sqrt(n x 0.1 x 0.9) = 95.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    for (const b of bins) expect(Math.abs(b - n / 10)).toBeLessThan(500);
  });
});

describe('distMean', () => {
  it('PERT: (min + 4 mode + max) / 6', () => {
    // (2 + 4 x 4 + 12) / 6 = 30 / 6 = 5.
    expect(distMean({ kind: 'pert', min: 2, mode: 4, max: 12 })).toBe(5);
    expect(distMean({ kind: 'const', value: 3 })).toBe(3);
    expect(distMean({ kind: 'uniform01' })).toBe(0.5);
  });

  it('lognormal from a 90% interval: exp(mu + sigma^2 / 2)', () => {
    // low 10, high 1,000: mu = ln 100, sigma = ln(100) / (2 x 1.6449) = 1.39989; mean = 100 x e^(0.97985) = 266.40.
    const sigma = Math.log(100) / (2 * 1.6448536269514722);
    expect(distMean({ kind: 'lognormal90', low: 10, high: 1000 })).toBeCloseTo(100 * Math.exp((sigma * sigma) / 2), 9);
    expect(distMean({ kind: 'lognormal90', low: 10, high: 1000 })).toBeCloseTo(266.398, 2);
    // Median 1, sigma 0.38: e^(0.0722).
    expect(distMean({ kind: 'lognormalMedian', median: 1, sigma: 0.38 })).toBeCloseTo(Math.exp(0.0722), 12);
  });

  it('a capped lognormal: E[min(X, cap)] matches the integral of the capped quantile function', () => {
    const capped: Dist = { kind: 'lognormal90', low: 10, high: 1000, cap: 300 };
    const mean = distMean(capped);
    expect(mean).toBeLessThan(distMean({ kind: 'lognormal90', low: 10, high: 1000 }));
    expect(mean).toBeCloseTo(gridMean(samplerFor(capped), 1000000), 1);
  });

  it('the samplers average to the mean', () => {
    for (const d of [
      { kind: 'pert', min: 2, mode: 4, max: 12 },
      { kind: 'pert', min: 0.05, mode: 0.08, max: 0.3 },
      { kind: 'lognormal90', low: 1, high: 21 },
      { kind: 'lognormalMedian', median: 50, sigma: 0.5 },
    ] as Dist[])
      expect(gridMean(samplerFor(d)) / distMean(d)).toBeCloseTo(1, 3);
  });
});

describe('distQuantile', () => {
  it('PERT with the mode at an end is a power law: Beta(1, 5) and Beta(5, 1)', () => {
    // pert(0, 0, 1) is Beta(1, 5): F(x) = 1 - (1 - x)^5, so the p-quantile is 1 - (1 - p)^(1/5); pert(0, 1, 1): p^(1/5).
    for (let p = 0.01; p < 1; p += 0.01) {
      expect(distQuantile({ kind: 'pert', min: 0, mode: 0, max: 1 }, p)).toBeCloseTo(1 - (1 - p) ** 0.2, 3);
      expect(distQuantile({ kind: 'pert', min: 0, mode: 1, max: 1 }, p)).toBeCloseTo(p ** 0.2, 3);
    }
    // Scaled to [10, 20]: 10 + 10 x q.
    expect(distQuantile({ kind: 'pert', min: 10, mode: 10, max: 20 }, 0.5)).toBeCloseTo(10 + 10 * (1 - 0.5 ** 0.2), 2);
  });

  it('a symmetric PERT has its median at the mode and mirrored tails', () => {
    const d: Dist = { kind: 'pert', min: 0, mode: 5, max: 10 };
    expect(distQuantile(d, 0.5)).toBeCloseTo(5, 9);
    expect(distQuantile(d, 0.1) + distQuantile(d, 0.9)).toBeCloseTo(10, 9);
  });

  it('PERT quantiles stay in [min, max] and never decrease', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (min, at, span, p, q) => {
          const d: Dist = { kind: 'pert', min, mode: min + at * span, max: min + span };
          const [lo, hi] = p <= q ? [p, q] : [q, p];
          const a = distQuantile(d, lo);
          const b = distQuantile(d, hi);
          expect(a).toBeGreaterThanOrEqual(min - 1e-9);
          expect(b).toBeLessThanOrEqual(min + span + 1e-9);
          expect(a).toBeLessThanOrEqual(b + 1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('lognormal from a 90% interval: the 5th and 95th percentiles are low and high, the median their geometric mean', () => {
    const d: Dist = { kind: 'lognormal90', low: 10, high: 1000 };
    expect(distQuantile(d, 0.05) / 10).toBeCloseTo(1, 5);
    expect(distQuantile(d, 0.5) / 100).toBeCloseTo(1, 9);
    expect(distQuantile(d, 0.95) / 1000).toBeCloseTo(1, 5);
    expect(distQuantile({ ...d, cap: 300 }, 0.95)).toBe(300);
    expect(distQuantile({ kind: 'const', value: 7 }, 0.9)).toBe(7);
  });

  it('the normal quantile and CDF agree with the tables', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6448536, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.0902323, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
});

describe('samplers', () => {
  it('Poisson by inverse CDF: zero below e^-lambda, mean lambda', () => {
    expect(poissonInverse(Math.exp(-2) - 1e-9, 2)).toBe(0);
    expect(poissonInverse(Math.exp(-2) + 1e-9, 2)).toBe(1);
    expect(poissonInverse(0.999, 0)).toBe(0);
    expect(gridMean((u) => poissonInverse(u, 0.3))).toBeCloseTo(0.3, 4);
    expect(gridMean((u) => poissonInverse(u, 4))).toBeCloseTo(4, 3);
  });

  it("ColumnDraw (the kernel's batch sampler) draws what samplerFor draws from the same stream", () => {
    for (const d of [
      { kind: 'pert', min: 60, mode: 90, max: 180 },
      { kind: 'lognormal90', low: 25000, high: 2190294 },
      { kind: 'lognormal90', low: 0.01, high: 0.5, cap: 1 },
      { kind: 'lognormalMedian', median: 1, sigma: 0.38 },
      { kind: 'const', value: 4 },
    ] as Dist[]) {
      const out = new Float64Array(20000);
      new ColumnDraw(d, new Sfc32(9, 'c')).fill(out, 0, out.length);
      const rng = new Sfc32(9, 'c');
      const sample = samplerFor(d);
      let worst = 0;
      let worstBody = 0;
      for (const x of out) {
        const u = rng.next();
        const error = Math.abs(x / sample(u) - 1);
        worst = Math.max(worst, error);
        if (u > 0.01 && u < 0.99) worstBody = Math.max(worstBody, error);
      }
      // PERT uses the same table; lognormals interpolate exp() on a table instead of the normal quantile, which is
      // coarser in the outer tails (up to 0.8% in the second-outermost 1/8192).
      expect(worstBody, d.kind).toBeLessThan(1e-3);
      expect(worst, d.kind).toBeLessThan(0.01);
      if (d.kind === 'pert' || d.kind === 'const') expect(worst).toBeLessThan(1e-12);
    }
  });

  it('scaleDist scales the mean and isRandom tells constants apart', () => {
    for (const d of [
      { kind: 'const', value: 3 },
      { kind: 'pert', min: 1, mode: 2, max: 6 },
      { kind: 'lognormal90', low: 1, high: 9, cap: 20 },
      { kind: 'lognormalMedian', median: 2, sigma: 0.3 },
    ] as Dist[])
      expect(distMean(scaleDist(d, 2.5))).toBeCloseTo(2.5 * distMean(d), 9);
    expect(isRandom({ kind: 'const', value: 1 })).toBe(false);
    expect(isRandom({ kind: 'pert', min: 2, mode: 2, max: 2 })).toBe(false);
    expect(isRandom({ kind: 'pert', min: 1, mode: 2, max: 3 })).toBe(true);
    expect(isRandom({ kind: 'lognormalMedian', median: 1, sigma: 0 })).toBe(false);
  });
});
