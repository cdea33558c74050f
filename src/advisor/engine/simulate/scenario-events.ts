/**
 * Loss events of the simulated years in a chunk, and the scenario losses of one year under a
 * given control delivery. Events are drawn once per year (at the uncontrolled rate) and reused for
 * every option and plan; controls thin them (an event happens if its uniform is below the
 * likelihood factor) and shrink their magnitude. Each scenario has its own streams and draws a
 * fixed number of uniforms per event, so the draws never depend on which options are compared.
 */
import { InverseTransform, poissonInverse, type TableCache } from '../distributions.ts';
import { Sfc32 } from '../random.ts';
import type { Model } from '../model/model.ts';
import { SLOT, SLOTS, type ScenarioModel } from '../model/risk-model.ts';

/** Read once, like the slot numbers below: called for every row, an import costs a getter call under tsx. */
const poisson = poissonInverse;

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
  /** The rows that have at least one event, in order (busy of them): most years have no breach. */
  readonly busyRows: Int32Array;
  busy = 0;
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
    this.busyRows = new Int32Array(chunk);
    this.count = new Sfc32(seed, `events:${name}:count`);
    this.draws = new Sfc32(seed, `events:${name}`);
  }

  /**
   * Draws each row's event count (the rate of row r is m[rate + r] x factor), then all events'
   * uniforms in one pass, then transforms each value column.
   */
  fill(rows: number, m: Float64Array, rate: number, factor: number): void {
    const { start, busyRows } = this;
    let n = 0;
    let busy = 0;
    for (let r = 0; r < rows; r++) {
      start[r] = n;
      const events = poisson(this.count.next(), m[rate + r]! * factor);
      // Without a branch: a third of the years have a disruption, at random.
      busyRows[busy] = r;
      busy += Number(events > 0);
      n += events;
    }
    start[rows] = n;
    this.busy = busy;
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

  constructor(
    private readonly model: Model,
    seed: number,
    chunk: number,
    tables: TableCache,
  ) {
    const sc = model.scenarios;
    const specs = model.inputs.cols.specs;
    const dist = (col: number) => new InverseTransform(specs[col]!.dist ?? { kind: 'const', value: 0 }, tables);
    const u = new InverseTransform({ kind: 'uniform01' });
    this.breach = new EventList(seed, 'breach', chunk, 4, [u, dist(sc.exposedShare), u, dist(sc.penaltyAmount)]);
    this.disruption = new EventList(seed, 'disruption', chunk, 3, [u, dist(sc.downtimeDays), dist(sc.recoveryCost)]);
    this.outage = new EventList(seed, 'outage', chunk, 2, [u, dist(sc.outageHours)]);
  }

  /** Draws the events of a column-major chunk (column c of row r at m[c * stride + r]). */
  fill(m: Float64Array, stride: number, rows: number): void {
    const sc = this.model.scenarios;
    const k = sc.k;
    this.breach.fill(rows, m, sc.breachRate * stride, k.sizeFactor);
    this.disruption.fill(rows, m, sc.disruptionRate * stride, k.sizeFactor);
    this.outage.fill(rows, m, sc.outageRate * stride, k.outageLocationFactor);
  }
}

// Slot numbers read once: an imported binding read in a hot loop costs a property load each time
// (a getter call when tsx runs the code as CommonJS), which was a third of the loss step.
const BREACH_LIKELIHOOD = SLOT.breach_likelihood;
const BREACH_MAGNITUDE = SLOT.breach_magnitude;
const PENALTY_LIKELIHOOD = SLOT.penalty_likelihood;
const DISRUPTION_LIKELIHOOD = SLOT.disruption_likelihood;
const DISRUPTION_DOWNTIME = SLOT.disruption_downtime;
const OUTAGE_LIKELIHOOD = SLOT.outage_likelihood;
const OUTAGE_DURATION = SLOT.outage_duration;
const FRICTION_SLOT = SLOT.friction;
/** The scenario of each slot. */
const SLOT_SCENARIO = SLOTS.map((_, slot) => scenarioMask(new Set([slot])));

/**
 * One slot's factor under one delivery: the product over the delivered controls of
 * (1 - D x (1 - multiplier)). Controls not delivered at all are left out up front.
 */
