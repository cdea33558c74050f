/**
 * Properties of the engine over generated valid practice profiles (fixtures.ts profileArb):
 * raising MSP prices never moves a decision towards an MSP, a backup person never raises
 * key-person risk, and the simulation depends on the seed only. Runs are kept small so the file
 * takes a few seconds; a failure prints the shrunk profile.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { primaryWeights } from '../../../src/advisor/engine/assess.ts';
import { COST_COMPONENTS, type CostComponent } from '../../../src/advisor/engine/model/cost-model.ts';
import { defaultEntry } from '../../../src/advisor/engine/model/defaults.ts';
import { distMean } from '../../../src/advisor/engine/distributions.ts';
import {
  FUNCTION_CATALOG,
  FUNCTION_IDS,
  OPTIONS,
  ROLE_IDS,
  type RoleId,
  type SourcingOption,
} from '../../../src/advisor/engine/model/function-catalog.ts';
import { buildModel, type Model } from '../../../src/advisor/engine/model/model.ts';
import { runMonteCarlo } from '../../../src/advisor/engine/simulate/monte-carlo.ts';
import {
  currentAssignment,
  evaluateAll,
  evaluateFunction,
  type Assignment,
} from '../../../src/advisor/engine/model/point.ts';
import { parseProfile, type PracticeProfileInput } from '../../../src/advisor/engine/profile/profile-schema.ts';
import { decideAll, type FunctionDecision } from '../../../src/advisor/engine/decide/recommend.ts';
import { RISK_COMPONENTS } from '../../../src/advisor/engine/model/risk-model.ts';
import { functionParam } from '../../../src/advisor/engine/model/staffing.ts';
import { pointsOf, profileArb, smallModel, type SmallChanges } from './fixtures.ts';

function modelOf(input: PracticeProfileInput): Model {
  return buildModel(parseProfile(input));
}

function decisionsOf(input: PracticeProfileInput): { model: Model; decisions: (FunctionDecision | null)[] } {
  const profile = parseProfile(input);
  const model = buildModel(profile);
  const points = evaluateAll(model, model.inputs.cols.means());
  return { model, decisions: decideAll(model, points, primaryWeights(profile)) };
}

/** Not below `before` beyond floating-point noise. */
function notAbove(after: number, before: number): boolean {
  return after <= before + 1e-9 * Math.abs(before) + 1e-6;
}

/** After raising MSP prices: no function leaves in-house, and in-house never loses ground to an MSP option. */
function expectNoMoveTowardsMsp(before: PracticeProfileInput, after: PracticeProfileInput): void {
  const a = decisionsOf(before);
  const b = decisionsOf(after);
  a.decisions.forEach((da, i) => {
    const db = b.decisions[i];
    if (!da || !db) return;
    const id = a.model.functions[i]!.id;
    if (da.recommended === 'in_house') expect(db.recommended, id).toBe('in_house');
    for (const o of ['co_managed', 'fully_managed'] as const) {
      const [ih0, msp0, ih1, msp1] = [da.scores.in_house, da.scores[o], db.scores.in_house, db.scores[o]];
      if (ih0 === null || msp0 === null || ih1 === null || msp1 === null) continue;
      expect(notAbove(ih1 - msp1, ih0 - msp0), `${id}: in-house minus ${o} ${ih0 - msp0} -> ${ih1 - msp1}`).toBe(true);
    }
  });
}

const MSP_PRICES = [
  'msp.fullyManagedPerUserMonth',
  'msp.coManagedPerUserMonth',
  'msp.mdrPerEndpointMonth',
  'msp.serverPerMonth',
] as const;
const PARTNER_PRICES = [
  'price.patientDeskPerProviderMonth',
  'price.complianceRetainerPerYear',
  'price.compliancePerLocationYear',
  'price.emrSupportPerProviderMonth',
  'price.cloudMigrationPerUser',
  'price.analyticsBasicPerProviderMonth',
  'price.analyticsWarehousePerProviderMonth',
  'price.softwareIntegrationsPerYear',
  'price.softwareCustomPerYear',
] as const;

const factor = fc.double({ min: 1.01, max: 3, noNaN: true });

