/**
 * The model's inputs as numbered columns. A sample is one row: the Monte Carlo kernel fills a
 * chunk of rows, the point model uses one row holding expected values. Costs and risks are sums
 * of `Term`s, products of a coefficient and up to three columns, so the same terms give the
 * exact expectation (all columns in one product are independent) and every simulated year.
 */
import { distMean, type Dist } from './distributions.ts';

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

/** computeDerived for a column-major chunk (column c of row r at m[c * stride + r]). */
export function computeDerivedChunk(cols: Columns, m: Float64Array, stride: number, rows: number): void {
  for (const d of cols.derived) {
    const target = d.target * stride;
    m.fill(0, target, target + rows);
    for (const t of d.terms) {
      const [c0, c1, c2] = [t.cols[0] * stride, t.cols[1] * stride, t.cols[2] * stride];
      const k = t.coef;
      for (let r = 0; r < rows; r++) m[target + r] = m[target + r]! + k * m[c0 + r]! * m[c1 + r]! * m[c2 + r]!;
    }
    if (d.indicatorOf !== undefined) {
      const u = d.indicatorOf * stride;
      for (let r = 0; r < rows; r++) m[target + r] = m[u + r]! < m[target + r]! ? 1 : 0;
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
