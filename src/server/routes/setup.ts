/** First-run setup from the web, with the one-time link printed when Tandem starts empty. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setupSchema } from '../../core/identity/schema.ts';
import { needsSetup, runSetup } from '../../core/identity/setup.ts';
import { peekLink } from '../../core/identity/one-time-links.ts';
import { originOf } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { withBodyPaths } from '../errors.ts';
import { access } from '../caller/access.ts';
import { errorResponses, errorSchema } from '../openapi.ts';

export function setupRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['setup'];
  return async (app) => {
    app.get(
      '/api/v1/setup',
      {
        config: access.public,
        schema: {
          tags,
          summary: 'Whether first-run setup is still open, and whether a given link is valid',
          querystring: z.object({ token: z.string().max(200).optional() }),
          response: { 200: z.object({ needed: z.boolean(), linkValid: z.boolean() }), ...errorResponses },
        },
      },
      async (request) => {
        const needed = await needsSetup(deps.database.db);
        const token = request.query.token;
        return {
          needed,
          linkValid: needed && token !== undefined && (await peekLink(deps.database.db, 'setup', token, deps.clock)),
        };
      },
    );

    app.post(
      '/api/v1/setup',
      {
        config: access.public,
        schema: {
          tags,
          summary: 'Create the first organisation, practice and administrator',
          body: setupSchema,
          response: {
            201: z.object({ organizationId: z.uuid(), practiceId: z.uuid(), userId: z.uuid() }),
            409: errorSchema,
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const { token, ...input } = request.body;
        // runSetup (shared with `tandem setup`) names fields like "admin.password": under "body." here.
        const created = await withBodyPaths(() =>
          runSetup(deps.database.db, deps.clock, input, { kind: 'link', token }, originOf(request)),
        );
        return reply.status(201).send(created);
      },
    );
  };
}
