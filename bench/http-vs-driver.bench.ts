/**
 * Platform benchmark (issue 2): a single-row read and a single-row insert through the whole HTTP
 * stack (Fastify, zod validation, logging, database) against the same query issued directly
 * through the driver, on PGlite and on PostgreSQL. The server runs as a separate `tandem serve`
 * process; autocannon drives it from this process over loopback, signed in as the practice's
 * administrator (so the HTTP side also pays for the session, membership and row-level security).
 *
 * On PostgreSQL it also measures:
 * - the driver sending exactly what the endpoint sends: the row-level-security settings and the
 *   select in one round trip (core/db/pg-settings-query.ts);
 * - ceilings: the bare select behind servers with as little as possible around it
 *   (bench/support/ceiling-server.ts), one platform layer added at a time, to show what any HTTP
 *   endpoint for the query can reach on the machine;
 * - CPU time per request of each process (server, PostgreSQL, this process: the load generator or
 *   the driver loop), so the table says where a request's cost goes.
 *
 *   npx tsx bench/http-vs-driver.bench.ts [--seconds 8] [--connections 10] [--socket]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Pool } from 'pg';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { queryWithSettings } from '../src/core/db/pg-settings-query.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { spawnServer, stopServer } from '../test/support/spawn-server.ts';
import { describeMachine } from './machine.ts';
import { bareSelect, stacks, type Stack } from './support/ceiling.ts';
import { ownCpuSeconds, postgresCpuSeconds, processCpuSeconds } from './support/cpu.ts';
import { startScriptServer } from './support/script-server.ts';
import { setupPractice, signIn } from './support/signed-in.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '10' },
    // Everything (server, driver loop, ceilings) reaches PostgreSQL through its Unix socket instead of TCP.
    socket: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);

/** Microseconds of CPU per request or query, by process. */
interface CpuShare {
  server?: number;
  postgres?: number;
  client: number;
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  cpu: CpuShare;
}

type Run = Omit<Result, 'cpu'> & { count: number };

const insertOne =
  "insert into practices (id, organization_id, name, specialty, jurisdiction, time_zone) values (gen_random_uuid(), $2, $1, 'medical', 'US', 'America/New_York') returning *";

/** Runs `run` and splits the CPU time it cost among the server (pid), PostgreSQL and this process. */
async function withCpu(serverPid: number | undefined, pgDataDir: string | undefined, run: () => Promise<Run>) {
  const sample = () => ({
    server: serverPid === undefined ? 0 : processCpuSeconds(serverPid),
    postgres: pgDataDir === undefined ? 0 : postgresCpuSeconds(pgDataDir),
    client: ownCpuSeconds(),
  });
  const before = sample();
  const { count, ...result } = await run();
  const after = sample();
  const per = (k: keyof typeof before) => ((after[k] - before[k]) / count) * 1e6;
  const cpu: CpuShare = { client: per('client') };
  if (serverPid !== undefined) cpu.server = per('server');
  if (pgDataDir !== undefined) cpu.postgres = per('postgres');
  return { ...result, cpu };
}

