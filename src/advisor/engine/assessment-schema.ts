/**
 * The shape of an assessment, the engine's one output: a zod schema so the API documents it in
 * OpenAPI and the web app parses every reply with the same definition the engine is typed by.
 * Everything is plain JSON (no Infinity, no typed arrays), so a stored assessment reads back
 * exactly as it was produced.
 */
import { z } from 'zod';
import { COST_COMPONENTS } from './model/cost-model.ts';
import { FUNCTION_IDS, OPTIONS, ROLE_IDS } from './model/function-catalog.ts';
import { RISK_COMPONENTS } from './model/risk-model.ts';
import { ENGINE_VERSION } from './engine-version.ts';

export const optionSchema = z.enum(OPTIONS);
export const currentOptionSchema = z.enum([...OPTIONS, 'none']);
export const overallModelSchema = z.enum(['in_house', 'co_managed', 'fully_managed', 'hybrid']);
export const partySchema = z.enum(['practice', 'internal_it', 'msp']);

const statsSchema = z.object({ mean: z.number(), p10: z.number(), p50: z.number(), p90: z.number() });
const weightsSchema = z.object({ cost: z.number(), control: z.number(), vendorDependency: z.number() });

/** Why a recommendation came out as it did; tests and the web app key on the id, people read the text. */
export const DRIVER_IDS = [
  'scale',
  'management_capacity',
  'bounded_scope',
  'governance_readiness',
  'single_person',
  'paying_twice',
  'software_at_scale',
  'analytics_department',
  'security_24x7',
  'insurance_requirement',
  'proposal',
  'cost',
  'risk',
  'preferences',
] as const;
export const driverSchema = z.enum(DRIVER_IDS);

export const optionResultSchema = z.object({
  option: optionSchema,
  /** null when allowed, else why the option is ruled out (e.g. the insurer's 24/7 requirement). */
  infeasibleReason: z.string().nullable(),
  cost: z.number(),
  components: z.record(z.enum(COST_COMPONENTS), z.number()),
  risk: z.record(z.enum(RISK_COMPONENTS), z.number()),
  riskTotal: z.number(),
  riskAdjusted: z.number(),
  /** Risk-adjusted cost plus the price of the preferences; the lowest allowed score wins. */
  score: z.number().nullable(),
  simulated: z.object({ cost: statsSchema, riskAdjusted: statsSchema, probabilityCheapest: z.number() }),
  staffing: z.object({
    workloadFte: z.number(),
    internalFte: z.number(),
    existingFte: z.number(),
    hires: z.array(z.object({ role: z.enum(ROLE_IDS), fte: z.number() })),
    people: z.number(),
    hasCover: z.boolean(),
    covers24x7: z.boolean(),
    /** Existing staff time on the function this option does not use (redeployed or leaving, per the profile). */
    freedFte: z.number(),
  }),
});

export const sensitivityRowSchema = z.object({
  input: z.string(),
  label: z.string(),
  low: z.number(),
  high: z.number(),
  /** How far the recommended option is ahead of the next best (dollars a year) with the input at low / high. */
  marginLow: z.number(),
  marginHigh: z.number(),
  /** The option recommended instead when the swing flips the decision. */
  flipsLow: optionSchema.nullable(),
  flipsHigh: optionSchema.nullable(),
});

export const breakEvenSchema = z.object({
  option: optionSchema,
  /** 'above': the option becomes the best from this many users up; 'below': it stays best only under it. */
  direction: z.enum(['above', 'below']),
  users: z.number().nullable(),
  text: z.string(),
});

export const splitRowSchema = z.object({
  activity: z.string(),
  name: z.string(),
  responsible: partySchema,
  accountable: partySchema,
  consulted: z.array(partySchema),
  informed: z.array(partySchema),
});

export const warningSchema = z.object({ driver: driverSchema, text: z.string() });