class SlotFactor {
  private readonly d: Float64Array;
  private readonly cols: Int32Array;

  constructor(sc: ScenarioModel, slot: number, D: Float64Array) {
    const controls = [...sc.slotControls[slot]!];
    this.d = Float64Array.from(controls.filter((c) => D[c]! > 0).map((c) => D[c]!));
    this.cols = Int32Array.from(controls.flatMap((c, j) => (D[c]! > 0 ? [sc.slotCols[slot]![j]!] : [])));
  }

  /** Equal for equal factors. */
  get key(): string {
    return `${this.d.join(',')}/${this.cols.join(',')}`;
  }

  /**
   * The factor of each of rows[0 ... n) into out[0 ... n) (for the rows with events: most years have
   * no breach). A control at a time, so each pass reads one column; each row gets the same products
   * in the same order as one row at a time would.
   */
  ofRows(m: Float64Array, stride: number, rows: Int32Array, n: number, out: Float64Array): void {
    const { d, cols } = this;
    if (d.length === 0) {
      out.fill(1, 0, n);
      return;
    }
    // The first product, 1 x (1 - d (1 - m)), is exactly 1 - d (1 - m): no pass to fill in the 1s.
    const d0 = d[0]!;
    const c0 = cols[0]! * stride;
    for (let i = 0; i < n; i++) out[i] = 1 - d0 * (1 - m[c0 + rows[i]!]!);
    for (let j = 1; j < d.length; j++) {
      const dj = d[j]!;
      const c = cols[j]! * stride;
      for (let i = 0; i < n; i++) out[i] = out[i]! * (1 - dj * (1 - m[c + rows[i]!]!));
    }
  }

  /**
   * The factor of rows 0 ... rows - 1 into out (for scenarios with losses in almost every row): ofRows
   * without the row index, which would cost these dense passes a load per value.
   */
  column(m: Float64Array, stride: number, rows: number, out: Float64Array): void {
    const { d, cols } = this;
    if (d.length === 0) {
      out.fill(1, 0, rows);
      return;
    }
    const d0 = d[0]!;
    const c0 = cols[0]! * stride;
    for (let r = 0; r < rows; r++) out[r] = 1 - d0 * (1 - m[c0 + r]!);
    for (let j = 1; j < d.length; j++) {
      const dj = d[j]!;
      const c = cols[j]! * stride;
      for (let r = 0; r < rows; r++) out[r] = out[r]! * (1 - dj * (1 - m[c + r]!));
    }
  }
}

/** [0, the value at hand]: picking from it adds an event's value or exactly 0, without a branch. */
const pick = new Float64Array(2);

/** out[r] = the sum of the hours of row r's outages that survive thinning (uniform below likelihood[r]). */
function survivingHours(list: EventList, likelihood: Float64Array, rows: number, out: Float64Array): void {
  const { start, data } = list;
  for (let r = 0; r < rows; r++) {
    const L = likelihood[r]!;
    let hours = 0;
    // Whether an outage survives is a coin toss, which a branch mispredicts about a third of the
    // time (twice the cost of the loop); hours + 0 is hours, so the sums are those of skipping it.
    for (let e = start[r]!, end = start[r + 1]!; e < end; e++) {
      pick[1] = data[e * 2 + 1]!;
      hours += pick[Number(data[e * 2]! < L)]!;
    }
    out[r] = hours;
  }
}

/**
 * Losses of one scenario in every simulated year of a chunk under one control delivery D. Slot
 * factors of breaches and disruptions are computed only for years that have events (most years
 * have none); outages (several a year) and friction (every year) take them a column at a time.
 */
/**
 * A slot's factor in the rows with events of one scenario (breach or disruption), computed once a
 * chunk for every block whose factor for that slot is the same (a function's swap changes a few
 * controls, so blocks share most of their factors).
 */
interface SharedFactor {
  factor: SlotFactor;
  scenario: number;
  /** The factor of the i-th row with events at rows[i]. */
  rows: Float64Array;
}

export class ConfigLosses {
  /** Per slot; null for the slots of other scenarios. */
  private readonly factors: (SlotFactor | null)[];
  /** Per slot of a breach or disruption: its factor in the rows with events (SharedFactor.rows). */
  private readonly rowFactors: (Float64Array | null)[];

