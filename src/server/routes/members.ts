/** People and their roles in one practice. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../core/auth/permissions.ts';
import { AppError } from '../../core/errors.ts';
import { addMember, changeRole, removeMember } from '../../core/identity/manage-users.ts';
import { memberCreatedSchema, memberInputSchema, memberRoleSchema, memberSchema } from '../../core/identity/schema.ts';
import { practiceMembers, type MemberUser } from '../../core/identity/store.ts';
import { findPractice } from '../../core/tenancy/store.ts';
import { withTenant, withTenantReads } from '../../core/tenancy/with-tenant.ts';
import { access, practiceAccess } from '../auth/access.ts';
import { originOf } from '../auth/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { publicUrl } from '../links.ts';
import { errorResponses, errorSchema } from '../openapi.ts';
import { practiceParams } from './practices.ts';

function presentMember(user: MemberUser, role: Role) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role,
    mfaEnabled: user.mfaEnabledAt !== null,
    passwordSet: user.passwordSet,
    disabled: user.disabledAt !== null,
  };
}

const memberParams = practiceParams.extend({ userId: z.uuid() });

export function memberRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { database } = deps;
  const tags = ['members'];
  return async (app) => {
    app.get(
      '/api/v1/practices/:practiceId/members',
      { config: access.practice('users.read'), schema: { tags, summary: 'People with a role in the practice', params: practiceParams, response: { 200: z.array(memberSchema), ...errorResponses } } },
      async (request) => {
        const { practiceId } = request.params;
        const members = await withTenantReads(database.db, practiceId, (tx) => practiceMembers(tx, practiceId));
        return members.map((m) => presentMember(m.user, m.role));
      },
    );

    app.post(
      '/api/v1/practices/:practiceId/members',
      {
        config: access.practice('users.manage'),
        schema: {
          tags,
          summary: 'Give a person a role; a new account gets a one-time set-password link',
          params: practiceParams,
          body: memberInputSchema,
          response: { 201: memberCreatedSchema, 409: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { practiceId } = request.params;
        const access = practiceAccess(request);
        if (!access.role || access.principal.kind !== 'user') throw new AppError('forbidden', 'Only a signed-in administrator can add people');
        const actorOrg = access.principal.user.organizationId;
        const result = await withTenant(database.db, practiceId, async (tx) => {
          const practice = await findPractice(tx, practiceId);
          if (!practice) throw new AppError('not_found', 'No practice with that id');
          return addMember(
            tx,
            deps,
            { practiceId, practiceOrganizationId: practice.organizationId, actorOrganizationId: actorOrg, ...request.body },
            access.role as Role,
            { ...access.actor, ...originOf(request) },
          );
        });
        const link = result.setPasswordToken ? `${publicUrl(deps, request)}/set-password?token=${encodeURIComponent(result.setPasswordToken)}` : null;
        return reply.status(201).send({ member: presentMember(result.user, request.body.role), setPasswordLink: link });
      },
    );

    app.patch(
      '/api/v1/practices/:practiceId/members/:userId',
      { config: access.practice('users.manage'), schema: { tags, summary: "Change a person's role", params: memberParams, body: memberRoleSchema, response: { 200: memberSchema, 409: errorSchema, ...errorResponses } } },
      async (request) => {
        const { practiceId, userId } = request.params;
        const access = practiceAccess(request);
        if (!access.role) throw new AppError('forbidden', 'Only a signed-in administrator can change roles');
        return withTenant(database.db, practiceId, async (tx) => {
          const role = await changeRole(tx, deps, { practiceId, userId, role: request.body.role }, access.role as Role, { ...access.actor, ...originOf(request) });
          const member = (await practiceMembers(tx, practiceId)).find((m) => m.user.id === userId);
          if (!member) throw new AppError('not_found', 'No member with that id in this practice');
          return presentMember(member.user, role);
        });
      },
    );

    app.delete(
      '/api/v1/practices/:practiceId/members/:userId',
      { config: access.practice('users.manage'), schema: { tags, summary: "Remove a person's role in the practice", params: memberParams, response: { 204: z.null(), 409: errorSchema, ...errorResponses } } },
      async (request, reply) => {
        const { practiceId, userId } = request.params;
        const access = practiceAccess(request);
        if (!access.role) throw new AppError('forbidden', 'Only a signed-in administrator can remove people');
        await withTenant(database.db, practiceId, (tx) => removeMember(tx, deps, { practiceId, userId }, access.role as Role, { ...access.actor, ...originOf(request) }));
        return reply.status(204).send(null);
      },
    );
  };
}
