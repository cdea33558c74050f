/**
 * The Monte Carlo kernel (issue 4, point 4). Rows are drawn a chunk at a time into one reused
 * Float64Array; each uncertain input has its own seeded stream (distributions.ts), so the result
 * depends only on the seed and the iteration count, never on the chunk size. Per row the kernel
 * evaluates every function x option (cost terms, owned-risk terms, exposure through the loss
 * scenarios) and every plan, and feeds log histograms: no allocation per sample, memory flat in
 * the number of iterations.
 */
import { computeDerivedChunk, mergeTerms, type Term } from './columns.ts';
import { ColumnDraw, Sfc32, distMean } from './distributions.ts';
import { OPTIONS } from './function-catalog.ts';
import { LogHistogram } from './histogram.ts';
import type { Model } from './model.ts';
import { currentAssignment, deliveryOf, deliveryWithSwap, type Assignment } from './point.ts';
import { slotsOf } from './risk-model.ts';
import { ALL_SCENARIOS, EventBuffer, SCENARIOS, ScenarioLossTable, scenarioMask } from './scenario-events.ts';

export interface McOptions {
  seed: number;
  iterations: number;
  onProgress?: (fraction: number) => void;
  chunkSize?: number;
}

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

/** Terms merged and flattened into typed arrays, one range per series, evaluated a column at a time. */
class TermTable {
  readonly start: Int32Array;
  readonly coef: Float64Array;
  readonly cols: Int32Array;
  readonly used: Int8Array;

  constructor(series: readonly (readonly Term[])[], one: number) {
    const width = (t: Term) => t.cols.filter((c) => c !== one).length;
    const merged = series.map((terms) => mergeTerms(terms).sort((x, y) => width(x) - width(y)));
    const total = merged.reduce((s, x) => s + x.length, 0);
    this.start = new Int32Array(series.length + 1);
    this.coef = new Float64Array(total);
    this.cols = new Int32Array(total * 3);
    this.used = new Int8Array(total);
    let j = 0;
    merged.forEach((terms, k) => {
      this.start[k] = j;
      for (const t of terms) {
        // Uncertain columns first, so the loop below multiplies only by those.
        const real = t.cols.filter((c) => c !== one);
        this.coef[j] = t.coef;
        this.used[j] = real.length;
        real.forEach((c, i) => (this.cols[j * 3 + i] = c));
        j++;
      }
    });
    this.start[series.length] = j;
  }

  /** out[off + r] = series k's value for each row r of a column-major chunk. */
  evaluate(k: number, m: Float64Array, stride: number, rows: number, out: Float64Array, off: number): void {
    out.fill(0, off, off + rows);
    const cols = this.cols;
    for (let j = this.start[k]!, end = this.start[k + 1]!; j < end; j++) {
      const c = this.coef[j]!;
      const a = cols[j * 3]! * stride;
      const b = cols[j * 3 + 1]! * stride;
      const d = cols[j * 3 + 2]! * stride;
      const used = this.used[j]!;
      // Two one-column terms in one pass halve the reads and writes of out (the common case).
      if (used === 1 && j + 1 < end && this.used[j + 1] === 1) {
        const c2 = this.coef[j + 1]!;
        const a2 = cols[(j + 1) * 3]! * stride;
        for (let r = 0; r < rows; r++) out[off + r] = out[off + r]! + c * m[a + r]! + c2 * m[a2 + r]!;
        j++;
      } else if (used === 0) for (let r = 0; r < rows; r++) out[off + r] = out[off + r]! + c;
      else if (used === 1) for (let r = 0; r < rows; r++) out[off + r] = out[off + r]! + c * m[a + r]!;
      else if (used === 2) for (let r = 0; r < rows; r++) out[off + r] = out[off + r]! + c * m[a + r]! * m[b + r]!;
      else for (let r = 0; r < rows; r++) out[off + r] = out[off + r]! + c * m[a + r]! * m[b + r]! * m[d + r]!;
    }
  }
}

/** Distinct delivery vectors, so each row computes the factors and scenario losses of each only once. */
class DeliveryConfigs {
  readonly list: Float64Array[] = [];
  private readonly keys = new Map<string, number>();

  add(D: Float64Array): number {
    const key = Array.from(D).join(',');
    const found = this.keys.get(key);
    if (found !== undefined) return found;
    this.list.push(D);
    this.keys.set(key, this.list.length - 1);
    return this.list.length - 1;
  }
}

