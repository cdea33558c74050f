/**
 * The log histogram (histogram.ts) against the exact order statistics of the same values: a
 * quantile must fall in the bin of the value it estimates, so it is within one bin width
 * (2^octave / 256, at most 0.4% of the value) of the sorted array's element.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sfc32 } from '../../../src/advisor/engine/random.ts';
import { LogHistogram } from '../../../src/advisor/engine/simulate/histogram.ts';

/** Width of the histogram bin holding v (256 bins per power of two from $1); below $1 everything is "zero". */
function binWidth(v: number): number {
  return v < 1 ? 1 : 2 ** Math.floor(Math.log2(v)) / 256;
}

function histogramOf(values: readonly number[]): LogHistogram {
  const h = new LogHistogram();
  for (const v of values) h.add(v);
  return h;
}

/** The k-th smallest value with k = ceil(p x n): the p-quantile of the empirical distribution. */
function exactQuantile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

const PS = [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999];

describe('LogHistogram', () => {
  it('quantiles of 50,000 lognormal dollar amounts are within a bin width of the sorted values', () => {
    const rng = new Sfc32(3, 'histogram');
    // Lognormal with median $20,000 and a wide spread (e^(N(0, 2))): from cents to millions.
    const values = Array.from({ length: 50000 }, () => {
      const z = Math.sqrt(-2 * Math.log(rng.next())) * Math.cos(2 * Math.PI * rng.next());
      return 20000 * Math.exp(2 * z);
    });
    const sorted = [...values].sort((a, b) => a - b);
    const h = histogramOf(values);
    const q = h.quantiles(PS);
    PS.forEach((p, i) => {
      const exact = exactQuantile(sorted, p);
      expect(Math.abs(q[i]! - exact), `p = ${p}`).toBeLessThanOrEqual(binWidth(exact));
    });
    expect(h.n).toBe(50000);
    expect(h.max).toBe(sorted[sorted.length - 1]);
    expect(h.mean()).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
  });

  it('holds for any values and probabilities (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e10, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.uniqueArray(fc.double({ min: 0.001, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 5 }),
        (values, ps) => {
          const sorted = [...values].sort((a, b) => a - b);
          const asc = [...ps].sort((a, b) => a - b);
          const q = histogramOf(values).quantiles(asc);
          asc.forEach((p, i) => {
            const exact = exactQuantile(sorted, p);
            expect(Math.abs(q[i]! - exact)).toBeLessThanOrEqual(binWidth(exact));
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts values below $1 as zero and values beyond 2^36 as overflow (read as the maximum)', () => {
    const h = histogramOf([0, 0.5, 0.99, 100, 2 ** 40]);
    expect(h.zero).toBe(3);
    expect(h.overflow).toBe(1);
    const [p50, p70, p99] = h.quantiles([0.5, 0.7, 0.99]);
    expect(p50).toBe(0);
    expect(Math.abs(p70! - 100)).toBeLessThanOrEqual(binWidth(100));
    expect(p99).toBe(2 ** 40);
    expect(new LogHistogram().quantiles([0.5])).toEqual([0]);
    expect(new LogHistogram().mean()).toBe(0);
  });

  it('addMany (read from the float bits) bins exactly like add', () => {
    const rng = new Sfc32(5, 'addMany');
    const values = new Float64Array(4000);
    for (let i = 0; i < values.length; i++) values[i] = rng.next() < 0.1 ? rng.next() : 1e6 * rng.next() ** 3;
    const one = histogramOf(Array.from(values));
    const many = new LogHistogram();
    const words = new Uint32Array(values.buffer);
    many.addMany(values, words, 0, 1000);
    many.addMany(values, words, 1000, 3000);
    expect(Array.from(many.counts)).toEqual(Array.from(one.counts));
    expect([many.n, many.zero, many.overflow, many.max]).toEqual([one.n, one.zero, one.overflow, one.max]);
    expect(many.sum).toBeCloseTo(one.sum, 6);
  });

  it("exceedance is the share of values above x, up to the values in x's own bin", () => {
    const rng = new Sfc32(8, 'exceedance');
    const values = Array.from({ length: 20000 }, () => 1000 / rng.next());
    const h = histogramOf(values);
    let previous = 1;
    for (const x of [0.5, 1000, 1500, 5000, 1e4, 1e5, 1e6, 1e7]) {
      const above = values.filter((v) => v > x).length / values.length;
      const sameBin = values.filter((v) => Math.abs(v - x) <= binWidth(x)).length / values.length;
      const e = h.exceedance(x);
      expect(Math.abs(e - above), `x = ${x}`).toBeLessThanOrEqual(sameBin + 1e-12);
      expect(e).toBeLessThanOrEqual(previous);
      previous = e;
    }
    // Everything here is at least $1000: all of it exceeds $0.50.
    expect(h.exceedance(0.5)).toBe(1);
    expect(new LogHistogram().exceedance(10)).toBe(0);
  });
});
