/**
 * Turns defaults into columns. A fixed figure folds into term coefficients; an uncertain one gets
 * a sampled column. Also declares the derived columns shared by several cost and risk terms
 * (salaries by role, the manager's hourly rate, turnover cost per salary dollar, key-person and
 * MSP-exit events), each a product of independent inputs so its expectation stays exact.
 */
import { Columns, term, type Term } from './columns.ts';
import type { Defaults } from './defaults.ts';
import { isRandom } from '../distributions.ts';
import { FUNCTION_IDS, ROLE_IDS, type FunctionId, type RoleId } from './function-catalog.ts';

/** A default as a multiplier: a coefficient times a column (the constant column for fixed figures). */
export interface Factor {
  coef: number;
  col: number;
}

export class ModelInputs {
  readonly cols = new Columns();
  private readonly salaryCols = new Map<RoleId, number>();
  readonly mgrHourlyCol: number;
  readonly turnFactorCol: number;
  readonly gapDaysCol: number;
  readonly exitEventCol: number;
  private readonly keyPersonCols = new Map<FunctionId, number>();

  constructor(
    readonly defaults: Defaults,
    readonly loading: number,
  ) {
    const hc = this.factor('salary.healthcareMultiplier');
    const sigma = defaults.mean('salary.spreadSigma');
    for (const role of ROLE_IDS) {
      const median = defaults.mean(`salary.${role}`);
      const spread =
        sigma > 0
          ? this.cols.add(`salaryFactor.${role}`, { kind: 'lognormalMedian', median: 1, sigma }, true)
          : this.cols.one;
      this.salaryCols.set(
        role,
        this.cols.derive(`salary.${role}`, [term(this.cols, median * hc.coef, spread, hc.col)]),
      );
    }
    const hoursPerFte = defaults.mean('coverage.productiveHoursPerFte');
    this.mgrHourlyCol = this.cols.derive('managerHourly', [
      term(this.cols, loading / hoursPerFte, this.salary('it_manager')),
    ]);
    const turn = this.factor('turnover.rate');
    const repl = this.factor('turnover.replacementCostShare');
    const ttf = this.factor('recruiting.timeToFillDays');
    const premium = defaults.mean('turnover.vacancyPremium');
    this.turnFactorCol = this.cols.derive('turnoverPerSalaryDollar', [
      this.product(1, turn, repl),
      this.product(premium / 365, turn, ttf),
    ]);
    this.gapDaysCol = this.cols.derive('keyPersonGapDays', [
      this.product(1, ttf),
      term(this.cols, defaults.mean('risk.keyPersonRampDays')),
    ]);
    const absence = this.factor('risk.extendedAbsenceRate');
    for (const id of FUNCTION_IDS) {
      const u = this.cols.add(`keyPersonDraw.${id}`, { kind: 'uniform01' }, true);
      this.keyPersonCols.set(
        id,
        this.cols.derive(`keyPersonEvent.${id}`, [this.product(1, turn), this.product(1, absence)], u),
      );
    }
    const exitDraw = this.cols.add('mspExitDraw', { kind: 'uniform01' }, true);
    this.exitEventCol = this.cols.derive(
      'mspExitEvent',
      [this.product(1, this.factor('msp.exitProbability'))],
      exitDraw,
    );
  }

  /** A default as coefficient and column; per-event defaults are registered but not sampled per row. */
  factor(id: string, perEvent = false): Factor {
    const dist = this.defaults.dist(id);
    if (!isRandom(dist) && !perEvent) return { coef: this.defaults.mean(id), col: this.cols.one };
    return { coef: 1, col: this.cols.add(id, dist, !perEvent) };
  }

  /** Always a column (for per-event variables and values the risk kernel reads directly). */
  column(id: string, perEvent = false): number {
    return this.cols.add(id, this.defaults.dist(id), !perEvent && isRandom(this.defaults.dist(id)));
  }

  salary(role: RoleId): number {
    const col = this.salaryCols.get(role);
    if (col === undefined) throw new Error(`no salary column for ${role}`);
    return col;
  }

  keyPersonEvent(id: FunctionId): number {
    const col = this.keyPersonCols.get(id);
    if (col === undefined) throw new Error(`no key-person column for ${id}`);
    return col;
  }

  /** coef times the product of factors, as one term (at most three uncertain columns). */
  product(coef: number, ...factors: Factor[]): Term {
    let c = coef;
    const used: number[] = [];
    for (const f of factors) {
      c *= f.coef;
      if (f.col !== this.cols.one) used.push(f.col);
    }
    if (used.length > 3) throw new Error('a term may use at most three uncertain columns');
    return term(this.cols, c, ...used);
  }

  /** An existing term times one more factor. */
  times(t: Term, f: Factor, extra = 1): Term {
    const cols: [number, number, number] = [...t.cols];
    if (f.col !== this.cols.one) {
      const free = cols.indexOf(this.cols.one);
      if (free < 0) throw new Error('a term may use at most three uncertain columns');
      cols[free] = f.col;
    }
    return { coef: t.coef * f.coef * extra, cols };
  }

  col(col: number): Factor {
    return { coef: 1, col };
  }
}
