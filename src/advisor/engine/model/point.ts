/**
 * The point model: exact expected yearly cost and risk of every function and option, and of whole
 * plans, for one row of input values (the means, or a tornado swing). Decisions use these
 * expectations, so a recommendation never depends on the Monte Carlo seed; the simulation adds
 * the spread (percentiles, chance of being cheapest, loss exceedance).
 *
 * A function option's risk is what it owns (key person, overrun, MSP exit) plus its exposure: the
 * practice's expected loss with this function at this option, minus the loss with this function
 * delivering its controls perfectly, every other function staying as it is today.
 */
import { sumTerms, termValue, type Term } from './columns.ts';
import { COST_COMPONENTS, type CostComponent } from './cost-model.ts';
import { OPTIONS, type SourcingOption } from './function-catalog.ts';
import type { ByOption, FunctionModel, Model } from './model.ts';
import { controlIndex } from './controls.ts';
import { combineDelivery, RISK_COMPONENTS, type RiskComponent } from './risk-model.ts';

export interface OptionPoint {
  cost: number;
  components: Record<CostComponent, number>;
  risk: Record<RiskComponent, number>;
  riskTotal: number;
  riskAdjusted: number;
}

/** What each function does in a plan; null when the function is not done at all. */
export type Assignment = readonly (SourcingOption | null)[];

export interface PlanPoint {
  cost: number;
  components: Record<CostComponent, number>;
  loss: number;
  lossByScenario: { breach: number; disruption: number; outage: number; friction: number };
  ownedRisk: number;
  riskAdjusted: number;
}

/** { keys[i]: values[i] }, keys in order (a plain loop: Object.fromEntries was a tenth of the tornado). */
function byKey<K extends string>(keys: readonly K[], values: Float64Array): Record<K, number> {
  const out = {} as Record<K, number>;
  keys.forEach((k, i) => (out[k] = values[i]!));
  return out;
}

function zeroComponents(): Record<CostComponent, number> {
  return byKey(COST_COMPONENTS, new Float64Array(COST_COMPONENTS.length));
}

/** Today's assignment: the current option of each needed function (none for what is not done today). */
export function currentAssignment(model: Model): Assignment {
  return model.functions.map((f) => (f.needed && f.current !== 'none' ? f.current : null));
}

export function deliveryOf(model: Model, assignment: Assignment): Float64Array {
  return combineDelivery(model.functions.map((f, i) => f.contribution[assignment[i] ?? 'none']));
}

/** The controls today's arrangement delivers, with the people it really has (FunctionModel.today). */
export function todayDelivery(model: Model): Float64Array {
  return combineDelivery(model.functions.map((f) => f.today?.contribution ?? f.contribution.none));
}

/** Delivery with one function swapped, everything else as assigned. */
export function deliveryWithSwap(
  model: Model,
  assignment: Assignment,
  fn: FunctionModel,
  key: SourcingOption | 'ideal',
): Float64Array {
  return combineDelivery(
    model.functions.map((f, i) =>
      f.index === fn.index ? f.contribution[key] : f.contribution[assignment[i] ?? 'none'],
    ),
  );
}

/**
 * Today's delivery with each function swapped to each option (OPTIONS order) and then to ideal;
 * null for a function without controls. The same deliveries as deliveryWithSwap, built faster: a
 * function's contributions are 0 outside the controls it feeds, so the other entries are today's
 * (the same sums), and only its own controls are added up again, in function order.
 */
export function swapDeliveries(model: Model): (Float64Array[] | null)[] {
  const reference = currentAssignment(model);
  const today = deliveryOf(model, reference);
  const parts = model.functions.map((f, i) => f.contribution[reference[i] ?? 'none']);
  return model.functions.map((fn) => {
    if (fn.spec.controls.length === 0) return null;
    const own = fn.spec.controls.map((c) => controlIndex(c.control));
    return [...OPTIONS, 'ideal' as const].map((key) => {
      const D = today.slice();
      const swapped = fn.contribution[key];
      for (const c of own) {
        let sum = 0;
        for (let j = 0; j < parts.length; j++) sum += j === fn.index ? swapped[c]! : parts[j]![c]!;
        D[c] = Math.min(1, sum);
      }
      return D;
    });
  });
}

