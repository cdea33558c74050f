import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../core/db/database.ts';
import type { MigrationStatus } from '../../core/db/migrate.ts';
import { version } from '../../core/version.ts';
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

export function systemRoutes(database: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/healthz', { schema: { hide: true, response: { 200: healthSchema } } }, async () => ({
      status: 'ok' as const,
    }));

    app.get(
      '/readyz',
      { schema: { hide: true, response: { 200: readySchema, 503: readySchema } } },
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
        schema: {
          tags: ['system'],
          summary: 'Version, database mode and migration level',
          response: { 200: statusSchema, ...errorResponses },
        },
      },
      async () => {
        const status = await probe(database);
        return {
          name: 'Tandem' as const,
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
      },
    );
  };
}
