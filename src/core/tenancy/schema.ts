import { z } from 'zod';
import { listPageSchema } from '../page-schema.ts';

const trimmedName = z.string().trim().min(1, 'must not be blank').max(200, 'must be at most 200 characters');

const knownZones = new Map<string, boolean>();
/**
 * The canonical zone names, read on first use: a few milliseconds, where the first formatter of a
 * process loads ICU's locale data (some 35 ms of CPU, most of a `tandem assess` profile check).
 */
let canonicalZones: Set<string> | null = null;

/** Whether this runtime knows the IANA zone; cached because building a formatter is slow. */
export function isTimeZone(tz: string): boolean {
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  // Aliases (US/Eastern, UTC), other spellings and unknown names are left to the formatter.
  if (canonicalZones.has(tz)) return true;
  let known = knownZones.get(tz);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size < 2000) knownZones.set(tz, known);
  }
  return known;
}

/** IANA time zone names that this runtime knows, e.g. America/Chicago or Europe/London. */
const timeZone = z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as America/Chicago');

export const practiceInputSchema = z.strictObject({
  name: trimmedName,
  specialty: z.enum(['medical', 'dental', 'other']),
  jurisdiction: z.enum(['US', 'UK']).default('US'),
  timeZone: timeZone.default('America/New_York'),
});

export const practiceSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    specialty: z.enum(['medical', 'dental', 'other']),
    jurisdiction: z.enum(['US', 'UK']),
    timeZone: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Practice' });

export const practiceWithRolePageSchema = listPageSchema(
  'practices',
  practiceSchema.extend({ role: z.string().nullable() }),
);

export const practiceUpdateSchema = z
  .strictObject({
    name: trimmedName.optional(),
    specialty: z.enum(['medical', 'dental', 'other']).optional(),
    jurisdiction: z.enum(['US', 'UK']).optional(),
    timeZone: timeZone.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' });

export type PracticeInput = z.input<typeof practiceInputSchema>;
export type PracticeInputOut = z.output<typeof practiceInputSchema>;
export type PracticeUpdate = z.output<typeof practiceUpdateSchema>;
export type Practice = z.infer<typeof practiceSchema>;
