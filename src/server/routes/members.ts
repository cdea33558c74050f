/**
 * People and their roles in one practice: invite, change a role, remove, reset a password or
 * two-factor authentication, disable.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../core/permissions/permissions.ts';
import { AppError } from '../../core/errors.ts';
import { resetMfa, resetPassword, setDisabled } from '../../core/identity/accounts.ts';
import { changeRole, removeMember } from '../../core/identity/manage-users.ts';
import {
  invitationCreatedSchema,
  memberDisabledSchema,
  memberInputSchema,
  memberRoleSchema,
  memberPageSchema,
  memberSchema,
  mfaResetSchema,
  passwordResetSchema,
} from '../../core/identity/schema.ts';
import { practiceMembers, type MemberUser } from '../../core/identity/store.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import { withTenant, withTenantReads } from '../../core/tenancy/with-tenant.ts';
import { access, administratorOf, practiceAccess } from '../caller/access.ts';
import { identityDeps, type ServerDeps } from '../deps.ts';
import { publicUrl } from '../links.ts';
import { mfaChangedAnnouncer } from '../account-notices.ts';
import { errorResponses, errorSchema } from '../openapi.ts';
import { pageInMemory } from '../pagination.ts';
import { inviteAndAnnounce } from './invitations.ts';
import { practiceParams } from './practices.ts';
import { auditOriginOf } from '../caller/acting.ts';

function presentMember(user: MemberUser, role: Role) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role,
    mfaEnabled: user.mfaEnabledAt !== null,
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
      {
        config: access.practice('users.read'),
        schema: {
          tags,
          summary: 'People with a role in the practice, by name',
          params: practiceParams,
          querystring: pageQuerySchema,
          response: { 200: memberPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId } = request.params;
        const members = await withTenantReads(database.db, practiceId, (tx) => practiceMembers(tx, practiceId));
        const byName = { keyOf: (m: { displayName: string; id: string }) => [m.displayName, m.id] };
        const { items, next } = pageInMemory(
          members.map((m) => presentMember(m.user, m.role)),
          request.query,
          byName,
          (m) => m,
        );
        return { members: items, next };
      },
    );

    app.post(
      '/api/v1/practices/:practiceId/members',
      {
        config: access.practice('users.manage'),
        schema: {
          tags,
          summary:
            'Invite a person to a role: the one-time link is emailed to them, or, without an SMTP server, shown once in the reply',
          description:
            'Creates no account and no membership: the person accepts through the link, by choosing a password (an address with no account) or by signing in (an address that has one). The reply has the same shape either way and holds only what was sent: `emailedTo` when Tandem emailed the link (TANDEM_SMTP_URL set), otherwise `invitationLink` for the administrator to hand over (the email also waits in the outbox).',
          params: practiceParams,
          body: memberInputSchema,
          response: { 201: invitationCreatedSchema, 409: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const created = await inviteAndAnnounce(deps, request, request.params.practiceId, async () => request.body);
        return reply.status(201).send(created);
      },
    );

    app.patch(
      '/api/v1/practices/:practiceId/members/:userId',
      {
        config: access.practice('users.manage'),
        schema: {
          tags,
          summary: "Change a person's role",
          params: memberParams,
          body: memberRoleSchema,
          response: { 200: memberSchema, 409: errorSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId, userId } = request.params;
        const access = practiceAccess(request);
        if (!access.role) throw new AppError('forbidden', 'Only a signed-in administrator can change roles');
        return withTenant(database.db, practiceId, async (tx) => {
          const role = await changeRole(
            tx,
            deps,
            { practiceId, userId, role: request.body.role },
            access.role as Role,
            auditOriginOf(request, access),
          );
          const member = (await practiceMembers(tx, practiceId)).find((m) => m.user.id === userId);
          if (!member) throw new AppError('not_found', 'No member with that id in this practice');
          return presentMember(member.user, role);
        });
      },
    );

    app.delete(
      '/api/v1/practices/:practiceId/members/:userId',
      {
        config: access.practice('users.manage'),
        schema: {
          tags,
          summary: "Remove a person's role in the practice",
          params: memberParams,
          response: { 204: z.null(), 409: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { practiceId, userId } = request.params;
        const access = practiceAccess(request);
        if (!access.role) throw new AppError('forbidden', 'Only a signed-in administrator can remove people');
        await withTenant(database.db, practiceId, (tx) =>
          removeMember(tx, deps, { practiceId, userId }, access.role as Role, {
            ...auditOriginOf(request, access),
          }),
        );
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/v1/practices/:practiceId/members/:userId/password-reset',
      {
        config: access.practice('users.manage'),
        schema: {
          tags,
          summary:
            "Reset a person's password: it stops working, their sessions end, and a one-time set-password link is returned",
          description:
            'Only for someone who administers every role the person holds, in every practice (docs/security.md).',
          params: memberParams,
          response: { 200: passwordResetSchema, 409: errorSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId, userId } = request.params;
        const admin = administratorOf(request);
        const token = await resetPassword(identityDeps(deps), admin.user, { practiceId, userId }, admin.audit);
        return { setPasswordLink: `${publicUrl(deps, request)}/set-password?token=${encodeURIComponent(token)}` };
      },
    );

    app.post(
      '/api/v1/practices/:practiceId/members/:userId/mfa-reset',
      {
        config: access.practice('users.manage'),
        schema: {
          tags,
          summary:
            "Reset a person's two-factor authentication (lost phone): their authenticator and recovery codes stop working and their sessions end",
          description:
            'Only for someone who administers every role the person holds, in every practice (docs/security.md). The person is emailed that it happened; at their next sign-in they set up a new authenticator when a role requires one.',
          params: memberParams,
          response: { 200: mfaResetSchema, 409: errorSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId, userId } = request.params;
        const admin = administratorOf(request);
        const announce = mfaChangedAnnouncer(deps, request);
        return resetMfa(identityDeps(deps), admin.user, { practiceId, userId }, admin.audit, announce);
      },
    );

    app.put(
      '/api/v1/practices/:practiceId/members/:userId/disabled',
      {
        config: access.practice('users.manage'),
        schema: {
          tags,
          summary:
            "Disable a person's account (sign-in refused, sessions ended, their API tokens revoked) or enable it",
          description:
            'Only for someone who administers every role the person holds, in every practice (docs/security.md).',
          params: memberParams,
          body: memberDisabledSchema,
          response: { 200: memberSchema, 409: errorSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId, userId } = request.params;
        const admin = administratorOf(request);
        const user = await setDisabled(
          identityDeps(deps),
          admin.user,
          { practiceId, userId, disabled: request.body.disabled },
          admin.audit,
        );
        const role = await withTenantReads(
          database.db,
          practiceId,
          async (tx) => (await practiceMembers(tx, practiceId)).find((m) => m.user.id === userId)?.role,
        );
        if (!role) throw new AppError('not_found', 'No member with that id in this practice');
        return presentMember(user, role);
      },
    );
  };
}
