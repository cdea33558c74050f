/** API tokens of one practice: create (shown once), list, revoke. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roleCan, type Permission } from '../../core/permissions/permissions.ts';
import { appendAudit } from '../../core/audit/append.ts';
import { AppError } from '../../core/errors.ts';
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenRow } from '../../core/identity/api-tokens.ts';
import {
  apiTokenCreatedSchema,
  apiTokenInputSchema,
  apiTokenPageSchema,
  apiTokenSchema,
} from '../../core/identity/schema.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import { withTenant, withTenantReads } from '../../core/tenancy/with-tenant.ts';
import { access, practiceAccess } from '../caller/access.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { createdKey, keysetAfter, pageFromRows } from '../pagination.ts';
import { practiceParams } from './practices.ts';
import { auditOriginOf } from '../caller/acting.ts';

function presentToken(row: ApiTokenRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    permissions: row.permissions as Permission[],
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export function apiTokenRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { database, clock } = deps;
  const tags = ['api tokens'];
  return async (app) => {
    app.get(
      '/api/v1/practices/:practiceId/api-tokens',
      {
        config: access.practice('tokens.manage'),
        schema: {
          tags,
          summary: 'API tokens of the practice, newest first',
          params: practiceParams,
          querystring: pageQuerySchema,
          response: { 200: apiTokenPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId } = request.params;
        const { limit } = request.query;
        const page = { after: keysetAfter(request.query), limit: limit + 1 };
        const rows = await withTenantReads(database.db, practiceId, (tx) => listApiTokens(tx, practiceId, page));
        const { items, next } = pageFromRows(rows, limit, createdKey, presentToken);
        return { apiTokens: items, next };
      },
    );

    app.post(
      '/api/v1/practices/:practiceId/api-tokens',
      {
        config: access.practice('tokens.manage'),
        schema: {
          tags,
          summary: 'Create an API token; the token is in this reply only',
          params: practiceParams,
          body: apiTokenInputSchema,
          response: { 201: apiTokenCreatedSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { practiceId } = request.params;
        const access = practiceAccess(request);
        if (access.principal.kind !== 'user' || !access.role)
          throw new AppError('forbidden', 'Only a signed-in person can create API tokens');
        const role = access.role;
        // Nobody can hand a token more power than they have themselves.
        const beyond = request.body.permissions.filter((p) => !roleCan(role, p));
        if (beyond.length > 0) {
          throw new AppError(
            'forbidden',
            `Your role (${role}) cannot grant ${beyond.join(', ')}`,
            beyond.map((p) => ({ path: 'body.permissions', message: `${p} is beyond your role` })),
          );
        }
        const { expiresInDays } = request.body;
        const created = await withTenant(database.db, practiceId, async (tx) => {
          const result = await createApiToken(
            tx,
            {
              practiceId,
              name: request.body.name,
              permissions: [...new Set(request.body.permissions)],
              expiresAt: expiresInDays === null ? null : new Date(clock.now().getTime() + expiresInDays * 86_400_000),
              createdBy: access.actor.actorId,
            },
            clock,
          );
          await appendAudit(tx, {
            at: clock.now(),
            ...auditOriginOf(request, access),
            practiceId,
            action: 'api_token.created',
            targetType: 'api_token',
            targetId: result.row.id,
            details: {
              name: result.row.name,
              permissions: result.row.permissions,
              expiresAt: result.row.expiresAt?.toISOString() ?? null,
            },
          });
          return result;
        });
        return reply.status(201).send({ token: created.token, apiToken: presentToken(created.row) });
      },
    );

    app.delete(
      '/api/v1/practices/:practiceId/api-tokens/:tokenId',
      {
        config: access.practice('tokens.manage'),
        schema: {
          tags,
          summary: 'Revoke an API token',
          params: practiceParams.extend({ tokenId: z.uuid() }),
          response: { 200: apiTokenSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId, tokenId } = request.params;
        const access = practiceAccess(request);
        const row = await withTenant(database.db, practiceId, async (tx) => {
          const revoked = await revokeApiToken(tx, practiceId, tokenId, clock);
          if (!revoked) throw new AppError('not_found', 'No API token with that id in this practice');
          await appendAudit(tx, {
            at: clock.now(),
            ...auditOriginOf(request, access),
            practiceId,
            action: 'api_token.revoked',
            targetType: 'api_token',
            targetId: tokenId,
          });
          return revoked;
        });
        return presentToken(row);
      },
    );
  };
}
