/**
 * Properties of the engine over generated valid practice profiles (fixtures.ts profileArb):
 * raising MSP prices never moves a decision towards an MSP, a backup person never raises
 * key-person risk, and the simulation depends on the seed only. Runs are kept small so the file
 * takes a few seconds; a failure prints the shrunk profile.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { primaryWeights } from '../../../src/advisor/engine/assess.ts';
import { COST_COMPONENTS } from '../../../src/advisor/engine/model/cost-model.ts';
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
import { profileArb } from './fixtures.ts';

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

  /** The roles a function's work is done in (its level's, when a need sets one), with their shares. */
  function rolesOf(f: Model['functions'][number]): Partial<Record<RoleId, number>> {
    return f.level ? (f.spec.need?.levels[f.level]?.roles ?? f.spec.roles) : f.spec.roles;
  }

  /** What the market pays for a full-time hire in the function's role mix (the hire a person replaces). */
  function marketPay(model: Model, f: Model['functions'][number]): number {
    return Object.entries(rolesOf(f)).reduce(
      (s, [r, share]) => s + (share ?? 0) * model.defaults.mean(`salary.${r}`),
      0,
    );
  }

  /** Everything a salary dollar costs a year beyond itself: the employer's loading and turnover. */
  function costPerSalaryDollar(model: Model): number {
    return model.loading + model.inputs.cols.means()[model.inputs.turnFactorCol]!;
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
    /** The person's yearly salary (the market's for their role when the profile gives none). */
    pay: number;
    before: ReturnType<typeof decisionsOf>;
    after: ReturnType<typeof decisionsOf>;
    /** The functions the person is qualified for: skilled in, holding a role its work is done in. */
    qualified: Model['functions'][number][];
  }

  /** The practice before and after the person joins its staff. */
  function caseOf(generated: PracticeProfileInput, person: Person, displacedStaff: 'redeploy' | 'leave'): Case {
    const input: PracticeProfileInput = { ...generated, displacedStaff };
    const before = decisionsOf(input);
    const after = decisionsOf({ ...input, staff: [...(input.staff ?? []), person] });
    const pay = person.salary ?? before.model.defaults.mean(`salary.${person.role}`);
    const qualified = before.model.functions.filter((f) => person.skills.includes(f.id) && person.role in rolesOf(f));
    return { person, pay, before, after, qualified };
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
   * elsewhere, displaced staff redeployed or leaving, and a new person of any share of time, skills
   * and cover. For each function the person is qualified for, whose proposal (if any) does not name
   * its hires, and, when displaced staff leave, for a person paid no more than the market pays the
   * function's hires: where in-house was recommended, the advice never moves to fully managed, and
   * in-house never loses ground to fully managed.
   *
   * Why these two conditions, and what holds outside them (the next two tests), from fast-check's
   * shrunk counter-cases of the unconditioned statement:
   * - Pay above the market's, staff leaving (shrunk: a one-user practice, a 0.25 FTE help-desk
   *   person paid $113,511 against a $61,860 market; likewise a sysadmin at $164,319 for servers,
   *   and a person of a dearer role with no salary given, e.g. a network technician on the clinical
   *   help desk). In-house keeps them in place of a market-paid hire and pays the difference;
   *   fully managed lets them go for severance and a handover. That is the practice's real choice:
   *   keeping someone paid above the market costs the premium, so the model is right and the
   *   statement was too broad. Redeployed staff are paid under every option, so there their pay
   *   cancels out and any salary is covered here. What holds for the premium: next test.
   * - A proposal that names its hires (shrunk: one user, a cloud migration proposed in-house with a
   *   0.5 FTE help-desk hire, a 0.25 FTE sysadmin added; devices with 2.5 FTE named, a help-desk
   *   person added). The practice fixed the team: the named hires stay, so the person joins them
   *   and replaces nobody, and in-house has no hire to save. Redeployed, the person costs the same
   *   under every option; what moves is risk the model rightly ties to the team: less key-person
   *   risk, more overrun (overrun is a share of the project's spend, which the person's pay adds
   *   to), and the exposure of the rest of the practice (one more report can leave the leader short
   *   of hours for the other functions, and weaker controls elsewhere make every gap costlier).
   *   Leaving, in-house keeps the person's time while fully managed lets them go. What holds for a
   *   named team: the test after next.
   * No other exception: 200 generated cases here, and 6,400 more while writing this (14 seeds of 400-500).
   */
  it('never makes in-house less likely for the functions they are qualified in (no named hires; leaving staff paid at most the market)', () => {
    fc.assert(
      fc.property(caseArb, ({ person, pay, before, after, qualified }) => {
        for (const f of qualified) {
          if (f.plans.in_house.fromProposal) continue;
          if (f.costInput.displacedStaff === 'leave' && pay > marketPay(before.model, f)) continue;
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
   * Leaving staff, a person paid above the market: in-house loses at most their premium, the pay
   * above the market's for the time in-house uses them, with what every salary dollar costs
   * beside itself (loading, turnover). The hire they replace would have cost the market's pay, and
   * fully managed's severance and handover only add to its own side.
   */
  it('leaving staff: in-house loses at most the pay premium of the time it uses a person paid above the market', () => {
    fc.assert(
      fc.property(caseArb, ({ pay, before, after, qualified }) => {
        if (before.model.profile.displacedStaff !== 'leave') return;
        for (const f of qualified) {
          if (f.plans.in_house.fromProposal) continue;
          const a = inHouseStanding(before.decisions[f.index] ?? null);
          const b = inHouseStanding(after.decisions[f.index] ?? null);
          if (!a || !b) continue;
          const used =
            after.model.functions[f.index]!.plans.in_house.existingUsedFte - f.plans.in_house.existingUsedFte;
          const premium =
            Math.max(0, used) * Math.max(0, pay - marketPay(before.model, f)) * costPerSalaryDollar(before.model);
          expect(notAbove(b.gap - a.gap, premium), `${f.id}: lost ${b.gap - a.gap}, premium ${premium}`).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  /**
   * A proposal that names its hires: the person joins the named team. Their key-person cover never
   * makes in-house riskier on that count, and in-house's cost lead changes only by what keeping
   * them costs: nothing when displaced staff are redeployed (paid under every option), at most
   * their loaded pay and running costs (training, equipment) for the time the team uses them when
   * staff leave (fully managed lets them go).
   */
  it('a named team: no more key-person risk in-house, and the cost lead moves by at most what keeping the person costs', () => {
    fc.assert(
      fc.property(namedTeamArb, ({ pay, before, after, qualified }) => {
        const d = before.model.defaults;
        for (const f of qualified) {
          if (!f.plans.in_house.fromProposal || !before.decisions[f.index]) continue;
          const p0 = evaluateFunction(before.model, f, before.model.inputs.cols.means());
          const g = after.model.functions[f.index]!;
          const p1 = evaluateFunction(after.model, g, after.model.inputs.cols.means());
          expect(notAbove(p1.in_house.risk.key_person, p0.in_house.risk.key_person), `${f.id} key person`).toBe(true);
          const used = Math.max(0, g.plans.in_house.existingUsedFte - f.plans.in_house.existingUsedFte);
          const keeping =
            f.costInput.displacedStaff === 'redeploy'
              ? 0
              : used *
                (pay * costPerSalaryDollar(before.model) + d.mean('training.perItFte') + d.mean('hardware.perItFte'));
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
