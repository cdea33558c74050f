/**
 * Monitoring in a real `tandem serve` (issue 19's memory and CPU goals at 5,000 checks every 60 s):
 * the checks are seeded on a database that has already been opened once (an install's restart,
 * not its first run, whose initdb peaks higher), then `tandem serve` (the compiled CLI, as
 * `npm start` runs it) works them for `--seconds` against a receiver on 127.0.0.1. Reported: the
 * process's resident memory (/proc VmRSS) sampled every second, its peak (VmHWM), and its CPU
 * (utime + stime) over the last full interval divided by the checks run in it (counted from the
 * stored results afterwards), all of the process's work included: the HTTP server, the job queue's
 * polling, the scheduler. On PostgreSQL the server's own CPU is not counted.
 *
 * With `--restart-at S` the processes are stopped (SIGTERM) S seconds in and started again at
 * once, and the longest gap then says whether every check resumed within one interval.
 * With `--workers N` (PostgreSQL only) N `tandem serve --role worker` processes share the checks
 * instead. Either way the report gives the longest gap between a check's consecutive runs, the
 * checks with a gap over one and a half intervals (a run missed) and the runs closer than half an
 * interval to the check's previous one (a check run twice).
 *
 *   node scripts/cli-build.mjs && npx tsx bench/monitor-serve.bench.ts [--checks 5000] [--seconds 180] [--engines pglite,postgres] [--workers 0] [--node-args "--flag ..."] [--restart-at S]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { cliBuildIsStale } from '../scripts/cli-build.mjs';
import { startPostgres } from '../test/support/postgres-server.ts';
import { repoRoot, tandemBin } from '../test/support/spawn-server.ts';
import { describeMachine } from './machine.ts';
import { processCpuSeconds } from './support/cpu.ts';
import { seedHttpChecks, startReceiver } from './support/monitor-checks.ts';

const { values } = parseArgs({
  options: {
    checks: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '180' },
    engines: { type: 'string', default: 'pglite,postgres' },
    workers: { type: 'string', default: '0' },
    'node-args': { type: 'string', default: '' },
    'restart-at': { type: 'string' },
  },
});
const count = Number(values.checks);
const seconds = Number(values.seconds);
const workers = Number(values.workers);
const restartAt = values['restart-at'] === undefined ? undefined : Number(values['restart-at']);
const intervalS = 60;
if (seconds < 2 * intervalS) throw new Error('--seconds must cover two intervals: the first runs every check at once');
if (restartAt !== undefined && restartAt > seconds - intervalS - 1)
  throw new Error('--restart-at must leave a full interval after the restart: the CPU is measured over the last one');
if (workers > 0 && values.engines !== 'postgres')
  throw new Error('--workers needs --engines postgres (the embedded database has one process)');
if (cliBuildIsStale())
  throw new Error('dist/ is stale: run `node scripts/cli-build.mjs` first (the bench runs what npm start runs)');

const mib = (kib: number) => Math.round(kib / 1024);
function memoryKib(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

interface Target {
  env: Record<string, string>;
  open: () => Promise<Database>;
}

/** Starts `tandem serve` with `args`; resolves once it says it is running. */
async function startServe(env: Record<string, string>, args: string[]) {
  const nodeArgs = values['node-args'].split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, tandemBin, 'serve', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env, TANDEM_PORT: '0', TANDEM_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/is running/.test(out)) resolve();
    });
    void exited.then(() => reject(new Error(`tandem serve exited before it ran:\n${out}`)));
  });
  return { pid: child.pid!, stop: async () => (child.kill('SIGTERM'), await exited) };
}

const startAll = (target: Target) =>
  Promise.all(
    workers === 0
      ? [startServe(target.env, [])]
      : Array.from({ length: workers }, () => startServe(target.env, ['--role', 'worker'])),
  );

