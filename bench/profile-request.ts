/**
 * Where a request's server CPU goes (issue 16, section 6): runs `tandem serve` on a throwaway
 * PostgreSQL with V8's CPU profiler on, drives one signed-in route with autocannon, and prints the
 * profile's self time (from the first request on) grouped by package or source folder, and the
 * hottest functions. Proportions hold up under load better than timings do.
 *
 *   npx tsx bench/profile-request.ts [--route get|post] [--seconds 10] [--out /tmp/tandem-profile]
 */
import autocannon from 'autocannon';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startPostgres } from '../test/support/postgres-server.ts';
import { spawnServer, stopServer } from '../test/support/spawn-server.ts';
import { setupPractice, signIn } from './support/signed-in.ts';

const { values } = parseArgs({
  options: {
    route: { type: 'string', default: 'get' },
    seconds: { type: 'string', default: '10' },
    out: { type: 'string', default: mkdtempSync(path.join(os.tmpdir(), 'tandem-profile-')) },
  },
});

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package, or the source folder under src/, a script URL belongs to. */
function area(url: string): string {
  if (!url) return '(native or idle)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const src = /\/(src|dist)\/(.*)\/[^/]+$/.exec(url);
  if (src) return `${src[1]}/${src[2]}`;
  return url.startsWith('node:') ? 'node:*' : url;
}

/** Self time per node, counting only samples taken `skipMs` or more after the profile began. */
function selfTimes(profile: Profile, skipMs: number): Map<number, number> {
  const self = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= skipMs * 1000) self.set(id, (self.get(id) ?? 0) + delta);
  });
  return self;
}

function summarise(profile: Profile, skipMs: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = selfTimes(profile, skipMs);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id)!;
    if (callFrame.functionName === '(idle)') continue;
    const a = callFrame.url ? area(callFrame.url) : callFrame.functionName;
    byArea.set(a, (byArea.get(a) ?? 0) + us);
    const fn = `${callFrame.functionName || '(anonymous)'} ${a}:${callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const busy = [...byArea.values()].reduce((a, b) => a + b, 0);
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1)}%`;
  console.log(`profile: ${(total / 1e6).toFixed(2)} s sampled, ${(busy / 1e6).toFixed(2)} s busy`);
  for (const [a, us] of [...byArea].sort((x, y) => y[1] - x[1]).slice(0, 25)) console.log(`  ${pct(us)}  ${a}`);
  const hottest = [...byFunction].sort((x, y) => y[1] - x[1]);
  console.log('hottest functions (self):');
  for (const [f, us] of hottest.slice(0, 30)) console.log(`  ${pct(us)}  ${f}`);
  console.log("hottest of Tandem's own functions (self):");
  for (const [f, us] of hottest.filter(([f]) => / (src|dist)\//.test(f)).slice(0, 15))
    console.log(`  ${pct(us)}  ${f}`);
}

const pg = await startPostgres();
if ('missing' in pg) throw new Error(pg.missing);
try {
  const env = {
    DATABASE_URL: pg.url,
    TANDEM_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    TANDEM_AUDIT_KEY: `a1:${Buffer.alloc(32, 8).toString('base64')}`,
  };
  setupPractice(env);
  const spawnedAt = Date.now();
  const server = await spawnServer(
    { ...env, TANDEM_LOG_LEVEL: 'info', TANDEM_API_RATE_LIMIT: '1000000' },
    180_000,
    [],
    ['--cpu-prof', `--cpu-prof-dir=${values.out}`],
  );
  const { headers, practiceId } = await signIn(server.url);
  const post = values.route === 'post';
  // Start-up (module loading, the first compilations) is left out of the summary.
  const loadFrom = Date.now() - spawnedAt;
  const result = await autocannon({
    url: post ? `${server.url}/api/v1/practices` : `${server.url}/api/v1/practices/${practiceId}`,
    method: post ? 'POST' : 'GET',
    headers: post ? { ...headers, 'content-type': 'application/json' } : headers,
    body: post ? JSON.stringify({ name: 'Profiled practice', specialty: 'medical' }) : undefined,
    connections: 10,
    duration: Number(values.seconds),
  });
  console.log(`${values.route}: ${Math.round(result.requests.average)} req/s, ${result.non2xx} non-2xx`);
  await stopServer(server);
  const file = readdirSync(values.out).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile in ${values.out}`);
  console.log(`requests: ${result.requests.total}; summary from ${loadFrom} ms after the process started`);
  summarise(JSON.parse(readFileSync(path.join(values.out, file), 'utf8')) as Profile, loadFrom);
} finally {
  pg.stop();
}
