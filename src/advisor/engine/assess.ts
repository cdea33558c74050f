/**
 * The engine's entry point: a validated profile in, an assessment out (issue 4). Decisions come
 * from the exact expectations of the point model, so they never depend on the seed; the Monte
 * Carlo run adds the spread (percentiles, chance of being cheapest, loss exceedance) for the
 * options and for five whole plans: today's, the recommended one and each model applied to
 * every function.
 */
import { assumptionsSentence, assumptionsToConfirm } from './report/assumptions.ts';
import { freedStaff } from './model/cost-model.ts';
import { DEFAULT_ITERATIONS, DEFAULT_SEED } from './simulate/run-defaults.ts';
import type { Assessment, FunctionAssessment, OptionResult, PlanId, PlanResult } from './assessment-schema.ts';
import { ENGINE_VERSION } from './engine-version.ts';
import { draftSplit } from './decide/draft-split.ts';
import { FUNCTION_IDS, OPTIONS, type FunctionId, type SourcingOption } from './model/function-catalog.ts';
import { MODEL_LABELS, money, OPTION_LABELS, percent } from './format.ts';
import { buildModel, type Model } from './model/model.ts';
import { runMonteCarlo } from './simulate/monte-carlo.ts';
import type { McFunctionResult, McPlanResult, SeriesStats } from './simulate/results.ts';
import { currentAssignment, evaluateAll, evaluatePlan, type Assignment, type OptionPoint } from './model/point.ts';
import type { PracticeProfile } from './profile/profile-schema.ts';
import { functionStory, practiceConditions } from './report/rationale.ts';
import {
  decideAll,
  DEFAULT_WEIGHTS,
  normalizeWeights,
  overallModel,
  type FunctionDecision,
  type OverallModel,
  type Weights,
} from './decide/recommend.ts';
import { fullyManagedStack, priceStackSentence } from './report/price-stack.ts';
import { questionsFor } from './report/questions.ts';
import { breakEvens, tornado } from './decide/sensitivity.ts';
import { PLAN_LABELS } from './report/labels.ts';

export { DEFAULT_ITERATIONS, DEFAULT_SEED };

export interface AssessOptions {
  seed?: number;
  iterations?: number;
  /** Called with the finished fraction of the simulation (0 to 1). */
  onProgress?: (fraction: number) => void;
  /** The date the assessment is made (ISO), for the age of the last risk analysis; defaults to the profile's asOf. */
  asOf?: string | null;
}

/** The profile's weights, else the stakeholders' average (each person counts once), else the defaults. */
export function primaryWeights(profile: PracticeProfile): Weights {
  if (profile.preferences) return normalizeWeights(profile.preferences);
  if (profile.stakeholders.length === 0) return DEFAULT_WEIGHTS;
  const sum = { cost: 0, control: 0, vendorDependency: 0 };
  for (const s of profile.stakeholders) {
    const w = normalizeWeights(s.weights);
    sum.cost += w.cost;
    sum.control += w.control;
    sum.vendorDependency += w.vendorDependency;
  }
  return normalizeWeights(sum);
}

function byFunction(model: Model, assignment: Assignment): Partial<Record<FunctionId, SourcingOption>> {
  const out: Partial<Record<FunctionId, SourcingOption>> = {};
  model.functions.forEach((f, i) => {
    const o = assignment[i];
    if (o) out[f.id] = o;
  });
  return out;
}

function modelOf(assignment: Assignment): OverallModel | null {
  const used = assignment.filter((o): o is SourcingOption => o !== null);
  return used.length ? overallModel(used) : null;
}

const ZERO_STATS: SeriesStats = { mean: 0, p10: 0, p50: 0, p90: 0 };

function optionResult(
  model: Model,
  i: number,
  o: SourcingOption,
  point: OptionPoint,
  decision: FunctionDecision,
  simulated: McFunctionResult | null,
): OptionResult {
  const fn = model.functions[i]!;
  const plan = fn.plans[o];
  const k = OPTIONS.indexOf(o);
  return {
    option: o,
    infeasibleReason: fn.infeasible[o],
    cost: point.cost,
    components: point.components,
    risk: point.risk,
    riskTotal: point.riskTotal,
    riskAdjusted: point.riskAdjusted,
    score: decision.scores[o],
    simulated: {
      cost: simulated?.cost[k] ?? ZERO_STATS,
      riskAdjusted: simulated?.riskAdjusted[k] ?? ZERO_STATS,
      probabilityCheapest: simulated?.probabilityCheapest[k] ?? 0,
    },
    staffing: {
      workloadFte: plan.workloadFte,
      internalFte: plan.internalFte,
      existingFte: plan.existingUsedFte,
      hires: plan.hires.filter((h) => h.fte > 0),
      people: plan.people,
      hasCover: plan.hasCover,
      covers24x7: plan.covers24x7,
      freedFte: freedStaff(plan).fte,
    },
  };
}