export const functionAssessmentSchema = z.object({
  id: z.enum(FUNCTION_IDS),
  name: z.string(),
  current: currentOptionSchema,
  recommended: optionSchema,
  runnerUp: optionSchema.nullable(),
  /** Runner-up score minus recommended score (dollars a year); null when only one option is allowed. */
  margin: z.number().nullable(),
  /** The runner-up's risk-adjusted cost minus the recommended one's (the table's numbers); margin adds the preferences. */
  marginCost: z.number().nullable(),
  options: z.array(optionResultSchema),
  drivers: z.array(driverSchema),
  rationale: z.array(z.string()),
  warnings: z.array(warningSchema),
  breakEven: breakEvenSchema.nullable(),
  sensitivity: z.array(sensitivityRowSchema),
  split: z.array(splitRowSchema),
});

export const PLAN_IDS = ['current', 'recommended', 'in_house', 'co_managed', 'fully_managed'] as const;

export const planSchema = z.object({
  id: z.enum(PLAN_IDS),
  label: z.string(),
  assignment: z.partialRecord(z.enum(FUNCTION_IDS), optionSchema),
  cost: z.number(),
  components: z.record(z.enum(COST_COMPONENTS), z.number()),
  loss: z.number(),
  lossByScenario: z.object({ breach: z.number(), disruption: z.number(), outage: z.number(), friction: z.number() }),
  riskAdjusted: z.number(),
  simulated: z.object({
    cost: statsSchema,
    loss: statsSchema,
    riskAdjusted: statsSchema,
    probabilityCheapest: z.number(),
    lossExceedance: z.array(z.object({ loss: z.number(), probability: z.number() })),
  }),
});

export const conditionSchema = z.object({
  id: z.enum(['scale', 'management_capacity', 'bounded_scope', 'governance_readiness']),
  label: z.string(),
  met: z.boolean(),
  detail: z.string(),
});

export const stakeholderViewSchema = z.object({
  name: z.string(),
  role: z.string().nullable(),
  weights: weightsSchema,
  overallModel: overallModelSchema,
  decisions: z.partialRecord(z.enum(FUNCTION_IDS), optionSchema),
  /** Functions where this person's weights lead to a different option than the recommendation. */
  differs: z.array(z.enum(FUNCTION_IDS)),
});

export const assessmentSchema = z.object({
  /** 1: before today's arrangement was priced as it is (issue 14); its stored results are upgraded on read. */
  engineVersion: z.union([z.literal(1), z.literal(ENGINE_VERSION)]),
  name: z.string().nullable(),
  seed: z.number(),
  iterations: z.number(),
  horizonYears: z.number(),
  asOf: z.string().nullable(),
  weights: weightsSchema,
  overall: z.object({
    /** The plan in words: "mostly fully managed (13 of 15 functions), with ..." */
    label: z.string(),
    model: overallModelSchema,
    current: overallModelSchema.nullable(),
    rationale: z.array(z.string()),
    conditions: z.array(conditionSchema),
  }),
  functions: z.array(functionAssessmentSchema),
  plans: z.array(planSchema),
  stakeholders: z.array(stakeholderViewSchema),
  questions: z.array(z.object({ id: z.string(), question: z.string(), why: z.string() })),
  overridden: z.array(z.string()),
});

export type Assessment = z.infer<typeof assessmentSchema>;
export type FunctionAssessment = z.infer<typeof functionAssessmentSchema>;
export type OptionResult = z.infer<typeof optionResultSchema>;
export type PlanResult = z.infer<typeof planSchema>;
export type SensitivityRow = z.infer<typeof sensitivityRowSchema>;
export type BreakEven = z.infer<typeof breakEvenSchema>;
export type SplitRow = z.infer<typeof splitRowSchema>;
export type Warning = z.infer<typeof warningSchema>;
export type Condition = z.infer<typeof conditionSchema>;
export type Driver = (typeof DRIVER_IDS)[number];
export type PlanId = (typeof PLAN_IDS)[number];
