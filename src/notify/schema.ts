/** The HTTP contract of notices and preferences; the web app imports these. */
import { z } from 'zod';
import { listPageSchema, pageQuerySchema } from '../core/page-schema.ts';
import { noticeEvents } from './events.ts';

export const noticeStatuses = ['queued', 'held', 'sent', 'outbox', 'failed'] as const;

export const noticeViewSchema = z.object({
  id: z.uuid(),
  event: z.enum(noticeEvents),
  recipient: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  status: z.enum(noticeStatuses),
  attempts: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
  /** Set when it came in its recipient's quiet hours: held until then (and sent after). */
  heldUntil: z.iso.datetime().nullable(),
});
export const noticeListSchema = listPageSchema('notices', noticeViewSchema);
export const noticeQuerySchema = pageQuerySchema.extend({ status: z.enum(noticeStatuses).optional() });

export const preferenceSchema = z.strictObject({
  channel: z.enum(['email', 'none']),
  cadence: z.enum(['immediate', 'daily']),
});
export const preferenceViewSchema = preferenceSchema.extend({
  event: z.enum(noticeEvents),
  /** Required events (invitations) cannot be turned off or delayed. */
  required: z.boolean(),
});
export const preferenceListSchema = z.object({ preferences: z.array(preferenceViewSchema) });

/**
 * Quiet hours (src/notify/quiet-hours.ts): a weekly window of local times in which immediate
 * emails wait, unless the person's party is on duty.
 */
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM, 00:00 to 23:59');

/** Whether `zone` is an IANA time zone this runtime knows (Luxon, which computes the holds, asks Intl too). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const quietHoursSchema = z
  .strictObject({
    start: timeOfDay,
    end: timeOfDay,
    /** ISO weekdays (1 = Monday ... 7 = Sunday) on which the window opens; every day when omitted. */
    days: z
      .array(z.int().min(1).max(7))
      .min(1)
      .max(7)
      .default([1, 2, 3, 4, 5, 6, 7])
      .transform((d) => [...new Set(d)].sort()),
    /** An IANA zone such as Europe/London; null: the zone of the practice each notice is about. */
    timeZone: z
      .string()
      .max(100)
      .refine(isTimeZone, 'must be an IANA time zone such as America/New_York')
      .nullable()
      .default(null),
  })
  // An empty window would hold nothing, a full day would hold everything for ever: both are mistakes.
  .refine((q) => q.start !== q.end, { message: 'must differ from start', path: ['end'] });
export type QuietHoursInput = z.input<typeof quietHoursSchema>;
export type QuietHours = z.output<typeof quietHoursSchema>;

/** As stored and answered (the input schema's defaults and transforms have no place in a reply). */
export const quietHoursViewSchema = z.object({
  quietHours: z
    .object({ start: z.string(), end: z.string(), days: z.array(z.int()), timeZone: z.string().nullable() })
    .nullable(),
});
