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

/** Whose webhooks a page manages: a practice's, or the signed-in administrator's organisation's. */
export interface WebhooksScope {
  key: readonly unknown[];
  base: string;
  /** An organisation's webhooks hear every practice it serves, so their log names the practice. */
  namesPractice: boolean;
}

export const practiceWebhooks = (practiceId: string): WebhooksScope => ({
  key: ['practice', practiceId, 'webhooks'],
  base: `/api/v1/practices/${practiceId}/webhooks`,
  namesPractice: false,
});

export const organizationWebhooks: WebhooksScope = {
  key: ['organization', 'webhooks'],
  base: '/api/v1/organization/webhooks',
  namesPractice: true,
};

export const deliveriesKey = (scope: WebhooksScope, webhookId: string) =>
  [...scope.key, webhookId, 'deliveries'] as const;

export const webhooksApi = {
  list: ({ base }: WebhooksScope) => allPages(webhookPageSchema, base, (page) => page.webhooks),
  create: ({ base }: WebhooksScope, body: WebhookInput) =>
    apiRequest(webhookWithSecretSchema, base, { method: 'POST', body }),
  update: ({ base }: WebhooksScope, webhookId: string, body: WebhookPatch) =>
    apiRequest(webhookSchema, `${base}/${webhookId}`, { method: 'PATCH', body }),
  rotate: ({ base }: WebhooksScope, webhookId: string, overlapHours: number) =>
    apiRequest(webhookWithSecretSchema, `${base}/${webhookId}/rotate-secret`, {
      method: 'POST',
      body: { overlapHours },
    }),
  remove: ({ base }: WebhooksScope, webhookId: string) =>
    apiRequest(z.null(), `${base}/${webhookId}`, { method: 'DELETE' }),
  /** The newest deliveries (one page: the log is for looking at what just happened). */
  deliveries: ({ base }: WebhooksScope, webhookId: string) =>
    apiRequest(deliveryPageSchema, `${base}/${webhookId}/deliveries`, { query: { limit: 50 } }),
  sendTest: ({ base }: WebhooksScope, webhookId: string) =>
    apiRequest(deliverySchema, `${base}/${webhookId}/test`, { method: 'POST' }),
  redeliver: ({ base }: WebhooksScope, webhookId: string, deliveryId: string) =>
    apiRequest(deliverySchema, `${base}/${webhookId}/deliveries/${deliveryId}/redeliver`, {
      method: 'POST',
    }),
};

/** How each event reads on the page. */
export const formatLabels: Record<Webhook['format'], string> = {
  tandem: 'Signed JSON events (for your own receiver or PSA)',
  slack: 'Slack messages (incoming webhook)',
  teams: 'Microsoft Teams cards (workflow webhook)',
};

export const eventLabels: Record<Webhook['events'][number], string> = {
  'matrix.proposed': 'Matrix version proposed',
  'matrix.agreed': 'Matrix version agreed',
  'matrix.superseded': 'Matrix version superseded',
  'monitor.down': 'Monitoring check down',
  'monitor.up': 'Monitoring check up again',
  'backup.overdue': 'Backup job overdue',
  'backup.restored': 'Backup job fresh again',
  'backup.restore_test_overdue': 'Restore test overdue',
  'backup.restore_test_done': 'Restore test done',
  'desk.sla_warning': 'Ticket SLA warning',
  'desk.sla_breached': 'Ticket SLA breached or escalated',
  'desk.ticket_replied': 'Public reply on a ticket (to its requester)',
  'desk.ticket_resolved': 'Ticket resolved (to its requester)',
};
