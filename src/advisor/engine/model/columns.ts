/**
 * The model's inputs as numbered columns. A sample is one row: the Monte Carlo kernel fills a
 * chunk of rows, the point model uses one row holding expected values. Costs and risks are sums
 * of `Term`s, products of a coefficient and up to three columns, so the same terms give the
 * exact expectation (all columns in one product are independent) and every simulated year.
 */
import { distMean, type Dist } from '../distributions.ts';

export interface Term {
  coef: number;
  /** Column indices; unused slots point at the constant-1 column. */
  cols: [number, number, number];
}

export interface DerivedSpec {
  target: number;
  terms: Term[];
  /** When set: in a sample the value is 1 if this uniform column is below the terms' sum, else 0; in expectation, the sum. */
  indicatorOf?: number;
}

export interface ColumnSpec {
  id: string;
  dist: Dist | null;
  /** Drawn per sample; false for constants, derived columns and per-event variables. */
  sampled: boolean;
}

export class Columns {
  readonly specs: ColumnSpec[] = [];
  readonly derived: DerivedSpec[] = [];
  private readonly byId = new Map<string, number>();
  readonly one: number;

  constructor() {
    this.one = this.add('one', { kind: 'const', value: 1 }, false);
  }

  get count(): number {
    return this.specs.length;
  }

  add(id: string, dist: Dist | null, sampled: boolean): number {
    const existing = this.byId.get(id);
    if (existing !== undefined) return existing;
    this.specs.push({ id, dist, sampled });
    this.byId.set(id, this.specs.length - 1);
    return this.specs.length - 1;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  index(id: string): number {
    const i = this.byId.get(id);
    if (i === undefined) throw new Error(`unknown column ${id}`);
    return i;
  }

  derive(id: string, terms: Term[], indicatorOf?: number): number {
    const target = this.add(id, null, false);
    this.derived.push({ target, terms, ...(indicatorOf === undefined ? {} : { indicatorOf }) });
    return target;
  }

  /**
   * Marks the columns that the given ones need: themselves and, through derived columns, what those
   * are computed from. A simulation draws and derives only these (each column has its own random
   * stream, so leaving one out changes no other).
   */
  needed(roots: Iterable<number>): Uint8Array {
    const need = new Uint8Array(this.count);
    for (const c of roots) need[c] = 1;
    // A derived column reads only columns that existed when it was declared, so one pass back suffices.
    for (let i = this.derived.length - 1; i >= 0; i--) {
      const d = this.derived[i]!;
      if (!need[d.target]) continue;
      for (const t of d.terms) for (const c of t.cols) need[c] = 1;
      if (d.indicatorOf !== undefined) need[d.indicatorOf] = 1;
    }
    return need;
  }

  /** A row of expected values: base columns at their means, derived columns in expectation. */
  means(): Float64Array {
    const row = new Float64Array(this.count);
    this.specs.forEach((s, i) => {
      row[i] = s.dist ? distMean(s.dist) : 0;
    });
    this.computeDerived(row, 0, true);
    return row;
  }

  /** Fills derived columns of the row at `base`, in declaration order (later ones may use earlier ones). */
  computeDerived(m: Float64Array, base: number, expectation: boolean): void {
    for (const d of this.derived) {
      let sum = 0;
      for (const t of d.terms) sum += t.coef * m[base + t.cols[0]]! * m[base + t.cols[1]]! * m[base + t.cols[2]]!;
      m[base + d.target] = d.indicatorOf === undefined || expectation ? sum : m[base + d.indicatorOf]! < sum ? 1 : 0;
    }
  }
}

/** Per indicator column, the rows of the current chunk where it is 1 (list[col][0 ... count[col])); null for other columns. */
export interface ActiveRows {
  readonly list: readonly (Int32Array | null)[];
  readonly count: Int32Array;
}

/**
 * computeDerived for a column-major chunk (column c of row r at m[c * stride + r]), with the
 * terms compiled once into passes (TermTable, unmerged: the same sums in the same order).
 */
export class DerivedColumns implements ActiveRows {
  private readonly table: TermTable;
  private readonly target: Int32Array;
  /** The uniform column of an indicator, or -1. */
  private readonly indicator: Int32Array;
  /** 1 when an indicator's terms are those of the indicator before it: its sum is still in `sum`. */
  private readonly sameSum: Uint8Array;
  /** An indicator's sum before it becomes 0 or 1 (a column of the chunk). */
  private readonly sum: Float64Array;
  readonly list: (Int32Array | null)[];
  readonly count: Int32Array;