async function serveAndSample(target: Target) {
  let processes = await startAll(target);
  const rss: number[][] = processes.map(() => []);
  const cpuOf = () => processes.map((p) => processCpuSeconds(p.pid));
  let windowStart = { at: new Date(), cpu: cpuOf() };
  for (let s = 0; s < seconds; s += 1) {
    if (s === restartAt) {
      // An install's restart: every check must run again within an interval of its last run,
      // which the longest gap between a check's runs shows.
      await Promise.all(processes.map((p) => p.stop()));
      processes = await startAll(target);
    }
    await new Promise((r) => setTimeout(r, 1000));
    processes.forEach((p, i) => rss[i]!.push(memoryKib(p.pid).rss));
    // The last full interval before the end: the steady state, past the first burst.
    if (s === seconds - intervalS - 1) windowStart = { at: new Date(), cpu: cpuOf() };
  }
  const windowEnd = { at: new Date(), cpu: cpuOf() };
  const peaks = processes.map((p) => memoryKib(p.pid).peak);
  await Promise.all(processes.map((p) => p.stop()));
  const database = await target.open();
  try {
    // Gaps between a check's consecutive runs: under half an interval is a check run twice; over
    // one and a half intervals is a run missed (the bench's window edges do not enter into either).
    const [row] = await database.query<{
      window: number;
      total: number;
      up: number;
      late: number;
      twice: number;
      maxGapS: number;
    }>(
      `with gaps as (select check_id, at - lag(at) over (partition by check_id order by at) as gap from monitor_results)
       select (select count(*)::int from monitor_results where at >= $1 and at < $2) as window,
              (select count(*)::int from monitor_results) as total,
              (select count(*)::int from monitor_checks where state = 'up') as up,
              (select count(distinct check_id)::int from gaps where gap > interval '${intervalS * 1.5} seconds') as late,
              (select count(*)::int from gaps where gap < interval '${intervalS / 2} seconds') as twice,
              (select coalesce(extract(epoch from max(gap)), 0)::float8 from gaps) as "maxGapS"`,
      [windowStart.at.toISOString(), windowEnd.at.toISOString()],
    );
    return {
      rss,
      peaks,
      cpuS: windowEnd.cpu.map((c, i) => c - windowStart.cpu[i]!),
      ...row!,
    };
  } finally {
    await database.close();
  }
}

async function prepare(engine: string): Promise<{ target: Target; cleanup: () => Promise<void> }> {
  if (engine === 'pglite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-monitor-serve-'));
    const open = () => openDatabase({ kind: 'embedded', dataDir });
    return {
      target: { env: { TANDEM_DATA_DIR: dataDir, DATABASE_URL: '' }, open },
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const server = await startPostgres();
  if ('missing' in server) throw new Error(server.missing);
  const key = () => `b1:${randomBytes(32).toString('base64')}`;
  return {
    target: {
      env: { DATABASE_URL: server.url, TANDEM_ENCRYPTION_KEY: key(), TANDEM_AUDIT_KEY: key() },
      open: () => openDatabase({ kind: 'postgres', url: server.url }),
    },
    cleanup: async () => server.stop(),
  };
}

async function run(engine: string, receiverUrl: string): Promise<void> {
  const { target, cleanup } = await prepare(engine);
  try {
    const database = await target.open();
    await database.migrate();
    await seedHttpChecks(database, receiverUrl, count);
    await database.close();
    const r = await serveAndSample(target);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const cpuMs = r.cpuS.reduce((a, b) => a + b, 0) * 1000;
    const who = workers === 0 ? 'tandem serve' : `${workers} × tandem serve --role worker`;
    console.log(
      `${engine}: ${count} HTTP checks every ${intervalS} s, ${who} for ${seconds} s${restartAt === undefined ? '' : ` (stopped and started again at ${restartAt} s)`}. ` +
        `RSS per process: median ${r.rss.map((x) => mib(median(x))).join(' / ')} MiB, ` +
        `peak (VmHWM) ${r.peaks.map(mib).join(' / ')} MiB. Last ${intervalS} s: ${r.window} checks run, ` +
        `${(cpuMs / Math.max(1, r.window)).toFixed(2)} ms of CPU per check (${r.cpuS.map((c) => c.toFixed(1)).join(' + ')} s), ` +
        `Results stored: ${r.total}; longest gap between a check's runs ${r.maxGapS.toFixed(1)} s; checks with a gap over ` +
        `${intervalS * 1.5} s: ${r.late}; runs closer than ${intervalS / 2} s to the check's previous run: ${r.twice}; checks up: ${r.up}.`,
    );
  } finally {
    await cleanup();
  }
}

const receiver = await startReceiver();
console.log(
  `${new Date().toISOString()} on ${describeMachine()}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
try {
  for (const engine of values.engines.split(',')) await run(engine, receiver.url);
} finally {
  receiver.stop();
}
