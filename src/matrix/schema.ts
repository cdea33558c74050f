/**
 * The responsibility matrix as data (issue 5): who does what between the practice, its internal
 * IT, the MSP and vendors. One zod schema for the API, the CLI's CSV check and the web grid.
 * Parties and activities are referred to by short ids so a matrix reads the same in a
 * spreadsheet, in JSON and in a diff.
 */
import { z } from 'zod';
import { echoValue } from '../core/display-text.ts';
import { FUNCTION_IDS } from '../advisor/engine/model/function-catalog.ts';

export const partySides = ['practice', 'internal_it', 'msp', 'vendor'] as const;
export const partyKinds = ['person', 'team', 'vendor', 'leadership'] as const;
export const coverages = ['business', '24x7'] as const;
export const slaClasses = ['critical', 'high', 'normal', 'low'] as const;

export type PartySide = (typeof partySides)[number];
export type Coverage = (typeof coverages)[number];
export type SlaClass = (typeof slaClasses)[number];

const slug = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be a short id: lower-case letters, digits, _ . -');
const label = z.string().trim().min(1).max(200);
const isoDate = z.iso.date();

export const partySchema = z.strictObject({
  id: slug,
  name: label,
  side: z.enum(partySides),
  kind: z.enum(partyKinds),
  /** When the party can act: a person or business-hours team cannot answer a 3 a.m. alert. */
  coverage: z.enum(coverages).default('business'),
  role: z.string().trim().max(200).optional(),
  /** Ids of the parties this one covers for when they are away. */
  covers: z.array(slug).max(50).default([]),
  /** The practice's designated HIPAA security official (45 CFR 164.308(a)(2)). */
  securityOfficial: z.boolean().default(false),
  /** For MSP teams and vendors: the functions their contract covers; omitted means not stated. */
  scope: z.array(z.enum(FUNCTION_IDS)).max(FUNCTION_IDS.length).optional(),
});
export type Party = z.output<typeof partySchema>;

export const activitySchema = z.strictObject({
  id: slug,
  name: label,
  function: z.enum(FUNCTION_IDS),
  coverage: z.enum(coverages),
  sla: z.enum(slaClasses),
  /** HIPAA keeps the practice accountable whoever does the work (security official, risk analysis sign-off, breach notification). */
  practiceAccountable: z.boolean().default(false),
});
export type Activity = z.output<typeof activitySchema>;

export const assignmentSchema = z.strictObject({
  activity: slug,
  responsible: z.array(slug).max(20).default([]),
  accountable: z.array(slug).max(20).default([]),
  consulted: z.array(slug).max(50).default([]),
  informed: z.array(slug).max(50).default([]),
  /** Who takes it next, in order, when the responsible party cannot. */
  escalation: z.array(slug).max(20).default([]),
  /** How the work is divided when more than one organisation is Responsible. */
  split: z.string().trim().max(500).optional(),
});
export type Assignment = z.output<typeof assignmentSchema>;

export const absenceSchema = z.strictObject({
  party: slug,
  from: isoDate,
  to: isoDate,
  note: z.string().trim().max(200).optional(),
});
export type Absence = z.output<typeof absenceSchema>;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM');

/** When business-hours parties work, in the practice's time zone. */
export const businessHoursSchema = z
  .strictObject({
    timeZone: z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as America/New_York'),
    /** ISO weekdays: 1 = Monday ... 7 = Sunday. */
    days: z.array(z.int().min(1).max(7)).min(1).max(7),
    start: clock,
    end: clock,
  })
  .refine((h) => h.start < h.end, { message: 'must start before it ends', path: ['end'] });
export type BusinessHours = z.output<typeof businessHoursSchema>;

export const defaultBusinessHours: BusinessHours = {
  timeZone: 'America/New_York',
  days: [1, 2, 3, 4, 5],
  start: '08:00',
  end: '18:00',
};

export const matrixSchema = z
  .strictObject({
    hours: businessHoursSchema.default(defaultBusinessHours),
    parties: z.array(partySchema).max(500),
    activities: z.array(activitySchema).max(5000),
    assignments: z.array(assignmentSchema).max(5000),
    absences: z.array(absenceSchema).max(5000).default([]),
  })
  .superRefine((m, ctx) => {
    for (const issue of referenceIssues(m)) ctx.addIssue({ code: 'custom', ...issue });
  });

