/**
 * The few distributions the model needs (PERT, lognormal from a 90% interval, Poisson). Everything
 * is sampled by inverse CDF from one uniform of a seeded stream (random.ts), so each input
 * variable consumes exactly one uniform per draw from its own stream: changing one input (an
 * override, a price) never shifts the random numbers any other input sees. That is what makes
 * runs with the same seed comparable draw by draw (common random numbers).
 */
import type { Sfc32 } from './random.ts';

/** How an input is distributed. Money in dollars, rates per year, shares as fractions. */
export type Dist =
  | { kind: 'const'; value: number }
  /** PERT (beta with shape 4), as pyfair and riskquant use for expert estimates. */
  | { kind: 'pert'; min: number; mode: number; max: number }
  /** Lognormal whose 5th and 95th percentiles are low and high (riskquant's fit); optionally capped. */
  | { kind: 'lognormal90'; low: number; high: number; cap?: number }
  /** Lognormal by median and log-spread, used for salaries (BLS p10/p90 ratios give sigma). */
  | { kind: 'lognormalMedian'; median: number; sigma: number }
  | { kind: 'uniform01' };

const Z95 = 1.6448536269514722;

export function lognormalParams(low: number, high: number): { mu: number; sigma: number } {
  return { mu: (Math.log(low) + Math.log(high)) / 2, sigma: (Math.log(high) - Math.log(low)) / (2 * Z95) };
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lowTail = 0.02425;
  if (p < lowTail) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - lowTail) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

const NQ_TABLE = 8192;
const nqTable = (() => {
  const t = new Float64Array(NQ_TABLE + 1);
  for (let i = 1; i < NQ_TABLE; i++) t[i] = normalQuantile(i / NQ_TABLE);
  return t;
})();

/** normalQuantile by table interpolation in the body (error < 1e-6), exact in the outer 1/8192 tails. */
export function normalQuantileFast(p: number): number {
  const x = p * NQ_TABLE;
  if (x < 1 || x >= NQ_TABLE - 1) return normalQuantile(p);
  const i = Math.floor(x);
  return nqTable[i]! + (x - i) * (nqTable[i + 1]! - nqTable[i]!);
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 via erf; error < 1.5e-7), for capped-lognormal means. */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

const PERT_TABLE = 2048;
const PERT_GRID = 8192;

/**
 * Inverse CDF of Beta(alpha, beta) on a table of PERT_TABLE + 1 points, by numerically integrating
 * the density. A table lookup is about ten times faster than gamma-based beta sampling and uses
 * exactly one uniform per draw (see the module comment).
 */
const betaTables = new Map<string, Float64Array>();

function betaInverseTable(alpha: number, beta: number): Float64Array {
  const key = `${alpha},${beta}`;
  const cached = betaTables.get(key);
  if (cached) return cached;
  const table = buildBetaInverseTable(alpha, beta);
  if (betaTables.size < 1000) betaTables.set(key, table);
  return table;
}

/**
 * ln x and ln(1 - x) at the midpoints of the grid: the same for every shape, so a table costs one
 * exponential a point instead of three transcendentals (a run builds some forty tables, and a
 * `tandem assess` process builds them all cold). The values are those computed inline before.
 */
let gridLogs: { x: Float64Array; rest: Float64Array } | null = null;

function betaGridLogs(): { x: Float64Array; rest: Float64Array } {
  if (gridLogs) return gridLogs;
  const x = new Float64Array(PERT_GRID);
  const rest = new Float64Array(PERT_GRID);
  for (let i = 0; i < PERT_GRID; i++) {
    const at = (i + 0.5) / PERT_GRID;
    x[i] = Math.log(at);
    rest[i] = Math.log(1 - at);
  }
  return (gridLogs = { x, rest });
}

/**
 * Two loops in two functions: in one, V8 optimised the first loop while it ran (on-stack
 * replacement) before the second had ever run, then threw that code away on reaching the second,
 * for every table: some forty deoptimisations in a fresh `tandem assess` process.
 */
