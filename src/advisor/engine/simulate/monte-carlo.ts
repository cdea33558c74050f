/**
 * The Monte Carlo kernel (issue 4, point 4). Rows are drawn a chunk at a time into one reused
 * Float64Array; each uncertain input has its own seeded stream (random.ts), so the result
 * depends only on the seed and the iteration count, never on the chunk size. Per row the kernel
 * evaluates every function x option (cost terms, owned-risk terms, exposure through the loss
 * scenarios) and every plan, and feeds log histograms: no allocation per sample, memory flat in
 * the number of iterations.
 */
import { DerivedColumns, TermTable, type Term } from '../model/columns.ts';
import { ColumnDraw, distMean, type TableCache } from '../distributions.ts';
import { Sfc32 } from '../random.ts';
import { OPTIONS } from '../model/function-catalog.ts';
import { returnHistograms, takeHistogram, type LogHistogram } from './histogram.ts';
import type { Model } from '../model/model.ts';
import { deliveryOf, swapDeliveries, todayDelivery, type Assignment } from '../model/point.ts';
import { slotsOf } from '../model/risk-model.ts';
import { exceedanceCurve, stats, type McResult } from './results.ts';
import { ALL_SCENARIOS, EventBuffer, SCENARIOS, ScenarioLossTable, scenarioMask } from './scenario-events.ts';

export interface McOptions {
  seed: number;
  iterations: number;
  onProgress?: (fraction: number) => void;
  chunkSize?: number;
  /** Index of the plan priced as today's arrangement (FunctionModel.today) rather than by its options. */
  todayPlan?: number;
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

/**
 * buf[out + r] += the columns at cols[at ... at + 4) (offsets into buf), left to right: one read
 * and write of the output per four columns. Unused slots point at the zero column (x + 0 = x, and
 * a sum that starts at +0 is never -0), so sums built from such passes match one column at a time.
 */
function addFour(buf: Float64Array, out: number, cols: Int32Array, at: number, rows: number): void {
  const a = cols[at]!;
  const b = cols[at + 1]!;
  const c = cols[at + 2]!;
  const d = cols[at + 3]!;
  for (let r = 0; r < rows; r++) buf[out + r] = buf[out + r]! + buf[a + r]! + buf[b + r]! + buf[c + r]! + buf[d + r]!;
}

/**
 * Risk-adjusted cost: buf[out + r] = risk + cost + (loss x - loss y) for each pair of loss blocks
 * in diffs (the exposure: today's losses with this option swapped in, minus with the ideal), in
 * that order, in one pass for up to two pairs (one is the common case).
 */
function riskAdjusted(
  buf: Float64Array,
  out: number,
  risk: number,
  cost: number,
  diffs: Int32Array,
  rows: number,
): void {
  const n = diffs.length;
  if (n === 0) for (let r = 0; r < rows; r++) buf[out + r] = buf[risk + r]! + buf[cost + r]!;
  else if (n === 2) {
    const x = diffs[0]!;
    const y = diffs[1]!;
    for (let r = 0; r < rows; r++) buf[out + r] = buf[risk + r]! + buf[cost + r]! + buf[x + r]! - buf[y + r]!;
  } else {
    const x = diffs[0]!;
    const y = diffs[1]!;
    const x2 = diffs[2]!;
    const y2 = diffs[3]!;
    for (let r = 0; r < rows; r++)
      buf[out + r] = buf[risk + r]! + buf[cost + r]! + buf[x + r]! - buf[y + r]! + buf[x2 + r]! - buf[y2 + r]!;
    for (let i = 4; i < n; i += 2) {
      const x = diffs[i]!;
      const y = diffs[i + 1]!;
      for (let r = 0; r < rows; r++) buf[out + r] = buf[out + r]! + buf[x + r]! - buf[y + r]!;
    }
  }
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
  for (let r = 0; r < rows; r++) {
    const a = values[base + r]!;
    const b = values[base + stride + r]!;
    const c = values[base + 2 * stride + r]!;
    // Without branches (which option wins is a coin toss when options are close): a <= b and a <= c
    // counts for the first, b < a and b <= c for the second, any other row for the third.
    const ab = Number(a <= b);
    c0 += ab & Number(a <= c);
    c1 += (ab ^ 1) & Number(b <= c);
  }
  counts[k] = counts[k]! + c0;
  counts[k + 1] = counts[k + 1]! + c1;
  counts[k + 2] = counts[k + 2]! + (rows - c0 - c1);
}

/** Needed functions simulated together before their costs and risks are added to the plans. */
const GROUP = 4;

/**
 * The prepared simulation: every table, buffer and histogram built once, then one chunk of rows
 * at a time. Each hot loop sits in its own small method or function, which V8 optimises far
 * better than one large closure-laden loop body.
 *
 * Every series of a chunk lives in one column-major buffer `work` (a column of `chunk` rows per
 * series), so sums over series are sums of offsets into one array, and histograms read the bits of
 * the values through one Uint32Array view of it. Needed functions are simulated GROUP at a time
 * into the same few columns, and their costs and risks are added to the plans while still in
 * cache; a plan's sums come out as if added in one go, left to right (see addFour).
 */
class Kernel {
  private readonly derived: DerivedColumns;
  private readonly chunk: number;
  private readonly P: number;
  private readonly costTable: TermTable;
  private readonly riskTable: TermTable;
  private readonly draws: ColumnDraw[];
  private readonly drawAt: Int32Array;
  private readonly events: EventBuffer;
  private readonly lossTable: ScenarioLossTable;
  /** Indices of the needed functions. */
  private readonly needed: Int32Array;
  /** Per series k = function x 3 + option: the loss-block offset pairs of its exposure (see riskAdjusted). */
  private readonly exposure: Int32Array[];
  /** Per plan: its four scenario-loss blocks; per plan and group, the cost and owned-risk columns it adds (GROUP each). */
  private readonly planScenarios: Int32Array[];
  private readonly planCost: Int32Array[];
  private readonly planRisk: Int32Array[];
  private readonly groups: number;
  readonly costH: LogHistogram[];
  readonly racH: LogHistogram[];
  readonly cheapest: Float64Array;
  readonly planH: LogHistogram[];
  readonly planCheapest: Float64Array;
  /**
   * Column offsets in work: scenario losses; the cost and owned risk of each option of each function
   * of a group, (slot x 3 + option) columns in; the risk-adjusted costs of one function's options;
   * per plan cost, loss and risk-adjusted cost; the zero column.
   */
  private readonly lossAt: number;
  private readonly costAt: number;
  private readonly riskAt: number;
  private readonly racAt: number;
  private readonly planAt: number;
  private readonly zeroAt: number;
  /** Today's plan (-1: none), its cost and owned-risk tables (one series each) and a scratch column. */
  private readonly todayPlan: number;
  private readonly todayCost: TermTable;
  private readonly todayRisk: TermTable;
  private readonly todayAt: number;
  private readonly work: Float64Array;
  private readonly words: Uint32Array;
  private readonly m: Float64Array;