function planResult(
  model: Model,
  id: PlanId,
  assignment: Assignment,
  means: Float64Array,
  simulated: McPlanResult,
): PlanResult {
  const point = evaluatePlan(model, assignment, means, id === 'current');
  return {
    id,
    label: PLAN_LABELS[id],
    assignment: byFunction(model, assignment),
    cost: point.cost,
    components: point.components,
    loss: point.loss,
    lossByScenario: point.lossByScenario,
    riskAdjusted: point.riskAdjusted,
    simulated,
  };
}

/**
 * Issue 14.5: software development and a data warehouse are assessed only when a need is declared,
 * so a practice that declared none was never told they are not for doing in-house at its size.
 * Each needs a minimum in-house team (the catalog's minInHouseFte at its deepest level); when
 * that team is larger than all the practice's IT work, say so.
 */
function unassessedTeams(model: Model): string | null {
  const workload = model.functions.filter((f) => f.needed).reduce((s, f) => s + f.plans.in_house.workloadFte, 0);
  const teams = [
    { id: 'software_development', level: 'custom', what: 'custom software development' },
    { id: 'data_analytics', level: 'warehouse', what: 'an in-house data warehouse and analytics team' },
  ]
    .filter(
      (t) =>
        !model.functions.find((f) => f.id === t.id)?.needed ||
        model.functions.find((f) => f.id === t.id)?.level !== t.level,
    )
    .map((t) => ({ ...t, team: model.defaults.functionParam(t.id, t.level, 'minInHouseFte') }))
    .filter((t) => t.team > workload);
  if (teams.length === 0) return null;
  return `Not needed today, and not advisable in-house at this size: ${teams.map((t) => `${t.what} (a team of at least ${t.team} FTE)`).join(' and ')}, against ${workload.toFixed(1)} FTE for all of your IT work; buy these as products or from a partner if the need arises.`;
}

function overallRationale(
  model: Model,
  plans: PlanResult[],
  recommendedModel: OverallModel,
  currentModel: OverallModel | null,
): string[] {
  const today = plans.find((p) => p.id === 'current')!;
  const rec = plans.find((p) => p.id === 'recommended')!;
  const diff = today.riskAdjusted - rec.riskAdjusted;
  const added = model.functions.filter((f) => f.needed && f.current === 'none').map((f) => f.spec.name);
  const why = added.length
    ? `, mostly because it adds what is not done today (${added.join(', ')})`
    : ', bought back in control, cover or insurer requirements';
  const lines = [
    `Recommended overall: ${planLabelOf(model, rec.assignment)}${currentModel && currentModel !== recommendedModel ? ` (today: ${MODEL_LABELS[currentModel]})` : ''}.`,
    `The recommended plan is expected to cost ${money(rec.riskAdjusted)} a year including risk (${money(rec.cost)} spending plus ${money(rec.loss)} expected loss), against ${money(today.riskAdjusted)} today: ${diff >= 0 ? `${money(diff)} a year less` : `${money(-diff)} a year more${why}`}.`,
    `In the simulation the recommended plan is the cheapest of the five plans in ${percent(rec.simulated.probabilityCheapest)} of years; its yearly loss exceeds ${money(rec.simulated.loss.p90)} one year in ten.`,
  ];
  lines.push(priceStackSentence(fullyManagedStack(model)));
  const notAdvisable = unassessedTeams(model);
  if (notAdvisable) lines.push(notAdvisable);
  if (model.horizonYears > 1)
    lines.push(
      `One-time costs (recruiting, transitions, onboarding) are spread over the ${model.horizonYears}-year horizon.`,
    );
  return lines;
}

/**
 * The plan in words (issue 14.6): one option when every function takes it, else the option most
 * functions take ("mostly fully managed, 13 of 15 functions") and the exceptions by name.
 */
/** The plan in words for an assignment of the model's functions. */
export function planLabelOf(model: Model, assignment: Partial<Record<FunctionId, SourcingOption>>): string {
  return planLabel(
    model.functions.flatMap((f) => {
      const o = assignment[f.id];
      return o ? [{ name: f.spec.name, option: o }] : [];
    }),
  );
}

