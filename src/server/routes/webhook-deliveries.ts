/**
 * A webhook's delivery log, a test event sent by hand, and redelivery of an event (a new delivery
 * with the same body and event id, so a receiver that saw it already can tell).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { appendAudit } from '../../core/audit/append.ts';
import { AppError } from '../../core/errors.ts';
import { withTenant, withTenantReads } from '../../core/tenancy/with-tenant.ts';
import { queueDelivery, testBody } from '../../webhooks/delivery.ts';
import type { WebhookBody } from '../../webhooks/events.ts';
import { deliveryPageSchema, deliveryQuerySchema, deliverySchema } from '../../webhooks/schema.ts';
import {
  addDelivery,
  findDelivery,
  findWebhook,
  listDeliveries,
  type DeliveryWithAttempts,
} from '../../webhooks/store.ts';
import { access, practiceAccess } from '../caller/access.ts';
import { originOf } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { createdKey, keysetAfter, pageFromRows } from '../pagination.ts';
import { noWebhook, webhookParams, webhookTags as tags } from './webhooks.ts';
import { z } from 'zod';

function presentDelivery(row: DeliveryWithAttempts) {
  return {
    id: row.id,
    eventId: row.eventId,
    event: row.event as z.infer<typeof deliverySchema>['event'],
    status: row.status as z.infer<typeof deliverySchema>['status'],
    createdAt: row.createdAt.toISOString(),
    attempts: row.attemptLog.map((a) => ({
      attempt: a.attempt,
      statusCode: a.statusCode,
      error: a.error,
      latencyMs: a.latencyMs,
      responseExcerpt: a.responseExcerpt,
      at: a.at.toISOString(),
    })),
  };
}

export function webhookDeliveryRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { database, clock } = deps;
  const manage = access.practice('tokens.manage');

  /** Records and queues a new delivery of `body` to the webhook, audited as `action`. */
  async function deliverNow(
    request: Parameters<typeof practiceAccess>[0],
    practiceId: string,
    webhookId: string,
    action: string,
    bodyOf: (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => Promise<WebhookBody | string>,
  ) {
    const queue = deps.jobs;
    if (!queue) throw new AppError('unavailable', 'This server runs no job queue');
    const caller = practiceAccess(request);
    return withTenant(database.db, practiceId, async (tx) => {
      const webhook = await findWebhook(tx, practiceId, webhookId);
      if (!webhook) throw noWebhook();
      const delivery = await addDelivery(tx, webhook, await bodyOf(tx), clock);
      await queueDelivery(tx, { queue, clock }, delivery);
      await appendAudit(tx, {
        at: clock.now(),
        ...caller.actor,
        ...originOf(request),
        practiceId,
        action,
        targetType: 'webhook',
        targetId: webhookId,
        details: { deliveryId: delivery.id, eventId: delivery.eventId, event: delivery.event },
      });
      return presentDelivery({ ...delivery, attemptLog: [] });
    });
  }

  return async (app) => {
    app.get(
      '/api/v1/practices/:practiceId/webhooks/:webhookId/deliveries',
      {
        config: manage,
        schema: {
          tags,
          summary: "The webhook's deliveries, newest first, each with its attempts",
          params: webhookParams,
          querystring: deliveryQuerySchema,
          response: { 200: deliveryPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId, webhookId } = request.params;
        const { limit } = request.query;
        const page = { after: keysetAfter(request.query), limit: limit + 1 };
        const rows = await withTenantReads(database.db, practiceId, async (tx) => {
          if (!(await findWebhook(tx, practiceId, webhookId))) throw noWebhook();
          return listDeliveries(tx, practiceId, webhookId, page);
        });
        const { items, next } = pageFromRows(rows, limit, createdKey, presentDelivery);
        return { deliveries: items, next };
      },
    );

    app.post(
      '/api/v1/practices/:practiceId/webhooks/:webhookId/test',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Send a webhook.test event now (even to a disabled webhook)',
          params: webhookParams,
          response: { 202: deliverySchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { practiceId, webhookId } = request.params;
        const by = practiceAccess(request).actor.actorLabel;
        const delivery = await deliverNow(request, practiceId, webhookId, 'webhook.test_sent', async () =>
          testBody(practiceId, by, clock),
        );
        return reply.status(202).send(delivery);
      },
    );

    app.post(
      '/api/v1/practices/:practiceId/webhooks/:webhookId/deliveries/:deliveryId/redeliver',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Deliver the same event again, as a new delivery',
          params: webhookParams.extend({ deliveryId: z.uuid() }),
          response: { 202: deliverySchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { practiceId, webhookId, deliveryId } = request.params;
        const delivery = await deliverNow(request, practiceId, webhookId, 'webhook.redelivered', async (tx) => {
          const original = await findDelivery(tx, practiceId, webhookId, deliveryId);
          if (!original) throw new AppError('not_found', 'No delivery with that id for this webhook');
          return original.body;
        });
        return reply.status(202).send(delivery);
      },
    );
  };
}
