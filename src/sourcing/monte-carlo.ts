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

/** out[at + r] = a[at + r] + b[at + r]: risk-adjusted cost before exposure. */
function addInto(out: Float64Array, a: Float64Array, b: Float64Array, at: number, rows: number): void {
  for (let r = 0; r < rows; r++) out[at + r] = a[at + r]! + b[at + r]!;
}

/** Counts, row by row, which of three adjacent series (one function's options) is lowest. */
function countCheapest(
  values: Float64Array,
  base: number,
  stride: number,
  rows: number,
  counts: Float64Array,
  k: number,
): void {
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  for (let r = 0; r < rows; r++) {
    const a = values[base + r]!;
    const b = values[base + stride + r]!;
    const c = values[base + 2 * stride + r]!;
    if (a <= b) {
      if (a <= c) c0++;
      else c2++;
    } else if (b <= c) c1++;
    else c2++;
  }
  counts[k] = counts[k]! + c0;
  counts[k + 1] = counts[k + 1]! + c1;
  counts[k + 2] = counts[k + 2]! + c2;
}

/** out[o + r] += src[s + r]. */
function accumulate(out: Float64Array, o: number, src: Float64Array, s: number, rows: number): void {
  for (let r = 0; r < rows; r++) out[o + r] = out[o + r]! + src[s + r]!;
}

/**
 * The prepared simulation: every table, buffer and histogram built once, then one chunk of rows
 * at a time. Each hot loop sits in its own small method or function, which V8 optimises far
 * better than one large closure-laden loop body.
 */
class Kernel {
  private readonly cols;
  private readonly chunk: number;
  private readonly K: number;
  private readonly P: number;
  private readonly costTable: TermTable;
  private readonly riskTable: TermTable;
  private readonly draws: ColumnDraw[];
  private readonly drawAt: Int32Array;
  private readonly events: EventBuffer;
  private readonly lossTable: ScenarioLossTable;
  /** Indices of the needed functions; per needed function the configs of its three options and ideal (or null). */
  private readonly needed: Int32Array;
  private readonly swap: (Int32Array | null)[];
  private readonly swapMask: Int32Array;
  private readonly planConfig: Int32Array;
  private readonly planSeries: Int32Array[];
  readonly costH: LogHistogram[];
  readonly racH: LogHistogram[];
  readonly cheapest: Float64Array;
  readonly planH: LogHistogram[];
  readonly planCheapest: Float64Array;
  private readonly costBuf: Float64Array;
  private readonly riskBuf: Float64Array;
  private readonly racBuf: Float64Array;
  private readonly costWords: Uint32Array;
  private readonly racWords: Uint32Array;
  private readonly losses: Float64Array;
  private readonly planBuf: Float64Array;
  private readonly planWords: Uint32Array;
  private readonly m: Float64Array;

  constructor(model: Model, plans: readonly Assignment[], seed: number, chunk: number) {
    const cols = model.inputs.cols;
    const fns = model.functions;
    this.cols = cols;
    this.chunk = chunk;
    this.K = fns.length * 3;
    this.P = plans.length;
    this.costTable = new TermTable(
      fns.flatMap((f) => OPTIONS.map((o) => (f.needed ? f.cost[o] : []))),
      cols.one,
    );
    this.riskTable = new TermTable(
      fns.flatMap((f) => OPTIONS.map((o) => (f.needed ? f.risk[o] : []))),
      cols.one,
    );
    const sampled = cols.specs.flatMap((s, col) => (s.sampled && s.dist ? [{ col, dist: s.dist, id: s.id }] : []));
    this.draws = sampled.map((s) => new ColumnDraw(s.dist, new Sfc32(seed, `col:${s.id}`)));
    this.drawAt = Int32Array.from(sampled.map((s) => s.col * chunk));
    this.events = new EventBuffer(model, seed, chunk);

    // Exposure compares today's assignment with one function swapped to each option and to ideal.
    const configs = new DeliveryConfigs();
    const reference = currentAssignment(model);
    const needed = fns.filter((f) => f.needed);
    this.needed = Int32Array.from(needed.map((f) => f.index));
    this.swap = needed.map((f) =>
      f.spec.controls.length > 0
        ? Int32Array.from(
            [
              ...OPTIONS.map((o) => deliveryWithSwap(model, reference, f, o)),
              deliveryWithSwap(model, reference, f, 'ideal'),
            ].map((D) => configs.add(D)),
          )
        : null,
    );
    this.swapMask = Int32Array.from(needed.map((f) => scenarioMask(slotsOf(f.spec))));
    this.planConfig = Int32Array.from(plans.map((a) => configs.add(deliveryOf(model, a))));
    this.planSeries = plans.map((a) => Int32Array.from(a.flatMap((o, i) => (o ? [i * 3 + OPTIONS.indexOf(o)] : []))));
    // Scenarios each distinct delivery is needed for (a function's swaps need only the scenarios it touches).
    const masks = new Int32Array(configs.list.length);
    this.swap.forEach((s, n) => s?.forEach((u) => (masks[u] = masks[u]! | this.swapMask[n]!)));
    for (const u of this.planConfig) masks[u] = ALL_SCENARIOS;
    this.lossTable = new ScenarioLossTable(model.scenarios, configs.list, masks, chunk);

    this.costH = Array.from({ length: this.K }, () => new LogHistogram());
    this.racH = Array.from({ length: this.K }, () => new LogHistogram());
    this.cheapest = new Float64Array(this.K);
    this.planH = Array.from({ length: this.P * 3 }, () => new LogHistogram());
    this.planCheapest = new Float64Array(this.P);
    this.costBuf = new Float64Array(this.K * chunk);
    this.riskBuf = new Float64Array(this.K * chunk);
    this.racBuf = new Float64Array(this.K * chunk);
    this.costWords = new Uint32Array(this.costBuf.buffer);
    this.racWords = new Uint32Array(this.racBuf.buffer);
    this.losses = new Float64Array(this.lossTable.blocks * chunk);
    // Per plan: cost, loss, risk-adjusted.
    this.planBuf = new Float64Array(this.P * 3 * chunk);
    this.planWords = new Uint32Array(this.planBuf.buffer);
    // Column-major: column c of row r at m[c * chunk + r], so filling and summing columns is sequential.
    this.m = new Float64Array(chunk * cols.count);
    // Fixed inputs (and the constant-1 column) are written once; sampled and derived cells are overwritten per chunk.
    cols.specs.forEach((s, col) => {
      if (!s.sampled && s.dist) this.m.fill(distMean(s.dist), col * chunk, (col + 1) * chunk);
    });
  }

