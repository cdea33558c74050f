/** Sign-in, second factor, MFA enrolment, sessions, sign-out and resetting a forgotten password. */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit } from '../../core/audit/append.ts';
import { permissionsOf } from '../../core/auth/permissions.ts';
import { AppError } from '../../core/errors.ts';
import { changePassword } from '../../core/identity/accounts.ts';
import { confirmEnrolment, startEnrolment } from '../../core/identity/mfa-enrolment.ts';
import { setPassword } from '../../core/identity/manage-users.ts';
import { completePasswordReset, requestPasswordReset } from '../../core/identity/password-reset.ts';
import {
  activeSessionPageSchema,
  changePasswordSchema,
  mfaConfirmSchema,
  mfaEnrolmentSchema,
  mfaVerifySchema,
  passwordChangedSchema,
  passwordResetRequestedSchema,
  passwordResetRequestSchema,
  recoveryCodesSchema,
  sessionViewSchema,
  setPasswordSchema,
  signInSchema,
} from '../../core/identity/schema.ts';
import { listActiveSessions, resolveSession, revokeAllSessions, revokeSession } from '../../core/identity/sessions.ts';
import { mfaRequiredFor, signIn, signInStatus, verifySecondFactor } from '../../core/identity/sign-in.ts';
import { membershipsOf } from '../../core/identity/store.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import { unsafeWithSystem } from '../../core/tenancy/with-tenant.ts';
import { deviceIdFrom } from '../../core/identity/known-devices.ts';
import { mfaChangedAnnouncer, newDeviceAnnouncer, passwordResetAnnouncer } from '../account-notices.ts';
import { identityDeps, type ServerDeps } from '../deps.ts';
import { access, signedInUser } from '../auth/access.ts';
import type { UserPrincipal } from '../auth/guard.ts';
import {
  clearSessionCookie,
  deviceCookie,
  originOf,
  sessionCookie,
  setDeviceCookie,
  setSessionCookie,
} from '../auth/principal.ts';
import { errorResponses, errorSchema } from '../openapi.ts';
import { createdKey, pageInMemory } from '../pagination.ts';
import { tooMany } from './too-many.ts';

const okSchema = z.object({ ok: z.literal(true) });

/** The one answer to every accepted reset request, whether or not the address has an account. */
const resetRequested =
  'If that address belongs to a Tandem account that can sign in, an email with a link to choose a new password is on its way. The link works once, for 45 minutes.';

async function sessionView(deps: ServerDeps, p: Pick<UserPrincipal, 'user' | 'session'>) {
  const db = deps.database.db;
  return {
    status: await signInStatus(db, p.user, p.session),
    csrfToken: p.session.csrfToken,
    user: {
      id: p.user.id,
      email: p.user.email,
      displayName: p.user.displayName,
      orgAdmin: p.user.orgAdmin,
      mfaEnabled: p.user.mfaEnabledAt !== null,
      mfaRequired: await mfaRequiredFor(db, p.user),
    },
    memberships: p.session.mfaVerified
      ? (await membershipsOf(db, p.user.id)).map((m) => ({ ...m, permissions: permissionsOf(m.role) }))
      : [],
    idleTimeoutMinutes: deps.limits.idleMinutes,
  };
}

/** Re-reads the session after a change so the reply shows the new state. */
async function freshView(deps: ServerDeps, request: FastifyRequest, token: string | undefined) {
  const found = await resolveSession(
    deps.database.db,
    token ?? request.cookies[sessionCookie] ?? '',
    deps.clock,
    deps.limits,
  );
  if (!found) throw new AppError('unauthenticated', 'Sign in first');
  return sessionView(deps, found);
}

