/**
 * Seeded random numbers: one independent stream per (seed, name), so each input variable and each
 * loss scenario draws from its own stream and the same seed gives the same draws (see
 * distributions.ts for why that matters). Used by the samplers and the Monte Carlo kernel.
 */

/** 2^-32: multiplying by it is exact, like dividing by 2^32, and much faster than a division. */
const TWO_TO_MINUS_32 = 1 / 4294967296;

/** sfc32 (Chris Doty-Humphrey's small fast counting generator): 128-bit state, passes PractRand. */
export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: string) {
    const [a, b, c, d] = hashSeed(seed, stream);
    // Keep the state as int32 from the start: uint32 values above 2^31 would make V8 box them as doubles.
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    // The first outputs of a freshly seeded sfc32 are poorly mixed; discard them.
    for (let i = 0; i < 15; i++) this.nextU32();
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform in the open interval (0, 1): never exactly 0 or 1, so quantile functions stay finite. */
  next(): number {
    return (this.nextU32() + 0.5) * TWO_TO_MINUS_32;
  }

  /** n uniforms into out[off...]: the same sequence as n calls to next(), with the state kept in locals. */
  fill(out: Float64Array, off: number, n: number): void {
    // `| 0` makes V8 keep the loop variables as int32 rather than boxed doubles (4x faster).
    let a = this.a | 0;
    let b = this.b | 0;
    let c = this.c | 0;
    let d = this.d | 0;
    for (let i = 0; i < n; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      out[off + i] = ((t >>> 0) + 0.5) * TWO_TO_MINUS_32;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /**
   * n draws into out[off...] by linear interpolation in table (size + 1 points over (0, 1)): the
   * uniforms of fill(), each looked up as it is drawn rather than in a second pass over out. When
   * `tail` is given, a uniform in the outer cells (x < 1 or x >= size - 1) is passed to it instead.
   */
  fillLookup(
    out: Float64Array,
    off: number,
    n: number,
    table: Float64Array,
    size: number,
    tail: ((u: number) => number) | null,
  ): void {
    let a = this.a | 0;
    let b = this.b | 0;
    let c = this.c | 0;
    let d = this.d | 0;
    for (let i = 0; i < n; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      const u = ((t >>> 0) + 0.5) * TWO_TO_MINUS_32;
      const x = u * size;
      if (tail !== null && (x < 1 || x >= size - 1)) out[off + i] = tail(u);
      else {
        // u is in (0, 1), so x is in (0, size) and j + 1 stays in the table.
        const j = x | 0;
        const lo = table[j]!;
        out[off + i] = lo + (x - j) * (table[j + 1]! - lo);
      }
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }
}

/** cyrb128: spreads (seed, stream name) over four 32-bit words. */
function hashSeed(seed: number, stream: string): [number, number, number, number] {
  const text = `${seed >>> 0}:${Math.floor(seed / 4294967296)}:${stream}`;
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}
