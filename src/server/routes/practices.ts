import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { presentPractice } from '../../core/tenancy/present.ts';
import { practiceInputSchema, practiceSchema } from '../../core/tenancy/schema.ts';
import { findPractice, insertPractice } from '../../core/tenancy/store.ts';
import { errorResponses, errorSchema } from '../openapi.ts';
import type { ServerDeps } from '../deps.ts';

export function practiceRoutes({ database, clock }: ServerDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/practices',
      {
        schema: {
          tags: ['practices'],
          summary: 'Create a practice',
          body: practiceInputSchema,
          response: { 201: practiceSchema, 409: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const row = await insertPractice(database.db, request.body, clock);
        return reply.status(201).header('location', `/api/v1/practices/${row.id}`).send(presentPractice(row));
      },
    );

    app.get(
      '/api/v1/practices/:practiceId',
      {
        schema: {
          tags: ['practices'],
          summary: 'Read one practice',
          params: z.object({ practiceId: z.uuid() }),
          response: { 200: practiceSchema, ...errorResponses },
        },
      },
      async (request) => {
        const row = await findPractice(database.db, request.params.practiceId);
        if (!row) throw new AppError('not_found', 'No practice with that id');
        return presentPractice(row);
      },
    );
  };
}
