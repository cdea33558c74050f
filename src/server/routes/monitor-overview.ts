/**
 * Monitoring at a glance, and live. A practice's status (checks by state, open incidents, worst
 * checks); the MSP overview: the same for every practice the caller's organisation serves and the
 * caller may watch; and the event streams (server-sent events) that push each check's state
 * changes to those pages, per practice and for the overview.
 *
 * The overview's access: a signed-in person (never a token: tokens belong to one practice), and of
 * their roles only those in practices their own organisation administers and that allow
 * monitoring.read. Each summary is read in that practice's transaction, under its row-level
 * security, exactly as the practice's own page reads it.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { membershipsOf } from '../../core/identity/store.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import { roleCan } from '../../core/permissions/permissions.ts';
import { findPractice } from '../../core/tenancy/store.ts';
import { withTenantReads } from '../../core/tenancy/with-tenant.ts';
import { subscribeToStateChanges } from '../../monitor/live.ts';
import { practiceStatus, worstFirstKey } from '../../monitor/overview.ts';
import { practiceStatusPageSchema, practiceStatusSchema, type PracticeStatus } from '../../monitor/overview-schema.ts';
import { access, callerOf, practiceAccess, signedInUser } from '../caller/access.ts';
import type { UserPrincipal } from '../caller/guard.ts';
import type { ServerDeps } from '../deps.ts';
import { closeStreamsOnShutdown, openEventStream } from '../event-stream.ts';
import { errorResponses } from '../openapi.ts';
import { pageInMemory } from '../pagination.ts';
import { practiceParams } from './practices.ts';

const streamDescription =
  'text/event-stream. Events: `ready` once the stream listens, `state` (a check entered a state: ' +
  '{practiceId, checkId, state, from, at}), `end` ({reason}: signed_out, server_closing) before it closes. ' +
  'A comment line is sent every 15 s; the caller’s session or token is checked again each time.';

/**
 * The practices the overview covers for `principal`, with their status: served by the caller's
 * organisation and holding a role there that may read monitoring.
 */
async function servedPractices(deps: ServerDeps, principal: UserPrincipal): Promise<PracticeStatus[]> {
  const { user } = principal;
  if (principal.mfaRequired && !user.mfaEnabledAt)
    throw new AppError('forbidden', 'Your role requires two-factor authentication: enrol an authenticator app first');
  const watched = (await membershipsOf(deps.database.db, user.id)).filter((m) => roleCan(m.role, 'monitoring.read'));
  const statuses = await Promise.all(
    watched.map((m) =>
      withTenantReads(deps.database.db, m.practiceId, async (tx) => {
        const practice = await findPractice(tx, m.practiceId);
        if (!practice || practice.organizationId !== user.organizationId) return null;
        return practiceStatus(tx, practice);
      }),
    ),
  );
  return statuses.filter((s) => s !== null);
}

export function monitorOverviewRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['monitoring'];
  const read = access.practice('monitoring.read');

  return async (app) => {
    closeStreamsOnShutdown(app);

    /** Opens a stream of the state changes of `practiceIds`. */
    const stream = async (request: FastifyRequest, reply: Parameters<typeof openEventStream>[3], ids: string[]) => {
      const events = openEventStream(deps, app, request, reply, callerOf(request));
      const unsubscribe = await subscribeToStateChanges(deps.database, ids, (change) => events.send('state', change));
      events.onClose(unsubscribe);
      events.send('ready', { practiceIds: ids });
    };

    app.get(
      '/api/v1/monitor/overview',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'Every practice your organisation serves that you may watch, worst first, with its checks by state',
          description:
            'Ordered by checks down, then degraded, then open incidents (most first), then by name. ' +
            'People only: an API token belongs to one practice (use getMonitorStatus).',
          querystring: pageQuerySchema,
          response: { 200: practiceStatusPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const statuses = await servedPractices(deps, signedInUser(request));
        const { items, next } = pageInMemory(statuses, request.query, { keyOf: worstFirstKey }, (s) => s);
        return { practices: items, next };
      },
    );

    app.get(
      '/api/v1/monitor/overview/events',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'Live state changes of the checks of every practice in your overview (server-sent events)',
          description: `${streamDescription} Practices joined after the stream opened need a new stream.`,
          response: { 200: z.string(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const statuses = await servedPractices(deps, signedInUser(request));
        await stream(
          request,
          reply,
          statuses.map((s) => s.practiceId),
        );
      },
    );

    app.get(
      '/api/v1/practices/:practiceId/monitor/status',
      {
        config: read,
        schema: {
          tags,
          summary: 'The practice’s checks counted by state, its open monitoring incidents and its worst checks',
          params: practiceParams,
          response: { 200: practiceStatusSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId } = practiceAccess(request);
        const status = await withTenantReads(deps.database.db, practiceId, async (tx) => {
          const practice = await findPractice(tx, practiceId);
          return practice && practiceStatus(tx, practice);
        });
        if (!status) throw new AppError('not_found', 'No practice with that id');
        return status;
      },
    );

    app.get(
      '/api/v1/practices/:practiceId/monitor/events',
      {
        config: read,
        schema: {
          tags,
          summary: 'Live state changes of the practice’s checks (server-sent events)',
          description: streamDescription,
          params: practiceParams,
          response: { 200: z.string(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await stream(request, reply, [practiceAccess(request).practiceId]);
      },
    );
  };
}
