/**
 * Webhooks of a scope (webhook-scope.ts: a practice's, or an organisation's): create (secret shown
 * once), list, read, change, rotate the secret, delete. A practice's are managed by those who
 * manage its API tokens (tokens.manage): both are how other systems integrate with the practice;
 * an organisation's by its administrators. Allowing private targets is for people only: a token
 * must not be able to aim Tandem at the network it runs in.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit } from '../../core/audit/append.ts';
import { AppError } from '../../core/errors.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import type { WebhookEvent } from '../../webhooks/events.ts';
import { refusedLiteral } from '../../webhooks/target.ts';
import {
  defaultOverlapHours,
  rotateSecretSchema,
  webhookInputSchema,
  webhookPageSchema,
  webhookPatchSchema,
  webhookSchema,
  webhookWithSecretSchema,
} from '../../webhooks/schema.ts';
import {
  createWebhook,
  deleteWebhook,
  findWebhook,
  listWebhooks,
  rotateSecret,
  updateWebhook,
  type WebhookRow,
} from '../../webhooks/store.ts';
import { originOf } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { createdKey, keysetAfter, pageFromRows } from '../pagination.ts';
import type { WebhookCaller, WebhookScope } from './webhook-scope.ts';

export const webhookTags = ['webhooks'];

/** One webhook's path parameters in the scope. */
export const webhookParamsOf = (scope: WebhookScope) => scope.params.extend({ webhookId: z.uuid() });

/** What a client sees of a webhook: never its secret. */
export function presentWebhook(row: WebhookRow, now: Date) {
  const overlapEnd = row.previousSecretExpiresAt;
  return {
    id: row.id,
    url: row.url,
    format: row.format,
    description: row.description,
    events: row.events as WebhookEvent[],
    active: row.active,
    allowPrivateTargets: row.allowPrivateTargets,
    previousSecretExpiresAt: overlapEnd && overlapEnd > now ? overlapEnd.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const noWebhook = (scope: WebhookScope) =>
  new AppError('not_found', `No webhook with that id in this ${scope.noun}`);

/**
 * Plain http and private targets need an administrator's allowance. `aiming` says the request
 * sets the URL or the allowance: under the allowance only a person may do that.
 */
function checkTarget(caller: WebhookCaller, url: string, allowPrivate: boolean, aiming: boolean): void {
  if (allowPrivate && aiming && !caller.person)
    throw new AppError('forbidden', 'Only a signed-in administrator can aim a webhook at private targets', [
      { path: 'body.allowPrivateTargets', message: 'API tokens cannot use private targets' },
    ]);
  if (allowPrivate) return;
  if (new URL(url).protocol !== 'https:')
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: 'body.url', message: 'must use https (plain http only with allowPrivateTargets)' },
    ]);
  // Names are checked when each delivery connects (webhooks/target.ts); an address can be refused now.
  const literal = refusedLiteral(new URL(url));
  if (literal)
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: 'body.url', message: `${literal} is a private or reserved address (allowPrivateTargets allows it)` },
    ]);
}

/** The audit trail's view of a webhook: where it points and what it hears, never its secret. */
const auditDetails = (row: WebhookRow) => ({
  url: row.url,
  events: row.events,
  active: row.active,
  allowPrivateTargets: row.allowPrivateTargets,
});

