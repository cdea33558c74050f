/**
 * Notices and preferences over HTTP: a practice's notices and outbox for its administrators
 * (what was sent, what failed, and, without an SMTP server, the emails themselves), and each
 * person's own choice of what they hear about and when.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit } from '../../core/audit/append.ts';
import { actingUser } from '../../core/identity/request-context.ts';
import { unsafeWithSystem, withTenantReads } from '../../core/tenancy/with-tenant.ts';
import { AppError } from '../../core/errors.ts';
import { noticeEvents, personalLinkEvents, requiredEvents, withholdTokens } from '../../notify/events.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import {
  noticeListSchema,
  noticeQuerySchema,
  preferenceListSchema,
  preferenceSchema,
  quietHoursSchema,
  quietHoursViewSchema,
  type QuietHours,
} from '../../notify/schema.ts';
import { createdKey, keysetAfter, pageFromRows } from '../pagination.ts';
import { listNotices, preferencesOf, setPreference, type NoticeRow } from '../../notify/store.ts';
import { quietHoursOf, setQuietHours } from '../../notify/quiet-hours.ts';
import { access, signedInUser } from '../caller/access.ts';
import { originOf } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { practiceParams } from './practices.ts';

const tags = ['notifications'];

/**
 * With an SMTP server, a personal link (an invitation's, a reset's) goes only to its recipient:
 * the list shows that notice with the token withheld. Without one, the outbox is how the link
 * reaches the person, through the administrators who could issue it anyway.
 */
function presentNotice(n: NoticeRow, withhold: boolean) {
  const hidden = withhold && personalLinkEvents.has(n.event as (typeof noticeEvents)[number]);
  const shown = (body: string) => (hidden ? withholdTokens(body) : body);
  return {
    id: n.id,
    event: n.event as (typeof noticeEvents)[number],
    recipient: n.recipient,
    subject: n.subject,
    text: shown(n.textBody),
    html: shown(n.htmlBody),
    status: n.status as 'queued' | 'held' | 'sent' | 'outbox' | 'failed',
    attempts: n.attempts,
    error: n.error,
    createdAt: n.createdAt.toISOString(),
    deliveredAt: n.deliveredAt?.toISOString() ?? null,
    heldUntil: n.heldUntil?.toISOString() ?? null,
  };
}

export function notificationRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { database, clock } = deps;
  return async (app) => {
    app.get(
      '/api/v1/practices/:practiceId/notices',
      {
        // The outbox holds invitation links: those who may invite people may read it.
        config: access.practice('users.manage'),
        schema: {
          tags,
          summary: "The practice's notices, newest first; status=outbox lists emails waiting for an SMTP server",
          params: practiceParams,
          querystring: noticeQuerySchema,
          response: { 200: noticeListSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId } = request.params;
        const page = { after: keysetAfter(request.query), limit: request.query.limit + 1 };
        const rows = await withTenantReads(database.db, practiceId, (tx) =>
          listNotices(tx, { practiceId }, request.query.status, page),
        );
        const { items, next } = pageFromRows(rows, request.query.limit, createdKey, (n) =>
          presentNotice(n, deps.config.smtpUrl !== undefined),
        );
        return { notices: items, next };
      },
    );

    app.get(
      '/api/v1/auth/notices',
      {
        config: access.user,
        schema: {
          tags,
          summary:
            'Emails about your own account (sign-ins from new devices, MFA changes, password resets), newest first',
          description:
            'Personal links (a password reset) are shown with their token withheld: the working link is only in the email.',
          querystring: pageQuerySchema,
          response: { 200: noticeListSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { user } = signedInUser(request);
        const page = { after: keysetAfter(request.query), limit: request.query.limit + 1 };
        // Account notices have no practice: only the owner connection reads them (migration account_notices).
        const rows = await listNotices(database.db, { accountOf: user.id }, undefined, page);
        const { items, next } = pageFromRows(rows, request.query.limit, createdKey, (n) => presentNotice(n, true));
        return { notices: items, next };
      },
    );

    app.get(
      '/api/v1/account/notification-preferences',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'What you are told about, and when',
          response: { 200: preferenceListSchema, ...errorResponses },
        },
      },
      async (request) => ({ preferences: await preferencesOf(database.db, signedInUser(request).user.id) }),
    );

    app.put(
      '/api/v1/account/notification-preferences/:event',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'Choose email or none, immediately or in the daily digest, for one event',
          params: z.strictObject({ event: z.enum(noticeEvents) }),
          body: preferenceSchema,
          response: { 200: preferenceListSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { user } = signedInUser(request);
        const { event } = request.params;
        if (requiredEvents.has(event))
          throw new AppError('validation_failed', `${event} is always emailed at once`, [
            { path: 'params.event', message: 'cannot be turned off or delayed' },
          ]);
        await unsafeWithSystem(database.db, async (tx) => {
          await setPreference(tx, user.id, event, request.body, clock);
          await appendAudit(tx, {
            at: clock.now(),
            ...actingUser(user),
            ...originOf(request),
            action: 'notify.preference_changed',
            targetType: 'user',
            targetId: user.id,
            details: { event, ...request.body },
          });
        });
        return { preferences: await preferencesOf(database.db, user.id) };
      },
    );

    /** Sets or clears the caller's quiet hours, audited like a preference. */
    const changeQuietHours = async (request: FastifyRequest, quiet: QuietHours | null) => {
      const { user } = signedInUser(request);
      await unsafeWithSystem(database.db, async (tx) => {
        await setQuietHours(tx, user.id, quiet, clock);
        await appendAudit(tx, {
          at: clock.now(),
          ...actingUser(user),
          ...originOf(request),
          action: quiet ? 'notify.quiet_hours_set' : 'notify.quiet_hours_cleared',
          targetType: 'user',
          targetId: user.id,
          details: quiet ?? {},
        });
      });
      return { quietHours: await quietHoursOf(database.db, user.id) };
    };

    app.get(
      '/api/v1/account/quiet-hours',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'Your quiet hours, or null when you have none',
          response: { 200: quietHoursViewSchema, ...errorResponses },
        },
      },
      async (request) => ({ quietHours: await quietHoursOf(database.db, signedInUser(request).user.id) }),
    );

    app.put(
      '/api/v1/account/quiet-hours',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'Set your quiet hours: immediate emails wait until they end, unless your party is on duty',
          description:
            'A weekly window of local times (an end before the start runs past midnight) on the given ISO weekdays, in timeZone (IANA) or, when null, in the time zone of the practice each notice is about. Account-security notices are never held.',
          body: quietHoursSchema,
          response: { 200: quietHoursViewSchema, ...errorResponses },
        },
      },
      async (request) => changeQuietHours(request, request.body),
    );

    app.delete(
      '/api/v1/account/quiet-hours',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'Clear your quiet hours: emails go at once again',
          response: { 200: quietHoursViewSchema, ...errorResponses },
        },
      },
      async (request) => changeQuietHours(request, null),
    );
  };
}