  /** Only the derived columns marked in `need` (Columns.needed) are computed. */
  constructor(cols: Columns, need: Uint8Array, stride: number) {
    const derived = cols.derived.filter((d) => need[d.target]);
    this.table = new TermTable(
      derived.map((d) => d.terms),
      cols.one,
      false,
    );
    this.target = Int32Array.from(derived.map((d) => d.target));
    this.indicator = Int32Array.from(derived.map((d) => d.indicatorOf ?? -1));
    // Key-person events: one per function, all with the same chance (turnover plus long absence).
    const key = (d: DerivedSpec) => JSON.stringify(d.terms);
    this.sameSum = Uint8Array.from(
      derived.map((d, i) => {
        const before = derived[i - 1];
        return Number(d.indicatorOf !== undefined && before?.indicatorOf !== undefined && key(before) === key(d));
      }),
    );
    this.sum = new Float64Array(stride);
    this.list = cols.specs.map((_, col) =>
      derived.some((d) => d.target === col && d.indicatorOf !== undefined) ? new Int32Array(stride) : null,
    );
    this.count = new Int32Array(cols.count);
  }

  /** Fills the derived columns of rows 0 ... rows - 1, in declaration order (later ones may use earlier ones). */
  compute(m: Float64Array, stride: number, rows: number): void {
    const sum = this.sum;
    for (let i = 0; i < this.target.length; i++) {
      const target = this.target[i]! * stride;
      if (this.indicator[i]! < 0) {
        this.table.evaluate(i, m, stride, rows, m, target);
        continue;
      }
      if (!this.sameSum[i]) this.table.evaluate(i, m, stride, rows, sum, 0);
      const u = this.indicator[i]! * stride;
      const list = this.list[this.target[i]!]!;
      let n = 0;
      // 1 or 0 without a branch (the event happens at random, in one year in five or so), and the rows with a 1 listed.
      for (let r = 0; r < rows; r++) {
        const event = Number(m[u + r]! < sum[r]!);
        m[target + r] = event;
        list[n] = r;
        n += event;
      }
      this.count[this.target[i]!] = n;
    }
  }
}

/** Adds up terms that use the same columns (salary, benefits and taxes on one salary column become one term). */
export function mergeTerms(terms: readonly Term[]): Term[] {
  const byCols = new Map<string, Term>();
  for (const t of terms) {
    const cols = [...t.cols].sort((a, b) => a - b) as [number, number, number];
    const key = cols.join(',');
    const found = byCols.get(key);
    if (found) found.coef += t.coef;
    else byCols.set(key, { coef: t.coef, cols });
  }
  return [...byCols.values()].filter((t) => t.coef !== 0);
}

export function termValue(t: Term, m: Float64Array, base: number): number {
  return t.coef * m[base + t.cols[0]]! * m[base + t.cols[1]]! * m[base + t.cols[2]]!;
}

export function sumTerms(terms: readonly Term[], m: Float64Array, base: number): number {
  let sum = 0;
  for (const t of terms) sum += termValue(t, m, base);
  return sum;
}

/** Builds a term from a coefficient and 0-3 columns, padding with the constant column. */
export function term(cols: Columns, coef: number, ...use: number[]): Term {
  const one = cols.one;
  return { coef, cols: [use[0] ?? one, use[1] ?? one, use[2] ?? one] };
}

/** Terms added per pass over the rows. */
const PASS = 4;
/** The kind of a pass of one term with an indicator column (see TermTable). */
const SPARSE = 4;

/**
 * Sums of terms (one series each) compiled into passes over a column-major chunk. A pass adds up to four terms:
 * one read and write of the output per term cost as much as the term itself (V8 does not
 * vectorise). The terms of a pass are added left to right, exactly as one pass per term would add
 * them, and the padding is exact too (x * 1 = x for a missing column, 0 * 1 * 1 = +0 for a missing
 * term, and an output that starts at +0 or a nonzero constant is never -0), so the sums do not
 * change.
 */
export class TermTable {
  /** Per series: its constant term (or 0) and its passes passStart[k] ... passStart[k + 1] - 1. */
  private readonly constant: Float64Array;
  private readonly passStart: Int32Array;
  /**
   * Per pass: 1 (terms c * m[a]), 2 (c * m[a] * m[b]), 3 (one term c * m[a] * m[b] * m[d]) or
   * SPARSE (one term with an indicator column); and its term count.
   */
  private readonly kind: Int8Array;
  private readonly count: Int8Array;
  /** Per SPARSE pass, the indicator column (else -1). */
  private readonly indicator: Int32Array;
  /** Per pass, PASS slots each: coefficient and columns (padded with the constant-1 column). */
  private readonly coef: Float64Array;
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  private readonly d: Int32Array;