  constructor(model: Model, plans: readonly Assignment[], seed: number, chunk: number, todayPlan = -1) {
    const cols = model.inputs.cols;
    const fns = model.functions;
    const read = model.scenarios.columns();
    for (const f of fns)
      if (f.needed) for (const o of OPTIONS) for (const t of [...f.cost[o], ...f.risk[o]]) read.push(...t.cols);
    for (const f of fns)
      if (f.needed && f.today) for (const t of [...f.today.cost, ...f.today.risk]) read.push(...t.cols);
    this.todayPlan = todayPlan;
    const need = cols.needed(read);
    this.derived = new DerivedColumns(cols, need, chunk);
    this.chunk = chunk;
    const K = fns.length * 3;
    this.P = plans.length;
    this.costTable = new TermTable(
      fns.flatMap((f) => OPTIONS.map((o) => (f.needed ? f.cost[o] : []))),
      cols.one,
      true,
    );
    // Key-person and MSP-exit events happen in one year in ten or so: their terms only in those rows.
    const indicators = Uint8Array.from(cols.specs, (_, col) =>
      Number(cols.derived.some((d) => d.target === col && d.indicatorOf !== undefined && need[col])),
    );
    this.riskTable = new TermTable(
      fns.flatMap((f) => OPTIONS.map((o) => (f.needed ? f.risk[o] : []))),
      cols.one,
      true,
      indicators,
    );
    const todayOf = (pick: (t: NonNullable<(typeof fns)[number]['today']>) => readonly Term[]) =>
      fns.flatMap((f) => (f.needed && f.today ? pick(f.today) : []));
    this.todayCost = new TermTable([todayOf((t) => t.cost)], cols.one, true);
    this.todayRisk = new TermTable([todayOf((t) => t.risk)], cols.one, true, indicators);
    const tables: TableCache = new Map();
    // Inputs with the same distribution one after another, so the table they share is still in cache.
    const sampled = cols.specs
      .flatMap((s, col) => (s.sampled && s.dist && need[col] ? [{ col, dist: s.dist, id: s.id }] : []))
      .map((s) => ({ ...s, key: JSON.stringify(s.dist) }))
      .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.col - y.col));
    this.draws = sampled.map((s) => new ColumnDraw(s.dist, new Sfc32(seed, `col:${s.id}`), tables));
    this.drawAt = Int32Array.from(sampled.map((s) => s.col * chunk));
    this.events = new EventBuffer(model, seed, chunk, tables);