function stats(h: LogHistogram): SeriesStats {
  const [p10, p50, p90] = h.quantiles([0.1, 0.5, 0.9]);
  return { mean: h.mean(), p10: p10!, p50: p50!, p90: p90! };
}

function exceedanceCurve(h: LogHistogram, top: number): LossExceedancePoint[] {
  const points: LossExceedancePoint[] = [];
  const lo = 1000;
  const hi = Math.max(top, lo * 10);
  const steps = 30;
  for (let i = 0; i <= steps; i++) {
    const loss = lo * (hi / lo) ** (i / steps);
    points.push({ loss, probability: h.exceedance(loss) });
  }
  return points;
}

/** out[r] += sum over scenarios in mask of (loss under delivery a - loss under delivery b); shared blocks cancel. */
function addMaskedDifference(
  out: Float64Array,
  o: number,
  losses: Float64Array,
  table: ScenarioLossTable,
  a: number,
  b: number,
  mask: number,
  stride: number,
  rows: number,
): void {
  for (let s = 0; s < SCENARIOS; s++) {
    if (!(mask & (1 << s))) continue;
    const x = table.index[a * SCENARIOS + s]!;
    const y = table.index[b * SCENARIOS + s]!;
    if (x === y) continue;
    const xa = x * stride;
    const ya = y * stride;
    for (let r = 0; r < rows; r++) out[o + r] = out[o + r]! + losses[xa + r]! - losses[ya + r]!;
  }
}

