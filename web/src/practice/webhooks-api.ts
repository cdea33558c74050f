import { z } from 'zod';
import {
  deliveryPageSchema,
  deliverySchema,
  webhookPageSchema,
  webhookSchema,
  webhookWithSecretSchema,
  type WebhookInput,
  type WebhookPatch,
} from '../../../src/webhooks/schema.ts';
import { allPages, apiRequest } from '../api/client.ts';

export type Webhook = z.infer<typeof webhookSchema>;
export type WebhookWithSecret = z.infer<typeof webhookWithSecretSchema>;
export type Delivery = z.infer<typeof deliverySchema>;

export const webhooksKey = (practiceId: string) => ['practice', practiceId, 'webhooks'] as const;
export const deliveriesKey = (practiceId: string, webhookId: string) =>
  [...webhooksKey(practiceId), webhookId, 'deliveries'] as const;

const base = (practiceId: string) => `/api/v1/practices/${practiceId}/webhooks`;

export const webhooksApi = {
  list: (practiceId: string) => allPages(webhookPageSchema, base(practiceId), (page) => page.webhooks),
  create: (practiceId: string, body: WebhookInput) =>
    apiRequest(webhookWithSecretSchema, base(practiceId), { method: 'POST', body }),
  update: (practiceId: string, webhookId: string, body: WebhookPatch) =>
    apiRequest(webhookSchema, `${base(practiceId)}/${webhookId}`, { method: 'PATCH', body }),
  rotate: (practiceId: string, webhookId: string, overlapHours: number) =>
    apiRequest(webhookWithSecretSchema, `${base(practiceId)}/${webhookId}/rotate-secret`, {
      method: 'POST',
      body: { overlapHours },
    }),
  remove: (practiceId: string, webhookId: string) =>
    apiRequest(z.null(), `${base(practiceId)}/${webhookId}`, { method: 'DELETE' }),
  /** The newest deliveries (one page: the log is for looking at what just happened). */
  deliveries: (practiceId: string, webhookId: string) =>
    apiRequest(deliveryPageSchema, `${base(practiceId)}/${webhookId}/deliveries`, { query: { limit: 50 } }),
  sendTest: (practiceId: string, webhookId: string) =>
    apiRequest(deliverySchema, `${base(practiceId)}/${webhookId}/test`, { method: 'POST' }),
  redeliver: (practiceId: string, webhookId: string, deliveryId: string) =>
    apiRequest(deliverySchema, `${base(practiceId)}/${webhookId}/deliveries/${deliveryId}/redeliver`, {
      method: 'POST',
    }),
};

/** How each event reads on the page. */
export const eventLabels: Record<Webhook['events'][number], string> = {
  'matrix.proposed': 'Matrix version proposed',
  'matrix.agreed': 'Matrix version agreed',
  'matrix.superseded': 'Matrix version superseded',
  'desk.sla_warning': 'Ticket SLA warning',
  'desk.sla_breached': 'Ticket SLA breached or escalated',
};