/** The plan in words, from each function's name and recommended option. */
export function planLabel(entries: readonly { name: string; option: SourcingOption }[]): string {
  if (entries.length === 0) return 'nothing to do';
  const counts = OPTIONS.map((o) => entries.filter((e) => e.option === o).length);
  const main = OPTIONS[counts.indexOf(Math.max(...counts))]!;
  const mainCount = Math.max(...counts);
  if (mainCount === entries.length) return OPTION_LABELS[main];
  const others = OPTIONS.filter((o) => o !== main)
    .map((o) => {
      const names = entries.filter((e) => e.option === o).map((e) => e.name);
      return names.length ? `${names.join(', ')} ${OPTION_LABELS[o]}` : null;
    })
    .filter((x): x is string => x !== null);
  const lead =
    mainCount * 2 > entries.length ? `mostly ${OPTION_LABELS[main]}` : `a mix, most often ${OPTION_LABELS[main]}`;
  return `${lead} (${mainCount} of ${entries.length} functions), with ${others.join('; ')}`;
}

export function assess(profile: PracticeProfile, options: AssessOptions = {}): Assessment {
  const seed = options.seed ?? DEFAULT_SEED;
  const iterations = options.iterations ?? DEFAULT_ITERATIONS;
  const model = buildModel(profile, { asOf: options.asOf ?? null });
  const means = model.inputs.cols.means();
  const points = evaluateAll(model, means);
  const weights = primaryWeights(profile);
  const decisions = decideAll(model, points, weights);
  const recommended: Assignment = decisions.map((d) => d?.recommended ?? null);
  const pure = (o: SourcingOption): Assignment => model.functions.map((f) => (f.needed ? o : null));
  const assignments: [PlanId, Assignment][] = [
    ['current', currentAssignment(model)],
    ['recommended', recommended],
    ['in_house', pure('in_house')],
    ['co_managed', pure('co_managed')],
    ['fully_managed', pure('fully_managed')],
  ];
  const mc = runMonteCarlo(
    model,
    assignments.map(([, a]) => a),
    { seed, iterations, todayPlan: 0, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
  );
  const plans = assignments.map(([id, a], p) => planResult(model, id, a, means, mc.plans[p]!));
  const sensitivity = tornado(model, weights, decisions);
  const breakEven = breakEvens(model, weights);
  const hasInternalIt = model.existingStaffFte > 0;

  const functions: FunctionAssessment[] = [];
  model.functions.forEach((fn, i) => {
    const point = points[i];
    const decision = decisions[i];
    if (!point || !decision) return;
    const simulated = mc.functions[i] ?? null;
    const story = functionStory({ model, fn, points: point, decision, simulated });
    functions.push({
      id: fn.id,
      name: fn.spec.name,
      current: fn.current,
      recommended: decision.recommended,
      runnerUp: decision.runnerUp,
      margin: Number.isFinite(decision.margin) ? decision.margin : null,
      marginCost: decision.runnerUp
        ? point[decision.runnerUp].riskAdjusted - point[decision.recommended].riskAdjusted
        : null,
      options: OPTIONS.map((o) => optionResult(model, i, o, point[o], decision, simulated)),
      ...story,
      breakEven: breakEven[i] ?? null,
      sensitivity: sensitivity[i] ?? [],
      split: draftSplit(fn, decision.recommended, hasInternalIt || fn.plans[decision.recommended].internalFte > 0),
    });
  });

  const recommendedModel = modelOf(recommended) ?? 'fully_managed';
  const currentModel = modelOf(assignments[0]![1]);
  return {
    engineVersion: ENGINE_VERSION,
    name: profile.name ?? null,
    seed,
    iterations,
    horizonYears: model.horizonYears,
    asOf: model.asOf,
    weights,
    overall: {
      model: recommendedModel,
      label: planLabelOf(model, byFunction(model, recommended)),
      current: currentModel,
      rationale: [
        ...overallRationale(model, plans, recommendedModel, currentModel),
        ...[assumptionsSentence(assumptionsToConfirm(model, functions))].filter((x) => x !== null),
      ],
      conditions: practiceConditions(model, recommended),
    },
    functions,
    plans,
    stakeholders: profile.stakeholders.map((s) => {
      const own = decideAll(model, points, s.weights);
      const chosen: Assignment = own.map((d) => d?.recommended ?? null);
      return {
        name: s.name,
        role: s.role ?? null,
        weights: normalizeWeights(s.weights),
        overallModel: modelOf(chosen) ?? 'fully_managed',
        decisions: byFunction(model, chosen),
        differs: FUNCTION_IDS.filter((id) => {
          const i = model.functions.findIndex((f) => f.id === id);
          return chosen[i] !== recommended[i];
        }),
      };
    }),
    questions: questionsFor(model, recommended),
    overridden: [...model.defaults.overridden].sort(),
  };
}