async function http(url: string, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<Run> {
  const result = await autocannon({
    url,
    method,
    connections,
    duration: seconds,
    headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body } : {}),
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx and ${result.errors} errors from ${method} ${url}`);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    count: result.requests.total,
  };
}

/** `connections` concurrent loops calling `run` for the bench's duration, each call timed. */
async function loops(run: () => Promise<unknown>): Promise<Run> {
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
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), count: latencies.length };
}

const poolOf = (database: Database) => (database.db as unknown as { $client: Pool }).$client;

/**
 * The query issued directly. On PostgreSQL it is a named prepared statement, as the endpoint's is,
 * so both sides skip parsing and planning and the comparison isolates the HTTP side.
 */
function directQuery(database: Database, name: string, text: string, params: () => unknown[]) {
  if (database.mode !== 'postgres') return () => database.query(text, params());
  const pool = poolOf(database);
  return () => pool.query({ name, text, values: params() });
}

/** What the endpoint's read sends on PostgreSQL: the RLS settings and the select, one round trip. */
function directWithSettings(database: Database, practiceId: string) {
  const pool = poolOf(database);
  const settings = { role: 'tandem_app', 'app.practice_id': practiceId, transaction_read_only: 'on' };
  return async () => {
    const client = await pool.connect();
    try {
      return await queryWithSettings(client, settings, {
        name: 'bench_select',
        text: bareSelect,
        values: [practiceId],
      });
    } finally {
      client.release();
    }
  };
}

async function ceiling(stack: Stack, env: Record<string, string>, pgDataDir: string, practiceId: string) {
  const server = await startScriptServer('ceiling-server.ts', {
    ...env,
    BENCH_STACK: stack,
    TANDEM_DB_POOL_MAX: String(connections),
  });
  try {
    return await withCpu(server.child.pid, pgDataDir, () => http(`${server.url}/practices/${practiceId}`, 'GET', {}));
  } finally {
    await server.stop();
  }
}

async function measure(
  engine: 'pglite' | 'postgres',
  env: Record<string, string>,
  openDirect: () => Promise<Database>,
  pgDataDir?: string,
) {
  setupPractice(env);
  const server = await spawnServer({
    ...env,
    TANDEM_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    TANDEM_DB_POOL_MAX: String(connections),
    // One session makes every request: the per-caller limit (1,200 a minute) would answer 429.
    TANDEM_API_RATE_LIMIT: '1000000',
  });
  // Since issue 3 every practice route needs a signed-in user: the organisation's administrator.
  const { headers, practiceId: id } = await signIn(server.url);
  const pid = server.child.pid;
  const httpRead = await withCpu(pid, pgDataDir, () => http(`${server.url}/api/v1/practices/${id}`, 'GET', headers));
  const body = JSON.stringify({ name: 'Bench insert', specialty: 'medical' });
  const httpInsert = await withCpu(pid, pgDataDir, () => http(`${server.url}/api/v1/practices`, 'POST', headers, body));
  await stopServer(server);

  // PGlite allows one process at a time on its folder, so the direct run opens it after the server stopped.
  const database = await openDirect();
  const direct = (run: () => Promise<unknown>) => withCpu(undefined, pgDataDir, () => loops(run));
  const directRead = await direct(directQuery(database, 'bench_select', bareSelect, () => [id]));
  const directReadSettings = database.mode === 'postgres' ? await direct(directWithSettings(database, id)) : undefined;
  const [org] = await database.query<{ organization_id: string }>(
    'select organization_id from practices where id = $1',
    [id],
  );
  const directInsert = await direct(
    directQuery(database, 'bench_insert', insertOne, () => ['Bench direct insert', org!.organization_id]),
  );
  await database.close();

  const ceilings: [Stack, Result][] = [];
  if (pgDataDir) for (const stack of stacks) ceilings.push([stack, await ceiling(stack, env, pgDataDir, id)]);
  return { engine, httpRead, directRead, directReadSettings, httpInsert, directInsert, ceilings };
}

const us = (v: number | undefined) => (v === undefined ? '-' : String(Math.round(v)));

function row(label: string, r: Result, bases: Result[] = []): string {
  const share = bases.length ? bases.map((b) => `${Math.round((r.rps / b.rps) * 100)}%`).join(' / ') : '100%';
  const { server, postgres, client } = r.cpu;
  return `| ${label} | ${Math.round(r.rps)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${share} | ${us(server)} | ${us(postgres)} | ${us(client)} |`;
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-'));
const pg = await startPostgres();
if ('missing' in pg) throw new Error(pg.missing);
const pgUrl = values.socket ? pg.socketUrl : pg.url;
try {
  const embedded = await measure('pglite', { TANDEM_DATA_DIR: dataDir }, () =>
    openDatabase({ kind: 'embedded', dataDir }),
  );
  const server = await measure(
    'postgres',
    {
      DATABASE_URL: pgUrl,
      TANDEM_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      TANDEM_AUDIT_KEY: `a1:${Buffer.alloc(32, 8).toString('base64')}`,
    },
    () => openDatabase({ kind: 'postgres', url: pgUrl, poolMax: connections }),
    pg.dataDir,
  );
  const lines = [
    `Command: \`npx tsx bench/http-vs-driver.bench.ts --seconds ${seconds} --connections ${connections}${values.socket ? ' --socket' : ''}\``,
    `Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${describeMachine()}.`,
    '',
    '| engine / path | req/s | p50 ms | p99 ms | share of direct driver | CPU us/req: server | PostgreSQL | load generator or driver loop |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of [embedded, server]) {
    const readBases = r.directReadSettings ? [r.directRead, r.directReadSettings] : [r.directRead];
    lines.push(row(`${r.engine}: direct read`, r.directRead));
    if (r.directReadSettings)
      lines.push(row(`${r.engine}: direct read, with the endpoint's RLS settings`, r.directReadSettings));
    lines.push(row(`${r.engine}: GET /api/v1/practices/:id`, r.httpRead, readBases));
    for (const [stack, result] of r.ceilings) lines.push(row(`${r.engine}: ceiling, ${stack}`, result, [r.directRead]));
    lines.push(row(`${r.engine}: direct insert`, r.directInsert));
    lines.push(row(`${r.engine}: POST /api/v1/practices`, r.httpInsert, [r.directInsert]));
  }
  console.log(lines.join('\n'));
} finally {
  pg.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
