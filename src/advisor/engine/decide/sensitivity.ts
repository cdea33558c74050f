/**
 * Which inputs flip each decision (tornado data) and the practice size at which in-house
 * catches up (break-even). Both re-run the point model, so they answer "what would the
 * recommendation be if", not "what did the simulation happen to draw".
 *
 * Tornado: each uncertain input in turn is set to its 10th and 90th percentile, the others stay
 * at their means; the margin is the next-best option's score minus the base recommendation's
 * (negative means the decision flips).
 * Break-even: the profile is scaled to user counts on a log grid (providers, endpoints and
 * records in proportion; staff, locations and servers as they are) and the user count where
 * in-house and the best other option cross is found by linear interpolation between grid points.
 */
import type { BreakEven, SensitivityRow } from '../assessment-schema.ts';
import { ROLE_IDS, OPTIONS, type SourcingOption } from '../model/function-catalog.ts';
import { defaultEntry, type Defaults } from '../model/defaults.ts';
import { distQuantile, isRandom } from '../distributions.ts';
import { capitalize } from '../format.ts';
import { buildModel, profileDefaults, type FunctionModel, type Model } from '../model/model.ts';
import { PointEvaluator } from '../model/point.ts';
import type { PracticeProfile } from '../profile/profile-schema.ts';
import { economiesOfScale } from '../model/staffing.ts';
import { decideAll, type FunctionDecision, type Weights } from './recommend.ts';

const TORNADO_ROWS = 8;

function inputLabel(id: string): string {
  const role = ROLE_IDS.find((r) => id === `salaryFactor.${r}`);
  if (role) return `Salary of a new hire: ${role.replaceAll('_', ' ')} (spread around the median)`;
  return defaultEntry(id).label;
}

/** Score of the best option other than `base`, minus base's score; and that option when it wins. */
function marginAgainst(base: SourcingOption, d: FunctionDecision): { margin: number; flip: SourcingOption | null } {
  const own = d.scores[base];
  let best: SourcingOption | null = null;
  for (const o of OPTIONS)
    if (o !== base && d.scores[o] !== null && (best === null || d.scores[o]! < d.scores[best]!)) best = o;
  // Feasibility depends on the profile, not on swung inputs, so this guards an impossible case.
  if (own === null) return { margin: 0, flip: d.recommended };
  if (best === null) return { margin: 0, flip: null };
  const margin = d.scores[best]! - own;
  return { margin, flip: margin < 0 ? best : null };
}

export function tornado(
  model: Model,
  weights: Weights,
  base: readonly (FunctionDecision | null)[],
): SensitivityRow[][] {
  const cols = model.inputs.cols;
  const means = cols.means();
  const point = new PointEvaluator(model);
  const rows: SensitivityRow[][] = model.functions.map(() => []);
  cols.specs.forEach((spec, col) => {
    if (!spec.dist || spec.dist.kind === 'uniform01' || !isRandom(spec.dist)) return;
    const swing = (p: number) => {
      const v = Float64Array.from(means);
      v[col] = distQuantile(spec.dist!, p);
      cols.computeDerived(v, 0, true);
      return { value: v[col]!, decisions: decideAll(model, point.scores(v), weights) };
    };
    const lo = swing(0.1);
    const hi = swing(0.9);
    model.functions.forEach((f, i) => {
      const b = base[i];
      const l = lo.decisions[i];
      const h = hi.decisions[i];
      if (!b || !l || !h) return;
      const ml = marginAgainst(b.recommended, l);
      const mh = marginAgainst(b.recommended, h);
      if (Math.abs(ml.margin - b.margin) < 1 && Math.abs(mh.margin - b.margin) < 1) return;
      rows[i]!.push({
        input: spec.id,
        label: inputLabel(spec.id),
        low: lo.value,
        high: hi.value,
        marginLow: ml.margin,
        marginHigh: mh.margin,
        flipsLow: ml.flip,
        flipsHigh: mh.flip,
      });
    });
  });
  return rows.map((r, i) => {
    const margin = base[i]?.margin ?? 0;
    const swingOf = (x: SensitivityRow) => Math.max(Math.abs(x.marginLow - margin), Math.abs(x.marginHigh - margin));
    return r.sort((a, b) => swingOf(b) - swingOf(a)).slice(0, TORNADO_ROWS);
  });
}

const GRID_MIN_USERS = 5;
const GRID_MAX_USERS = 2000;
const GRID_POINTS = 28;