describe('raising MSP prices never makes outsourcing more attractive', () => {
  it('each of the four MSP prices raised by its own factor (no MSP today, no exit risk)', () => {
    // Restricted to practices with no MSP today and no MSP-exit risk: otherwise three parts of the engine break the
    // property (reported with this change, left out of the suite): (1) the exit cost is shared among functions by
    // their fully managed fee, so raising the bundle price lowers the exit share, and the MSP score, of functions
    // priced otherwise (EMR support, compliance); (2) a known MSP invoice is spread over functions by market fee,
    // so raising one price moves invoice dollars away from the other functions; (3) leaving today's MSP for
    // in-house pays its fee twice during the overlap, leaving it for fully managed does not. Every other feature
    // of the profile is generated.
    const prices = fc.record({
      'msp.fullyManagedPerUserMonth': fc.integer({ min: 60, max: 400 }),
      'msp.coManagedPerUserMonth': fc.integer({ min: 30, max: 250 }),
      'msp.mdrPerEndpointMonth': fc.integer({ min: 10, max: 80 }),
      'msp.serverPerMonth': fc.integer({ min: 50, max: 500 }),
    });
    fc.assert(
      fc.property(
        profileArb,
        fc.constantFrom('none' as const, 'in_house' as const),
        prices,
        fc.tuple(factor, factor, factor, factor),
        (input, current, base, k) => {
          const profile = (p: Record<string, number>): PracticeProfileInput => ({
            ...input,
            current: { model: current },
            overrides: { ...p, 'msp.exitProbability': 0 },
          });
          const raised = Object.fromEntries(MSP_PRICES.map((id, i) => [id, base[id] * k[i]!]));
          expectNoMoveTowardsMsp(profile(base), profile(raised));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('every MSP and partner price raised by one factor (any current option, full model)', () => {
    const ids = [...MSP_PRICES, ...PARTNER_PRICES];
    const base = Object.fromEntries(ids.map((id) => [id, distMean(defaultEntry(id).value)]));
    fc.assert(
      fc.property(profileArb, factor, (input, k) => {
        // What the practice pays today stays at the market price (no invoice given), so it rises with the others.
        const profile = (p: Record<string, number>): PracticeProfileInput => ({
          ...input,
          current: { model: input.current.model },
          overrides: p,
        });
        const raised = Object.fromEntries(ids.map((id) => [id, base[id]! * k]));
        expectNoMoveTowardsMsp(profile(base), profile(raised));
      }),
      { numRuns: 40 },
    );
  });
});

describe('a backup person never raises key-person risk', () => {
  function keyPersonRisk(input: PracticeProfileInput): Map<string, number> {
    const model = modelOf(input);
    const points = evaluateAll(model, model.inputs.cols.means());
    const out = new Map<string, number>();
    model.functions.forEach((f, i) => {
      const p = points[i];
      if (p) for (const o of OPTIONS) out.set(`${f.id} ${o}`, p[o].risk.key_person);
    });
    return out;
  }

  function expectNoHigher(before: PracticeProfileInput, after: PracticeProfileInput): void {
    const a = keyPersonRisk(before);
    const b = keyPersonRisk(after);
    for (const [key, x] of a) expect(notAbove(b.get(key)!, x), `${key}: ${x} -> ${b.get(key)}`).toBe(true);
  }

  it('adding a colleague with the same skills', () => {
    fc.assert(
      fc.property(
        profileArb,
        fc.nat(),
        fc.constantFrom(0.25, 0.5, 1),
        fc.uniqueArray(fc.constantFrom(...FUNCTION_IDS), { minLength: 1, maxLength: 4 }),
        (input, pick, fte, skills) => {
          const staff = input.staff ?? [];
          const like = staff.length > 0 ? staff[pick % staff.length]! : { role: 'help_desk' as const, skills };
          const total = staff.reduce((s, x) => s + (x.fte ?? 1), 0);
          fc.pre(total + fte <= input.practice.users);
          const colleague = { role: like.role, skills: like.skills, fte, canBeCovered: false };
          expectNoHigher(input, { ...input, staff: [...staff, colleague] });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('letting someone be covered', () => {
    fc.assert(
      fc.property(profileArb, fc.nat(), (input, pick) => {
        const staff = input.staff ?? [];
        fc.pre(staff.length > 0);
        const covered = staff.map((s, i) => (i === pick % staff.length ? { ...s, canBeCovered: true } : s));
        expectNoHigher(input, { ...input, staff: covered });
      }),
      { numRuns: 40 },
    );
  });
});

describe('the simulation depends only on the seed and the iteration count', () => {
  it('same seed: deep-equal results, whatever the chunk size', () => {
    fc.assert(
      fc.property(
        profileArb,
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 50, max: 2500 }),
        (input, seed, chunkSize) => {
          const model = modelOf(input);
          const pure = (o: SourcingOption): Assignment => model.functions.map((f) => (f.needed ? o : null));
          const plans = [currentAssignment(model), ...OPTIONS.map(pure)];
          const iterations = 2000;
          const a = runMonteCarlo(model, plans, { seed, iterations });
          expect(runMonteCarlo(model, plans, { seed, iterations })).toEqual(a);
          expect(runMonteCarlo(model, plans, { seed, iterations, chunkSize })).toEqual(a);
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe('point model invariants', () => {
  it('components are non-negative and add up to the cost, the risk and the risk-adjusted cost', () => {
    fc.assert(
      fc.property(profileArb, (input) => {
        const model = modelOf(input);
        const points = evaluateAll(model, model.inputs.cols.means());
        points.forEach((p, i) => {
          if (!p) return;
          for (const o of OPTIONS) {
            const x = p[o];
            const id = `${model.functions[i]!.id} ${o}`;
            for (const c of COST_COMPONENTS) expect(x.components[c], `${id} ${c}`).toBeGreaterThanOrEqual(0);
            for (const r of RISK_COMPONENTS) expect(x.risk[r], `${id} ${r}`).toBeGreaterThanOrEqual(0);
            const cost = COST_COMPONENTS.reduce((s, c) => s + x.components[c], 0);
            const risk = RISK_COMPONENTS.reduce((s, r) => s + x.risk[r], 0);
            expect(x.cost).toBeCloseTo(cost, 6);
            expect(x.riskTotal).toBeCloseTo(risk, 6);
            expect(x.riskAdjusted).toBeCloseTo(cost + risk, 6);
          }
          const plan = model.functions[i]!.plans;
          // In-house meets its coverage floor unless a proposal says otherwise; fully managed needs nobody.
          if (!plan.in_house.fromProposal)
            expect(plan.in_house.internalFte).toBeGreaterThanOrEqual(plan.in_house.floorFte - 1e-9);
          expect(plan.fully_managed.internalFte).toBe(0);
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe('adding a qualified in-house person (issue 14)', () => {
  /**
   * In-house score minus fully managed's, and the recommendation; null when not comparable.
   * Fully managed is the yardstick: co-managed uses the same person (their time cuts its hires
   * too), so which of the two internal options gains more is not a matter of the person's worth.
   */
  function inHouseStanding(d: FunctionDecision | null): { gap: number; recommended: SourcingOption } | null {
    if (!d || d.scores.in_house === null || d.scores.fully_managed === null) return null;
    return { gap: d.scores.in_house - d.scores.fully_managed, recommended: d.recommended };
  }

  type Fn = Model['functions'][number];

  /**
   * Salary dollars a year of the in-house team, as the cost model prices them (staffSalaryTerms in
   * cost-model.ts): existing staff at their own pay for the time used (the listed staff's first,
   * cheapest first, then the technology leader's own time at the IT manager's salary), hires at the
   * expected market salary of their role (the salary column's mean: the median times the healthcare
   * multiplier and the spread of what new hires earn).
   */
  function teamSalary(model: Model, f: Fn): number {
    const v = model.inputs.cols.means();
    const plan = f.plans.in_house;
    return plan.existingSalaryUsed + plan.hires.reduce((s, h) => s + h.fte * v[model.inputs.salary(h.role)]!, 0);
  }

  /** Salary dollars the person adds to the in-house team, beyond what the time they replace cost (0 when none). */
  function premiumOf(c: Case, f: Fn): number {
    return Math.max(0, teamSalary(c.after.model, c.after.model.functions[f.index]!) - teamSalary(c.before.model, f));
  }

  /** What an in-house salary dollar costs a year in cost: itself with the employer's loading, and turnover. */
  function costPerSalaryDollar(model: Model): number {
    return model.loading + model.inputs.cols.means()[model.inputs.turnFactorCol]!;
  }

  /**
   * What an in-house salary dollar costs a year risk-adjusted: costPerSalaryDollar, plus for a project
   * function (cloud migration, analytics, software) its overrun risk, which model.ts (riskTermsFor)
   * charges as the in-house overrun share x loading x understaffing on every salary dollar of the team.
   */
  function riskAdjustedPerSalaryDollar(model: Model, f: Fn): number {
    if (!f.spec.overrun) return costPerSalaryDollar(model);
    const plan = f.plans.in_house;
    const minTeam = functionParam(model.defaults, f.spec, f.level, 'minInHouseFte');
    const understaffed = plan.internalFte > 0 && minTeam > plan.internalFte ? minTeam / plan.internalFte : 1;
    return costPerSalaryDollar(model) + model.defaults.mean(f.spec.overrun.inHouse) * model.loading * understaffed;
  }

  const personArb = fc.record({
    role: fc.constantFrom(...ROLE_IDS),
    fte: fc.constantFrom(0.25, 0.5, 1),
    skills: fc.uniqueArray(fc.constantFrom(...FUNCTION_IDS), { minLength: 1, maxLength: 4 }),
    canBeCovered: fc.boolean(),
    salary: fc.option(fc.integer({ min: 30_000, max: 250_000 }), { nil: undefined }),
  });
  type Person = typeof personArb extends fc.Arbitrary<infer P> ? P : never;

  interface Case {
    person: Person;
    before: ReturnType<typeof decisionsOf>;
    after: ReturnType<typeof decisionsOf>;
    /** The functions the person is qualified for: skilled in, holding a role its work is done in. */
    qualified: Fn[];
  }

  /** The roles a function's work is done in (its level's, when a need sets one). */
  function rolesOf(f: Fn): Partial<Record<RoleId, number>> {
    return f.level ? (f.spec.need?.levels[f.level]?.roles ?? f.spec.roles) : f.spec.roles;
  }

  /** The practice before and after the person joins its staff. */
  function caseOf(generated: PracticeProfileInput, person: Person, displacedStaff: 'redeploy' | 'leave'): Case {
    const input: PracticeProfileInput = { ...generated, displacedStaff };
    const before = decisionsOf(input);
    const after = decisionsOf({ ...input, staff: [...(input.staff ?? []), person] });
    const qualified = before.model.functions.filter((f) => person.skills.includes(f.id) && person.role in rolesOf(f));
    return { person, before, after, qualified };
  }

  const fitsArb = fc
    .tuple(profileArb, personArb, fc.constantFrom('redeploy' as const, 'leave' as const))
    .filter(([p, person]) => (p.staff ?? []).reduce((s, x) => s + (x.fte ?? 1), 0) + person.fte <= p.practice.users);

  /** Any generated practice, displaced staff redeployed or leaving, with and without the person. */
  const caseArb = fitsArb.map(([generated, person, displacedStaff]) => caseOf(generated, person, displacedStaff));

  /**
   * The same with an in-house proposal naming its hires for one of the person's skills, the person
   * holding one of the function's roles (generated proposals rarely meet a person skilled in them).
   */
  const namedTeamArb = fc
    .tuple(
      fitsArb,
      fc.nat(),
      fc.array(fc.record({ role: fc.constantFrom(...ROLE_IDS), fte: fc.constantFrom(0.5, 1, 2) }), {
        minLength: 1,
        maxLength: 2,
      }),
    )
    .map(([[generated, person, displacedStaff], pick, hires]) => {
      const id = person.skills[pick % person.skills.length]!;
      const roles = Object.keys(FUNCTION_CATALOG.find((f) => f.id === id)!.roles) as RoleId[];
      const proposals = (generated.proposedChanges ?? []).filter((c) => c.function !== id);
      const named = { ...generated, proposedChanges: [...proposals, { function: id, to: 'in_house' as const, hires }] };
      return caseOf(named, { ...person, role: roles[pick % roles.length]! }, displacedStaff);
    });

  /**
   * The property over generated profiles: any practice, any staff already there, any proposals
   * elsewhere, displaced staff redeployed or leaving, and a new person of any salary, share of time,
   * skills and cover. For each function the person is qualified for whose proposal (if any) does not
   * name its hires: where in-house was recommended, the advice never moves to fully managed, and
   * in-house never loses ground to fully managed; when displaced staff leave, as long as the person
   * adds no salary dollars to the in-house team (premiumOf is 0: they are paid no more than the time
   * they replace). Outside that condition the next test states the exact bound.
   *
   * Redeployed staff are paid under every option, so there the person's pay cancels out of the cost
   * and every generated salary is covered. Not every salary in general: a project function's overrun
   * risk grows with the in-house team's pay (riskTermsFor in model.ts), and outweighs the hires the
   * person saves only above about 3 times their market pay (overrun 0.5 x loading 1.25 against
   * loading, turnover and overrun on the hires), beyond the generated $250,000. It may move to co-managed: the person also staffs co-managed, and can lower
   * its risk more than in-house's (shrunk case from CI: 178 users, nothing today, a 0.25 FTE
   * help-desk person skilled in EMR support; in-house already had its generalist colleagues' cover,
   * so its key-person risk stayed, while co-managed's halved with a second internal person).
   */
  it('never makes in-house less likely for the functions they are qualified in (no named hires; leaving staff paid no more than the time they replace)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { person, before, after, qualified } = c;
        for (const f of qualified) {
          if (f.plans.in_house.fromProposal) continue;
          if (f.costInput.displacedStaff === 'leave' && premiumOf(c, f) > 0) continue;
          const a = inHouseStanding(before.decisions[f.index] ?? null);
          const b = inHouseStanding(after.decisions[f.index] ?? null);
          if (!a || !b) continue;
          if (a.recommended === 'in_house') expect(b.recommended, f.id).not.toBe('fully_managed');
          expect(
            notAbove(b.gap, a.gap),
            `${f.id} (${person.role}): in-house minus fully managed ${a.gap} -> ${b.gap}`,
          ).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  /**
   * Leaving staff, a person paid more than the time they replace (a hire at the expected market
   * salary, or the leader's own time): in-house keeps them and pays the difference, while fully
   * managed lets them go for severance and a handover, which only add to its own side. In-house
   * loses at most that premium times what an in-house salary dollar costs risk-adjusted: loading,
   * turnover, and for a project function its overrun share x loading (riskTermsFor in model.ts:
   * overrun is a share of the team's spend). The revert of cf9685e (lost 18,057.81 against a bound
   * of 17,878.97) missed that overrun term and priced the hires at the salary median rather than
   * the salary column's mean. No allowance beyond floating-point noise.
   */
  it('leaving staff: in-house loses at most the premium of a person paid more than the time they replace', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { before, after, qualified } = c;
        if (before.model.profile.displacedStaff !== 'leave') return;
        for (const f of qualified) {
          if (f.plans.in_house.fromProposal) continue;
          const a = inHouseStanding(before.decisions[f.index] ?? null);
          const b = inHouseStanding(after.decisions[f.index] ?? null);
          if (!a || !b) continue;
          const bound = premiumOf(c, f) * riskAdjustedPerSalaryDollar(before.model, f);
          expect(notAbove(b.gap - a.gap, bound), `${f.id}: lost ${b.gap - a.gap}, bound ${bound}`).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  /**
   * The leaving-staff bound by hand, on the small practice (fixtures.ts FIXED: market salaries at the
   * median, loading 1.25, turnover 0.1 x (0.5 + 73 / 365 x 0.5) = $0.06 a salary dollar, analytics
   * overrun share 0.5, a 5-year horizon). A warehouse needs a 5 FTE team (hires 35% data architect
   * $135,980, 45% data analyst $112,590, 20% software developer $135,980: $125,454.50 a year). A
   * software developer paid $232,232 at 0.25 FTE, skilled in analytics and the help desk, gives
   * analytics 0.125 FTE ($29,029) and replaces 0.125 FTE of hires ($15,681.81): a premium of
   * $13,347.19. In-house pays it loaded (x 1.25 = $16,683.98), with turnover (x 0.06 = $800.83) and
   * overrun risk (x 0.5 x 1.25 = $8,341.99): the bound is 13,347.19 x 1.935 = $25,826.81. It saves
   * the hires' recruiting (0.125 x ($5,000 + 4/12 x 0.5 x $125,454.50) / 5 = $647.73) and their
   * management (0.125 x 52 x 3 h x 1.25 x $175,140 / 1,800 h = $2,371.69); fully managed lets the
   * person go: severance 6 weeks ($29,029 / 52 x 6 / 5 = $669.90) and the handover (their loaded pay
   * over 30 onboarding days, $29,029 x 1.25 x 30 / 365 / 5 = $596.49).
   */
  it('leaving staff, worked example: a software developer above the market on a data warehouse', () => {
    const base = { needs: { analytics: 'warehouse' as const }, displacedStaff: 'leave' as const };
    const person = { role: 'software_developer' as const, fte: 0.25, skills: ['data_analytics', 'help_desk_it'] };
    const before = smallModel(base);
    const after = smallModel({ ...base, staff: [{ ...person, salary: 232_232 }] } as SmallChanges);
    const [a, b] = [pointsOf(before, 'data_analytics'), pointsOf(after, 'data_analytics')];
    const moved = (o: SourcingOption, c: CostComponent) => b[o].components[c] - a[o].components[c];
    const staffDollars = (['salary', 'benefits', 'payroll_taxes', 'coverage'] as const).reduce(
      (s, c) => s + moved('in_house', c),
      0,
    );
    expect(staffDollars).toBeCloseTo(16_683.98, 1);
    expect(moved('in_house', 'turnover')).toBeCloseTo(800.83, 1);
    expect(b.in_house.risk.project - a.in_house.risk.project).toBeCloseTo(8_341.99, 1);
    expect(moved('in_house', 'recruiting')).toBeCloseTo(-647.73, 1);
    expect(moved('in_house', 'management')).toBeCloseTo(-2_371.69, 1);
    expect(moved('fully_managed', 'severance')).toBeCloseTo(669.9, 1);
    expect(moved('fully_managed', 'transition')).toBeCloseTo(596.49, 1);
    const lost =
      b.in_house.riskAdjusted - b.fully_managed.riskAdjusted - (a.in_house.riskAdjusted - a.fully_managed.riskAdjusted);
    expect(lost).toBeGreaterThan(0);
    expect(lost).toBeLessThanOrEqual(25_826.81);
  });

  /**
   * A proposal that names its hires: the person joins the named team and replaces no hire. Their
   * cover never makes in-house riskier on the key-person count, and in-house's cost lead over fully
   * managed moves by at most what keeping them costs: nothing when displaced staff are redeployed
   * (paid under every option); when they leave, the salary dollars they add to the team (premiumOf)
   * at costPerSalaryDollar, plus the training and equipment of the FTE they add to it. premiumOf
   * counts the swap the 0.04 failure of cf9685e missed: the listed staff's time is used before the
   * leader's own (staffing.ts, salaryOfUsedTime), so a person paid more than the IT manager's
   * salary replaces the leader's time on IT strategy at a premium without adding any FTE.
   * Risk is left out of the lead: overrun is a share of the team's spend and so rises with their
   * pay, and exposure can rise (one more report can leave the leader short of hours for the other
   * functions, and weaker controls elsewhere make every gap in this function's controls costlier).
   */
  it('a named team: no more key-person risk in-house, and the cost lead moves by at most what keeping the person costs', () => {
    fc.assert(
      fc.property(namedTeamArb, (c) => {
        const { before, after, qualified } = c;
        const d = before.model.defaults;
        for (const f of qualified) {
          if (!f.plans.in_house.fromProposal || !before.decisions[f.index]) continue;
          const p0 = evaluateFunction(before.model, f, before.model.inputs.cols.means());
          const g = after.model.functions[f.index]!;
          const p1 = evaluateFunction(after.model, g, after.model.inputs.cols.means());
          expect(notAbove(p1.in_house.risk.key_person, p0.in_house.risk.key_person), `${f.id} key person`).toBe(true);
          const added = Math.max(0, g.plans.in_house.internalFte - f.plans.in_house.internalFte);
          const keeping =
            f.costInput.displacedStaff === 'redeploy'
              ? 0
              : premiumOf(c, f) * costPerSalaryDollar(before.model) +
                added * (d.mean('training.perItFte') + d.mean('hardware.perItFte'));
          const lead0 = p0.in_house.cost - p0.fully_managed.cost;
          const lead1 = p1.in_house.cost - p1.fully_managed.cost;
          expect(notAbove(lead1 - lead0, keeping), `${f.id}: cost gap ${lead0} -> ${lead1}, keeping ${keeping}`).toBe(
            true,
          );
        }
      }),
      { numRuns: 100 },
    );
  });
});
