/**
 * The plain-language reasons for each recommendation (issue 4, point 5). Every sentence comes
 * from a figure or a flag of the model, so the text names the drivers that really moved the
 * decision: the four conditions for insourcing the articles give (scale, management capacity,
 * bounded scope, governance readiness) and their warnings (one person holding a function, paying
 * twice during a transition, building software or analytics at this scale, security without
 * 24/7 cover).
 */
import type { Condition, Driver, Warning } from '../assessment-schema.ts';
import { OPTIONS, type SourcingOption } from '../model/function-catalog.ts';
import { capitalize, fte, money, OPTION_LABELS, percent } from '../format.ts';
import type { ByOption, FunctionModel, Model } from '../model/model.ts';
import type { McFunctionResult } from '../simulate/results.ts';
import type { OptionPoint } from '../model/point.ts';
import type { FunctionDecision } from '../decide/recommend.ts';

export interface FunctionStory {
  drivers: Driver[];
  rationale: string[];
  warnings: Warning[];
}

interface StoryInput {
  model: Model;
  fn: FunctionModel;
  points: ByOption<OptionPoint>;
  decision: FunctionDecision;
  simulated: McFunctionResult | null;
}

function leaderPhrase(model: Model): string {
  return model.leader.managerHours > 0 ? 'the technology leader and IT managers have' : 'the technology leader has';
}

function hours(h: number): string {
  const rounded = Math.round(h * 10) / 10;
  return `${rounded} hour${rounded === 1 ? '' : 's'}`;
}

/** In-house staffing pays for idle time when the work fills less than this share of the people needed. */
const SCALE_UTILISATION = 0.75;

function scaleMet(fn: FunctionModel): boolean {
  const plan = fn.plans.in_house;
  return plan.internalFte > 0 && plan.workloadFte >= SCALE_UTILISATION * plan.internalFte;
}

function costSentence({ fn, points, decision, simulated }: StoryInput): string {
  const rec = decision.recommended;
  const others = OPTIONS.filter((o) => o !== rec && !fn.infeasible[o]).map(
    (o) => `${money(points[o].riskAdjusted)} ${OPTION_LABELS[o]}`,
  );
  const chance = simulated
    ? ` It comes out cheapest in ${percent(simulated.probabilityCheapest[OPTIONS.indexOf(rec)]!)} of simulated years.`
    : '';
  return `${capitalize(OPTION_LABELS[rec])} is expected to cost ${money(points[rec].riskAdjusted)} a year including risk, against ${others.join(' and ') || 'no allowed alternative'}.${chance}`;
}

function conditionSentences(input: StoryInput, drivers: Driver[]): string[] {
  const { model, fn } = input;
  const out: string[] = [];
  const inHouse = fn.plans.in_house;
  if (!scaleMet(fn)) {
    drivers.push('scale');
    out.push(
      `Scale: the work fills ${fte(inHouse.workloadFte)}, but running it in-house takes ${fte(inHouse.internalFte)}` +
        (inHouse.floorFte > inHouse.workloadFte
          ? ` to keep the seat covered (${fn.spec.coverage === '24x7' ? 'around the clock' : 'holidays and sick days included'}).`
          : '.'),
    );
  } else
    out.push(
      `Scale: the work fills ${fte(inHouse.workloadFte)} of the ${fte(inHouse.internalFte)} it takes in-house, so little is paid for idle cover.`,
    );
  // Only hires add to the management load; staff already in place are managed (or not) either way.
  if (fn.managementShort.in_house && inHouse.hiresFte > 0) {
    drivers.push('management_capacity');
    out.push(
      `Management capacity: nobody has the hours to manage more IT staff (${leaderPhrase(model)} ${hours(model.leader.availableHours)} a week; each report needs about ${model.defaults.mean('management.hoursPerReportPerWeek').toFixed(1)}). An unmanaged team drifts.`,
    );
  }
  if (fn.spec.bounded) out.push('Scope: this is bounded, high-volume work, the kind an internal team handles well.');
  else {
    drivers.push('bounded_scope');
    out.push(
      `Scope: ${fn.spec.skillDepth === 'team' ? 'it needs a team of specialists' : 'it needs specialist depth and tooling'} that a partner spreads over many practices.`,
    );
  }
  if (model.governanceMissingShare > 0 && fn.current !== 'in_house') {
    drivers.push('governance_readiness');
    out.push(
      'Governance: policies, documented processes or a governance framework are missing; building them while building the team is a heavier lift.',
    );
  }
  return out;
}