/**
 * The terms of many series (function options) packed in three typed arrays: coefficient, three
 * columns and component index of each term, series k at start[k] ... start[k + 1] - 1. One set of
 * arrays per model rather than three per option: the break-even search compiles 28 models, and
 * some 4,000 small typed arrays a search were a large part of its garbage.
 */
class PackedTerms {
  private readonly start: Int32Array;
  private readonly coef: Float64Array;
  private readonly cols: Int32Array;
  private readonly component: Int8Array;

  constructor(series: readonly (readonly (Term & { component: string })[])[], components: ReadonlyMap<string, number>) {
    this.start = new Int32Array(series.length + 1);
    let n = 0;
    for (let k = 0; k < series.length; k++) {
      this.start[k] = n;
      n += series[k]!.length;
    }
    this.start[series.length] = n;
    this.coef = new Float64Array(n);
    this.cols = new Int32Array(3 * n);
    this.component = new Int8Array(n);
    let i = 0;
    for (const terms of series)
      for (const t of terms) {
        this.coef[i] = t.coef;
        for (let j = 0; j < 3; j++) this.cols[3 * i + j] = t.cols[j]!;
        this.component[i] = components.get(t.component)!;
        i++;
      }
  }

  /** acc[component] += each term of series k's value in row v, in order: the sums termValue gives term by term. */
  addTo(k: number, v: Float64Array, acc: Float64Array): void {
    const { coef, cols, component } = this;
    for (let i = this.start[k]!, end = this.start[k + 1]!; i < end; i++)
      acc[component[i]!] =
        acc[component[i]!]! + coef[i]! * v[cols[3 * i]!]! * v[cols[3 * i + 1]!]! * v[cols[3 * i + 2]!]!;
  }
}

/** Sums of acc in order from 0, as reduce over the component list adds them. */
function total(acc: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < acc.length; i++) sum += acc[i]!;
  return sum;
}

/** Only riskAdjusted of an option: all the decision rule reads. */
export type OptionScore = Pick<OptionPoint, 'riskAdjusted'>;

const EXPOSURE = RISK_COMPONENTS.indexOf('exposure');
const COST_INDEX = new Map<string, number>(COST_COMPONENTS.map((c, i) => [c, i]));
const RISK_INDEX = new Map<string, number>(RISK_COMPONENTS.map((c, i) => [c, i]));

/**
 * The point model of one Model, compiled once for many rows of input values (the tornado swings
 * every uncertain input twice): each option's terms as typed arrays, each function's swapped
 * deliveries built once, and the component sums kept in two reused arrays.
 */
export class PointEvaluator {
  /** Series i x 3 + k: option k (OPTIONS order) of function i. */
  private readonly cost: PackedTerms;
  private readonly risk: PackedTerms;
  /** Per function with controls: today's delivery with it swapped to each option (OPTIONS order), then to ideal. */
  private readonly swaps: (Float64Array[] | null)[];
  private readonly costAcc = new Float64Array(COST_COMPONENTS.length);
  private readonly riskAcc = new Float64Array(RISK_COMPONENTS.length);

  constructor(private readonly model: Model) {
    this.cost = new PackedTerms(
      model.functions.flatMap((f) => OPTIONS.map((o) => f.cost[o])),
      COST_INDEX,
    );
    this.risk = new PackedTerms(
      model.functions.flatMap((f) => OPTIONS.map((o) => f.risk[o])),
      RISK_INDEX,
    );
    this.swaps = swapDeliveries(model);
  }

