/**
 * The practice profile (issue 4, point 1): one zod schema shared by the CLI, the API and the web
 * app. Unknown fields are errors (strict objects), so a typo never silently falls back to a
 * default; impossible combinations (more IT staff than users, fewer users than providers) are
 * caught in one pass so every problem is reported with its path at once.
 */
import { z } from 'zod';
import { validationError } from '../../../core/errors.ts';
import { isTimeZone } from '../../../core/tenancy/schema.ts';
import { ALL_DEFAULTS, type OverrideValue } from '../model/defaults.ts';
import type { DefaultEntry } from '../model/defaults-data.ts';
import { FUNCTION_IDS, OPTIONS, ROLE_IDS } from '../model/function-catalog.ts';

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

/**
 * Override schemas by bounds and kind: 226 defaults share 40 of them, and building a zod schema is
 * most of what loading this module costs (a `tandem assess` process builds every one cold).
 */
const overrideSchemas = new Map<string, z.ZodOptional<z.ZodType<OverrideValue>>>();

function overrideSchema(entry: DefaultEntry): z.ZodOptional<z.ZodType<OverrideValue>> {
  const [lo, hi] = entry.bounds;
  const kind = entry.value.kind;
  const key = `${lo},${hi},${kind}`;
  let schema = overrideSchemas.get(key);
  if (!schema) {
    schema = rangedOverride(lo, hi, kind).optional();
    overrideSchemas.set(key, schema);
  }
  return schema;
}

function rangedOverride(lo: number, hi: number, kind: DefaultEntry['value']['kind']): z.ZodType<OverrideValue> {
  const inRange = z.number().finite().min(lo).max(hi);
  if (kind === 'pert')
    return z.union([
      inRange,
      z
        .strictObject({ min: inRange, mode: inRange, max: inRange })
        .refine((p) => p.min <= p.mode && p.mode <= p.max, { message: 'needs min <= mode <= max' }),
    ]);
  if (kind === 'lognormal90')
    return z.union([
      inRange,
      z
        .strictObject({ low: inRange.positive(), high: inRange.positive() })
        .refine((p) => p.low < p.high, { message: 'needs low < high' }),
    ]);
  return inRange;
}

const overridesSchema = z.strictObject(
  Object.fromEntries(ALL_DEFAULTS.map((e) => [e.id, overrideSchema(e)])) as Record<
    string,
    z.ZodOptional<z.ZodType<OverrideValue>>
  >,
);

const staffSchema = z.strictObject({
  role,
  /** The person's name, as the responsibility matrix drafted from the profile will show it. */
  name: text(120).optional(),
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
      /** IANA time zone of the practice: the business hours of a matrix drafted from the profile. */
      timeZone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as America/Chicago').optional(),
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
    for (const issue of crossFieldIssues(p)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

/** A field read loosely: the value when it has the expected type, else undefined (a type error is reported apart). */
function numberAt(o: unknown, key: string): number | undefined {
  const v = isRecord(o) ? o[key] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
function stringAt(o: unknown, key: string): string | undefined {
  const v = isRecord(o) ? o[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}
function arrayAt(o: unknown, key: string): unknown[] {
  const v = isRecord(o) ? o[key] : undefined;
  return Array.isArray(v) ? (v as unknown[]) : [];
}
function isRecord(o: unknown): o is Record<string, unknown> {
  return typeof o === 'object' && o !== null && !Array.isArray(o);
}

/**
 * Problems between fields (issue 14, point 8). Written over loosely typed input so they are
 * reported with every type error in the same pass: zod skips refinements once a field has the
 * wrong type, and a profile with several problems must list them all at once. Each check runs when
 * the fields it compares have the right types.
 */
export function crossFieldIssues(input: unknown): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const practice = isRecord(input) ? input.practice : undefined;
  const users = numberAt(practice, 'users');
  const providers = numberAt(practice, 'providers');
  const locations = numberAt(practice, 'locations');
  const staff = arrayAt(input, 'staff');
  const fte = staff.map((s) => (isRecord(s) && s.fte === undefined ? 1 : numberAt(s, 'fte')));
  if (users !== undefined && fte.every((f) => f !== undefined)) {
    const staffFte = fte.reduce<number>((sum, f) => sum + f!, 0);
    if (staffFte > users)
      out.push({ path: ['staff'], message: `more IT staff (${staffFte} FTE) than users (${users})` });
  }
  if (users !== undefined && providers !== undefined && providers > users)
    out.push({
      path: ['practice', 'users'],
      message: `fewer users (${users}) than providers (${providers}); every provider is a user`,
    });
  if (users !== undefined && locations !== undefined && locations > users)
    out.push({ path: ['practice', 'locations'], message: `more locations (${locations}) than users (${users})` });
  const seen = new Set<string>();
  arrayAt(input, 'proposedChanges').forEach((c, i) => {
    const fn = stringAt(c, 'function');
    if (fn !== undefined && seen.has(fn))
      out.push({ path: ['proposedChanges', i, 'function'], message: `${fn} is proposed more than once` });
    if (fn !== undefined) seen.add(fn);
    if (isRecord(c) && c.hires && c.to === 'fully_managed')
      out.push({ path: ['proposedChanges', i, 'hires'], message: 'a fully managed function needs no hires' });
  });
  const names = new Set<string>();
  arrayAt(input, 'stakeholders').forEach((s, i) => {
    const name = stringAt(s, 'name')?.trim();
    if (name !== undefined && names.has(name))
      out.push({ path: ['stakeholders', i, 'name'], message: `stakeholder "${name}" appears twice` });
    if (name !== undefined) names.add(name);
  });
  const governance = isRecord(input) ? input.governance : undefined;
  const last = stringAt(governance, 'lastRiskAnalysis');
  const asOf = stringAt(input, 'asOf');
  if (last && asOf && last > asOf)
    out.push({
      path: ['governance', 'lastRiskAnalysis'],
      message: `the last risk analysis (${last}) is after the assessment date (${asOf})`,
    });
  return out;
}

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
  if (!result.success) {
    const issues = expandIssues(result.error.issues as readonly Issue[]);
    // The cross-field checks zod skipped because of a type error elsewhere (each reported once).
    const key = (i: { path: ReadonlyArray<PropertyKey>; message: string }) => `${i.path.join('.')}\u0000${i.message}`;
    const seen = new Set(issues.map(key));
    for (const extra of crossFieldIssues(input)) if (!seen.has(key(extra))) issues.push(extra);
    throw validationError(issues, 'The practice profile is not valid');
  }
  return result.data;
}
