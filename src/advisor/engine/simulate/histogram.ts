/**
 * A log-scale histogram for non-negative dollar amounts, in the style of HdrHistogram: the bin is
 * read straight from the bits of the float64 (exponent plus the top 8 mantissa bits), so adding a
 * value costs a few integer operations and no logarithm. Bins are at most 0.4% wide relative to
 * their value, and quantiles interpolate inside a bin, so percentiles are far more precise than
 * the 1% the model needs, with memory that does not grow with the number of iterations.
 * 36 KB per histogram keeps a hundred of them in cache; values are added a chunk at a time.
 */

const MANTISSA_BITS = 8;
const BINS_PER_OCTAVE = 1 << MANTISSA_BITS;
/** Octaves from $1 to 2^36 (about $69 billion); larger values land in the overflow bin. */
const OCTAVES = 36;
const BIN_COUNT = OCTAVES * BINS_PER_OCTAVE;

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
// The high word of a float64 is the second uint32 on little-endian machines (x86, ARM).
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

function binLow(bin: number): number {
  const octave = Math.floor(bin / BINS_PER_OCTAVE);
  return 2 ** octave * (1 + (bin % BINS_PER_OCTAVE) / BINS_PER_OCTAVE);
}

function binWidth(bin: number): number {
  return 2 ** Math.floor(bin / BINS_PER_OCTAVE) / BINS_PER_OCTAVE;
}

export class LogHistogram {
  readonly counts = new Uint32Array(BIN_COUNT);
  /** Values below $1, treated as zero. */
  zero = 0;
  overflow = 0;
  n = 0;
  sum = 0;
  max = 0;

  add(value: number): void {
    this.n++;
    this.sum += value;
    if (value > this.max) this.max = value;
    if (!(value >= 1)) {
      this.zero++;
      return;
    }
    scratch[0] = value;
    const hi = scratchWords[HIGH]!;
    const octave = (hi >>> 20) - 1023;
    if (octave >= OCTAVES) {
      this.overflow++;
      return;
    }
    this.counts[octave * BINS_PER_OCTAVE + ((hi >>> (20 - MANTISSA_BITS)) & (BINS_PER_OCTAVE - 1))]!++;
  }

  /**
   * Adds values[off ... off + n). `words` is a Uint32Array view of the same buffer, so the bin is
   * read from the value's high word without a scratch copy; one histogram at a time keeps its
   * bins in cache.
   */
  addMany(values: Float64Array, words: Uint32Array, off: number, n: number): void {
    const counts = this.counts;
    let sum = this.sum;
    let max = this.max;
    const base = (1023 << MANTISSA_BITS) | 0;
    for (let i = off, end = off + n; i < end; i++) {
      const v = values[i]!;
      sum += v;
      if (v > max) max = v;
      // Exponent and top mantissa bits of the float64, minus the exponent of 1.0. Below $1 (and
      // NaN or negative) the bin is out of range as an unsigned number, like overflow: one test
      // for the common case, and the rare cases told apart after it.
      const bin = (words[2 * i + HIGH]! >>> (20 - MANTISSA_BITS)) - base;
      if (bin >>> 0 < BIN_COUNT) counts[bin]!++;
      else if (v >= 1) this.overflow++;
      else this.zero++;
    }
    this.n += n;
    this.sum = sum;
    this.max = max;
  }

  /** Empty again, as a new histogram. */
  clear(): void {
    this.counts.fill(0);
    this.zero = 0;
    this.overflow = 0;
    this.n = 0;
    this.sum = 0;
    this.max = 0;
  }

  mean(): number {
    return this.n === 0 ? 0 : this.sum / this.n;
  }

  /** Several quantiles in one pass; ps must be ascending. */
  quantiles(ps: readonly number[]): number[] {
    const out: number[] = [];
    let k = 0;
    let cumulative = this.zero;
    const target = (p: number) => p * this.n;
    while (k < ps.length && target(ps[k]!) <= cumulative) {
      out.push(0);
      k++;
    }
    for (let bin = 0; bin < BIN_COUNT && k < ps.length; bin++) {
      const count = this.counts[bin]!;
      if (count === 0) continue;
      while (k < ps.length && target(ps[k]!) <= cumulative + count) {
        const within = (target(ps[k]!) - cumulative) / count;
        out.push(binLow(bin) + within * binWidth(bin));
        k++;
      }
      cumulative += count;
    }
    while (k < ps.length) {
      out.push(this.max);
      k++;
    }
    return out;
  }

  /** Share of values strictly above x, interpolating inside x's bin. */
  exceedance(x: number): number {
    return this.exceedances([x])[0]!;
  }

  /**
   * exceedance of each x, with the counts above each bin added up once (the loss-exceedance curve
   * asks for 31 points; adding up the bins above each point was a millisecond per assessment).
   * Counts are whole numbers, so the sums are exact in any order.
   */
  exceedances(xs: readonly number[]): number[] {
    const above = new Float64Array(BIN_COUNT + 1);
    for (let bin = BIN_COUNT - 1; bin >= 0; bin--) above[bin] = above[bin + 1]! + this.counts[bin]!;
    return xs.map((x) => {
      if (this.n === 0) return 0;
      if (x < 1) return (this.n - this.zero) / this.n;
      scratch[0] = x;
      const hi = scratchWords[HIGH]!;
      const octave = (hi >>> 20) - 1023;
      if (octave >= OCTAVES) return this.overflow / this.n;
      const first = octave * BINS_PER_OCTAVE + ((hi >>> (20 - MANTISSA_BITS)) & (BINS_PER_OCTAVE - 1));
      const partial = (binLow(first) + binWidth(first) - x) / binWidth(first);
      return (this.overflow + above[first + 1]! + this.counts[first]! * Math.max(0, Math.min(1, partial))) / this.n;
    });
  }
}

/**
 * Histograms of finished runs, handed out again cleared: an assessment uses about a hundred (3.6 MB
 * of counts), and allocating them afresh was a twentieth of a run (typed-array allocation and the
 * garbage collections its external memory brings on). Runs are synchronous, so none is shared.
 */
const spare: LogHistogram[] = [];
const SPARE_MAX = 512;

export function takeHistogram(): LogHistogram {
  const h = spare.pop();
  if (!h) return new LogHistogram();
  h.clear();
  return h;
}

/** Gives histograms back once nothing reads them any more. */
export function returnHistograms(histograms: readonly LogHistogram[]): void {
  for (const h of histograms) if (spare.length < SPARE_MAX) spare.push(h);
}
