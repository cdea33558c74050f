/**
 * Invitations: a practice's list and withdrawing one (inviting is POST .../members), and the
 * invitee's side: seeing what the link offers, then accepting it with a new account's password or
 * as the signed-in account of the invited address. The link's token travels in request bodies,
 * never in a URL the server logs.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../core/auth/permissions.ts';
import {
  acceptAsUser,
  acceptNewAccount,
  invitationStatus,
  listInvitations,
  previewInvitation,
  revokeInvitation,
  type InvitationRow,
} from '../../core/identity/invitations.ts';
import {
  invitationNewAccountSchema,
  invitationPreviewSchema,
  invitationPageSchema,
  invitationSchema,
  invitationTokenSchema,
} from '../../core/identity/schema.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import { withTenant, withTenantReads } from '../../core/tenancy/with-tenant.ts';
import { access, administratorOf, signedInUser } from '../auth/access.ts';
import { originOf } from '../auth/principal.ts';
import { identityDeps, type ServerDeps } from '../deps.ts';
import { errorResponses, errorSchema } from '../openapi.ts';
import { createdKey, pageInMemory } from '../pagination.ts';
import { practiceParams } from './practices.ts';

export function presentInvitation(row: InvitationRow, now: Date) {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role as Role,
    status: invitationStatus(row, now),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

const okSchema = z.object({ ok: z.literal(true) });

export function invitationRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { database, clock } = deps;
  const tags = ['invitations'];
  return async (app) => {
    app.get(
      '/api/v1/practices/:practiceId/invitations',
      {
        config: access.practice('users.read'),
        schema: {
          tags,
          summary: "The practice's invitations with their status, newest first",
          params: practiceParams,
          querystring: pageQuerySchema,
          response: { 200: invitationPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId } = request.params;
        const rows = await withTenantReads(database.db, practiceId, (tx) => listInvitations(tx, practiceId));
        const newest = { keyOf: createdKey, descending: true };
        const { items, next } = pageInMemory(rows, request.query, newest, (row) => presentInvitation(row, clock.now()));
        return { invitations: items, next };
      },
    );

    app.delete(
      '/api/v1/practices/:practiceId/invitations/:invitationId',
      {
        config: access.practice('users.manage'),
        schema: {
          tags,
          summary: 'Withdraw an open invitation: its link stops working',
          params: practiceParams.extend({ invitationId: z.uuid() }),
          response: { 200: invitationSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId, invitationId } = request.params;
        const admin = administratorOf(request);
        const row = await withTenant(database.db, practiceId, (tx) =>
          revokeInvitation(tx, clock, practiceId, invitationId, admin.audit),
        );
        return presentInvitation(row, clock.now());
      },
    );

    app.post(
      '/api/v1/invitations/preview',
      {
        config: access.public,
        schema: {
          tags,
          summary: 'What an open invitation offers: practice, address and role',
          body: invitationTokenSchema,
          response: { 200: invitationPreviewSchema, ...errorResponses },
        },
      },
      async (request) => previewInvitation(database.db, clock, request.body.token),
    );

    app.post(
      '/api/v1/invitations/create-account',
      {
        config: access.public,
        schema: {
          tags,
          summary: 'Accept an invitation by choosing the password of a new account for its address',
          description: 'An address that already has an account answers 409: sign in to it and accept instead.',
          body: invitationNewAccountSchema,
          response: { 200: okSchema, 409: errorSchema, ...errorResponses },
        },
      },
      async (request) => {
        await acceptNewAccount(identityDeps(deps), request.body.token, request.body.password, originOf(request));
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/invitations/accept',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'Accept an invitation as the signed-in account of the invited address',
          body: invitationTokenSchema,
          response: { 200: okSchema, 409: errorSchema, ...errorResponses },
        },
      },
      async (request) => {
        const p = signedInUser(request);
        await acceptAsUser(identityDeps(deps), request.body.token, p.user, originOf(request));
        return { ok: true as const };
      },
    );
  };
}