    // Exposure compares today's assignment with one function swapped to each option and to ideal.
    const configs = new DeliveryConfigs();
    const needed = fns.filter((f) => f.needed);
    this.needed = Int32Array.from(needed.map((f) => f.index));
    const swaps = swapDeliveries(model);
    const swap = needed.map((f) => {
      const s = swaps[f.index];
      return s ? Int32Array.from(s.map((D) => configs.add(D))) : null;
    });
    const swapMask = needed.map((f) => scenarioMask(slotsOf(f.spec)));
    const planConfig = plans.map((a, p) => configs.add(p === todayPlan ? todayDelivery(model) : deliveryOf(model, a)));
    // Scenarios each distinct delivery is needed for (a function's swaps need only the scenarios it touches).
    const masks = new Int32Array(configs.list.length);
    swap.forEach((s, n) => s?.forEach((u) => (masks[u] = masks[u]! | swapMask[n]!)));
    for (const u of planConfig) masks[u] = ALL_SCENARIOS;
    this.lossTable = new ScenarioLossTable(model.scenarios, configs.list, masks, chunk);

    this.lossAt = 0;
    this.costAt = this.lossTable.blocks * chunk;
    this.riskAt = this.costAt + GROUP * 3 * chunk;
    this.racAt = this.riskAt + GROUP * 3 * chunk;
    this.planAt = this.racAt + 3 * chunk;
    this.zeroAt = this.planAt + this.P * 3 * chunk;
    this.todayAt = this.zeroAt + chunk;
    this.work = new Float64Array(this.todayAt + chunk);
    this.words = new Uint32Array(this.work.buffer);
    const block = (u: number, s: number) => this.lossAt + this.lossTable.index[u * SCENARIOS + s]! * chunk;

    // Exposure of series k: for each scenario the function touches whose losses differ, the swapped minus the ideal.
    this.exposure = Array.from({ length: K }, () => new Int32Array(0));
    needed.forEach((f, n) => {
      const s = swap[n];
      if (!s) return;
      OPTIONS.forEach((_, o) => {
        const pairs: number[] = [];
        for (let sc = 0; sc < SCENARIOS; sc++)
          if (swapMask[n]! & (1 << sc) && block(s[o]!, sc) !== block(s[3]!, sc))
            pairs.push(block(s[o]!, sc), block(s[3]!, sc));
        this.exposure[f.index * 3 + o] = Int32Array.from(pairs);
      });
    });
    this.planScenarios = planConfig.map((u) => Int32Array.from({ length: SCENARIOS }, (_, sc) => block(u, sc)));
    // Slot j of group g is the (g x GROUP + j)-th needed function; a plan without it adds the zero column.
    this.groups = Math.ceil(needed.length / GROUP);
    const groupColumns = (a: Assignment, at: number, p: number) =>
      Int32Array.from({ length: this.groups * GROUP }, (_, n) => {
        const o = needed[n] && p !== todayPlan ? a[needed[n].index] : null;
        return o ? at + ((n % GROUP) * 3 + OPTIONS.indexOf(o)) * chunk : this.zeroAt;
      });
    this.planCost = plans.map((a, p) => groupColumns(a, this.costAt, p));
    this.planRisk = plans.map((a, p) => groupColumns(a, this.riskAt, p));

