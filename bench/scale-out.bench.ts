/**
 * Scale-out benchmark (issue 16, section 6): signed-in GET /api/v1/practices/:id served by one
 * `tandem serve` process, then by two on the same PostgreSQL database, each on its own port (as
 * behind a load balancer; here the load generator splits its connections between them). The
 * session was made through the first process and is read from PostgreSQL by the second, as it
 * would be behind a balancer without sticky sessions.
 *
 * The machine is shared, so its speed drifts: the two set-ups alternate for --rounds rounds and
 * each round's ratio is reported beside the load average at its start, rather than one figure each.
 *
 *   npx tsx bench/scale-out.bench.ts [--seconds 8] [--connections 10] [--rounds 3]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startPostgres } from '../test/support/postgres-server.ts';
import { spawnServer, stopServer, type ServerProcess } from '../test/support/spawn-server.ts';
import { describeMachine } from './machine.ts';
import { ownCpuSeconds, postgresCpuSeconds, processCpuSeconds } from './support/cpu.ts';
import { setupPractice, signIn, type Session } from './support/signed-in.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Number(values.rounds);

interface Measured {
  rps: number;
  /** Microseconds of CPU per request: all servers together, PostgreSQL, the load generator. */
  cpu: { servers: number; postgres: number; client: number };
  load: number;
}

/** Reads the practice through every server at once for the bench's duration, connections split evenly. */
async function readThrough(servers: ServerProcess[], session: Session, pgDataDir: string): Promise<Measured> {
  const load = os.loadavg()[0]!;
  const sample = () => ({
    servers: servers.reduce((sum, s) => sum + processCpuSeconds(s.child.pid!), 0),
    postgres: postgresCpuSeconds(pgDataDir),
    client: ownCpuSeconds(),
  });
  const before = sample();
  const results = await Promise.all(
    servers.map((server) =>
      autocannon({
        url: `${server.url}/api/v1/practices/${session.practiceId}`,
        connections: Math.max(1, Math.round(connections / servers.length)),
        duration: seconds,
        headers: session.headers,
      }),
    ),
  );
  const after = sample();
  for (const r of results)
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx and ${r.errors} errors`);
  const total = results.reduce((sum, r) => sum + r.requests.total, 0);
  const per = (k: keyof typeof before) => ((after[k] - before[k]) / total) * 1e6;
  return {
    rps: results.reduce((sum, r) => sum + r.requests.average, 0),
    cpu: { servers: per('servers'), postgres: per('postgres'), client: per('client') },
    load,
  };
}

const pg = await startPostgres();
if ('missing' in pg) throw new Error(pg.missing);
const env = {
  DATABASE_URL: pg.url,
  TANDEM_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  TANDEM_AUDIT_KEY: `a1:${Buffer.alloc(32, 8).toString('base64')}`,
  TANDEM_LOG_LEVEL: 'info',
  TANDEM_DB_POOL_MAX: String(connections),
  // One session makes every request: the per-caller limit (1,200 a minute) would answer 429.
  TANDEM_API_RATE_LIMIT: '1000000',
};
const servers: ServerProcess[] = [];
try {
  setupPractice(env);
  servers.push(await spawnServer(env), await spawnServer(env));
  const session = await signIn(servers[0]!.url);
  const rows: string[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const one = await readThrough(servers.slice(0, 1), session, pg.dataDir);
    const two = await readThrough(servers, session, pg.dataDir);
    const cell = (m: Measured) =>
      `${Math.round(m.rps)} | ${Math.round(m.cpu.servers)} / ${Math.round(m.cpu.postgres)} / ${Math.round(m.cpu.client)} | ${m.load.toFixed(2)}`;
    rows.push(`| ${round} | ${cell(one)} | ${cell(two)} | ${(two.rps / one.rps).toFixed(2)} |`);
  }
  console.log(
    `Command: \`npx tsx bench/scale-out.bench.ts --seconds ${seconds} --connections ${connections} --rounds ${rounds}\``,
  );
  console.log(`Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${describeMachine()}.\n`);
  console.log(
    '| round | 1 process: req/s | CPU us/req: servers / PostgreSQL / load generator | load avg | 2 processes: req/s | CPU us/req | load avg | 2 / 1 |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(rows.join('\n'));
} finally {
  await Promise.all(servers.map(stopServer));
  pg.stop();
}
