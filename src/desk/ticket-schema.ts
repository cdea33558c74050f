/** Tickets as they cross the API: input, the status workflow, and what a reader sees. */
import { z } from 'zod';
import { listPageSchema, pageQuerySchema } from '../core/page-schema.ts';
import { priorities, waitingReasons, type Priority } from './desk-schema.ts';

/** How many people or how much care it affects; patient safety outranks every other level. */
export const impacts = ['low', 'medium', 'high', 'patient_safety'] as const;
export const urgencies = ['low', 'medium', 'high'] as const;
export type Impact = (typeof impacts)[number];
export type Urgency = (typeof urgencies)[number];

const MATRIX: Record<Exclude<Impact, 'patient_safety'>, Record<Urgency, Priority>> = {
  high: { high: 'P1', medium: 'P2', low: 'P3' },
  medium: { high: 'P2', medium: 'P3', low: 'P4' },
  low: { high: 'P3', medium: 'P4', low: 'P4' },
};

/** Impact x urgency -> priority (the ITIL grid); a risk to patient safety is P1 however urgent it looks. */
export function priorityOf(impact: Impact, urgency: Urgency): Priority {
  return impact === 'patient_safety' ? 'P1' : MATRIX[impact][urgency];
}

export const statuses = ['new', 'triaged', 'in_progress', 'waiting', 'resolved', 'closed', 'reopened'] as const;
export type Status = (typeof statuses)[number];

/** Where each status may go next; a closed ticket stays closed (a new ticket follows up). */
export const transitions: Record<Status, readonly Status[]> = {
  new: ['triaged', 'in_progress', 'waiting', 'resolved'],
  triaged: ['in_progress', 'waiting', 'resolved'],
  in_progress: ['waiting', 'resolved'],
  waiting: ['in_progress', 'resolved'],
  resolved: ['closed', 'reopened'],
  reopened: ['in_progress', 'waiting', 'resolved'],
  closed: [],
};

/** Which waits stop the clocks is the desk's policy now (desk-schema.ts, `sla.pauseOn`). */
export { waitingReasons, type WaitingReason } from './desk-schema.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const ticketInputSchema = z.strictObject({
  deskId: z.uuid(),
  category: text(64),
  impact: z.enum(impacts),
  urgency: z.enum(urgencies),
  title: text(200),
  description: text(10_000),
  deviceId: z.uuid().nullable().optional().describe('The inventory device the ticket is about'),
});
export type TicketInput = z.infer<typeof ticketInputSchema>;

export const replyInputSchema = z.strictObject({
  body: text(10_000),
  /** An internal note, seen only by those who work tickets. */
  internal: z.boolean().default(false),
});
export type ReplyInput = z.infer<typeof replyInputSchema>;

export const statusChangeSchema = z
  .strictObject({
    status: z.enum(statuses),
    waitingReason: z.enum(waitingReasons).optional(),
  })
  .refine((c) => (c.status === 'waiting') === (c.waitingReason !== undefined), {
    message: 'a waiting reason is required with status waiting, and only then',
    path: ['waitingReason'],
  });
export type StatusChange = z.infer<typeof statusChangeSchema>;

export const statusCorrectionSchema = z.strictObject({
  /** The earlier status event (one that set the ticket waiting) whose reason was wrong. */
  eventId: z.uuid(),
  waitingReason: z.enum(waitingReasons),
  reason: text(500),
});
export type StatusCorrection = z.infer<typeof statusCorrectionSchema>;

export const assignmentSchema = z.strictObject({
  /** A party of the agreed matrix, or null to send the ticket back to the desk's triage queue. */
  partyId: z.string().trim().min(1).max(64).nullable(),
  reason: text(500),
});
export type Assignment = z.infer<typeof assignmentSchema>;

const clockSchema = z.object({
  dueAt: z.iso.datetime().nullable(),
  metAt: z.iso.datetime().nullable(),
  state: z.enum(['running', 'due_soon', 'breached', 'paused', 'met', 'missed']),
});
export type Clock = z.infer<typeof clockSchema>;

export const assigneeSchema = z.object({
  partyId: z.string(),
  name: z.string(),
  side: z.string(),
});

/** How people name a ticket: its practice's number with a T- prefix. */
export const ticketReference = (number: number) => `T-${number}`;

