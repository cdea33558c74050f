/**
 * A webhook's delivery log, a test event sent by hand, and redelivery of an event (a new delivery
 * with the same body and event id, so a receiver that saw it already can tell), for each scope
 * (webhook-scope.ts: a practice's webhooks or an organisation's).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { appendAudit } from '../../core/audit/append.ts';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../core/db/database.ts';
import { queueDelivery, testBody } from '../../webhooks/delivery.ts';
import type { WebhookBody } from '../../webhooks/events.ts';
import { deliveryPageSchema, deliveryQuerySchema, deliverySchema } from '../../webhooks/schema.ts';
import {
  addDelivery,
  findDelivery,
  findWebhook,
  listDeliveries,
  practiceNameOf,
  type DeliveryWithAttempts,
} from '../../webhooks/store.ts';
import { originOf } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { createdKey, keysetAfter, pageFromRows } from '../pagination.ts';
import type { WebhookCaller, WebhookScope } from './webhook-scope.ts';
import { noWebhook, webhookParamsOf, webhookTags as tags } from './webhooks.ts';
import { z } from 'zod';

function presentDelivery(row: DeliveryWithAttempts) {
  return {
    id: row.id,
    eventId: row.eventId,
    practiceId: row.practiceId,
    practiceName: row.practiceName,
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

export function webhookDeliveryRoutes(deps: ServerDeps, scope: WebhookScope): FastifyPluginAsyncZod {
  const { clock } = deps;
  const { config, path } = scope;
  const webhookParams = webhookParamsOf(scope);

  /** Records and queues a new delivery of `body` to the webhook, audited as `action`. */
  async function deliverNow(
    request: FastifyRequest,
    caller: WebhookCaller,
    webhookId: string,
    action: string,
    bodyOf: (tx: Db) => Promise<WebhookBody | string>,
  ) {
    return caller.write(async (tx) => {
      const webhook = await findWebhook(tx, caller.owner, webhookId);
      if (!webhook) throw noWebhook(scope);
      // After the lookup: an id that is not the caller's is 404 whatever this server runs.
      const queue = deps.jobs;
      if (!queue) throw new AppError('unavailable', 'This server runs no job queue');
      const delivery = await addDelivery(tx, webhook, await bodyOf(tx), clock);
      await queueDelivery(tx, { queue, clock }, delivery);
      await appendAudit(tx, {
        at: clock.now(),
        ...caller.actor,
        ...originOf(request),
        practiceId: caller.auditPracticeId,
        action,
        targetType: 'webhook',
        targetId: webhookId,
        details: { deliveryId: delivery.id, eventId: delivery.eventId, event: delivery.event, ...caller.auditDetails },
      });
      return presentDelivery({
        ...delivery,
        practiceName: await practiceNameOf(tx, delivery.practiceId),
        attemptLog: [],
      });
    });
  }

  return async (app) => {
    app.get(
      `${path}/:webhookId/deliveries`,
      {
        config,
        schema: {
          tags,
          summary: "The webhook's deliveries, newest first, each with its attempts",
          params: webhookParams,
          querystring: deliveryQuerySchema,
          response: { 200: deliveryPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const caller = scope.caller(request);
        const { webhookId } = request.params;
        const { limit } = request.query;
        const page = { after: keysetAfter(request.query), limit: limit + 1 };
        const rows = await caller.read(async (tx) => {
          if (!(await findWebhook(tx, caller.owner, webhookId))) throw noWebhook(scope);
          return listDeliveries(tx, caller.owner, webhookId, page);
        });
        const { items, next } = pageFromRows(rows, limit, createdKey, presentDelivery);
        return { deliveries: items, next };
      },
    );

    app.post(
      `${path}/:webhookId/test`,
      {
        config,
        schema: {
          tags,
          summary: 'Send a webhook.test event now (even to a disabled webhook)',
          params: webhookParams,
          response: { 202: deliverySchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const caller = scope.caller(request);
        const { webhookId } = request.params;
        const practiceId = caller.owner.practiceId ?? null;
        const delivery = await deliverNow(request, caller, webhookId, 'webhook.test_sent', async () =>
          testBody(practiceId, caller.actor.actorLabel, clock),
        );
        return reply.status(202).send(delivery);
      },
    );

    app.post(
      `${path}/:webhookId/deliveries/:deliveryId/redeliver`,
      {
        config,
        schema: {
          tags,
          summary: 'Deliver the same event again, as a new delivery',
          params: webhookParams.extend({ deliveryId: z.uuid() }),
          response: { 202: deliverySchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const caller = scope.caller(request);
        const { webhookId, deliveryId } = request.params;
        const delivery = await deliverNow(request, caller, webhookId, 'webhook.redelivered', async (tx) => {
          const original = await findDelivery(tx, caller.owner, webhookId, deliveryId);
          if (!original) throw new AppError('not_found', 'No delivery with that id for this webhook');
          return original.body;
        });
        return reply.status(202).send(delivery);
      },
    );
  };
}