function buildBetaInverseTable(alpha: number, beta: number): Float64Array {
  const cdf = betaCdfOnGrid(alpha, beta);
  return invertCdf(cdf, cdf[PERT_GRID]!);
}

/** The unnormalised CDF of Beta(alpha, beta) at the PERT_GRID + 1 grid points (midpoint rule). */
function betaCdfOnGrid(alpha: number, beta: number): Float64Array {
  const cdf = new Float64Array(PERT_GRID + 1);
  const logs = betaGridLogs();
  const a = alpha - 1;
  const b = beta - 1;
  let total = 0;
  for (let i = 0; i < PERT_GRID; i++) {
    total += Math.exp(a * logs.x[i]! + b * logs.rest[i]!);
    cdf[i + 1] = total;
  }
  return cdf;
}

/** The quantiles k / PERT_TABLE of the grid's CDF (total at its end), by linear interpolation. */
function invertCdf(cdf: Float64Array, total: number): Float64Array {
  const table = new Float64Array(PERT_TABLE + 1);
  let j = 0;
  for (let k = 0; k <= PERT_TABLE; k++) {
    const target = (k / PERT_TABLE) * total;
    while (j < PERT_GRID && cdf[j + 1]! < target) j++;
    const lo = cdf[j]!;
    const hi = cdf[Math.min(j + 1, PERT_GRID)]!;
    const frac = hi > lo ? (target - lo) / (hi - lo) : 0;
    table[k] = Math.min(1, (j + frac) / PERT_GRID);
  }
  table[0] = 0;
  table[PERT_TABLE] = 1;
  return table;
}

function pertShape(min: number, mode: number, max: number): { alpha: number; beta: number } {
  const span = max - min;
  return { alpha: 1 + (4 * (mode - min)) / span, beta: 1 + (4 * (max - mode)) / span };
}

function tableLookup(table: Float64Array, u: number): number {
  const x = u * PERT_TABLE;
  const i = Math.min(PERT_TABLE - 1, Math.floor(x));
  const f = x - i;
  return table[i]! + f * (table[i + 1]! - table[i]!);
}

/** Turns one uniform in (0, 1) into a draw. Built once per run, called once per sample. */
export type Sampler = (u: number) => number;

export function samplerFor(dist: Dist): Sampler {
  switch (dist.kind) {
    case 'const': {
      const v = dist.value;
      return () => v;
    }
    case 'uniform01':
      return (u) => u;
    case 'pert': {
      const { min, max } = dist;
      if (max <= min) return () => min;
      const { alpha, beta } = pertShape(min, dist.mode, max);
      const table = betaInverseTable(alpha, beta);
      const span = max - min;
      return (u) => min + span * tableLookup(table, u);
    }
    case 'lognormal90': {
      const { mu, sigma } = lognormalParams(dist.low, dist.high);
      const cap = dist.cap ?? Infinity;
      return (u) => Math.min(cap, Math.exp(mu + sigma * normalQuantileFast(u)));
    }
    case 'lognormalMedian': {
      const mu = Math.log(dist.median);
      const sigma = dist.sigma;
      return (u) => Math.exp(mu + sigma * normalQuantileFast(u));
    }
  }
}

/**
 * Expected values by distribution object. Models take every column's mean two or three times, and
 * the break-even search's 28 models share their defaults' distribution objects; a capped lognormal
 * costs two logarithms and three exponentials, which a fresh `tandem assess` process runs cold
 * (a fifth of its break-even search). Distributions are never changed once made.
 */
const means = new WeakMap<Dist, number>();

export function distMean(dist: Dist): number {
  if (dist.kind === 'const') return dist.value;
  let mean = means.get(dist);
  if (mean === undefined) {
    mean = computeMean(dist);
    means.set(dist, mean);
  }
  return mean;
}