  /**
   * merge: add up terms on the same columns and sort them by width (the Monte Carlo series); false
   * keeps each series' terms and their order, so the sums are those of computeDerived.
   * indicators: columns that are 0 or 1 (events) with their rows listed (ActiveRows); a term
   * with one is added only in the rows where it is 1. Elsewhere the term is 0 (its other columns
   * are finite), and x + 0 = x, so the sums are the same.
   */
  constructor(series: readonly (readonly Term[])[], one: number, merge: boolean, indicators: Uint8Array | null = null) {
    // Multiplying by the constant-1 column is exact, so dropping it leaves every product unchanged.
    const real = (t: Term) => t.cols.filter((c) => c !== one);
    const sparse = (t: Term) => (indicators ? real(t).find((c) => indicators[c]) : undefined);
    const passes: { kind: number; terms: Term[] }[] = [];
    this.constant = new Float64Array(series.length);
    this.passStart = new Int32Array(series.length + 1);
    series.forEach((terms, k) => {
      this.passStart[k] = passes.length;
      const list = merge ? mergeTerms(terms).sort((x, y) => real(x).length - real(y).length) : [...terms];
      // Sorted by width, a constant term (all merged into one) comes first: the column starts at it.
      if (merge && list.length > 0 && real(list[0]!).length === 0) this.constant[k] = list.shift()!.coef;
      // Unmerged series keep their order, so a three-column term may only come last (none do).
      const three = list.filter((t) => real(t).length === 3);
      const rest = list.filter((t) => real(t).length < 3);
      if (!merge && three.some((t) => list.indexOf(t) < rest.length))
        throw new Error('three-column terms must come last in an unmerged series');
      // Runs of terms in order: each term with an indicator a pass of its own, the others in passes of 4, 2 and 1.
      let run: Term[] = [];
      const flush = () => {
        for (let i = 0; i < run.length;) {
          const n = Math.min(PASS, run.length - i) === 1 ? 1 : Math.min(PASS, run.length - i) === 2 ? 2 : PASS;
          const group = run.slice(i, i + n);
          passes.push({ kind: Math.max(1, ...group.map((t) => real(t).length)), terms: group });
          i += n;
        }
        run = [];
      };
      for (const t of rest) {
        if (sparse(t) === undefined) run.push(t);
        else {
          flush();
          passes.push({ kind: SPARSE, terms: [t] });
        }
      }
      flush();
      for (const t of three) passes.push({ kind: sparse(t) === undefined ? 3 : SPARSE, terms: [t] });
    });
    this.passStart[series.length] = passes.length;
    this.kind = Int8Array.from(passes.map((p) => p.kind));
    this.count = Int8Array.from(passes.map((p) => p.terms.length));
    this.indicator = Int32Array.from(passes.map((p) => (p.kind === SPARSE ? sparse(p.terms[0]!)! : -1)));
    this.coef = new Float64Array(passes.length * PASS);
    this.a = new Int32Array(passes.length * PASS).fill(one);
    this.b = new Int32Array(passes.length * PASS).fill(one);
    this.d = new Int32Array(passes.length * PASS).fill(one);
    passes.forEach((p, q) =>
      p.terms.forEach((t, i) => {
        const cols = real(t);
        this.coef[q * PASS + i] = t.coef;
        if (cols[0] !== undefined) this.a[q * PASS + i] = cols[0];
        if (cols[1] !== undefined) this.b[q * PASS + i] = cols[1];
        if (cols[2] !== undefined) this.d[q * PASS + i] = cols[2];
      }),
    );
  }

