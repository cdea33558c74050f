/**
 * Shared fixtures of the sourcing engine tests: a small practice whose uncertain inputs are
 * overridden to round fixed numbers (so the expected values can be computed by hand), helpers to
 * build and evaluate models, and a fast-check arbitrary of valid practice profiles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import {
  FUNCTION_IDS,
  OPTIONS,
  ROLE_IDS,
  type FunctionId,
} from '../../../src/advisor/engine/model/function-catalog.ts';
import { buildModel, type ByOption, type FunctionModel, type Model } from '../../../src/advisor/engine/model/model.ts';
import { evaluateFunction, type OptionPoint } from '../../../src/advisor/engine/model/point.ts';
import {
  parseProfile,
  type PracticeProfile,
  type PracticeProfileInput,
} from '../../../src/advisor/engine/profile/profile-schema.ts';

export const examplesDir = path.join(import.meta.dirname, '..', '..', '..', 'examples');

export function exampleFiles(): string[] {
  return readdirSync(examplesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

export function exampleInput(file: string): unknown {
  return parse(readFileSync(path.join(examplesDir, file), 'utf8')) as unknown;
}

export function loadExample(file: string): PracticeProfile {
  return parseProfile(exampleInput(file));
}

/**
 * Every figure the small practice's costs and risks use, fixed (a number override makes a default
 * a constant). The hand computations in the tests refer to these names.
 */
export const FIXED = {
  // People
  'salary.healthcareMultiplier': 1, // market salaries as published (help desk $61,860, IT manager $175,140, ...)
  'salary.spreadSigma': 0, // a new hire earns exactly the median
  'training.perItFte': 3000,
  'staffing.hireGranularityFte': 0.5, // hires in half-FTE steps (the hand computations below)
  'tools.factor': 1,
  'management.hoursPerReportPerWeek': 3,
  'recruiting.costPerHire': 5000,
  'recruiting.timeToFillDays': 73, // 73 / 365 = 0.2 year
  'turnover.rate': 0.1,
  'turnover.replacementCostShare': 0.5,
  // MSP and partner prices
  'msp.fullyManagedPerUserMonth': 165,
  'msp.coManagedPerUserMonth': 100,
  'msp.mdrPerEndpointMonth': 35,
  'msp.serverPerMonth': 185,
  'msp.onboardingMonthsOfFee': 1,
  'msp.onboardingDays': 30,
  'msp.exitProbability': 0.1,
  'msp.exitCost': 100000,
  'price.complianceRetainerPerYear': 15000,
  'price.patientDeskPerProviderMonth': 80,
  'price.emrSupportPerProviderMonth': 60,
  'price.analyticsBasicPerProviderMonth': 50,
  'transition.overlapDays': 90,
  'transition.policyHoursPerFunction': 80,
  'project.analytics.inHouse': 0.5,
  'project.analytics.partner': 0.2,
  // Risk
  'risk.extendedAbsenceRate': 0.05,
  'risk.breachRateUncontrolled': 0.05,
  'risk.sizeReferenceProviders': 5, // size factor sqrt(5 / 5) = 1
  'risk.breachExposedShare': 0.1,
  'risk.costPerRecord': 200,
  'risk.penaltyProbability': 0.02,
  'risk.penaltyAmount': 100000,
  'risk.disruptiveRateUncontrolled': 0.1,
  'risk.disruptionDowntimeDays': 5,
  'risk.disruptionRevenueShare': 0.3,
  'risk.recoveryCost': 50000,
  'risk.outageRate': 1,
  'risk.outageHours': 8,
  'risk.frictionHoursPerUser': 4,
  'control.mdr.likelihood': 0.5,
  'control.mdr.magnitude': 0.8,
  'control.mfa.likelihood': 0.6,
  'control.training.magnitude': 0.9,
  'control.infra.outageLikelihood': 0.7,
  'control.onsite.friction': 0.8,
} as const;

/**
 * 5 providers, 20 users, 20 endpoints, 1 location, no servers, no IT staff, no MSP today, a
 * 5-year horizon; 10,000 patient records; daily revenue 5 x $3,000 = $15,000. The practice
 * manager gives 40 hours a week to IT (20 effective hours), so no option is short of management.
 */
export type SmallChanges = Omit<Partial<PracticeProfileInput>, 'practice'> & {
  practice?: Partial<PracticeProfileInput['practice']>;
};

export function smallInput(changes: SmallChanges = {}): PracticeProfileInput {
  const { practice, overrides, ...rest } = changes;
  return {
    practice: {
      providers: 5,
      users: 20,
      locations: 1,
      endpoints: 20,
      specialty: 'medical',
      patientRecords: 10000,
      ...practice,
    },
    current: { model: 'none' },
    technologyLeader: { background: 'practice_manager', hoursPerWeekManagingPeople: 40 },
    ...rest,
    overrides: { ...FIXED, ...overrides },
  };
}

export function smallModel(changes: SmallChanges = {}): Model {
  return buildModel(parseProfile(smallInput(changes)));
}

export function fnOf(model: Model, id: FunctionId): FunctionModel {
  const found = model.functions.find((f) => f.id === id);
  if (!found) throw new Error(`no function ${id}`);
  return found;
}