export function webhookRoutes(deps: ServerDeps, scope: WebhookScope): FastifyPluginAsyncZod {
  const { clock, keyring } = deps;
  const tags = webhookTags;
  const { config, path, noun } = scope;
  const params = scope.params;
  const webhookParams = webhookParamsOf(scope);
  const audited = (
    request: FastifyRequest,
    caller: WebhookCaller,
    action: string,
    row: WebhookRow,
    extra: Record<string, unknown> = {},
  ) => ({
    at: clock.now(),
    ...caller.actor,
    ...originOf(request),
    practiceId: caller.auditPracticeId,
    action,
    targetType: 'webhook',
    targetId: row.id,
    details: { ...auditDetails(row), ...caller.auditDetails, ...extra },
  });

  return async (app) => {
    app.get(
      path,
      {
        config,
        schema: {
          tags,
          summary: `Webhooks of the ${noun}, newest first`,
          params,
          querystring: pageQuerySchema,
          response: { 200: webhookPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const caller = scope.caller(request);
        const { limit } = request.query;
        const page = { after: keysetAfter(request.query), limit: limit + 1 };
        const rows = await caller.read((tx) => listWebhooks(tx, caller.owner, page));
        const { items, next } = pageFromRows(rows, limit, createdKey, (row) => presentWebhook(row, clock.now()));
        return { webhooks: items, next };
      },
    );

    app.post(
      path,
      {
        config,
        schema: {
          tags,
          summary: 'Create a webhook; its signing secret is in this reply only',
          params,
          body: webhookInputSchema,
          response: { 201: webhookWithSecretSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const caller = scope.caller(request);
        checkTarget(caller, request.body.url, request.body.allowPrivateTargets, true);
        const created = await caller.write(async (tx) => {
          const result = await createWebhook(tx, caller.owner, request.body, keyring, clock);
          await appendAudit(tx, audited(request, caller, 'webhook.created', result.row));
          return result;
        });
        return reply.status(201).send({ secret: created.secret, webhook: presentWebhook(created.row, clock.now()) });
      },
    );

    app.get(
      `${path}/:webhookId`,
      {
        config,
        schema: {
          tags,
          summary: 'One webhook (never its secret)',
          params: webhookParams,
          response: { 200: webhookSchema, ...errorResponses },
        },
      },
      async (request) => {
        const caller = scope.caller(request);
        const { webhookId } = request.params;
        const row = await caller.read((tx) => findWebhook(tx, caller.owner, webhookId));
        if (!row) throw noWebhook(scope);
        return presentWebhook(row, clock.now());
      },
    );

    app.patch(
      `${path}/:webhookId`,
      {
        config,
        schema: {
          tags,
          summary: 'Change where a webhook points, what it hears, or turn it off',
          params: webhookParams,
          body: webhookPatchSchema,
          response: { 200: webhookSchema, ...errorResponses },
        },
      },
      async (request) => {
        const caller = scope.caller(request);
        const { webhookId } = request.params;
        const row = await caller.write(async (tx) => {
          const before = await findWebhook(tx, caller.owner, webhookId);
          if (!before) throw noWebhook(scope);
          const { url, allowPrivateTargets } = request.body;
          const aiming = url !== undefined || allowPrivateTargets === true;
          checkTarget(caller, url ?? before.url, allowPrivateTargets ?? before.allowPrivateTargets, aiming);
          const after = (await updateWebhook(tx, caller.owner, webhookId, request.body, clock))!;
          await appendAudit(tx, audited(request, caller, 'webhook.updated', after));
          return after;
        });
        return presentWebhook(row, clock.now());
      },
    );

    app.post(
      `${path}/:webhookId/rotate-secret`,
      {
        config,
        schema: {
          tags,
          summary: 'Replace the signing secret; the new one is in this reply only',
          description:
            'The replaced secret keeps signing for `overlapHours` (default 24, at most 168): meanwhile each delivery ' +
            'carries both signatures in Tandem-Signature, space-separated, the new first, so a receiver verifying ' +
            'with either secret accepts it while it switches (accept the request if any entry matches). Afterwards ' +
            'only the new secret signs. A rotation during an overlap drops the oldest secret at once.',
          params: webhookParams,
          body: rotateSecretSchema,
          response: { 200: webhookWithSecretSchema, ...errorResponses },
        },
      },
      async (request) => {
        const caller = scope.caller(request);
        const { webhookId } = request.params;
        const rotated = await caller.write(async (tx) => {
          const overlapHours = request.body?.overlapHours ?? defaultOverlapHours;
          const result = await rotateSecret(tx, caller.owner, webhookId, overlapHours * 3600, keyring, clock);
          if (!result) throw noWebhook(scope);
          await appendAudit(tx, audited(request, caller, 'webhook.secret_rotated', result.row, { overlapHours }));
          return result;
        });
        return { secret: rotated.secret, webhook: presentWebhook(rotated.row, clock.now()) };
      },
    );

    app.delete(
      `${path}/:webhookId`,
      {
        config,
        schema: {
          tags,
          summary: 'Delete a webhook with its delivery log',
          params: webhookParams,
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const caller = scope.caller(request);
        const { webhookId } = request.params;
        await caller.write(async (tx) => {
          const row = await findWebhook(tx, caller.owner, webhookId);
          if (!row || !(await deleteWebhook(tx, caller.owner, webhookId))) throw noWebhook(scope);
          await appendAudit(tx, audited(request, caller, 'webhook.deleted', row));
        });
        return reply.status(204).send(null);
      },
    );
  };
}