    this.costH = Array.from({ length: K }, takeHistogram);
    this.racH = Array.from({ length: K }, takeHistogram);
    this.cheapest = new Float64Array(K);
    this.planH = Array.from({ length: this.P * 3 }, takeHistogram);
    this.planCheapest = new Float64Array(this.P);
    // Column-major: column c of row r at m[c * chunk + r], so filling and summing columns is sequential.
    this.m = new Float64Array(chunk * cols.count);
    // Fixed inputs (and the constant-1 column) are written once; sampled and derived cells are overwritten per chunk.
    cols.specs.forEach((s, col) => {
      if (!s.sampled && s.dist) this.m.fill(distMean(s.dist), col * chunk, (col + 1) * chunk);
    });
  }

  simulate(rows: number): void {
    const { needed, P } = this;
    this.drawInputs(rows);
    this.derived.compute(this.m, this.chunk, rows);
    this.events.fill(this.m, this.chunk, rows);
    this.lossTable.compute(this.m, this.chunk, rows, this.events, this.work, this.lossAt);
    for (let p = 0; p < P; p++) this.startPlan(p, rows);
    if (this.todayPlan >= 0) this.startToday(rows);
    for (let g = 0; g < this.groups; g++) {
      for (let n = g * GROUP; n < Math.min(needed.length, (g + 1) * GROUP); n++)
        this.functionSeries(needed[n]!, n % GROUP, rows);
      for (let p = 0; p < P; p++) this.addGroupToPlan(p, g, rows);
    }
    for (let p = 0; p < P; p++) this.finishPlan(p, rows);
    this.countCheapestPlan(rows);
  }

  private drawInputs(rows: number): void {
    const { draws, drawAt, m } = this;
    for (let i = 0; i < draws.length; i++) draws[i]!.fill(m, drawAt[i]!, rows);
  }

  /** Cost, owned risk and risk-adjusted cost (with exposure) of one needed function's three options, in group slot j. */
  private functionSeries(fi: number, j: number, rows: number): void {
    const { chunk, work, words, m } = this;
    for (let o = 0; o < 3; o++) {
      const k = fi * 3 + o;
      const cost = this.costAt + (j * 3 + o) * chunk;
      const risk = this.riskAt + (j * 3 + o) * chunk;
      const rac = this.racAt + o * chunk;
      this.costTable.evaluate(k, m, chunk, rows, work, cost);
      this.riskTable.evaluate(k, m, chunk, rows, work, risk, this.derived);
      this.costH[k]!.addMany(work, words, cost, rows);
      riskAdjusted(work, rac, risk, cost, this.exposure[k]!, rows);
      this.racH[k]!.addMany(work, words, rac, rows);
    }
    countCheapest(work, this.racAt, chunk, rows, this.cheapest, fi * 3);
  }

  /** A plan's cost starts at 0 and its loss at the sum of its scenario losses. */
  private startPlan(p: number, rows: number): void {
    const cost = this.planAt + p * 3 * this.chunk;
    const loss = cost + this.chunk;
    this.work.fill(0, cost, cost + rows);
    this.work.fill(0, loss, loss + rows);
    addFour(this.work, loss, this.planScenarios[p]!, 0, rows);
  }

  /** Today's plan: its cost is today's cost terms, and its owned risks are added to its scenario losses. */
  private startToday(rows: number): void {
    const { chunk, work, m } = this;
    const cost = this.planAt + this.todayPlan * 3 * chunk;
    const loss = cost + chunk;
    this.todayCost.evaluate(0, m, chunk, rows, work, cost);
    this.todayRisk.evaluate(0, m, chunk, rows, work, this.todayAt, this.derived);
    for (let r = 0; r < rows; r++) work[loss + r] = work[loss + r]! + work[this.todayAt + r]!;
  }

  /** Adds the group's costs to the plan's cost and its owned risks to the plan's loss. */
  private addGroupToPlan(p: number, g: number, rows: number): void {
    const cost = this.planAt + p * 3 * this.chunk;
    addFour(this.work, cost, this.planCost[p]!, g * GROUP, rows);
    addFour(this.work, cost + this.chunk, this.planRisk[p]!, g * GROUP, rows);
  }

  /** A plan's risk-adjusted cost (cost plus loss), and the three histograms. */
  private finishPlan(p: number, rows: number): void {
    const { chunk, work } = this;
    const cost = this.planAt + p * 3 * chunk;
    const loss = cost + chunk;
    const total = loss + chunk;
    for (let r = 0; r < rows; r++) work[total + r] = work[cost + r]! + work[loss + r]!;
    for (let j = 0; j < 3; j++) this.planH[p * 3 + j]!.addMany(work, this.words, cost + j * chunk, rows);
  }

  private countCheapestPlan(rows: number): void {
    const { chunk, work, P } = this;
    if (P === 0) return;
    const at = this.planAt + 2 * chunk;
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let p = 1; p < P; p++) if (work[at + p * 3 * chunk + r]! < work[at + best * 3 * chunk + r]!) best = p;
      this.planCheapest[best]!++;
    }
  }
}

export function runMonteCarlo(model: Model, plans: readonly Assignment[], options: McOptions): McResult {
  const { seed, iterations } = options;
  const chunk = Math.min(options.chunkSize ?? 1024, iterations);
  const kernel = new Kernel(model, plans, seed, chunk, options.todayPlan ?? -1);
  for (let done = 0; done < iterations; done += chunk) {
    const rows = Math.min(chunk, iterations - done);
    kernel.simulate(rows);
    options.onProgress?.(Math.min(1, (done + rows) / iterations));
  }
  const { costH, racH, cheapest, planH, planCheapest } = kernel;
  const fns = model.functions;
  const top = Math.max(1e5, ...plans.map((_, p) => planH[p * 3 + 1]!.quantiles([0.999])[0]!));
  const result: McResult = {
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
  returnHistograms([...costH, ...racH, ...planH]);
  return result;
}