  /** Blocks with equal keys thin events alike (the outage likelihood factor). */
  readonly thinning: string;

  constructor(
    private readonly sc: ScenarioModel,
    D: Float64Array,
    /** The one scenario (BREACH, DISRUPTION, OUTAGE or FRICTION). */
    readonly scenario: number,
    /** The factors shared by blocks, by slot and factor key; this block's are added when new. */
    shared: Map<string, SharedFactor>,
    stride: number,
  ) {
    this.factors = sc.slotControls.map((_, slot) =>
      SLOT_SCENARIO[slot] === scenario ? new SlotFactor(sc, slot, D) : null,
    );
    this.rowFactors = this.factors.map((factor, slot) => {
      if (!factor || (scenario !== BREACH && scenario !== DISRUPTION)) return null;
      const key = `${slot}/${factor.key}`;
      let found = shared.get(key);
      if (!found) shared.set(key, (found = { factor, scenario, rows: new Float64Array(stride) }));
      return found.rows;
    });
    this.thinning = scenario === OUTAGE ? this.factors[OUTAGE_LIKELIHOOD]!.key : '';
  }

  /**
   * Writes the scenario's loss in each row r to out[at + r] (a breach or disruption block after
   * ScenarioLossTable has filled the shared factors). scratch holds two columns of a chunk;
   * reuse: the outage hours in scratch[1] are those of this block's likelihood factor.
   */
  compute(
    m: Float64Array,
    stride: number,
    rows: number,
    ev: EventBuffer,
    out: Float64Array,
    at: number,
    scratch: Float64Array[],
    reuse: boolean,
  ): void {
    if (this.scenario === OUTAGE) {
      this.outage(m, stride, rows, ev.outage, out, at, scratch[0]!, scratch[1]!, reuse);
      return;
    }
    out.fill(0, at, at + rows);
    if (this.scenario === BREACH) this.breach(m, stride, ev.breach, out, at);
    else if (this.scenario === DISRUPTION) this.disruption(m, stride, ev.disruption, out, at);
    else this.friction(m, stride, rows, out, at, scratch[0]!);
  }

  /** Breach losses of the rows with breaches (factors from the shared ones). */
  private breach(m: Float64Array, stride: number, list: EventList, out: Float64Array, off: number): void {
    const { sc, rowFactors } = this;
    const perRecord = sc.k.records * sc.k.costPerRecord;
    const { start, data, busyRows, busy } = list;
    const L = rowFactors[BREACH_LIKELIHOOD]!;
    const M = rowFactors[BREACH_MAGNITUDE]!;
    const P = rowFactors[PENALTY_LIKELIHOOD]!;
    const penalty = sc.penaltyProbability * stride;
    for (let i = 0; i < busy; i++) {
      const r = busyRows[i]!;
      const likelihood = L[i]!;
      const magnitude = M[i]! * perRecord;
      const pPenalty = m[penalty + r]! * P[i]!;
      let loss = 0;
      for (let e = start[r]!, end = start[r + 1]!; e < end; e++) {
        const x = e * 4;
        if (data[x]! >= likelihood) continue;
        loss += data[x + 1]! * magnitude;
        if (data[x + 2]! < pPenalty) loss += data[x + 3]! * sc.k.penaltyTier;
      }
      out[off + r] = loss;
    }
  }

  /** Disruption losses of the rows with disruptions (factors from the shared ones). */
  private disruption(m: Float64Array, stride: number, list: EventList, out: Float64Array, off: number): void {
    const { sc, rowFactors } = this;
    const { start, data, busyRows, busy } = list;
    const L = rowFactors[DISRUPTION_LIKELIHOOD]!;
    const D = rowFactors[DISRUPTION_DOWNTIME]!;
    const share = sc.revenueShare * stride;
    for (let i = 0; i < busy; i++) {
      const r = busyRows[i]!;
      const likelihood = L[i]!;
      const perDay = D[i]! * sc.k.dailyRevenue * m[share + r]!;
      let loss = 0;
      // Whether a disruption survives is a coin toss: picked rather than branched on (see survivingHours).
      for (let e = start[r]!, end = start[r + 1]!; e < end; e++) {
        pick[1] = data[e * 3 + 1]! * perDay + data[e * 3 + 2]!;
        loss += pick[Number(data[e * 3]! < likelihood)]!;
      }
      out[off + r] = loss;
    }
  }