function warningsFor({ model, fn, points, decision }: StoryInput): Warning[] {
  const out: Warning[] = [];
  const inHouse = fn.plans.in_house;
  const today = fn.today?.plan;
  // Issue 14.5: one person holding the function today, with nobody to cover, is warned about
  // whatever the recommendation; the in-house plan only when in-house is recommended or proposed
  // (not for functions that are neither in-house today nor in the advice: that was noise).
  const aloneToday = today !== undefined && today.option !== 'fully_managed' && today.people === 1 && !today.hasCover;
  const inHouseAdvised = decision.recommended === 'in_house' || fn.proposal?.to === 'in_house';
  const aloneInHouse = inHouseAdvised && inHouse.people <= 1 && !inHouse.hasCover && inHouse.internalFte > 0;
  if (aloneToday && !(inHouseAdvised && !aloneInHouse))
    out.push({
      driver: 'single_person',
      text: `Today one person holds this function and nobody covers for them: when they leave or are away, it stops${decision.recommended === 'fully_managed' ? '' : ' (name a backup, or document it and let the MSP cover)'}.`,
    });
  else if (aloneInHouse)
    out.push({
      driver: 'single_person',
      text: `In-house, one person would hold this function. When they leave or are away, it stops: expected cost ${money(points.in_house.risk.key_person)} a year.`,
    });
  // Paying twice is the overlap of the MSP's fee alone, not other one-time costs (policy writing).
  const twice = points.in_house.components.transition;
  const considersInHouse = inHouseAdvised || fn.current === 'in_house';
  if ((fn.current === 'fully_managed' || fn.current === 'co_managed') && twice > 0 && considersInHouse)
    out.push({
      driver: 'paying_twice',
      text: `Moving it in-house means paying the MSP and the new team at once for about ${Math.round(model.defaults.mean('transition.overlapDays'))} days (${money(twice * model.horizonYears)} over the transition).`,
    });
  if (fn.spec.need?.key === 'softwareDevelopment' && fn.level === 'custom')
    out.push({
      driver: 'software_at_scale',
      text: `Organisations of this size should rarely write their own software: expected overrun in-house ${money(points.in_house.risk.project)} a year, and velocity slows once the first version must be maintained.`,
    });
  if (fn.spec.need?.key === 'analytics' && fn.level === 'warehouse')
    out.push({
      driver: 'analytics_department',
      text: 'Analytics at this depth needs a department (architects, analysts, engineers), not two hires.',
    });
  const needs24 = fn.spec.controls.some((c) => c.control === 'mdr' || c.control === 'monitoring');
  if (needs24 && !inHouse.covers24x7)
    out.push({
      driver: 'security_24x7',
      text: `Security needs 24/7 cover; an in-house team of ${fte(inHouse.internalFte)} covers business hours only.`,
    });
  for (const o of OPTIONS) {
    const reason = fn.infeasible[o];
    if (reason)
      out.push({ driver: 'insurance_requirement', text: `${capitalize(OPTION_LABELS[o])} is ruled out: ${reason}.` });
  }
  return out;
}

function proposalSentence({ fn, points, decision }: StoryInput): string | null {
  const p = fn.proposal;
  if (!p) return null;
  const what =
    p.description ??
    `move it ${OPTION_LABELS[p.to]}${p.hires ? ` with ${p.hires.map((h) => `${h.fte} ${h.role.replaceAll('_', ' ')}`).join(' and ')}` : ''}`;
  if (p.to === decision.recommended) return `Your proposal (${what}) is what the numbers support.`;
  const extra = points[p.to].riskAdjusted - points[decision.recommended].riskAdjusted;
  return `Your proposal (${what}) would cost ${money(Math.abs(extra))} a year ${extra >= 0 ? 'more' : 'less'} including risk than ${OPTION_LABELS[decision.recommended]}${extra < 0 ? ', but loses on control, dependency or an insurer requirement' : ''}.`;
}

function riskSentence({ fn, points, decision }: StoryInput): string | null {
  const rec = decision.recommended;
  const riskiest = OPTIONS.filter((o) => o !== rec).sort((a, b) => points[b].riskTotal - points[a].riskTotal)[0]!;
  const gap = points[riskiest].riskTotal - points[rec].riskTotal;
  if (gap < 0.05 * points[rec].riskAdjusted || gap < 1000) return null;
  return `Risk: ${OPTION_LABELS[riskiest]} carries ${money(gap)} a year more expected loss (key person, overruns, weaker controls) than ${OPTION_LABELS[rec]}${fn.spec.controls.length ? ', mostly from controls it would deliver less fully' : ''}.`;
}

