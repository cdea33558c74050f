/**
 * The public status page: its settings for the practice (read with monitoring.read, changed by
 * administrators with practice.update, since it makes something public), and the page for anyone
 * holding its address. The public reply may be cached for a few seconds by browsers and proxies:
 * it holds only what the practice published, and a page shown to many must not cost a query each.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { findPractice } from '../../core/tenancy/store.ts';
import {
  publicStatusPageSchema,
  statusPageInputSchema,
  statusPageSettingsSchema,
} from '../../monitor/status-page-schema.ts';
import { publicStatusPage, readStatusPageSettings, saveStatusPage } from '../../monitor/status-page.ts';
import { access, practiceAccess } from '../caller/access.ts';
import { actInPractice } from '../caller/acting.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { practiceParams } from './practices.ts';

const publicCacheSeconds = 10;

export function monitorStatusPageRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['monitoring'];
  const path = '/api/v1/practices/:practiceId/monitor/status-page';

  return async (app) => {
    app.get(
      path,
      {
        config: access.practice('monitoring.read'),
        schema: {
          tags,
          summary: 'The practice’s public status page settings: on or off, its address, the published checks',
          params: practiceParams,
          response: { 200: statusPageSettingsSchema, ...errorResponses },
        },
      },
      async (request) =>
        actInPractice(deps, request, practiceAccess(request), async (s) =>
          readStatusPageSettings(s, (await findPractice(s.tx, s.practiceId))?.name ?? ''),
        ),
    );

    app.put(
      path,
      {
        config: access.practice('practice.update'),
        schema: {
          tags,
          summary: 'Turn the public status page on or off and choose what it publishes (audited)',
          description:
            'The address is made at the first save and kept. Only the listed checks appear, under their public names.',
          params: practiceParams,
          body: statusPageInputSchema,
          response: { 200: statusPageSettingsSchema, ...errorResponses },
        },
      },
      async (request) => actInPractice(deps, request, practiceAccess(request), (s) => saveStatusPage(s, request.body)),
    );

    app.get(
      '/api/v1/status-pages/:slug',
      {
        config: { ...access.public, publicCache: true },
        schema: {
          tags,
          summary: 'A practice’s public status page: its published checks’ state and uptime by day',
          params: z.object({ slug: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be a status page address') }),
          response: { 200: publicStatusPageSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const page = await publicStatusPage(deps.database, deps.clock, request.params.slug);
        if (!page) throw new AppError('not_found', 'No status page at this address');
        return reply.header('cache-control', `public, max-age=${publicCacheSeconds}`).send(page);
      },
    );
  };
}