  /** Exact expected cost and risk of each option of a function, for the input values in row v. */
  ofFunction(fn: FunctionModel, v: Float64Array): ByOption<OptionPoint> {
    const idealLoss = this.idealLoss(fn.index, v);
    return Object.fromEntries(
      OPTIONS.map((o, k) => {
        const riskAdjusted = this.evaluate(fn.index, k, v, idealLoss);
        const point: OptionPoint = {
          cost: total(this.costAcc),
          components: byKey(COST_COMPONENTS, this.costAcc),
          risk: byKey(RISK_COMPONENTS, this.riskAcc),
          riskTotal: total(this.riskAcc),
          riskAdjusted,
        };
        return [o, point];
      }),
    ) as ByOption<OptionPoint>;
  }

  /** Expected values for every needed function (null for functions the practice does not need). */
  all(v: Float64Array): (ByOption<OptionPoint> | null)[] {
    return this.model.functions.map((f) => (f.needed ? this.ofFunction(f, v) : null));
  }

  /** Only the risk-adjusted costs of all(v), without building the breakdowns (same numbers). */
  scores(v: Float64Array): (ByOption<OptionScore> | null)[] {
    return this.model.functions.map((f) => {
      if (!f.needed) return null;
      const idealLoss = this.idealLoss(f.index, v);
      return {
        in_house: { riskAdjusted: this.evaluate(f.index, 0, v, idealLoss) },
        co_managed: { riskAdjusted: this.evaluate(f.index, 1, v, idealLoss) },
        fully_managed: { riskAdjusted: this.evaluate(f.index, 2, v, idealLoss) },
      };
    });
  }

  private idealLoss(i: number, v: Float64Array): number {
    const swaps = this.swaps[i];
    return swaps ? this.model.scenarios.expectedLoss(swaps[3]!, v).total : 0;
  }

  /**
   * Fills the component sums of option k (OPTIONS order) of function i and returns its
   * risk-adjusted cost. Exposure: the practice's expected loss with this option, minus with ideal.
   */
  private evaluate(i: number, k: number, v: Float64Array, idealLoss: number): number {
    const { costAcc, riskAcc } = this;
    costAcc.fill(0);
    riskAcc.fill(0);
    this.cost.addTo(i * 3 + k, v, costAcc);
    this.risk.addTo(i * 3 + k, v, riskAcc);
    const swaps = this.swaps[i];
    if (swaps) riskAcc[EXPOSURE] = Math.max(0, this.model.scenarios.expectedLoss(swaps[k]!, v).total - idealLoss);
    return total(costAcc) + total(riskAcc);
  }
}

export function evaluateFunction(model: Model, fn: FunctionModel, v: Float64Array): ByOption<OptionPoint> {
  return new PointEvaluator(model).ofFunction(fn, v);
}

/** Expected values for every needed function (null for functions the practice does not need). */
export function evaluateAll(model: Model, v: Float64Array): (ByOption<OptionPoint> | null)[] {
  return new PointEvaluator(model).all(v);
}

/**
 * Expected cost and loss of a whole plan. today: price today's arrangement as the profile
 * describes it (FunctionModel.today) rather than the current options staffed to the workload.
 */
export function evaluatePlan(model: Model, assignment: Assignment, v: Float64Array, today = false): PlanPoint {
  const components = zeroComponents();
  let ownedRisk = 0;
  model.functions.forEach((f, i) => {
    const o = assignment[i];
    if (!o) return;
    const cost = today ? (f.today?.cost ?? []) : f.cost[o];
    const risk = today ? (f.today?.risk ?? []) : f.risk[o];
    for (const t of cost) components[t.component] += termValue(t, v, 0);
    ownedRisk += sumTerms(risk, v, 0);
  });
  const scenario = model.scenarios.expectedLoss(today ? todayDelivery(model) : deliveryOf(model, assignment), v);
  const cost = COST_COMPONENTS.reduce((s, c) => s + components[c], 0);
  const loss = scenario.total + ownedRisk;
  const { breach, disruption, outage, friction } = scenario;
  return {
    cost,
    components,
    loss,
    lossByScenario: { breach, disruption, outage, friction },
    ownedRisk,
    riskAdjusted: cost + loss,
  };
}