export function scaledProfile(
  p: PracticeProfile,
  users: number,
  defaults: Defaults = profileDefaults(p),
): PracticeProfile {
  const f = users / p.practice.users;
  // Per-head work grows less than the users (economies of scale): hires follow the work.
  const work = (f * economiesOfScale(defaults, users)) / economiesOfScale(defaults, p.practice.users);
  const scale = (x: number | undefined) => (x === undefined ? undefined : Math.max(1, Math.round(x * f)));
  const providers = Math.min(users, Math.max(1, Math.round(p.practice.providers * f)));
  return {
    ...p,
    practice: {
      ...p.practice,
      users,
      providers,
      locations: Math.min(users, p.practice.locations),
      endpoints: scale(p.practice.endpoints),
      patientRecords: p.practice.patientRecords === undefined ? undefined : Math.round(p.practice.patientRecords * f),
    },
    // Proposed hires follow the workload (issue 14.4): a proposal sized for this practice would
    // otherwise be held fixed at every size, and break-even under it would compare a fixed team
    // against an MSP that grows with the users. (Within the schema's 50 FTE per hire.)
    proposedChanges: p.proposedChanges.map((c) =>
      c.hires ? { ...c, hires: c.hires.map((h) => ({ ...h, fte: Math.min(50, h.fte * work) })) } : c,
    ),
  };
}

/** In-house score minus the best other option's score, per function, at each grid size. */
/** The user counts the break-even search evaluates (log-spaced). */
export function breakEvenGrid(): number[] {
  const users: number[] = [];
  for (let i = 0; i < GRID_POINTS; i++)
    users.push(Math.round(GRID_MIN_USERS * (GRID_MAX_USERS / GRID_MIN_USERS) ** (i / (GRID_POINTS - 1))));
  return users;
}

/**
 * Staffing moves in steps (whole hires), so the gap is a sawtooth and may cross more than once;
 * the crossing nearest the practice's size is the one reported.
 */
function inHouseGaps(model: Model, weights: Weights): { users: number[]; gaps: (number | null)[][] } {
  const users = breakEvenGrid();
  const gaps = users.map((u) => {
    const m = buildModel(scaledProfile(model.profile, u, model.defaults), {
      asOf: model.asOf,
      defaults: model.defaults,
      priceToday: false,
    });
    const decisions = decideAll(m, new PointEvaluator(m).scores(m.inputs.cols.means()), weights);
    return decisions.map((d) => {
      if (!d || d.scores.in_house === null) return null;
      const others = OPTIONS.filter((o) => o !== 'in_house' && d.scores[o] !== null).map((o) => d.scores[o]!);
      return others.length ? d.scores.in_house - Math.min(...others) : null;
    });
  });
  return { users, gaps };
}

function breakEvenFor(fn: FunctionModel, current: number, users: number[], gaps: (number | null)[]): BreakEven {
  const crossings: { at: number; inHouseAbove: boolean }[] = [];
  for (let i = 0; i + 1 < users.length; i++) {
    const a = gaps[i];
    const b = gaps[i + 1];
    if (a === null || a === undefined || b === null || b === undefined || a > 0 === b > 0) continue;
    const at = Math.round(users[i]! + ((users[i + 1]! - users[i]!) * a) / (a - b));
    crossings.push({ at, inHouseAbove: a > 0 });
  }
  const name = fn.spec.name;
  if (crossings.length === 0) {
    const always = (gaps.find((g) => g !== null) ?? 1) <= 0;
    return {
      option: 'in_house',
      direction: 'above',
      users: null,
      text: always
        ? `${capitalize(name)}: in-house is the best option at every size from ${GRID_MIN_USERS} to ${GRID_MAX_USERS} users.`
        : `${capitalize(name)}: in-house does not become the best option anywhere from ${GRID_MIN_USERS} to ${GRID_MAX_USERS} users.`,
    };
  }
  const nearest = crossings.sort((x, y) => Math.abs(Math.log(x.at / current)) - Math.abs(Math.log(y.at / current)))[0]!;
  const direction = nearest.inHouseAbove ? 'above' : 'below';
  return {
    option: 'in_house',
    direction,
    users: nearest.at,
    text: `${capitalize(name)}: in-house becomes the best option ${direction === 'above' ? 'from' : 'below'} about ${nearest.at} users (you have ${current}), other things equal.`,
  };
}

export function breakEvens(model: Model, weights: Weights): (BreakEven | null)[] {
  const { users, gaps } = inHouseGaps(model, weights);
  return model.functions.map((f, i) =>
    f.needed && !f.infeasible.in_house
      ? breakEvenFor(
          f,
          model.size.users,
          users,
          gaps.map((g) => g[i] ?? null),
        )
      : null,
  );
}
