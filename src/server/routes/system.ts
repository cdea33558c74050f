import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../core/db/database.ts';
import type { MigrationStatus } from '../../core/db/migrate.ts';
import { version } from '../../core/version.ts';
import { access } from '../caller/access.ts';
import { principalOf } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { healthSchema, readySchema, statusSchema } from './system.schema.ts';

async function probe(database: Database): Promise<MigrationStatus | undefined> {
  try {
    return await database.migrationStatus();
  } catch {
    return undefined;
  }
}

function migrationsWord(status: MigrationStatus | undefined): 'current' | 'pending' | 'ahead' | 'unknown' {
  if (!status) return 'unknown';
  if (status.unknown.length > 0) return 'ahead';
  return status.pending.length > 0 ? 'pending' : 'current';
}

export function systemRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { database } = deps;
  return async (app) => {
    app.get(
      '/healthz',
      { config: access.public, schema: { hide: true, response: { 200: healthSchema } } },
      async () => ({
        status: 'ok' as const,
      }),
    );

    app.get(
      '/readyz',
      { config: access.public, schema: { hide: true, response: { 200: readySchema, 503: readySchema } } },
      async (_request, reply) => {
        const status = await probe(database);
        const body = {
          status: status?.current ? ('ready' as const) : ('not_ready' as const),
          database: status ? ('ok' as const) : ('unreachable' as const),
          migrations: migrationsWord(status),
        };
        return reply.status(body.status === 'ready' ? 200 : 503).send(body);
      },
    );

    app.get(
      '/api/v1/status',
      {
        config: access.public,
        schema: {
          tags: ['system'],
          summary: 'Whether Tandem is up; for a signed-in caller also its version, database mode and migration level',
          response: { 200: statusSchema, ...errorResponses },
        },
      },
      async (request) => {
        const up = { name: 'Tandem' as const, status: 'up' as const };
        if (!(await principalOf(deps, request))) return up;
        const status = await probe(database);
        const details = {
          version,
          database: {
            mode: database.mode,
            reachable: status !== undefined,
            migrationLevel: status?.level ?? null,
            migrationsApplied: status?.applied ?? 0,
            migrationsKnown: status?.known ?? 0,
            migrationsCurrent: status?.current ?? false,
          },
          node: process.version,
          uptimeSeconds: Math.round(process.uptime()),
        };
        return { ...up, details };
      },
    );
  };
}
