/**
 * Invitations: a practice's list and withdrawing one (inviting is POST .../members), and the
 * invitee's side: seeing what the link offers, then accepting it with a new account's password or
 * as the signed-in account of the invited address. The link's token travels in request bodies,
 * never in a URL the server logs.
 *
 * Inviting (and sending again) writes the invitation and its email notice (account.invited) in
 * one transaction. With an SMTP server the accept link goes only to the invitee and the reply
 * names the address it went to; without one (the embedded default) the reply carries the link
 * for the administrator to hand over, and the same email waits in the practice's outbox.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../core/permissions/permissions.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError } from '../../core/errors.ts';
import {
  acceptAsUser,
  acceptNewAccount,
  findResendable,
  invitationStatus,
  invite,
  listInvitations,
  previewInvitation,
  revokeInvitation,
  type InvitationRow,
} from '../../core/identity/invitations.ts';
import {
  invitationCreatedSchema,
  invitationNewAccountSchema,
  invitationPreviewSchema,
  invitationPageSchema,
  invitationSchema,
  invitationTokenSchema,
} from '../../core/identity/schema.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import { findPractice } from '../../core/tenancy/store.ts';
import { withTenant, withTenantReads } from '../../core/tenancy/with-tenant.ts';
import { notify } from '../../notify/notify.ts';
import { access, administratorOf, practiceAccess, signedInUser } from '../caller/access.ts';
import { originOf } from '../caller/principal.ts';
import { identityDeps, type ServerDeps } from '../deps.ts';
import { publicUrl } from '../links.ts';
import { errorResponses, errorSchema, okSchema } from '../openapi.ts';
import { createdKey, pageInMemory } from '../pagination.ts';
import { practiceParams } from './practices.ts';
import { auditOriginOf } from '../caller/acting.ts';

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

export interface InvitationInput {
  email: string;
  displayName: string;
  role: Role;
}

/**
 * Invites a person (what: the address, name and role, read in the practice's transaction) and
 * sends the invitation email; the reply's shape is in invitationCreatedSchema.
 */
export async function inviteAndAnnounce(
  deps: ServerDeps,
  request: FastifyRequest,
  practiceId: string,
  what: (tx: Db) => Promise<InvitationInput>,
): Promise<z.infer<typeof invitationCreatedSchema>> {
  const access = practiceAccess(request);
  if (!access.role || access.principal.kind !== 'user')
    throw new AppError('forbidden', 'Only a signed-in administrator can invite people');
  const inviter = access.principal.user;
  const actorRole = access.role;
  const created = await withTenant(deps.database.db, practiceId, async (tx) => {
    const practice = await findPractice(tx, practiceId);
    if (!practice) throw new AppError('not_found', 'No practice with that id');
    const input = await what(tx);
    const { row, token } = await invite(
      tx,
      deps.clock,
      {
        practiceId,
        practiceOrganizationId: practice.organizationId,
        actorOrganizationId: inviter.organizationId,
        ...input,
      },
      actorRole,
      auditOriginOf(request, access),
    );
    const acceptUrl = `${publicUrl(deps, request)}/invitation?token=${encodeURIComponent(token)}`;
    if (deps.jobs) {
      const params = {
        practiceName: practice.name,
        inviterName: inviter.displayName,
        role: row.role,
        acceptUrl,
        expiresAt: row.expiresAt,
      };
      await notify(tx, { queue: deps.jobs, clock: deps.clock }, practiceId, 'account.invited', params, [
        { email: row.email },
      ]);
    }
    return { row, acceptUrl };
  });
  const invitation = presentInvitation(created.row, deps.clock.now());
  // Only an email that will really be sent may take the link away from the administrator.
  return deps.config.smtpUrl && deps.jobs
    ? { invitation, emailedTo: created.row.email }
    : { invitation, invitationLink: created.acceptUrl };
}

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
      '/api/v1/practices/:practiceId/invitations/:invitationId/resend',
      {
        config: access.practice('users.manage'),
        schema: {
          tags,
          summary:
            'Send an invitation again: a new link (emailed when Tandem has an SMTP server), and the old one stops working',
          description:
            'For an invitation not yet accepted, whether open, withdrawn or expired. The reply has the shape of inviting.',
          params: practiceParams.extend({ invitationId: z.uuid() }),
          response: { 201: invitationCreatedSchema, 409: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { practiceId, invitationId } = request.params;
        const created = await inviteAndAnnounce(deps, request, practiceId, async (tx) => {
          const row = await findResendable(tx, practiceId, invitationId);
          return { email: row.email, displayName: row.displayName, role: row.role as Role };
        });
        return reply.status(201).send(created);
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
