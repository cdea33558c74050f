import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit, diffForAudit } from '../../core/audit/append.ts';
import { AppError } from '../../core/errors.ts';
import { membershipsOf } from '../../core/identity/store.ts';
import { presentPractice } from '../../core/tenancy/present.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import {
  practiceInputSchema,
  practiceSchema,
  practiceUpdateSchema,
  practiceWithRolePageSchema,
} from '../../core/tenancy/schema.ts';
import { addCreatorMembership, findPractice, insertPractice, updatePractice } from '../../core/tenancy/store.ts';
import { unsafeWithSystem, withTenant, withTenantReads } from '../../core/tenancy/with-tenant.ts';
import { access, callerOf, practiceAccess, signedInUser } from '../caller/access.ts';
import { keepsAccess, originOf, type Principal } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { checkIfMatch, conditional, sendEtag } from '../conditional.ts';
import { errorResponses, errorSchema } from '../openapi.ts';
import { pageInMemory } from '../pagination.ts';
import { auditOriginOf } from '../caller/acting.ts';

export const practiceParams = z.object({ practiceId: z.uuid() });

export function practiceRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { database, clock } = deps;
  const tags = ['practices'];

  /** The practices the caller holds a role in, with the role; a token's own practice. */
  async function practicesOf(principal: Principal) {
    if (principal.kind === 'token') {
      const row = await withTenantReads(database.db, principal.token.practiceId, (tx) =>
        findPractice(tx, principal.token.practiceId),
      );
      return row ? [{ ...presentPractice(row), role: null }] : [];
    }
    const roles = await membershipsOf(database.db, principal.user.id);
    const rows = await Promise.all(
      roles.map((m) => withTenantReads(database.db, m.practiceId, (tx) => findPractice(tx, m.practiceId))),
    );
    return rows.flatMap((row, i) => (row ? [{ ...presentPractice(row), role: roles[i]?.role ?? null }] : []));
  }

  return async (app) => {
    app.get(
      '/api/v1/practices',
      {
        config: access.principal,
        schema: {
          tags,
          summary: 'Practices you have a role in (a token: its practice), by name',
          querystring: pageQuerySchema,
          response: { 200: practiceWithRolePageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const byName = { keyOf: (p: { name: string; id: string }) => [p.name, p.id] };
        const { items, next } = pageInMemory(await practicesOf(callerOf(request)), request.query, byName, (p) => p);
        return { practices: items, next };
      },
    );

    app.post(
      '/api/v1/practices',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'Create a practice (organisation administrators)',
          body: practiceInputSchema,
          response: { 201: practiceSchema, 409: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { user } = signedInUser(request);
        if (!user.orgAdmin) throw new AppError('forbidden', 'Only an organisation administrator can create practices');
        // As the owner: the practice does not exist yet, and its organisation is not a tenant's to read.
        const row = await unsafeWithSystem(database.db, async (tx) => {
          const created = await insertPractice(tx, user.organizationId, request.body, clock);
          await addCreatorMembership(tx, user.id, created.id, user.organizationId);
          await appendAudit(tx, {
            at: clock.now(),
            actorType: 'user',
            actorId: user.id,
            actorLabel: user.email,
            ...originOf(request),
            practiceId: created.id,
            action: 'practice.created',
            targetType: 'practice',
            targetId: created.id,
            details: diffForAudit({}, request.body, { redact: [] }),
          });
          return created;
        });
        return reply.status(201).header('location', `/api/v1/practices/${row.id}`).send(presentPractice(row));
      },
    );

    app.get(
      '/api/v1/practices/:practiceId',
      {
        config: { ...access.practice('practice.read'), ...conditional },
        schema: {
          tags,
          summary: 'Read one practice',
          params: practiceParams,
          response: { 200: practiceSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { practiceId } = request.params;
        const row = await withTenantReads(database.db, practiceId, (tx) => findPractice(tx, practiceId));
        if (!row) throw new AppError('not_found', 'No practice with that id');
        const practice = presentPractice(row);
        sendEtag(reply, practice);
        return practice;
      },
    );

    app.patch(
      '/api/v1/practices/:practiceId',
      {
        config: { ...access.practice('practice.update'), ...keepsAccess, ...conditional },
        schema: {
          tags,
          summary: 'Change a practice',
          params: practiceParams,
          body: practiceUpdateSchema,
          response: { 200: practiceSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { practiceId } = request.params;
        const access = practiceAccess(request);
        const row = await withTenant(database.db, practiceId, async (tx) => {
          const before = await findPractice(tx, practiceId);
          if (!before) throw new AppError('not_found', 'No practice with that id');
          checkIfMatch(request, presentPractice(before));
          const after = await updatePractice(tx, practiceId, request.body, clock);
          if (!after) throw new AppError('not_found', 'No practice with that id');
          await appendAudit(tx, {
            at: clock.now(),
            ...auditOriginOf(request, access),
            practiceId,
            action: 'practice.updated',
            targetType: 'practice',
            targetId: practiceId,
            details: diffForAudit(presentPractice(before), presentPractice(after), { redact: [] }),
          });
          return after;
        });
        const practice = presentPractice(row);
        sendEtag(reply, practice);
        return practice;
      },
    );
  };
}