function computeMean(dist: Dist): number {
  switch (dist.kind) {
    case 'const':
      return dist.value;
    case 'uniform01':
      return 0.5;
    case 'pert':
      return (dist.min + 4 * dist.mode + dist.max) / 6;
    case 'lognormalMedian':
      return dist.median * Math.exp((dist.sigma * dist.sigma) / 2);
    case 'lognormal90': {
      const { mu, sigma } = lognormalParams(dist.low, dist.high);
      const mean = Math.exp(mu + (sigma * sigma) / 2);
      if (dist.cap === undefined) return mean;
      // E[min(X, c)] = e^(mu + s^2/2) Phi((ln c - mu - s^2)/s) + c (1 - Phi((ln c - mu)/s)).
      const lc = Math.log(dist.cap);
      return mean * normalCdf((lc - mu - sigma * sigma) / sigma) + dist.cap * (1 - normalCdf((lc - mu) / sigma));
    }
  }
}

/** The p-quantile, used for the tornado's low and high swings. */
export function distQuantile(dist: Dist, p: number): number {
  if (dist.kind === 'pert' && dist.max > dist.min) {
    const { alpha, beta } = pertShape(dist.min, dist.mode, dist.max);
    return dist.min + (dist.max - dist.min) * tableLookup(betaInverseTable(alpha, beta), p);
  }
  return samplerFor(dist)(p);
}

export function isRandom(dist: Dist): boolean {
  if (dist.kind === 'const') return false;
  if (dist.kind === 'pert') return dist.max > dist.min;
  if (dist.kind === 'lognormalMedian') return dist.sigma > 0;
  return true;
}

