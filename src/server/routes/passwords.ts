/** Passwords: changing one's own, resetting a forgotten one by email, and setting one through an administrator's link. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changePassword } from '../../core/identity/accounts.ts';
import { setPassword } from '../../core/identity/manage-users.ts';
import { completePasswordReset, requestPasswordReset } from '../../core/identity/password-reset.ts';
import {
  changePasswordSchema,
  passwordChangedSchema,
  passwordResetRequestedSchema,
  passwordResetRequestSchema,
  setPasswordSchema,
} from '../../core/identity/schema.ts';
import { passwordResetAnnouncer } from '../account-notices.ts';
import { access, signedInUser } from '../caller/access.ts';
import { originOf } from '../caller/principal.ts';
import { identityDeps, type ServerDeps } from '../deps.ts';
import { errorResponses, errorSchema, okSchema } from '../openapi.ts';
import { refuseThrottled } from '../rate-limit.ts';

/** The one answer to every accepted reset request, whether or not the address has an account. */
const resetRequested =
  'If that address belongs to a Tandem account that can sign in, an email with a link to choose a new password is on its way. The link works once, for 45 minutes.';

export function passwordRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['auth'];
  return async (app) => {
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
        if (outcome.kind === 'throttled') refuseThrottled(reply, outcome.retryAfterMs);
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
          refuseThrottled(reply, outcome.retryAfterMs, 'reset requests for this address or from here');
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