export function authRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['auth'];
  return async (app) => {
    app.post(
      '/api/v1/auth/sign-in',
      {
        config: access.public,
        schema: {
          tags,
          summary: 'Sign in with email and password',
          body: signInSchema,
          response: { 200: sessionViewSchema, 429: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const device = { id: deviceIdFrom(request.cookies[deviceCookie]), announce: newDeviceAnnouncer(deps, request) };
        const { email, password } = request.body;
        const outcome = await signIn(identityDeps(deps), email, password, originOf(request), device);
        if (outcome.kind === 'throttled') tooMany(reply, outcome.retryAfterMs);
        if (outcome.kind === 'invalid') throw new AppError('unauthenticated', 'Wrong email or password');
        setSessionCookie(deps, request, reply, outcome.token);
        setDeviceCookie(request, reply, device.id);
        return sessionView(deps, outcome);
      },
    );

    app.post(
      '/api/v1/auth/mfa/verify',
      {
        config: access.session,
        schema: {
          tags,
          summary: 'Second factor: a TOTP code or a recovery code',
          body: mfaVerifySchema,
          response: { 200: sessionViewSchema, 429: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const p = signedInUser(request);
        if (p.session.mfaVerified) return sessionView(deps, p);
        const result = await verifySecondFactor(identityDeps(deps), p.session, p.user, request.body, originOf(request));
        if (!result.ok) {
          if (result.retryAfterMs) tooMany(reply, result.retryAfterMs);
          throw new AppError('unauthenticated', 'That code is not valid');
        }
        setSessionCookie(deps, request, reply, result.token);
        return freshView(deps, request, result.token);
      },
    );

    app.post(
      '/api/v1/auth/mfa/enrolment',
      {
        config: access.session,
        schema: {
          tags,
          summary: 'Start TOTP enrolment: a new secret and its QR code',
          response: { 200: mfaEnrolmentSchema, ...errorResponses },
        },
      },
      async (request) => {
        const p = signedInUser(request);
        // A user who already has MFA must be fully signed in to replace it.
        if (p.user.mfaEnabledAt && !p.session.mfaVerified)
          throw new AppError('unauthenticated', 'Finish signing in with your current authenticator first');
        return startEnrolment(identityDeps(deps), p.user);
      },
    );

    app.post(
      '/api/v1/auth/mfa/enrolment/confirm',
      {
        config: access.session,
        schema: {
          tags,
          summary: 'Confirm TOTP enrolment with a code; returns recovery codes once',
          body: mfaConfirmSchema,
          response: { 200: recoveryCodesSchema, 409: errorSchema, 429: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const p = signedInUser(request);
        if (p.user.mfaEnabledAt && !p.session.mfaVerified)
          throw new AppError('unauthenticated', 'Finish signing in with your current authenticator first');
        // The enrolment secret was stored after this request's principal was read: read it again.
        const latest = await resolveSession(
          deps.database.db,
          request.cookies[sessionCookie] ?? '',
          deps.clock,
          deps.limits,
        );
        if (!latest) throw new AppError('unauthenticated', 'Sign in first');
        const result = await confirmEnrolment(
          identityDeps(deps),
          latest.user,
          latest.session,
          request.body.code,
          originOf(request),
          mfaChangedAnnouncer(deps, request),
        );
        if ('retryAfterMs' in result) tooMany(reply, result.retryAfterMs);
        if (result.token) setSessionCookie(deps, request, reply, result.token);
        return { recoveryCodes: result.recoveryCodes };
      },
    );

    app.get(
      '/api/v1/auth/session',
      {
        config: access.session,
        schema: {
          tags,
          summary: 'The current session, user and practices',
          response: { 200: sessionViewSchema, ...errorResponses },
        },
      },
      async (request) => sessionView(deps, signedInUser(request)),
    );

    app.post(
      '/api/v1/auth/sign-out',
      {
        config: access.session,
        schema: { tags, summary: 'End this session', response: { 200: okSchema, ...errorResponses } },
      },
      async (request, reply) => {
        const p = signedInUser(request);
        await unsafeWithSystem(deps.database.db, async (tx) => {
          await revokeSession(tx, p.user.id, p.session.id, deps.clock);
          await appendAudit(tx, {
            at: deps.clock.now(),
            actorType: 'user',
            actorId: p.user.id,
            actorLabel: p.user.email,
            ...originOf(request),
            action: 'auth.sign_out',
            targetType: 'session',
            targetId: p.session.id,
          });
        });
        clearSessionCookie(reply);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/auth/sign-out-everywhere',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'End every session of this user',
          response: { 200: z.object({ ended: z.number().int() }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const p = signedInUser(request);
        const ended = await unsafeWithSystem(deps.database.db, async (tx) => {
          const n = await revokeAllSessions(tx, p.user.id, deps.clock);
          await appendAudit(tx, {
            at: deps.clock.now(),
            actorType: 'user',
            actorId: p.user.id,
            actorLabel: p.user.email,
            ...originOf(request),
            action: 'auth.sign_out_everywhere',
            targetType: 'user',
            targetId: p.user.id,
            details: { sessions: n },
          });
          return n;
        });
        clearSessionCookie(reply);
        return { ended };
      },
    );

    app.get(
      '/api/v1/auth/sessions',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'Your active sessions, newest first',
          querystring: pageQuerySchema,
          response: { 200: activeSessionPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const p = signedInUser(request);
        const rows = await listActiveSessions(deps.database.db, p.user.id, deps.clock, deps.limits);
        const newest = { keyOf: createdKey, descending: true };
        const { items, next } = pageInMemory(rows, request.query, newest, (s) => ({
          id: s.id,
          current: s.id === p.session.id,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
          expiresAt: s.expiresAt.toISOString(),
          ip: s.ip,
          userAgent: s.userAgent,
        }));
        return { sessions: items, next };
      },
    );

    app.delete(
      '/api/v1/auth/sessions/:sessionId',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'End one of your sessions',
          params: z.object({ sessionId: z.uuid() }),
          response: { 200: okSchema, ...errorResponses },
        },
      },
      async (request) => {
        const p = signedInUser(request);
        const done = await unsafeWithSystem(deps.database.db, async (tx) => {
          const revoked = await revokeSession(tx, p.user.id, request.params.sessionId, deps.clock);
          if (revoked)
            await appendAudit(tx, {
              at: deps.clock.now(),
              actorType: 'user',
              actorId: p.user.id,
              actorLabel: p.user.email,
              ...originOf(request),
              action: 'auth.session.revoked',
              targetType: 'session',
              targetId: request.params.sessionId,
            });
          return revoked;
        });
        if (!done) throw new AppError('not_found', 'No active session of yours with that id');
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/auth/password',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'Change your password; needs the current one, and ends your other sessions',
          body: changePasswordSchema,
          response: { 200: passwordChangedSchema, 429: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const p = signedInUser(request);
        const outcome = await changePassword(identityDeps(deps), p.user, p.session, request.body, originOf(request));
        if (outcome.kind === 'throttled') tooMany(reply, outcome.retryAfterMs);
        return { otherSessionsEnded: outcome.otherSessionsEnded };
      },
    );

    app.post(
      '/api/v1/auth/password-reset',
      {
        config: access.public,
        schema: {
          tags,
          summary: 'Forgot password: email a reset link to the address, if it has an account',
          description:
            'Always answers 202 with the same message, whether or not the address has an account (the account is looked up after the answer). Throttled per address and per source address: 429 with Retry-After.',
          body: passwordResetRequestSchema,
          response: { 202: passwordResetRequestedSchema, 429: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const announce = passwordResetAnnouncer(deps, request);
        const outcome = await requestPasswordReset(identityDeps(deps), request.body.email, originOf(request), announce);
        if (outcome.kind === 'throttled')
          tooMany(reply, outcome.retryAfterMs, 'reset requests for this address or from here');
        outcome.work.catch((err: unknown) => request.log.error({ err }, 'password reset request failed'));
        return reply.status(202).send({ message: resetRequested });
      },
    );

    app.post(
      '/api/v1/auth/password-reset/complete',
      {
        config: access.public,
        schema: {
          tags,
          summary: "Choose a new password with a reset link's token; every session of the account ends",
          description:
            "The token works once and expires 45 minutes after it was emailed; the account's other reset links stop working too. The second factor, if any, stays.",
          body: setPasswordSchema,
          response: { 200: z.object({ sessionsEnded: z.number().int() }), ...errorResponses },
        },
      },
      async (request) =>
        completePasswordReset(identityDeps(deps), request.body.token, request.body.password, originOf(request)),
    );

    app.post(
      '/api/v1/auth/set-password',
      {
        config: access.public,
        schema: {
          tags,
          summary: "Set a password through the one-time link of an administrator's reset",
          body: setPasswordSchema,
          response: { 200: okSchema, ...errorResponses },
        },
      },
      async (request) => {
        await setPassword(identityDeps(deps), request.body.token, request.body.password, originOf(request));
        return { ok: true as const };
      },
    );
  };
}
