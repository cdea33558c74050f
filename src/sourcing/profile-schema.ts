/**
 * The practice profile (issue 4, point 1): one zod schema shared by the CLI, the API and the web
 * app. Unknown fields are errors (strict objects), so a typo never silently falls back to a
 * default; impossible combinations (more IT staff than users, fewer users than providers) are
 * caught in one pass so every problem is reported with its path at once.
 */
import { z } from 'zod';
import { validationError } from '../core/errors.ts';
import { ALL_DEFAULTS, type OverrideValue } from './defaults.ts';
import type { DefaultEntry } from './defaults-data.ts';
import { FUNCTION_IDS, OPTIONS, ROLE_IDS } from './function-catalog.ts';

const functionId = z.enum(FUNCTION_IDS);
const option = z.enum(OPTIONS);
const currentOption = z.enum([...OPTIONS, 'none']);
const role = z.enum(ROLE_IDS);
const money = z.number().finite().nonnegative();
const text = (max: number) => z.string().trim().min(1).max(max);

const weightsSchema = z
  .strictObject({
    cost: z.number().finite().min(0).max(100),
    control: z.number().finite().min(0).max(100),
    vendorDependency: z.number().finite().min(0).max(100),
  })
  .refine((w) => w.cost + w.control + w.vendorDependency > 0, { message: 'at least one weight must be above zero' })
  .refine((w) => w.cost > 0, {
    message: 'the cost weight must be above zero (a decision that ignores cost cannot be ranked)',
    path: ['cost'],
  });

function overrideSchema(entry: DefaultEntry): z.ZodType<OverrideValue> {
  const [lo, hi] = entry.bounds;
  const inRange = z.number().finite().min(lo).max(hi);
  const fixed = inRange;
  const pert = z
    .strictObject({ min: inRange, mode: inRange, max: inRange })
    .refine((p) => p.min <= p.mode && p.mode <= p.max, { message: 'needs min <= mode <= max' });
  const interval = z
    .strictObject({ low: inRange.positive(), high: inRange.positive() })
    .refine((p) => p.low < p.high, { message: 'needs low < high' });
  if (entry.value.kind === 'pert') return z.union([fixed, pert]);
  if (entry.value.kind === 'lognormal90') return z.union([fixed, interval]);
  return fixed;
}

const overridesSchema = z.strictObject(
  Object.fromEntries(ALL_DEFAULTS.map((e) => [e.id, overrideSchema(e).optional()])) as Record<
    string,
    z.ZodOptional<z.ZodType<OverrideValue>>
  >,
);

const staffSchema = z.strictObject({
  role,
  title: text(200).optional(),
  salary: z.number().finite().positive().max(2_000_000).optional(),
  fte: z.number().finite().gt(0).max(1).default(1),
  skills: z.array(functionId).min(1).max(FUNCTION_IDS.length),
  canBeCovered: z.boolean().default(false),
});

const proposalSchema = z.strictObject({
  function: functionId,
  to: option,
  hires: z
    .array(z.strictObject({ role, fte: z.number().finite().gt(0).max(50) }))
    .max(20)
    .optional(),
  description: text(500).optional(),
});