/** The exact expected cost and risk of each option of one function (inputs at their means). */
export function pointsOf(model: Model, id: FunctionId): ByOption<OptionPoint> {
  return evaluateFunction(model, fnOf(model, id), model.inputs.cols.means());
}

const staffArb = fc.record({
  role: fc.constantFrom(...ROLE_IDS),
  salary: fc.option(fc.integer({ min: 30000, max: 250000 }), { nil: undefined }),
  fte: fc.constantFrom(0.25, 0.5, 0.75, 1),
  skills: fc.uniqueArray(fc.constantFrom(...FUNCTION_IDS), { minLength: 1, maxLength: 6 }),
  canBeCovered: fc.boolean(),
});

const proposalArb = fc.record({
  to: fc.constantFrom(...OPTIONS),
  hires: fc.option(
    fc.array(fc.record({ role: fc.constantFrom(...ROLE_IDS), fte: fc.constantFrom(0.5, 1, 2, 5) }), {
      minLength: 1,
      maxLength: 3,
    }),
    { nil: undefined },
  ),
});

/**
 * Valid practice profiles: 1-200 providers, at least as many users as providers (up to 8 per
 * provider), no more locations than users, IT staff FTE at most the users, optional leader,
 * governance, insurance, needs, preferences (cost weight above zero), proposals and MSP invoice.
 */
export const profileArb: fc.Arbitrary<PracticeProfileInput> = fc
  .record({
    providers: fc.integer({ min: 1, max: 200 }),
    usersPerProvider: fc.double({ min: 1, max: 8, noNaN: true }),
    locations: fc.integer({ min: 1, max: 30 }),
    servers: fc.integer({ min: 0, max: 30 }),
    endpointsPerUser: fc.option(fc.double({ min: 0.8, max: 2, noNaN: true }), { nil: undefined }),
    specialty: fc.constantFrom('medical' as const, 'dental' as const, 'other' as const),
    current: fc.constantFrom('none' as const, ...OPTIONS),
    mspMonthlyCost: fc.option(fc.integer({ min: 500, max: 100000 }), { nil: undefined }),
    staff: fc.array(staffArb, { maxLength: 6 }),
    leader: fc.option(
      fc.record({
        background: fc.constantFrom(
          'none' as const,
          'practice_manager' as const,
          'infrastructure' as const,
          'software' as const,
        ),
        hoursPerWeekManagingPeople: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    governance: fc.option(
      fc.record({
        writtenPolicies: fc.boolean(),
        documentedProcesses: fc.boolean(),
        governanceFramework: fc.boolean(),
      }),
      { nil: undefined },
    ),
    requires24x7: fc.boolean(),
    needs: fc.record({
      analytics: fc.constantFrom('none' as const, 'basic' as const, 'warehouse' as const),
      softwareDevelopment: fc.constantFrom('none' as const, 'integrations' as const, 'custom' as const),
      cloudMigration: fc.boolean(),
    }),
    preferences: fc.option(
      fc.record({
        cost: fc.integer({ min: 1, max: 100 }),
        control: fc.integer({ min: 0, max: 100 }),
        vendorDependency: fc.integer({ min: 0, max: 100 }),
      }),
      { nil: undefined },
    ),
    proposals: fc.uniqueArray(fc.tuple(fc.constantFrom(...FUNCTION_IDS), proposalArb), {
      maxLength: 3,
      selector: ([id]) => id,
    }),
    horizonYears: fc.integer({ min: 1, max: 10 }),
  })
  .map((g): PracticeProfileInput => {
    const users = Math.max(g.providers, Math.round(g.providers * g.usersPerProvider));
    let fte = 0;
    const staff = g.staff.filter((s) => {
      if (fte + s.fte > users) return false;
      fte += s.fte;
      return true;
    });
    const msp = g.current === 'co_managed' || g.current === 'fully_managed';
    return {
      practice: {
        providers: g.providers,
        users,
        locations: Math.min(g.locations, users),
        servers: g.servers,
        ...(g.endpointsPerUser === undefined ? {} : { endpoints: Math.max(1, Math.round(users * g.endpointsPerUser)) }),
        specialty: g.specialty,
      },
      current: {
        model: g.current,
        ...(msp && g.mspMonthlyCost !== undefined ? { mspMonthlyCost: g.mspMonthlyCost } : {}),
      },
      staff: staff.map((s) => ({
        role: s.role,
        fte: s.fte,
        skills: s.skills,
        canBeCovered: s.canBeCovered,
        ...(s.salary === undefined ? {} : { salary: s.salary }),
      })),
      ...(g.leader
        ? {
            technologyLeader: {
              background: g.leader.background,
              ...(g.leader.hoursPerWeekManagingPeople === undefined
                ? {}
                : { hoursPerWeekManagingPeople: g.leader.hoursPerWeekManagingPeople }),
            },
          }
        : {}),
      ...(g.governance ? { governance: g.governance } : {}),
      insurance: { requires24x7Monitoring: g.requires24x7 },
      needs: g.needs,
      ...(g.preferences ? { preferences: g.preferences } : {}),
      proposedChanges: g.proposals.map(([id, p]) => ({
        function: id,
        to: p.to,
        ...(p.hires && p.to !== 'fully_managed' ? { hires: p.hires } : {}),
      })),
      horizonYears: g.horizonYears,
    };
  });
