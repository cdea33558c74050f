/** The HTTP contract of webhooks and their delivery log; the web app imports these. */
import { z } from 'zod';
import { listPageSchema, pageQuerySchema } from '../core/page-schema.ts';
import { testEvent, webhookEvents } from './events.ts';

export { webhookEvents, type WebhookEvent } from './events.ts';

export const maxUrlLength = 2000;
export const maxDescriptionLength = 500;

const urlSchema = z
  .string()
  .max(maxUrlLength)
  .refine((text) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol), {
    message: 'must be an absolute http(s) URL',
  })
  .refine((text) => !URL.canParse(text) || (new URL(text).username === '' && new URL(text).password === ''), {
    message: 'must not carry a user name or password',
  })
  .describe('Where events are posted; https unless allowPrivateTargets');

/** Tandem's signed JSON event; or a chat channel's incoming webhook, sent a message made from it. */
export const webhookFormats = ['tandem', 'slack', 'teams'] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

const fields = {
  url: urlSchema,
  format: z
    .enum(webhookFormats)
    .describe(
      "tandem: the signed JSON event (docs/webhooks.md); slack: a Slack incoming webhook's { text }; teams: a Microsoft Teams workflow's Adaptive Card message",
    ),
  description: z.string().max(maxDescriptionLength),
  events: z.array(z.enum(webhookEvents)).min(1).max(webhookEvents.length).describe('The events this webhook receives'),
  active: z.boolean(),
  allowPrivateTargets: z
    .boolean()
    .describe('Allow private, loopback and plain-http targets (an on-premises receiver); people only, not tokens'),
};

export const webhookInputSchema = z.strictObject({
  ...fields,
  format: fields.format.default('tandem'),
  description: fields.description.default(''),
  active: fields.active.default(true),
  allowPrivateTargets: fields.allowPrivateTargets.default(false),
});
export type WebhookInput = z.infer<typeof webhookInputSchema>;

export const webhookPatchSchema = z
  .strictObject(fields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'name at least one field to change' });
export type WebhookPatch = z.infer<typeof webhookPatchSchema>;

export const webhookSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  format: z.enum(webhookFormats),
  description: z.string(),
  events: z.array(z.enum(webhookEvents)),
  active: z.boolean(),
  allowPrivateTargets: z.boolean(),
  previousSecretExpiresAt: z.iso
    .datetime()
    .nullable()
    .describe('Until then the secret replaced by the last rotation still signs, beside the new one; null: no overlap'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const webhookPageSchema = listPageSchema('webhooks', webhookSchema);

export const defaultOverlapHours = 24;
export const maxOverlapHours = 7 * 24;

const overlapHoursSchema = z
  .int()
  .min(0)
  .max(maxOverlapHours)
  .default(defaultOverlapHours)
  .describe(
    'How long the replaced secret keeps signing, beside the new one, so receivers can switch without failing a delivery; 0 ends it at once',
  );

/** A rotation's request; no body (as before overlaps existed) takes the default overlap. */
export const rotateSecretSchema = z.strictObject({ overlapHours: overlapHoursSchema }).nullish();

/** A create or rotation reply: the secret appears here and nowhere else, ever. */
export const webhookWithSecretSchema = z.object({ secret: z.string(), webhook: webhookSchema });

export const attemptSchema = z.object({
  attempt: z.number().int(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  latencyMs: z.number().int(),
  responseExcerpt: z.string(),
  at: z.iso.datetime(),
});

export const deliveryStatuses = ['pending', 'succeeded', 'failed'] as const;

export const deliverySchema = z.object({
  id: z.uuid().describe('The Tandem-Delivery header: receivers deduplicate by it'),
  eventId: z.uuid().describe("The body's id: the same for a redelivery of the event"),
  practiceId: z
    .uuid()
    .nullable()
    .describe(
      "The practice the event is about (an organisation's webhook hears every practice it serves); null: an organisation's test event",
    ),
  practiceName: z
    .string()
    .nullable()
    .describe("That practice's name; null when there is none, or the organisation no longer serves it"),
  event: z.enum([...webhookEvents, testEvent]),
  status: z.enum(deliveryStatuses),
  createdAt: z.iso.datetime(),
  attempts: z.array(attemptSchema).describe('Oldest first'),
});
export const deliveryPageSchema = listPageSchema('deliveries', deliverySchema);
export const deliveryQuerySchema = pageQuerySchema;