export function functionStory(input: StoryInput): FunctionStory {
  const drivers: Driver[] = ['cost'];
  const rationale = [costSentence(input), ...conditionSentences(input, drivers)];
  const risk = riskSentence(input);
  if (risk) {
    drivers.push('risk');
    rationale.push(risk);
  }
  const { decision, points } = input;
  const cheapest = OPTIONS.filter((o) => !input.fn.infeasible[o]).sort(
    (a, b) => points[a].riskAdjusted - points[b].riskAdjusted,
  )[0];
  if (cheapest && cheapest !== decision.recommended) {
    drivers.push('preferences');
    const gap = points[decision.recommended].riskAdjusted - points[cheapest].riskAdjusted;
    rationale.push(
      `${capitalize(OPTION_LABELS[cheapest])} is ${money(gap)} a year cheaper, but the weights on control and vendor dependency tip it to ${OPTION_LABELS[decision.recommended]}.`,
    );
  }
  const proposal = proposalSentence(input);
  if (proposal) {
    drivers.push('proposal');
    rationale.push(proposal);
  }
  const warnings = warningsFor(input);
  for (const w of warnings) if (!drivers.includes(w.driver)) drivers.push(w.driver);
  return { drivers, rationale, warnings };
}

/** The four conditions for insourcing at the level of the whole practice. */
export function practiceConditions(model: Model, recommended: readonly (SourcingOption | null)[]): Condition[] {
  const needed = model.functions.filter((f) => f.needed);
  const workload = needed.reduce((s, f) => s + f.plans.in_house.workloadFte, 0);
  const hoursPerReport = model.defaults.mean('management.hoursPerReportPerWeek');
  const canManage = model.leader.availableHours >= hoursPerReport * (model.existingStaffFte + 1);
  const inHouse = model.functions.filter((f, i) => recommended[i] === 'in_house' || f.proposal?.to === 'in_house');
  const unbounded = inHouse.filter((f) => !f.spec.bounded);
  const g = model.profile.governance;
  const missing = g
    ? [
        g.writtenPolicies ? null : 'written policies',
        g.documentedProcesses ? null : 'documented processes',
        g.governanceFramework ? null : 'a governance framework',
      ].filter(Boolean)
    : ['answers about governance'];
  const analysis =
    model.riskAnalysisCurrent === true
      ? 'a risk analysis done in the last 24 months'
      : 'no risk analysis in the last 24 months';
  const team = model.existingStaffFte > 0 ? `the current ${fte(model.existingStaffFte)} plus one hire` : 'a first hire';
  return [
    {
      id: 'scale',
      label: 'Scale',
      met: workload >= 3,
      detail: `All the IT work of ${model.size.users} users adds up to ${fte(workload)}; a team of three or more is what keeps internal IT busy, covered and worth managing.`,
    },
    {
      id: 'management_capacity',
      label: 'Management capacity',
      met: canManage,
      detail: `The technology leader (${model.leader.background.replaceAll('_', ' ')})${model.leader.managerHours > 0 ? ' and the IT managers on staff' : ''} can give ${hours(model.leader.availableHours)} a week to managing people, counting how much of it goes to running a team; ${team} needs about ${hours(hoursPerReport * (model.existingStaffFte + 1))}.`,
    },
    {
      id: 'bounded_scope',
      label: 'Bounded scope',
      met: unbounded.length === 0,
      detail:
        unbounded.length === 0
          ? inHouse.length
            ? `What would be in-house is bounded, high-volume work (${inHouse.map((f) => f.spec.name).join(', ')}).`
            : 'Nothing needs to be in-house.'
          : `In-house would include specialist work: ${unbounded.map((f) => f.spec.name).join(', ')}.`,
    },
    {
      id: 'governance_readiness',
      label: 'Governance readiness',
      met: missing.length === 0 && model.riskAnalysisCurrent === true,
      detail:
        missing.length === 0
          ? `Policies, processes and a framework are in place, with ${analysis}.`
          : `Missing: ${missing.join(', ')}; ${analysis}.`,
    },
  ];
}
