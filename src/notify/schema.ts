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