/** Poisson by sequential inverse CDF: exact, one uniform per draw, fast for the small rates used here. */
export function poissonInverse(u: number, lambda: number): number {
  if (lambda <= 0) return 0;
  let p = Math.exp(-lambda);
  let cdf = p;
  let k = 0;
  while (u > cdf && k < 1000) {
    k++;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

/** Scales a distribution (used to raise or lower prices in property tests and break-even search). */
export function scaleDist(dist: Dist, factor: number): Dist {
  switch (dist.kind) {
    case 'const':
      return { kind: 'const', value: dist.value * factor };
    case 'pert':
      return { kind: 'pert', min: dist.min * factor, mode: dist.mode * factor, max: dist.max * factor };
    case 'lognormal90':
      return {
        ...dist,
        low: dist.low * factor,
        high: dist.high * factor,
        ...(dist.cap === undefined ? {} : { cap: dist.cap * factor }),
      };
    case 'lognormalMedian':
      return { ...dist, median: dist.median * factor };
    case 'uniform01':
      return dist;
  }
}

/**
 * Inverse-transform tables of one simulation, by distribution: inputs with the same distribution
 * (the salary spread of every role) share one table, so the draws read less memory (the tables of
 * a run are over a megabyte, more than the cache they compete for) and build fewer tables.
 */
export type TableCache = Map<string, Float64Array>;

/**
 * Tables kept across runs as well (at most TABLES_KEPT: the profiles of one server repeat their
 * distributions, and a lognormal table is 8,191 exponentials), so a second assessment builds none.
 */
const keptTables = new Map<string, Float64Array>();
const TABLES_KEPT = 256;

function sharedTable(tables: TableCache, key: string, build: () => Float64Array): Float64Array {
  let table = tables.get(key) ?? keptTables.get(key);
  if (!table) {
    table = build();
    if (keptTables.size < TABLES_KEPT) keptTables.set(key, table);
  }
  tables.set(key, table);
  return table;
}

/**
 * Turns uniforms into draws of one distribution, in place. The switch on the distribution is
 * outside the loop, so the hot loop has no indirect call (closures per distribution made the call
 * site megamorphic and cost about 20 ns a draw). Used for input columns (stride 1) and for the
 * per-event draws of the loss scenarios (stride = values per event).
 */
export class InverseTransform {
  private readonly table: Float64Array | null = null;
  private readonly logTable: Float64Array | null = null;
  private readonly a: number = 0;
  private readonly span: number = 0;
  private readonly cap: number = Infinity;
  /** For a fixed distribution: its value; NaN when draws vary. */
  private readonly fixed: number = NaN;
  /** uniform01 draws are the uniforms themselves. */
  readonly identity: boolean;

  constructor(dist: Dist, tables: TableCache = new Map()) {
    this.identity = dist.kind === 'uniform01';
    if (dist.kind === 'pert' && dist.max > dist.min) {
      const { min, mode, max } = dist;
      const { alpha, beta } = pertShape(min, mode, max);
      // The table scaled to the distribution's range once, so a draw is one interpolation.
      this.table = sharedTable(tables, `pert:${min},${mode},${max}`, () => {
        // A loop rather than map with a callback: forty of these per run.
        const unit = betaInverseTable(alpha, beta);
        const table = new Float64Array(unit.length);
        for (let i = 0; i < unit.length; i++) table[i] = min + (max - min) * unit[i]!;
        return table;
      });
    } else if (dist.kind === 'lognormal90' || dist.kind === 'lognormalMedian') {
      if (dist.kind === 'lognormal90') {
        const { mu, sigma } = lognormalParams(dist.low, dist.high);
        this.a = mu;
        this.span = sigma;
        this.cap = dist.cap ?? Infinity;
      } else {
        this.a = Math.log(dist.median);
        this.span = dist.sigma;
      }
      const { a, span, cap } = this;
      this.logTable = sharedTable(tables, `log:${a},${span},${cap}`, () => {
        const table = new Float64Array(NQ_TABLE + 1);
        for (let i = 1; i < NQ_TABLE; i++) table[i] = Math.min(cap, Math.exp(a + span * nqTable[i]!));
        return table;
      });
    } else if (!this.identity) this.fixed = distMean(dist);
  }

  /** n draws from rng into out[off...]: the same values as rng.fill then apply, in one pass. */
  draw(rng: Sfc32, out: Float64Array, off: number, n: number): void {
    if (this.table) rng.fillLookup(out, off, n, this.table, PERT_TABLE, null);
    else if (this.logTable) rng.fillLookup(out, off, n, this.logTable, NQ_TABLE, this.tail);
    else {
      rng.fill(out, off, n);
      this.apply(out, off, n, 1);
    }
  }

  /** A lognormal draw in the outer 1/8192 tails, computed exactly. */
  private readonly tail = (u: number): number => Math.min(this.cap, Math.exp(this.a + this.span * normalQuantile(u)));

  /** Transforms out[off], out[off + stride], ... (n values) from uniforms in (0, 1) to draws. */
  apply(out: Float64Array, off: number, n: number, stride: number): void {
    const end = off + n * stride;
    if (this.table) {
      const table = this.table;
      for (let i = off; i < end; i += stride) {
        // u is in (0, 1), so x is in (0, PERT_TABLE) and j + 1 stays in the table.
        const x = out[i]! * PERT_TABLE;
        const j = x | 0;
        const lo = table[j]!;
        out[i] = lo + (x - j) * (table[j + 1]! - lo);
      }
    } else if (this.logTable) {
      // Lognormal by table in the body (no exp per draw), exact in the outer 1/8192 tails.
      const t = this.logTable;
      for (let i = off; i < end; i += stride) {
        const x = out[i]! * NQ_TABLE;
        if (x < 1 || x >= NQ_TABLE - 1) out[i] = this.tail(out[i]!);
        else {
          const j = Math.floor(x);
          out[i] = t[j]! + (x - j) * (t[j + 1]! - t[j]!);
        }
      }
    } else if (!this.identity) {
      for (let i = off; i < end; i += stride) out[i] = this.fixed;
    }
  }
}

/** Fills one column of a chunk of rows from its own stream: one uniform per draw. */
export class ColumnDraw {
  private readonly transform: InverseTransform;

  constructor(
    dist: Dist,
    private readonly rng: Sfc32,
    tables?: TableCache,
  ) {
    this.transform = new InverseTransform(dist, tables);
  }

  /** Fills out[off ... off + rows). */
  fill(out: Float64Array, off: number, rows: number): void {
    this.transform.draw(this.rng, out, off, rows);
  }
}
