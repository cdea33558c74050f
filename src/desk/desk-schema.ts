/** Desks as they cross the API: their categories, business calendar and SLA policy per priority. */
import { IANAZone } from 'luxon';
import { z } from 'zod';

export const deskKinds = ['it', 'clinical', 'patient'] as const;
export type DeskKind = (typeof deskKinds)[number];

export const priorities = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof priorities)[number];

const slug = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - and _');
const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/, 'must be a time HH:MM (00:00 to 24:00)');

export const openingSchema = z
  .strictObject({
    /** ISO weekday: 1 is Monday, 7 is Sunday. */
    day: z.number().int().min(1).max(7),
    start: hhmm,
    end: hhmm,
  })
  .refine((o) => o.start < o.end, { message: 'must close after it opens', path: ['end'] });

export const calendarSchema = z
  .strictObject({
    timeZone: z
      .string()
      .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone, e.g. America/Chicago'),
    /** Open every minute of every day (24x7): weekly hours and holidays then do not apply. */
    always: z.boolean().default(false),
    hours: z.array(openingSchema).max(50).default([]),
    holidays: z.array(z.iso.date()).max(400).default([]),
  })
  .refine((c) => c.always || c.hours.length > 0, {
    message: 'a calendar that is not 24x7 needs weekly hours',
    path: ['hours'],
  });
export type Calendar = z.output<typeof calendarSchema>;

/** Targets in business minutes on the desk's calendar. */
export const targetSchema = z.strictObject({
  firstResponseMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 90),
  resolutionMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 365),
});
/** Waiting reasons a policy may name as stopping its resolution clock (ticket-schema.ts lists them with the workflow). */
export const waitingReasons = ['on_requester', 'on_patient', 'on_vendor', 'on_change_window'] as const;
export type WaitingReason = (typeof waitingReasons)[number];

const percent = z.number().int().min(1).max(1000);

/**
 * One escalation level: once a clock has used `atPercent` of its target, what happens (once per
 * ticket, clock and level): the holding party's people are told, the ticket goes to the next
 * party of the matrix's escalation path who is on duty, and/or its priority goes up one step.
 */
export const escalationLevelSchema = z.strictObject({
  atPercent: percent,
  reassign: z.boolean().default(false),
  raisePriority: z.boolean().default(false),
});
export type EscalationLevel = z.output<typeof escalationLevelSchema>;

export const slaPolicySchema = z.strictObject({
  P1: targetSchema,
  P2: targetSchema,
  P3: targetSchema,
  P4: targetSchema,
  /** Waiting on these stops the resolution clock (and each party's clock); other waits count. */
  pauseOn: z
    .array(z.enum(waitingReasons))
    .max(waitingReasons.length)
    .default(['on_requester', 'on_patient', 'on_vendor']),
  /** Warn the holding party once a clock has used these percentages of its target. */
  warnAt: z.array(percent.max(99)).max(5).default([75, 90]),
  /** Levels at or past 100 %: the first is the breach itself. */
  escalation: z
    .array(escalationLevelSchema)
    .max(5)
    .default([{ atPercent: 100, reassign: false, raisePriority: false }])
    .refine((ls) => ls.every((l, i) => i === 0 || l.atPercent > ls[i - 1]!.atPercent), 'levels must rise in atPercent'),
});
export type SlaPolicy = z.output<typeof slaPolicySchema>;

export const categorySchema = z.strictObject({
  id: slug,
  name: z.string().trim().min(1).max(120),
  /** The matrix activity whose Responsible party works tickets of this category. */
  activity: slug,
});
export type Category = z.output<typeof categorySchema>;

const categoriesSchema = z
  .array(categorySchema)
  .min(1)
  .max(100)
  .refine((cs) => new Set(cs.map((c) => c.id)).size === cs.length, 'category ids must be unique');

export const deskSchema = z.object({
  id: z.uuid(),
  kind: z.enum(deskKinds),
  name: z.string(),
  calendar: calendarSchema,
  sla: slaPolicySchema,
  categories: z.array(categorySchema),
  updatedAt: z.iso.datetime(),
});
export type Desk = z.infer<typeof deskSchema>;

export const deskListSchema = z.object({ desks: z.array(deskSchema) });

export const deskPatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  calendar: calendarSchema.optional(),
  sla: slaPolicySchema.optional(),
  categories: categoriesSchema.optional(),
});
export type DeskPatch = z.infer<typeof deskPatchSchema>;

/** The practice's patient-privacy choice for its desks (patient-privacy.ts). */
export const deskPrivacySchema = z.object({
  /** Whether MSP staff see patient details (patient-desk ticket text, patient contacts); off by default. */
  mspSeesPatientDetails: z.boolean(),
  /** When it was last changed; null while it has never been. */
  updatedAt: z.iso.datetime().nullable(),
});
export type DeskPrivacy = z.infer<typeof deskPrivacySchema>;

export const deskPrivacyInputSchema = z.strictObject({ mspSeesPatientDetails: z.boolean() });
