/**
 * The home pages' data, one request per page: a practice's next steps and what needs the caller's
 * attention there, and the same for every practice the caller holds a role in (the MSP
 * administrator's view), most in need of attention first. People only: an API token has no home.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../core/errors.ts';
import { membershipsOf } from '../../core/identity/store.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import { findPractice } from '../../core/tenancy/store.ts';
import { withTenantReads } from '../../core/tenancy/with-tenant.ts';
import { practiceHome, readPracticeFacts } from '../../home/overview.ts';
import { homePageSchema, practiceHomeSchema, type PracticeHome } from '../../home/schema.ts';
import { access, practiceAccess, signedInUser } from '../caller/access.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { pageInMemory } from '../pagination.ts';
import { practiceParams } from './practices.ts';

/** Most attention first, then most steps left, then by name (the id keeps the order total for cursors). */
const byAttention = {
  keyOf: (home: PracticeHome) => [
    -home.attention.count,
    -home.steps.filter((s) => !s.done).length,
    home.practice.name,
    home.practice.id,
  ],
};

export function homeRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { database, clock } = deps;
  const tags = ['home'];
  return async (app) => {
    app.get(
      '/api/v1/home',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'Every practice you hold a role in, with its next steps and what needs your attention, most first',
          querystring: pageQuerySchema,
          response: { 200: homePageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { user } = signedInUser(request);
        const mfaEnabled = user.mfaEnabledAt !== null;
        const homes = await Promise.all(
          (await membershipsOf(database.db, user.id)).map(async (m) => {
            const facts = await withTenantReads(database.db, m.practiceId, (tx) => readPracticeFacts(tx, m.practiceId));
            const practice = { id: m.practiceId, name: m.practiceName };
            return practiceHome(practice, facts, { role: m.role, mfaEnabled }, clock.now());
          }),
        );
        const { items, next } = pageInMemory(homes, request.query, byAttention, (home) => home);
        return { practices: items, next };
      },
    );

    app.get(
      '/api/v1/practices/:practiceId/home',
      {
        config: access.practice('practice.read'),
        schema: {
          tags,
          summary: "A practice's next steps and what needs your attention there",
          params: practiceParams,
          response: { 200: practiceHomeSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId } = request.params;
        const { principal, role } = practiceAccess(request);
        if (principal.kind !== 'user' || !role)
          throw new AppError('forbidden', 'The home page is for people signed in, not API tokens');
        const { row, facts } = await withTenantReads(database.db, practiceId, async (tx) => ({
          row: await findPractice(tx, practiceId),
          facts: await readPracticeFacts(tx, practiceId),
        }));
        if (!row) throw new AppError('not_found', 'No practice with that id');
        const viewer = { role, mfaEnabled: principal.user.mfaEnabledAt !== null };
        return practiceHome({ id: row.id, name: row.name }, facts, viewer, clock.now());
      },
    );
  };
}