  /**
   * out[off + r] = series k's value for each row r of a column-major chunk (column c of row r at
   * m[c * stride + r]); active lists the rows of the indicator columns (needed when there are any).
   */
  evaluate(
    k: number,
    m: Float64Array,
    stride: number,
    rows: number,
    out: Float64Array,
    off: number,
    active: ActiveRows | null = null,
  ): void {
    out.fill(this.constant[k]!, off, off + rows);
    for (let q = this.passStart[k]!, end = this.passStart[k + 1]!; q < end; q++) {
      const kind = this.kind[q]!;
      if (kind === 1) this.addOneColumn(q, m, stride, rows, out, off);
      else if (kind === 2) this.addTwoColumns(q, m, stride, rows, out, off);
      else this.addOneTerm(q, m, stride, rows, out, off, active);
    }
  }

  /** Pass q: terms c * m[a]. */
  private addOneColumn(q: number, m: Float64Array, stride: number, rows: number, out: Float64Array, off: number): void {
    const { coef, a } = this;
    const j = q * PASS;
    const n = this.count[q]!;
    const a0 = a[j]! * stride;
    const c0 = coef[j]!;
    if (n === 1) {
      for (let r = 0; r < rows; r++) out[off + r] = out[off + r]! + c0 * m[a0 + r]!;
      return;
    }
    const a1 = a[j + 1]! * stride;
    const c1 = coef[j + 1]!;
    if (n === 2) {
      for (let r = 0; r < rows; r++) out[off + r] = out[off + r]! + c0 * m[a0 + r]! + c1 * m[a1 + r]!;
      return;
    }
    const a2 = a[j + 2]! * stride;
    const a3 = a[j + 3]! * stride;
    const c2 = coef[j + 2]!;
    const c3 = coef[j + 3]!;
    for (let r = 0; r < rows; r++)
      out[off + r] = out[off + r]! + c0 * m[a0 + r]! + c1 * m[a1 + r]! + c2 * m[a2 + r]! + c3 * m[a3 + r]!;
  }

  /** Pass q: terms c * m[a] * m[b]. */
  private addTwoColumns(
    q: number,
    m: Float64Array,
    stride: number,
    rows: number,
    out: Float64Array,
    off: number,
  ): void {
    const { coef, a, b } = this;
    const j = q * PASS;
    const n = this.count[q]!;
    const a0 = a[j]! * stride;
    const b0 = b[j]! * stride;
    const c0 = coef[j]!;
    if (n === 1) {
      for (let r = 0; r < rows; r++) out[off + r] = out[off + r]! + c0 * m[a0 + r]! * m[b0 + r]!;
      return;
    }
    const a1 = a[j + 1]! * stride;
    const b1 = b[j + 1]! * stride;
    const c1 = coef[j + 1]!;
    if (n === 2) {
      for (let r = 0; r < rows; r++)
        out[off + r] = out[off + r]! + c0 * m[a0 + r]! * m[b0 + r]! + c1 * m[a1 + r]! * m[b1 + r]!;
      return;
    }
    const a2 = a[j + 2]! * stride;
    const b2 = b[j + 2]! * stride;
    const a3 = a[j + 3]! * stride;
    const b3 = b[j + 3]! * stride;
    const c2 = coef[j + 2]!;
    const c3 = coef[j + 3]!;
    for (let r = 0; r < rows; r++)
      out[off + r] =
        out[off + r]! +
        c0 * m[a0 + r]! * m[b0 + r]! +
        c1 * m[a1 + r]! * m[b1 + r]! +
        c2 * m[a2 + r]! * m[b2 + r]! +
        c3 * m[a3 + r]! * m[b3 + r]!;
  }

  /**
   * Pass q: one term c * m[a] * m[b] * m[d], in every row (a three-column term: none in the shipped
   * catalog, kept for completeness) or, for a SPARSE pass, in the rows where its indicator is 1.
   */
  private addOneTerm(
    q: number,
    m: Float64Array,
    stride: number,
    rows: number,
    out: Float64Array,
    off: number,
    active: ActiveRows | null,
  ): void {
    const j = q * PASS;
    const c = this.coef[j]!;
    const a = this.a[j]! * stride;
    const b = this.b[j]! * stride;
    const d = this.d[j]! * stride;
    if (this.kind[q] !== SPARSE) {
      for (let r = 0; r < rows; r++) out[off + r] = out[off + r]! + c * m[a + r]! * m[b + r]! * m[d + r]!;
      return;
    }
    const list = active!.list[this.indicator[q]!]!;
    const n = active!.count[this.indicator[q]!]!;
    for (let i = 0; i < n; i++) {
      const r = list[i]!;
      out[off + r] = out[off + r]! + c * m[a + r]! * m[b + r]! * m[d + r]!;
    }
  }
}
