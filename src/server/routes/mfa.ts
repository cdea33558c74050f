/**
 * Changes to one's own enrolled second factor besides enrolling (routes/sessions.ts): new recovery
 * codes, and turning MFA off. Both need a full session and proof (password and/or a current code),
 * are throttled like sign-in, audited, and tell the account holder (account.mfa_changed).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { regenerateRecoveryCodes, turnOffMfa } from '../../core/identity/mfa-changes.ts';
import { mfaTurnOffSchema, recoveryCodesRequestSchema, recoveryCodesSchema } from '../../core/identity/schema.ts';
import { mfaChangedAnnouncer } from '../account-notices.ts';
import { access, signedInUser } from '../caller/access.ts';
import { originOf } from '../caller/principal.ts';
import { identityDeps, type ServerDeps } from '../deps.ts';
import { errorResponses, errorSchema } from '../openapi.ts';
import { refuseThrottled } from '../rate-limit.ts';

export function mfaRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['auth'];
  return async (app) => {
    app.post(
      '/api/v1/auth/mfa/recovery-codes',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'New recovery codes, shown once; the old ones stop working',
          description:
            'Needs your current password or a current code from your authenticator app (or both). Throttled like sign-in (429 with Retry-After). You are emailed that it happened.',
          body: recoveryCodesRequestSchema,
          response: { 200: recoveryCodesSchema, 409: errorSchema, 429: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { user } = signedInUser(request);
        const announce = mfaChangedAnnouncer(deps, request);
        const outcome = await regenerateRecoveryCodes(
          identityDeps(deps),
          user,
          request.body,
          originOf(request),
          announce,
        );
        if (outcome.kind === 'throttled') refuseThrottled(reply, outcome.retryAfterMs);
        return { recoveryCodes: outcome.value };
      },
    );

    app.post(
      '/api/v1/auth/mfa/turn-off',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'Turn two-factor authentication off for yourself',
          description:
            'Needs your current password and a current code. Refused (403, naming the role) when a role you hold requires two-factor authentication. Your authenticator secret and recovery codes are deleted, and you are emailed that it happened.',
          body: mfaTurnOffSchema,
          response: { 200: z.object({ ok: z.literal(true) }), 409: errorSchema, 429: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { user } = signedInUser(request);
        const announce = mfaChangedAnnouncer(deps, request);
        const outcome = await turnOffMfa(identityDeps(deps), user, request.body, originOf(request), announce);
        if (outcome.kind === 'throttled') refuseThrottled(reply, outcome.retryAfterMs);
        return { ok: true as const };
      },
    );
  };
}
