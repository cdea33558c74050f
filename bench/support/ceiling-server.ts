/**
 * The server for the ceiling rows of bench/http-vs-driver.bench.ts: the single-row read with as
 * little as possible around it, to show what any HTTP endpoint for that query can reach on the
 * machine. The query is the bench's bare select, a named prepared statement on a pg pool (no
 * session, no row-level security, no Drizzle). The stack is chosen by BENCH_STACK, each step
 * adding one of the platform's layers:
 *   raw           node:http, JSON.stringify of the row
 *   fastify       Fastify 5 without logging or schemas
 *   fastify-log   + one buffered pino line per request, as app.ts writes it
 *   fastify-zod   + zod params validation and response serialization, as the routes use them
 * Prints its URL as one JSON line. Never part of the product.
 */
import http from 'node:http';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import pg from 'pg';
import pino from 'pino';
import { practiceSchema } from '../../src/core/tenancy/schema.ts';
import { practiceParams } from '../../src/server/routes/practices.ts';
import { bareSelect, stacks, type Stack } from './ceiling.ts';

interface PracticeRecord {
  id: string;
  name: string;
  specialty: 'medical' | 'dental' | 'other';
  jurisdiction: 'US' | 'UK';
  time_zone: string;
  created_at: Date;
  updated_at: Date;
}

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.TANDEM_DB_POOL_MAX ?? 10),
});

async function find(id: string): Promise<PracticeRecord | undefined> {
  const result = await pool.query<PracticeRecord>({ name: 'ceiling_select', text: bareSelect, values: [id] });
  return result.rows[0];
}

const present = (row: PracticeRecord) => ({
  id: row.id,
  name: row.name,
  specialty: row.specialty,
  jurisdiction: row.jurisdiction,
  timeZone: row.time_zone,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

function rawServer(): http.Server {
  return http.createServer((req, res) => {
    void find(req.url!.split('/').pop()!).then((row) => {
      const body = JSON.stringify(row ? present(row) : { error: 'not found' });
      res.writeHead(row ? 200 : 404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
}

function fastifyServer(stack: Exclude<Stack, 'raw'>): FastifyInstance {
  const logged = stack !== 'fastify';
  const app = Fastify({
    logger: logged && { level: 'info', stream: pino.destination({ dest: 1, sync: false, minLength: 4096 }) },
    // As in app.ts: the one line below instead of Fastify's own two per request.
    logController: new LogController({ disableRequestLogging: true }),
  });
  if (logged)
    app.addHook('onResponse', async (request, reply) => {
      request.log.info(
        { method: request.method, url: request.url, statusCode: reply.statusCode, ms: reply.elapsedTime },
        'request',
      );
    });
  if (stack === 'fastify-zod') {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app
      .withTypeProvider<ZodTypeProvider>()
      .get(
        '/practices/:practiceId',
        { schema: { params: practiceParams, response: { 200: practiceSchema } } },
        async (request) => present((await find(request.params.practiceId))!),
      );
  } else {
    app.get<{ Params: { practiceId: string } }>('/practices/:practiceId', async (request) =>
      present((await find(request.params.practiceId))!),
    );
  }
  return app;
}

async function listen(stack: Stack): Promise<number> {
  if (stack === 'raw') {
    const server = rawServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }
  const app = fastifyServer(stack);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
}

const stack = process.env.BENCH_STACK as Stack;
if (!stacks.includes(stack)) throw new Error(`BENCH_STACK must be one of ${stacks.join(', ')}`);
console.log(JSON.stringify({ url: `http://127.0.0.1:${await listen(stack)}` }));