type Raw = {
  id?: unknown;
  covers?: unknown;
  activity?: unknown;
  party?: unknown;
  from?: unknown;
  to?: unknown;
} & Record<string, unknown>;

/**
 * Cross-references: duplicate ids, assignments and covers naming parties or activities that do
 * not exist, absences that end before they start. Tolerant of otherwise invalid input, so an
 * import can report these beside type errors instead of after them.
 */
export function referenceIssues(m: {
  parties?: readonly Raw[];
  activities?: readonly Raw[];
  assignments?: readonly Raw[];
  absences?: readonly Raw[];
}): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const ids = (xs: readonly Raw[] | undefined, key: 'id' | 'activity') =>
    (xs ?? []).map((x) => (typeof x[key] === 'string' ? (x[key] as string) : ''));
  const unique = (values: string[], section: string, field: string) => {
    const seen = new Set<string>();
    values.forEach((id, i) => {
      if (id && seen.has(id)) out.push({ path: [section, i, field], message: `${echoValue(id)} appears twice` });
      seen.add(id);
    });
  };
  const partyIds = ids(m.parties, 'id');
  unique(partyIds, 'parties', 'id');
  unique(ids(m.activities, 'id'), 'activities', 'id');
  unique(ids(m.assignments, 'activity'), 'assignments', 'activity');
  const parties = new Set(partyIds);
  const activities = new Set(ids(m.activities, 'id'));
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  /** Each id once per cell: "jane;jane" would count as two people and silence the key-person check. */
  const cell = (ids: string[], path: (string | number)[], self?: string) => {
    const seen = new Set<string>();
    ids.forEach((id, j) => {
      if (!parties.has(id)) out.push({ path: [...path, j], message: `no party ${echoValue(id)}` });
      else if (id === self)
        out.push({ path: [...path, j], message: 'a party cannot cover for itself: name who covers for them instead' });
      else if (seen.has(id)) out.push({ path: [...path, j], message: `${echoValue(id)} appears twice in this cell` });
      seen.add(id);
    });
  };
  (m.parties ?? []).forEach((p, i) =>
    cell(list(p.covers), ['parties', i, 'covers'], typeof p.id === 'string' ? p.id : undefined),
  );
  (m.assignments ?? []).forEach((a, i) => {
    if (typeof a.activity === 'string' && !activities.has(a.activity))
      out.push({ path: ['assignments', i, 'activity'], message: `no activity ${echoValue(a.activity)}` });
    for (const role of ['responsible', 'accountable', 'consulted', 'informed', 'escalation'])
      cell(list(a[role]), ['assignments', i, role]);
  });
  (m.absences ?? []).forEach((a, i) => {
    if (typeof a.party === 'string' && !parties.has(a.party))
      out.push({ path: ['absences', i, 'party'], message: `no party ${echoValue(a.party)}` });
    const date = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
    if (date(a.from) && date(a.to) && a.to < a.from)
      out.push({ path: ['absences', i, 'to'], message: `ends (${a.to}) before it starts (${a.from})` });
  });
  return out;
}
export type MatrixInput = z.input<typeof matrixSchema>;
export type Matrix = z.output<typeof matrixSchema>;

export const findingSeverities = ['error', 'warning'] as const;
export const findingRules = [
  'no_responsible',
  'accountable_count',
  'accountable_outside_practice',
  'overlap_without_split',
  'coverage_24x7',
  'key_person',
  'escalation_loop',
  'escalation_dead_end',
  'outside_contract_scope',
  'absence_uncovered',
  'rota_24x7',
  'escalation_24x7',
  'leadership_only_responsible',
  'covered_entity_duty',
  'security_official',
  'split_unresolved',
  'concentration',
] as const;
export type FindingRule = (typeof findingRules)[number];

export const findingSchema = z.object({
  rule: z.enum(findingRules),
  severity: z.enum(findingSeverities),
  /** The activity the finding is about (the first of several), or "" when it concerns the whole matrix. */
  activity: z.string(),
  /** The cells involved: (activity, party) pairs, party null for the whole row. */
  cells: z.array(z.object({ activity: z.string(), party: z.string().nullable() })),
  message: z.string(),
  hint: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;
