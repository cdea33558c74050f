/**
 * Dead jobs for the installation's administrators (organisation administrators): what failed
 * after every retry, with its error, and a retry by hand. Jobs belong to the installation, not
 * to one practice, so practice roles do not reach them.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { appendAudit } from '../../core/audit/append.ts';
import { AppError } from '../../core/errors.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import { deadJobPageSchema, jobNamePattern } from '../../core/jobs/schema.ts';
import { actingUser } from '../../core/identity/request-context.ts';
import type { JobQueue } from '../../core/jobs/queue.ts';
import { unsafeWithSystem } from '../../core/tenancy/with-tenant.ts';
import { access, signedInUser } from '../caller/access.ts';
import { originOf } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { pageInMemory } from '../pagination.ts';

const tags = ['jobs'];

/** The signed-in organisation administrator, or 403 saying who may (`what`: what is refused). */
export function administrator(request: FastifyRequest, what = 'see and retry background jobs') {
  const principal = signedInUser(request);
  if (!principal.user.orgAdmin) throw new AppError('forbidden', `Only an organisation administrator can ${what}`);
  return principal.user;
}

export function jobRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const queue = (): JobQueue => {
    if (!deps.jobs) throw new AppError('unavailable', 'This server runs no job queue');
    return deps.jobs;
  };
  return async (app) => {
    app.get(
      '/api/v1/jobs/dead',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'Jobs that failed after every retry, newest first',
          querystring: pageQuerySchema,
          response: { 200: deadJobPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        administrator(request);
        const jobs = await queue().deadJobs();
        // The job's data stays out of the reply: it is for the handler, not for reading.
        const { items, next } = pageInMemory(
          jobs,
          request.query,
          { keyOf: (job) => [job.failedAt.toISOString(), job.id], descending: true },
          ({ data: _data, ...job }) => ({
            ...job,
            createdAt: job.createdAt.toISOString(),
            failedAt: job.failedAt.toISOString(),
          }),
        );
        return { jobs: items, next };
      },
    );

    app.post(
      '/api/v1/jobs/dead/:name/:id/retry',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'Give a dead job one more attempt',
          params: z.strictObject({ name: z.string().regex(jobNamePattern), id: z.uuid() }),
          body: z.strictObject({}).optional(),
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const user = administrator(request);
        const { name, id } = request.params;
        if (!(await queue().retryDead(name, id)))
          throw new AppError('not_found', `There is no dead job ${id} of type ${name}`);
        await unsafeWithSystem(deps.database.db, (tx) =>
          appendAudit(tx, {
            at: deps.clock.now(),
            ...actingUser(user),
            ...originOf(request),
            action: 'job.retried',
            targetType: 'job',
            targetId: id,
            details: { name },
          }),
        );
        return reply.status(204).send(null);
      },
    );
  };
}
