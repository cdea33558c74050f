/**
 * Platform benchmark (issue 2): a single-row read and a single-row insert through the whole HTTP
 * stack (Fastify, zod validation, logging, database) against the same query issued directly
 * through the driver, on PGlite and on PostgreSQL. The server runs as a separate `tandem serve`
 * process; autocannon drives it from this process over loopback, signed in as the practice's
 * administrator (so the HTTP side also pays for the session, membership and row-level security).
 *
 *   npx tsx bench/http-vs-driver.bench.ts [--seconds 8] [--connections 10]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { spawnServer, stopServer } from '../test/support/spawn-server.ts';
import { describeMachine } from './machine.ts';
import { setupPractice, signIn } from './support/signed-in.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '8' }, connections: { type: 'string', default: '10' } },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);

interface Result {
  rps: number;
  p50: number;
  p99: number;
}

const selectOne =
  'select id, name, specialty, jurisdiction, time_zone, created_at, updated_at from practices where id = $1';
const insertOne =
  "insert into practices (id, organization_id, name, specialty, jurisdiction, time_zone) values (gen_random_uuid(), $2, $1, 'medical', 'US', 'America/New_York') returning *";

async function http(
  url: string,
  method: 'GET' | 'POST',
  session: Record<string, string>,
  body?: string,
): Promise<Result> {
  const result = await autocannon({
    url,
    method,
    connections,
    duration: seconds,
    headers: { ...session, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body } : {}),
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx and ${result.errors} errors from ${method} ${url}`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/**
 * `connections` concurrent loops issuing the query for the same duration, timed per call. On
 * PostgreSQL the query is a named prepared statement, as the endpoint's is, so both sides skip
 * parsing and planning and the comparison isolates HTTP, validation and logging.
 */
async function direct(database: Database, name: string, text: string, params: () => unknown[]): Promise<Result> {
  const pool =
    database.mode === 'postgres' ? (database.db as unknown as { $client: import('pg').Pool }).$client : undefined;
  const run = pool ? () => pool.query({ name, text, values: params() }) : () => database.query(text, params());
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await run();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

async function measure(
  engine: 'pglite' | 'postgres',
  env: Record<string, string>,
  openDirect: () => Promise<Database>,
) {
  setupPractice(env);
  const server = await spawnServer({
    ...env,
    TANDEM_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    TANDEM_DB_POOL_MAX: String(connections),
  });
  // Since issue 3 every practice route needs a signed-in user: the organisation's administrator.
  const { headers, practiceId: id } = await signIn(server.url);
  const httpRead = await http(`${server.url}/api/v1/practices/${id}`, 'GET', headers);
  const httpInsert = await http(
    `${server.url}/api/v1/practices`,
    'POST',
    headers,
    JSON.stringify({ name: 'Bench insert', specialty: 'medical' }),
  );
  await stopServer(server);

  // PGlite allows one process at a time on its folder, so the direct run opens it after the server stopped.
  const database = await openDirect();
  const directRead = await direct(database, 'bench_select', selectOne, () => [id]);
  const [org] = await database.query<{ organization_id: string }>(
    'select organization_id from practices where id = $1',
    [id],
  );
  const directInsert = await direct(database, 'bench_insert', insertOne, () => [
    'Bench direct insert',
    org!.organization_id,
  ]);
  await database.close();
  return { engine, httpRead, directRead, httpInsert, directInsert };
}

function row(label: string, r: Result, base?: Result): string {
  const share = base ? `${Math.round((r.rps / base.rps) * 100)}%` : '100%';
  return `| ${label} | ${Math.round(r.rps)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${share} |`;
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-'));
const pg = await startPostgres();
if ('missing' in pg) throw new Error(pg.missing);
try {
  const embedded = await measure('pglite', { TANDEM_DATA_DIR: dataDir }, () =>
    openDatabase({ kind: 'embedded', dataDir }),
  );
  const server = await measure(
    'postgres',
    { DATABASE_URL: pg.url, TANDEM_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}` },
    () => openDatabase({ kind: 'postgres', url: pg.url, poolMax: connections }),
  );
  const lines = [
    `Command: \`npx tsx bench/http-vs-driver.bench.ts --seconds ${seconds} --connections ${connections}\``,
    `Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${describeMachine()}.`,
    '',
    '| engine / path | req/s | p50 ms | p99 ms | share of direct driver |',
    '|---|---|---|---|---|',
  ];
  for (const r of [embedded, server]) {
    lines.push(row(`${r.engine}: direct read`, r.directRead));
    lines.push(row(`${r.engine}: GET /api/v1/practices/:id`, r.httpRead, r.directRead));
    lines.push(row(`${r.engine}: direct insert`, r.directInsert));
    lines.push(row(`${r.engine}: POST /api/v1/practices`, r.httpInsert, r.directInsert));
  }
  console.log(lines.join('\n'));
} finally {
  pg.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