  simulate(rows: number): void {
    this.drawInputs(rows);
    computeDerivedChunk(this.cols, this.m, this.chunk, rows);
    this.events.fill(this.m, this.chunk, rows);
    this.lossTable.compute(this.m, this.chunk, rows, this.events, this.losses);
    for (let n = 0; n < this.needed.length; n++) this.functionSeries(n, rows);
    for (let p = 0; p < this.P; p++) this.planSeriesOf(p, rows);
    this.countCheapestPlan(rows);
  }

  private drawInputs(rows: number): void {
    const { draws, drawAt, m } = this;
    for (let i = 0; i < draws.length; i++) draws[i]!.fill(m, drawAt[i]!, rows);
  }

  /** Cost, owned risk and exposure of one needed function's three options. */
  private functionSeries(n: number, rows: number): void {
    const { chunk, costBuf, riskBuf, racBuf, m } = this;
    const fi = this.needed[n]!;
    const s = this.swap[n];
    for (let o = 0; o < 3; o++) {
      const k = fi * 3 + o;
      const at = k * chunk;
      this.costTable.evaluate(k, m, chunk, rows, costBuf, at);
      this.riskTable.evaluate(k, m, chunk, rows, riskBuf, at);
      this.costH[k]!.addMany(costBuf, this.costWords, at, rows);
      // Risk-adjusted cost: cost + owned risk + exposure.
      addInto(racBuf, riskBuf, costBuf, at, rows);
      if (s) addMaskedDifference(racBuf, at, this.losses, this.lossTable, s[o]!, s[3]!, this.swapMask[n]!, chunk, rows);
      this.racH[k]!.addMany(racBuf, this.racWords, at, rows);
    }
    countCheapest(racBuf, fi * 3 * chunk, chunk, rows, this.cheapest, fi * 3);
  }

  private planSeriesOf(p: number, rows: number): void {
    const { chunk, planBuf, losses } = this;
    const cost = p * 3 * chunk;
    const loss = cost + chunk;
    const total = loss + chunk;
    planBuf.fill(0, cost, cost + 3 * chunk);
    for (let s = 0; s < SCENARIOS; s++)
      accumulate(planBuf, loss, losses, this.lossTable.index[this.planConfig[p]! * SCENARIOS + s]! * chunk, rows);
    const series = this.planSeries[p]!;
    for (let i = 0; i < series.length; i++) {
      const k = series[i]!;
      accumulate(planBuf, cost, this.costBuf, k * chunk, rows);
      accumulate(planBuf, loss, this.riskBuf, k * chunk, rows);
    }
    for (let r = 0; r < rows; r++) planBuf[total + r] = planBuf[cost + r]! + planBuf[loss + r]!;
    for (let j = 0; j < 3; j++) this.planH[p * 3 + j]!.addMany(planBuf, this.planWords, cost + j * chunk, rows);
  }

  private countCheapestPlan(rows: number): void {
    const { chunk, planBuf, P } = this;
    if (P === 0) return;
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let p = 1; p < P; p++)
        if (planBuf[(p * 3 + 2) * chunk + r]! < planBuf[(best * 3 + 2) * chunk + r]!) best = p;
      this.planCheapest[best]!++;
    }
  }
}

export function runMonteCarlo(model: Model, plans: readonly Assignment[], options: McOptions): McResult {
  const { seed, iterations } = options;
  const chunk = Math.min(options.chunkSize ?? 1024, iterations);
  const kernel = new Kernel(model, plans, seed, chunk);
  for (let done = 0; done < iterations; done += chunk) {
    const rows = Math.min(chunk, iterations - done);
    kernel.simulate(rows);
    options.onProgress?.(Math.min(1, (done + rows) / iterations));
  }
  const { costH, racH, cheapest, planH, planCheapest } = kernel;
  const fns = model.functions;
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