  /**
   * Outage hours depend only on the likelihood factor, so blocks that share it (most of them: the
   * duration controls differ) share the hours: `reuse` says the hours column already holds them.
   */
  private outage(
    m: Float64Array,
    stride: number,
    rows: number,
    list: EventList,
    out: Float64Array,
    off: number,
    factor: Float64Array,
    hours: Float64Array,
    reuse: boolean,
  ): void {
    const { sc } = this;
    if (!reuse) {
      this.factors[OUTAGE_LIKELIHOOD]!.column(m, stride, rows, factor);
      survivingHours(list, factor, rows, hours);
    }
    this.factors[OUTAGE_DURATION]!.column(m, stride, rows, factor);
    const share = sc.revenueShare * stride;
    const daily = sc.k.dailyRevenue;
    // A year without outages has 0 hours, and 0 x a non-negative cost per hour is the +0 it starts at.
    for (let r = 0; r < rows; r++) out[off + r] = hours[r]! * ((factor[r]! * daily * m[share + r]!) / 8);
  }

  private friction(
    m: Float64Array,
    stride: number,
    rows: number,
    out: Float64Array,
    off: number,
    f: Float64Array,
  ): void {
    const { sc } = this;
    this.factors[FRICTION_SLOT]!.column(m, stride, rows, f);
    const h = sc.frictionHours * stride;
    const scale = sc.k.users * sc.k.hourlyCost;
    for (let r = 0; r < rows; r++) out[off + r] = m[h + r]! * scale * f[r]!;
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
  private readonly parts: { losses: ConfigLosses; at: number; reuse: boolean }[] = [];
  private readonly shared: SharedFactor[];
  private readonly scratch: Float64Array[];

  constructor(sc: ScenarioModel, deliveries: readonly Float64Array[], masks: Int32Array, stride: number) {
    const controlsOf = Array.from({ length: SCENARIOS }, (_, s) => {
      const slots = sc.slotControls.flatMap((controls, slot) =>
        scenarioMask(new Set([slot])) === 1 << s ? [...controls] : [],
      );
      return [...new Set(slots)];
    });
    this.index = new Int32Array(deliveries.length * SCENARIOS).fill(-1);
    const keys = new Map<string, number>();
    const shared = new Map<string, SharedFactor>();
    deliveries.forEach((D, u) => {
      for (let s = 0; s < SCENARIOS; s++) {
        if (!(masks[u]! & (1 << s))) continue;
        const key = `${s}:${controlsOf[s]!.map((c) => D[c]).join(',')}`;
        let block = keys.get(key);
        if (block === undefined) {
          block = keys.size;
          keys.set(key, block);
          this.parts.push({
            losses: new ConfigLosses(sc, D, 1 << s, shared, stride),
            at: block * stride,
            reuse: false,
          });
        }
        this.index[u * SCENARIOS + s] = block;
      }
    });
    this.blocks = keys.size;
    this.shared = [...shared.values()];
    // Outage blocks that thin alike one after another, so each reuses the hours of the one before.
    this.parts.sort((x, y) =>
      x.losses.thinning < y.losses.thinning ? -1 : x.losses.thinning > y.losses.thinning ? 1 : 0,
    );
    this.parts.forEach((p, i) => {
      const before = this.parts[i - 1];
      p.reuse =
        p.losses.scenario === OUTAGE &&
        before?.losses.scenario === OUTAGE &&
        before.losses.thinning === p.losses.thinning;
    });
    this.scratch = [new Float64Array(stride), new Float64Array(stride)];
  }

  /** Writes block b's losses of row r to out[at + b * stride + r]. */
  compute(m: Float64Array, stride: number, rows: number, ev: EventBuffer, out: Float64Array, at: number): void {
    for (const { factor, scenario, rows: factors } of this.shared) {
      const list = scenario === BREACH ? ev.breach : ev.disruption;
      factor.ofRows(m, stride, list.busyRows, list.busy, factors);
    }
    for (const p of this.parts) {
      p.losses.compute(m, stride, rows, ev, out, at + p.at, this.scratch, p.reuse);
    }
  }
}
