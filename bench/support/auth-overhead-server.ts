/**
 * The server for bench/auth-overhead.bench.ts: Tandem's real server plus one bench-only route
 * that does exactly what GET /api/v1/practices/:practiceId does (same query, presenter and
 * response schema) without the session lookup, membership check and row-level security. Prints
 * its URL as one JSON line. Never part of the product.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loadConfig } from '../../src/core/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { loadKeyring } from '../../src/core/crypto/keyring.ts';
import { databaseTarget, openDatabase } from '../../src/core/db/database.ts';
import { presentPractice } from '../../src/core/tenancy/present.ts';
import { practiceSchema } from '../../src/core/tenancy/schema.ts';
import { findPractice } from '../../src/core/tenancy/store.ts';
import { buildServer } from '../../src/server/app.ts';
import { practiceParams } from '../../src/server/routes/practices.ts';

const config = loadConfig();
const database = await openDatabase(databaseTarget(config));
await database.migrate();
const keyring = loadKeyring(config, database.mode, () => undefined);
const deps = {
  config,
  database,
  clock: systemClock,
  keyring,
  limits: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
};

const unauthenticated: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/bench/practices/:practiceId',
    { schema: { hide: true, params: practiceParams, response: { 200: practiceSchema } } },
    async (request) => {
      const row = await findPractice(database.db, request.params.practiceId);
      if (!row) throw new Error('bench practice missing');
      return presentPractice(row);
    },
  );
};

const app = await buildServer(deps);
await app.register(unauthenticated);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(
  `${JSON.stringify({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` })}\n`,
);
const stop = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
