/**
 * Stored assessments of the sourcing advisor, as they cross the API: shared by the routes, the
 * web app and the tests. The engine's own output shape is in advisor/engine/assessment-schema.ts.
 */
import { z } from 'zod';
import { listPageSchema } from '../core/page-schema.ts';
import { assessmentSchema, optionSchema, overallModelSchema } from './engine/assessment-schema.ts';
import { FUNCTION_IDS } from './engine/model/function-catalog.ts';
import { DEFAULT_ITERATIONS, DEFAULT_SEED } from './engine/simulate/run-defaults.ts';

/** The CLI's defaults too (advisor/engine/simulate/run-defaults.ts): one set, shown in the web form. */
export const apiDefaultIterations = DEFAULT_ITERATIONS;
export const apiDefaultSeed = DEFAULT_SEED;
export const apiMaxIterations = 200_000;

/** POST body: the profile is validated by the engine's parseProfile, so its problems carry paths under "profile". */
export const assessmentInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  profile: z.unknown(),
  seed: z.int().min(0).max(4_294_967_295).optional(),
  iterations: z.int().min(1_000).max(apiMaxIterations).default(apiDefaultIterations),
});
export type AssessmentInput = z.input<typeof assessmentInputSchema>;

/** The same body on POST /api/v1/assessments, which names the practice in the body. */
export const assessmentInputWithPracticeSchema = assessmentInputSchema.extend({ practiceId: z.uuid() });

const actorSchema = z.object({ id: z.uuid(), displayName: z.string() }).nullable();

export const assessmentSummarySchema = z.object({
  id: z.uuid(),
  practiceId: z.uuid(),
  name: z.string().nullable(),
  createdAt: z.iso.datetime(),
  createdBy: actorSchema,
  seed: z.number(),
  iterations: z.number(),
  overallModel: overallModelSchema,
  /** Expected risk-adjusted yearly cost of the recommended plan and of today's, in dollars. */
  recommendedRiskAdjusted: z.number(),
  currentRiskAdjusted: z.number(),
});
export type AssessmentSummary = z.infer<typeof assessmentSummarySchema>;

export const storedAssessmentSchema = assessmentSummarySchema.extend({
  /** The profile as submitted (before defaults were filled in). */
  profile: z.record(z.string(), z.unknown()),
  result: assessmentSchema,
});
export type StoredAssessment = z.infer<typeof storedAssessmentSchema>;

export const assessmentListSchema = listPageSchema('assessments', assessmentSummarySchema);

export const compareQuerySchema = z.strictObject({ a: z.uuid(), b: z.uuid() });

export const comparisonSchema = z.object({
  a: assessmentSummarySchema,
  b: assessmentSummarySchema,
  functions: z.array(
    z.object({
      id: z.enum(FUNCTION_IDS),
      name: z.string(),
      a: optionSchema.nullable(),
      b: optionSchema.nullable(),
      changed: z.boolean(),
      aRiskAdjusted: z.number().nullable(),
      bRiskAdjusted: z.number().nullable(),
    }),
  ),
  plans: z.array(z.object({ id: z.string(), label: z.string(), a: z.number().nullable(), b: z.number().nullable() })),
  /** Profile fields whose values differ, by dotted path. */
  profileChanges: z.array(z.object({ path: z.string(), a: z.unknown(), b: z.unknown() })),
});
export type Comparison = z.infer<typeof comparisonSchema>;