export const practiceProfileSchema = z
  .strictObject({
    name: text(200).optional(),
    asOf: z.iso.date().optional(),
    practice: z.strictObject({
      providers: z.int().min(1).max(10000),
      users: z.int().min(1).max(200000),
      locations: z.int().min(1).max(1000),
      endpoints: z.int().min(1).max(1000000).optional(),
      servers: z.int().min(0).max(10000).default(0),
      specialty: z.enum(['medical', 'dental', 'other']),
      jurisdiction: z.enum(['US', 'UK']).default('US'),
      revenuePerProviderPerDay: money.positive().max(1_000_000).optional(),
      patientRecords: z.int().min(0).max(100_000_000).optional(),
    }),
    current: z.strictObject({
      model: currentOption,
      mspMonthlyCost: money.max(10_000_000).optional(),
      functions: z
        .partialRecord(
          functionId,
          z.strictObject({ model: currentOption.optional(), mspMonthlyCost: money.max(10_000_000).optional() }),
        )
        .optional(),
    }),
    staff: z.array(staffSchema).max(1000).default([]),
    technologyLeader: z
      .strictObject({
        background: z.enum(['none', 'practice_manager', 'infrastructure', 'software']),
        hoursPerWeekManagingPeople: z.number().finite().min(0).max(80).optional(),
      })
      .optional(),
    governance: z
      .strictObject({
        writtenPolicies: z.boolean(),
        documentedProcesses: z.boolean(),
        governanceFramework: z.boolean(),
        lastRiskAnalysis: z.iso.date().nullable().optional(),
      })
      .optional(),
    insurance: z
      .strictObject({
        requires24x7Monitoring: z.boolean().default(false),
        requiresMfa: z.boolean().default(false),
        requiresEdr: z.boolean().default(false),
        requiresDocumentedCompliance: z.boolean().default(false),
        requiresTestedBackups: z.boolean().default(false),
      })
      .optional(),
    needs: z
      .strictObject({
        analytics: z.enum(['none', 'basic', 'warehouse']).default('basic'),
        softwareDevelopment: z.enum(['none', 'integrations', 'custom']).default('none'),
        cloudMigration: z.boolean().default(false),
      })
      .default({ analytics: 'basic', softwareDevelopment: 'none', cloudMigration: false }),
    proposedChanges: z.array(proposalSchema).max(FUNCTION_IDS.length).default([]),
    preferences: weightsSchema.optional(),
    stakeholders: z
      .array(z.strictObject({ name: text(120), role: text(120).optional(), weights: weightsSchema }))
      .max(20)
      .default([]),
    horizonYears: z.int().min(1).max(10).default(5),
    /** What happens to existing IT staff whose work moves to the MSP: redeployed (their cost stays) or they leave. */
    displacedStaff: z.enum(['redeploy', 'leave']).default('redeploy'),
    overrides: overridesSchema.default({}),
  })
  .superRefine((p, ctx) => {
    const staffFte = p.staff.reduce((sum, s) => sum + s.fte, 0);
    if (staffFte > p.practice.users)
      ctx.addIssue({
        code: 'custom',
        path: ['staff'],
        message: `more IT staff (${staffFte} FTE) than users (${p.practice.users})`,
      });
    if (p.practice.providers > p.practice.users)
      ctx.addIssue({
        code: 'custom',
        path: ['practice', 'users'],
        message: `fewer users (${p.practice.users}) than providers (${p.practice.providers}); every provider is a user`,
      });
    if (p.practice.locations > p.practice.users)
      ctx.addIssue({
        code: 'custom',
        path: ['practice', 'locations'],
        message: `more locations (${p.practice.locations}) than users (${p.practice.users})`,
      });
    const seen = new Set<string>();
    p.proposedChanges.forEach((c, i) => {
      if (seen.has(c.function))
        ctx.addIssue({
          code: 'custom',
          path: ['proposedChanges', i, 'function'],
          message: `${c.function} is proposed more than once`,
        });
      seen.add(c.function);
      if (c.hires && c.to === 'fully_managed')
        ctx.addIssue({
          code: 'custom',
          path: ['proposedChanges', i, 'hires'],
          message: 'a fully managed function needs no hires',
        });
    });
    const names = new Set<string>();
    p.stakeholders.forEach((s, i) => {
      if (names.has(s.name))
        ctx.addIssue({
          code: 'custom',
          path: ['stakeholders', i, 'name'],
          message: `stakeholder "${s.name}" appears twice`,
        });
      names.add(s.name);
    });
    const last = p.governance?.lastRiskAnalysis;
    if (last && p.asOf && last > p.asOf)
      ctx.addIssue({
        code: 'custom',
        path: ['governance', 'lastRiskAnalysis'],
        message: `the last risk analysis (${last}) is after the assessment date (${p.asOf})`,
      });
  });

export type PracticeProfileInput = z.input<typeof practiceProfileSchema>;
export type PracticeProfile = z.output<typeof practiceProfileSchema>;

type Issue = { path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: readonly string[] };

/** One issue per unknown key, with the key in the path, so each problem names where it is. */
function expandIssues(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' && issue.keys
      ? issue.keys.map((key) => ({ path: [...issue.path, key], message: 'unknown field' }))
      : [issue],
  );
}

/** Validates anything (parsed YAML or JSON, an API body); throws AppError validation_failed listing every problem. */
export function parseProfile(input: unknown): PracticeProfile {
  if (
    input === null ||
    input === undefined ||
    (typeof input === 'object' && !Array.isArray(input) && Object.keys(input).length === 0)
  )
    throw validationError([{ path: [], message: 'the profile is empty' }], 'The practice profile is not valid');
  const result = practiceProfileSchema.safeParse(input);
  if (!result.success)
    throw validationError(expandIssues(result.error.issues as readonly Issue[]), 'The practice profile is not valid');
  return result.data;
}
