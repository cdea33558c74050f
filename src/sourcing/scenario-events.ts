/**
 * Loss events of the simulated years in a chunk, and the scenario losses of one year under a
 * given control delivery. Events are drawn once per year (at the uncontrolled rate) and reused for
 * every option and plan; controls thin them (an event happens if its uniform is below the
 * likelihood factor) and shrink their magnitude. Each scenario has its own streams and draws a
 * fixed number of uniforms per event, so the draws never depend on which options are compared.
 */
import { InverseTransform, Sfc32, poissonInverse } from './distributions.ts';
import type { Model } from './model.ts';
import { SLOT, type ScenarioModel } from './risk-model.ts';

/** Scenario indices in the per-config loss array, and bit masks of them. */
export const SCENARIOS = 4;
export const BREACH = 1;
export const DISRUPTION = 2;
export const OUTAGE = 4;
export const FRICTION = 8;
export const ALL_SCENARIOS = BREACH | DISRUPTION | OUTAGE | FRICTION;

/** Which scenarios a set of slots touches. */
export function scenarioMask(slots: ReadonlySet<number>): number {
  let mask = 0;
  for (const s of slots) {
    if (s === SLOT.breach_likelihood || s === SLOT.breach_magnitude || s === SLOT.penalty_likelihood) mask |= BREACH;
    else if (s === SLOT.disruption_likelihood || s === SLOT.disruption_downtime) mask |= DISRUPTION;
    else if (s === SLOT.outage_likelihood || s === SLOT.outage_duration) mask |= OUTAGE;
    else mask |= FRICTION;
  }
  return mask;
}

/** Events of one scenario for a chunk: per row a range of events, each `width` numbers wide. */
export class EventList {
  start: Int32Array;
  data: Float64Array;
  private readonly count: Sfc32;
  private readonly draws: Sfc32;

  constructor(
    seed: number,
    name: string,
    chunk: number,
    readonly width: number,
    /** Per value of an event; slot 0 is the thinning uniform, the others the scenario's per-event draws. */
    private readonly transforms: readonly InverseTransform[],
  ) {
    this.start = new Int32Array(chunk + 1);
    this.data = new Float64Array(chunk * width * 2);
    this.count = new Sfc32(seed, `events:${name}:count`);
    this.draws = new Sfc32(seed, `events:${name}`);
  }

  /** Draws each row's event count, then all events' uniforms in one pass, then transforms each value column. */
  fill(rows: number, rates: Float64Array): void {
    const start = this.start;
    let n = 0;
    for (let r = 0; r < rows; r++) {
      start[r] = n;
      n += poissonInverse(this.count.next(), rates[r]!);
    }
    start[rows] = n;
    const values = n * this.width;
    if (values > this.data.length) this.data = new Float64Array(Math.max(values, this.data.length * 2));
    this.draws.fill(this.data, 0, values);
    for (let w = 0; w < this.width; w++) this.transforms[w]!.apply(this.data, w, n, this.width);
  }
}

export class EventBuffer {
  readonly breach: EventList;
  readonly disruption: EventList;
  readonly outage: EventList;
  private readonly rates: Float64Array;

  constructor(
    private readonly model: Model,
    seed: number,
    chunk: number,
  ) {
    const sc = model.scenarios;
    const specs = model.inputs.cols.specs;
    const dist = (col: number) => new InverseTransform(specs[col]!.dist ?? { kind: 'const', value: 0 });
    const u = new InverseTransform({ kind: 'uniform01' });
    this.breach = new EventList(seed, 'breach', chunk, 4, [u, dist(sc.exposedShare), u, dist(sc.penaltyAmount)]);
    this.disruption = new EventList(seed, 'disruption', chunk, 3, [u, dist(sc.downtimeDays), dist(sc.recoveryCost)]);
    this.outage = new EventList(seed, 'outage', chunk, 2, [u, dist(sc.outageHours)]);
    this.rates = new Float64Array(chunk);
  }

  /** Draws the events of a column-major chunk (column c of row r at m[c * stride + r]). */
  fill(m: Float64Array, stride: number, rows: number): void {
    const sc = this.model.scenarios;
    const k = sc.k;
    const fillRates = (col: number, factor: number) => {
      for (let r = 0; r < rows; r++) this.rates[r] = m[col * stride + r]! * factor;
    };
    fillRates(sc.breachRate, k.sizeFactor);
    this.breach.fill(rows, this.rates);
    fillRates(sc.disruptionRate, k.sizeFactor);
    this.disruption.fill(rows, this.rates);
    fillRates(sc.outageRate, k.outageLocationFactor);
    this.outage.fill(rows, this.rates);
  }
}

/**
 * Scenario losses of every simulated year in a chunk under one control delivery D. Controls not
 * delivered at all are dropped from the factor products up front, and slot factors are computed
 * only for years that have events: most years have no breach and no disruption.
 */
export class ConfigLosses {
  private readonly slotD: Float64Array[];
  private readonly slotCol: Int32Array[];

  constructor(
    private readonly sc: ScenarioModel,
    D: Float64Array,
    readonly mask: number,
  ) {
    this.slotD = sc.slotControls.map((controls) =>
      Float64Array.from([...controls].filter((c) => D[c]! > 0).map((c) => D[c]!)),
    );
    this.slotCol = sc.slotControls.map((controls, s) =>
      Int32Array.from([...controls].flatMap((c, j) => (D[c]! > 0 ? [sc.slotCols[s]![j]!] : []))),
    );
  }