/** A ticket reference as typed: "T-12", "t12", "#12" or "12"; null when it is not one. */
export function parseTicketReference(text: string): number | null {
  const m = /^\s*(?:t-?|#)?(\d{1,9})\s*$/i.exec(text);
  const n = m ? Number(m[1]) : 0;
  return n >= 1 ? n : null;
}

export const ticketSummarySchema = z.object({
  id: z.uuid(),
  /** The practice's sequential number: T-1, T-2, ... (`ticketReference`). */
  number: z.int().positive(),
  deskId: z.uuid(),
  /** Opened by monitoring or a backup watcher: practice administrators (monitoring.read) read it too. */
  incident: z.boolean(),
  category: z.string(),
  /** Null when the ticket is a patient-desk one and the caller may not read PHI. */
  title: z.string().nullable(),
  /**
   * Why the patient details of a patient-desk ticket (title, description, replies, free-text
   * reasons) are withheld from this caller: the practice has not let MSP staff see them, or the
   * caller lacks phi.read. Null when nothing is withheld.
   */
  redacted: z.enum(['practice_setting', 'no_phi_read']).nullable(),
  impact: z.enum(impacts),
  urgency: z.enum(urgencies),
  priority: z.enum(priorities),
  status: z.enum(statuses),
  waitingReason: z.enum(waitingReasons).nullable(),
  assignee: assigneeSchema.nullable(),
  /** The person of the holding party who took the ticket to work it; null until someone does. */
  agent: z.object({ id: z.uuid(), label: z.string() }).nullable(),
  triageReason: z.string().nullable(),
  requester: z.string(),
  /** The inventory device the ticket is about, if any. */
  deviceId: z.uuid().nullable(),
  firstResponse: clockSchema,
  resolution: clockSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TicketSummary = z.infer<typeof ticketSummarySchema>;

/**
 * Which organisation a party side belongs to: the MSP, a vendor, or the practice (its staff and
 * internal IT). A reassignment between two organisations is marked as crossing them.
 */
export const organisationOf = (side: string) => (side === 'msp' ? 'msp' : side === 'vendor' ? 'vendor' : 'practice');

export const eventKinds = [
  'created',
  'reply',
  'note',
  'status',
  'assigned',
  'status_corrected',
  'priority',
  'sla_warning',
  'sla_breached',
  'taken',
  'merged',
  'split',
  'time_logged',
] as const;

/** A file on an event (its content is downloaded apart). */
export const ticketAttachmentSchema = z.object({
  id: z.uuid(),
  /** Null where the ticket's patient details are withheld from the caller. */
  fileName: z.string().nullable(),
  contentType: z.string(),
  size: z.int().nonnegative(),
  uploadedAt: z.iso.datetime(),
});
export type TicketAttachment = z.infer<typeof ticketAttachmentSchema>;

export const ticketEventSchema = z.object({
  id: z.uuid(),
  kind: z.enum(eventKinds),
  at: z.iso.datetime(),
  actor: z.string(),
  body: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  /** Files attached to the opening, a reply or a note. */
  attachments: z.array(ticketAttachmentSchema),
  /** The number of the ticket the event happened on when it was merged into this one; null for this ticket's own. */
  fromTicket: z.int().nullable(),
});
export type TicketEvent = z.infer<typeof ticketEventSchema>;

/** Business time one party held the ticket while its clock ran (OLA), replayed from the history. */
export const partyClockSchema = z.object({
  /** Null for time in the triage queue. */
  partyId: z.string().nullable(),
  name: z.string().nullable(),
  side: z.string().nullable(),
  organisation: z.enum(['practice', 'msp', 'vendor']).nullable(),
  businessMinutes: z.number(),
});

export const ratings = ['good', 'bad'] as const;

/** The requester's one-click rating of a resolved ticket (CSAT). */
export const ratingInputSchema = z.strictObject({
  rating: z.enum(ratings),
  comment: text(1000).optional(),
});
export type RatingInput = z.infer<typeof ratingInputSchema>;

/** Another ticket named by id and number (T-<number>). */
export const ticketLinkSchema = z.object({ id: z.uuid(), number: z.int().positive() });
export type TicketLink = z.infer<typeof ticketLinkSchema>;

/** Merge another ticket into this one (it is closed with a link here). */
export const mergeInputSchema = z.strictObject({
  ticketId: z.uuid().describe('The ticket merged into this one: its history shows here, and it is closed'),
  reason: text(500).optional(),
});
export type MergeInput = z.infer<typeof mergeInputSchema>;

/** Split a reply or note out of this ticket into a new one, linked to it. */
export const splitInputSchema = z.strictObject({
  eventId: z.uuid().describe('The reply or note of this ticket that becomes the new ticket’s description'),
  title: text(200),
});
export type SplitInput = z.infer<typeof splitInputSchema>;

export const ticketSchema = ticketSummarySchema.extend({
  /** Set once the ticket was merged into another (and closed). */
  mergedInto: ticketLinkSchema.nullable(),
  /** The ticket this one was split out of. */
  splitFrom: ticketLinkSchema.nullable(),
  /** Tickets merged into this one; their events show in `events` with `fromTicket`. */
  merged: z.array(ticketLinkSchema),
  description: z.string().nullable(),
  /** The requester's rating once resolved; the comment is null where patient details are withheld. */
  rating: z.object({ rating: z.enum(ratings), comment: z.string().nullable(), ratedAt: z.iso.datetime() }).nullable(),
  partyClocks: z.array(partyClockSchema),
  events: z.array(ticketEventSchema),
  /**
   * Who sent it through the public intake form (patient details: null where they are withheld,
   * and on every ticket not sent through the form; `redacted` says why).
   */
  patient: z
    .object({
      name: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      birthDate: z.string().nullable(),
    })
    .nullable(),
});
export type Ticket = z.infer<typeof ticketSchema>;

export const ticketListSchema = listPageSchema('tickets', ticketSummarySchema);

export const ticketQuerySchema = pageQuerySchema.extend({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'A ticket number (T-12, or 12): exactly that ticket; or words (websearch syntax: "a phrase", -not, or) matched in titles, descriptions, replies and internal notes. Patient-desk text is encrypted, so those tickets are found by number only',
    ),
  deskId: z.uuid().optional(),
  status: z.enum(statuses).optional(),
  /** A matrix party id, or "triage" for tickets no party holds. */
  assignee: z.string().trim().min(1).max(64).optional(),
  breached: z
    .enum(['true', 'false'])
    .optional()
    .describe('Only tickets whose first-response or resolution clock is breached'),
  dueWithin: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_080)
    .optional()
    .describe('Only open tickets with a clock due within this many minutes (wall-clock), breached ones included'),
  mine: z.enum(['true', 'false']).optional().describe('Only tickets the caller took to work (a signed-in person)'),
  myParty: z
    .enum(['true', 'false'])
    .optional()
    .describe("Only tickets held by the caller's side: the MSP, internal IT or the practice (a signed-in person)"),
});
export type TicketQuery = z.infer<typeof ticketQuerySchema>;
