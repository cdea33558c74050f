/**
 * Identity benchmark (issue 3): what authentication costs a read. GET /api/v1/practices/:id with a
 * session cookie (session lookup, membership check, row-level security transaction) against the
 * same read without any of it (a bench-only twin route, bench/support/auth-overhead-server.ts),
 * on PGlite and on PostgreSQL. The server is a separate process; autocannon drives it from here.
 *
 *   npx tsx bench/auth-overhead.bench.ts [--seconds 8] [--connections 10]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startPostgres } from '../test/support/postgres-server.ts';
import { describeMachine } from './machine.ts';
import { startScriptServer } from './support/script-server.ts';
import { setupPractice, signIn } from './support/signed-in.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '8' }, connections: { type: 'string', default: '10' } },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);

async function rps(url: string, headers: Record<string, string> = {}) {
  const r = await autocannon({ url, connections, duration: seconds, headers });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx and ${r.errors} errors from ${url}`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

async function measure(engine: string, env: Record<string, string>) {
  setupPractice(env);
  const server = await startScriptServer('auth-overhead-server.ts', {
    ...env,
    TANDEM_LOG_LEVEL: 'info',
    TANDEM_DB_POOL_MAX: String(connections),
  });
  const { url } = server;
  try {
    const session = await signIn(url);
    const open = await rps(`${url}/bench/practices/${session.practiceId}`);
    const authed = await rps(`${url}/api/v1/practices/${session.practiceId}`, session.headers);
    return { engine, open, authed };
  } finally {
    await server.stop();
  }
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-auth-'));
const pg = await startPostgres();
if ('missing' in pg) throw new Error(pg.missing);
try {
  const results = [
    await measure('pglite', { TANDEM_DATA_DIR: dataDir }),
    await measure('postgres', {
      DATABASE_URL: pg.url,
      TANDEM_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      TANDEM_AUDIT_KEY: `a1:${Buffer.alloc(32, 8).toString('base64')}`,
    }),
  ];
  console.log(`Command: \`npx tsx bench/auth-overhead.bench.ts --seconds ${seconds} --connections ${connections}\``);
  console.log(`Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${describeMachine()}.\n`);
  console.log('| engine | unauthenticated req/s | authenticated req/s | throughput lost | p50 ms (open / authed) |');
  console.log('|---|---|---|---|---|');
  for (const r of results)
    console.log(
      `| ${r.engine} | ${Math.round(r.open.rps)} | ${Math.round(r.authed.rps)} | ${Math.round((1 - r.authed.rps / r.open.rps) * 100)}% | ${r.open.p50} / ${r.authed.p50} |`,
    );
} finally {
  pg.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