  private factor(slot: number, m: Float64Array, stride: number, r: number): number {
    const d = this.slotD[slot]!;
    const cols = this.slotCol[slot]!;
    let f = 1;
    for (let j = 0; j < d.length; j++) f *= 1 - d[j]! * (1 - m[cols[j]! * stride + r]!);
    return f;
  }

  /** Writes the losses of each scenario s in the mask (breach, disruption, outage, friction) to out[at[s] + r]. */
  compute(m: Float64Array, stride: number, rows: number, ev: EventBuffer, out: Float64Array, at: Int32Array): void {
    const { sc, mask } = this;
    const k = sc.k;
    const perRecord = k.records * k.costPerRecord;
    for (let s = 0; s < SCENARIOS; s++) if (mask & (1 << s)) out.fill(0, at[s]!, at[s]! + rows);
    if (mask & BREACH) this.breach(m, stride, rows, ev.breach, out, at[0]!, perRecord);
    if (mask & DISRUPTION) {
      const list = ev.disruption;
      const o = at[1]!;
      for (let r = 0; r < rows; r++) {
        let at = list.start[r]!;
        const end = list.start[r + 1]!;
        if (at === end) continue;
        const L = this.factor(SLOT.disruption_likelihood, m, stride, r);
        const perDay =
          this.factor(SLOT.disruption_downtime, m, stride, r) * k.dailyRevenue * m[sc.revenueShare * stride + r]!;
        let loss = 0;
        for (; at < end; at++)
          if (list.data[at * 3]! < L) loss += list.data[at * 3 + 1]! * perDay + list.data[at * 3 + 2]!;
        out[o + r] = loss;
      }
    }
    if (mask & OUTAGE) {
      const list = ev.outage;
      const o = at[2]!;
      for (let r = 0; r < rows; r++) {
        let at = list.start[r]!;
        const end = list.start[r + 1]!;
        if (at === end) continue;
        const L = this.factor(SLOT.outage_likelihood, m, stride, r);
        const perHour =
          (this.factor(SLOT.outage_duration, m, stride, r) * k.dailyRevenue * m[sc.revenueShare * stride + r]!) / 8;
        let hours = 0;
        for (; at < end; at++) if (list.data[at * 2]! < L) hours += list.data[at * 2 + 1]!;
        out[o + r] = hours * perHour;
      }
    }
    if (mask & FRICTION) {
      const o = at[3]!;
      const h = sc.frictionHours * stride;
      const scale = k.users * k.hourlyCost;
      for (let r = 0; r < rows; r++) out[o + r] = m[h + r]! * scale * this.factor(SLOT.friction, m, stride, r);
    }
  }

  private breach(
    m: Float64Array,
    stride: number,
    rows: number,
    list: EventList,
    out: Float64Array,
    off: number,
    perRecord: number,
  ): void {
    const sc = this.sc;
    for (let r = 0; r < rows; r++) {
      let at = list.start[r]!;
      const end = list.start[r + 1]!;
      if (at === end) continue;
      const L = this.factor(SLOT.breach_likelihood, m, stride, r);
      const M = this.factor(SLOT.breach_magnitude, m, stride, r) * perRecord;
      const pPenalty = m[sc.penaltyProbability * stride + r]! * this.factor(SLOT.penalty_likelihood, m, stride, r);
      let loss = 0;
      for (; at < end; at++) {
        const x = at * 4;
        if (list.data[x]! >= L) continue;
        loss += list.data[x + 1]! * M;
        if (list.data[x + 2]! < pPenalty) loss += list.data[x + 3]! * sc.k.penaltyTier;
      }
      out[off + r] = loss;
    }
  }
}

/**
 * The loss of each scenario under each distinct delivery. A scenario's losses depend only on the
 * delivery of the controls feeding its slots, so deliveries that agree on those share one block:
 * most function swaps change one scenario and leave the other three as they were.
 */
export class ScenarioLossTable {
  /** Block of (delivery u, scenario s) at index[u * SCENARIOS + s]; -1 when not needed. */
  readonly index: Int32Array;
  readonly blocks: number;
  private readonly parts: { losses: ConfigLosses; at: Int32Array }[] = [];

  constructor(sc: ScenarioModel, deliveries: readonly Float64Array[], masks: Int32Array, stride: number) {
    const controlsOf = Array.from({ length: SCENARIOS }, (_, s) => {
      const slots = sc.slotControls.flatMap((controls, slot) =>
        scenarioMask(new Set([slot])) === 1 << s ? [...controls] : [],
      );
      return [...new Set(slots)];
    });
    this.index = new Int32Array(deliveries.length * SCENARIOS).fill(-1);
    const keys = new Map<string, number>();
    deliveries.forEach((D, u) => {
      for (let s = 0; s < SCENARIOS; s++) {
        if (!(masks[u]! & (1 << s))) continue;
        const key = `${s}:${controlsOf[s]!.map((c) => D[c]).join(',')}`;
        let block = keys.get(key);
        if (block === undefined) {
          block = keys.size;
          keys.set(key, block);
          const at = new Int32Array(SCENARIOS);
          at[s] = block * stride;
          this.parts.push({ losses: new ConfigLosses(sc, D, 1 << s), at });
        }
        this.index[u * SCENARIOS + s] = block;
      }
    });
    this.blocks = keys.size;
  }

  compute(m: Float64Array, stride: number, rows: number, ev: EventBuffer, out: Float64Array): void {
    for (const p of this.parts) p.losses.compute(m, stride, rows, ev, out, p.at);
  }
}