export function runMonteCarlo(model: Model, plans: readonly Assignment[], options: McOptions): McResult {
  const { seed, iterations } = options;
  const chunk = Math.min(options.chunkSize ?? 1024, iterations);
  const cols = model.inputs.cols;
  const fns = model.functions;
  const K = fns.length * 3;
  const P = plans.length;

  const costTable = new TermTable(
    fns.flatMap((f) => OPTIONS.map((o) => (f.needed ? f.cost[o] : []))),
    cols.one,
  );
  const riskTable = new TermTable(
    fns.flatMap((f) => OPTIONS.map((o) => (f.needed ? f.risk[o] : []))),
    cols.one,
  );
  const draws = cols.specs.flatMap((s, col) =>
    s.sampled && s.dist ? [{ col, draw: new ColumnDraw(s.dist, new Sfc32(seed, `col:${s.id}`)) }] : [],
  );
  const events = new EventBuffer(model, seed, chunk);

  // Exposure compares today's assignment with one function swapped to each option and to ideal.
  const configs = new DeliveryConfigs();
  const reference = currentAssignment(model);
  const needed = fns.filter((f) => f.needed);
  const swap = needed.map((f) =>
    f.spec.controls.length > 0
      ? [
          ...OPTIONS.map((o) => deliveryWithSwap(model, reference, f, o)),
          deliveryWithSwap(model, reference, f, 'ideal'),
        ].map((D) => configs.add(D))
      : null,
  );
  const swapMask = needed.map((f) => scenarioMask(slotsOf(f.spec)));
  const planConfig = plans.map((a) => configs.add(deliveryOf(model, a)));
  const planSeries = plans.map((a) => a.flatMap((o, i) => (o ? [i * 3 + OPTIONS.indexOf(o)] : [])));
  // Scenarios each distinct delivery is needed for (a function's swaps need only the scenarios it touches).
  const masks = new Int32Array(configs.list.length);
  swap.forEach((s, n) => s?.forEach((u) => (masks[u] = masks[u]! | swapMask[n]!)));
  for (const u of planConfig) masks[u] = ALL_SCENARIOS;
  const lossTable = new ScenarioLossTable(model.scenarios, configs.list, masks, chunk);

  const costH = Array.from({ length: K }, () => new LogHistogram());
  const racH = Array.from({ length: K }, () => new LogHistogram());
  const cheapest = new Float64Array(K);
  const planH = Array.from({ length: P * 3 }, () => new LogHistogram());
  const planCheapest = new Float64Array(P);
  const costBuf = new Float64Array(K * chunk);
  const riskBuf = new Float64Array(K * chunk);
  const racBuf = new Float64Array(K * chunk);
  const costWords = new Uint32Array(costBuf.buffer);
  const racWords = new Uint32Array(racBuf.buffer);
  const losses = new Float64Array(lossTable.blocks * chunk);
  // Per plan: cost, loss, risk-adjusted.
  const planBuf = new Float64Array(P * 3 * chunk);
  const planWords = new Uint32Array(planBuf.buffer);
  // Column-major: column c of row r at m[c * chunk + r], so filling and summing columns is sequential.
  const m = new Float64Array(chunk * cols.count);
  // Fixed inputs (and the constant-1 column) are written once; sampled and derived cells are overwritten per chunk.
  cols.specs.forEach((s, col) => {
    if (!s.sampled && s.dist) m.fill(distMean(s.dist), col * chunk, (col + 1) * chunk);
  });

  for (let done = 0; done < iterations; done += chunk) {
    const rows = Math.min(chunk, iterations - done);
    for (const d of draws) d.draw.fill(m, d.col * chunk, rows);
    computeDerivedChunk(cols, m, chunk, rows);
    events.fill(m, chunk, rows);
    lossTable.compute(m, chunk, rows, events, losses);

    needed.forEach((f, n) => {
      const s = swap[n];
      for (let o = 0; o < 3; o++) {
        const k = f.index * 3 + o;
        costTable.evaluate(k, m, chunk, rows, costBuf, k * chunk);
        riskTable.evaluate(k, m, chunk, rows, riskBuf, k * chunk);
        costH[k]!.addMany(costBuf, costWords, k * chunk, rows);
        // Risk-adjusted cost: cost + owned risk + exposure.
        for (let r = 0, at = k * chunk; r < rows; r++, at++) racBuf[at] = riskBuf[at]! + costBuf[at]!;
        if (s) addMaskedDifference(racBuf, k * chunk, losses, lossTable, s[o]!, s[3]!, swapMask[n]!, chunk, rows);
        racH[k]!.addMany(racBuf, racWords, k * chunk, rows);
      }
      const base = f.index * 3 * chunk;
      for (let r = 0; r < rows; r++) {
        const a = racBuf[base + r]!;
        const b = racBuf[base + chunk + r]!;
        const c = racBuf[base + 2 * chunk + r]!;
        cheapest[f.index * 3 + (a <= b ? (a <= c ? 0 : 2) : b <= c ? 1 : 2)]!++;
      }
    });

    for (let p = 0; p < P; p++) {
      const cost = p * 3 * chunk;
      const loss = cost + chunk;
      const total = loss + chunk;
      planBuf.fill(0, cost, cost + 3 * chunk);
      for (let s = 0; s < SCENARIOS; s++) {
        const at = lossTable.index[planConfig[p]! * SCENARIOS + s]! * chunk;
        for (let r = 0; r < rows; r++) planBuf[loss + r] = planBuf[loss + r]! + losses[at + r]!;
      }
      for (const k of planSeries[p]!) {
        for (let r = 0; r < rows; r++) {
          planBuf[cost + r] = planBuf[cost + r]! + costBuf[k * chunk + r]!;
          planBuf[loss + r] = planBuf[loss + r]! + riskBuf[k * chunk + r]!;
        }
      }
      for (let r = 0; r < rows; r++) planBuf[total + r] = planBuf[cost + r]! + planBuf[loss + r]!;
      for (let j = 0; j < 3; j++) planH[p * 3 + j]!.addMany(planBuf, planWords, p * 3 * chunk + j * chunk, rows);
    }
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let p = 1; p < P; p++)
        if (planBuf[(p * 3 + 2) * chunk + r]! < planBuf[(best * 3 + 2) * chunk + r]!) best = p;
      if (P > 0) planCheapest[best]!++;
    }
    options.onProgress?.(Math.min(1, (done + rows) / iterations));
  }

  const top = Math.max(1e5, ...plans.map((_, p) => planH[p * 3 + 1]!.quantiles([0.999])[0]!));
  return {
    functions: fns.map((f) =>
      f.needed
        ? {
            cost: OPTIONS.map((_, o) => stats(costH[f.index * 3 + o]!)),
            riskAdjusted: OPTIONS.map((_, o) => stats(racH[f.index * 3 + o]!)),
            probabilityCheapest: OPTIONS.map((_, o) => cheapest[f.index * 3 + o]! / iterations),
          }
        : null,
    ),
    plans: plans.map((_, p) => ({
      cost: stats(planH[p * 3]!),
      loss: stats(planH[p * 3 + 1]!),
      riskAdjusted: stats(planH[p * 3 + 2]!),
      probabilityCheapest: planCheapest[p]! / iterations,
      lossExceedance: exceedanceCurve(planH[p * 3 + 1]!, top),
    })),
  };
}
