/**
 * Responsibility matrix benchmark (issues 5 and 15): validating a 500-activity x 30-party matrix
 * (p50, p95, p99 and the share of runs over the 20 ms budget, after a warm-up, so JIT compilation
 * is not counted as steady state), and the on-duty lookup (onDuty, warm, on PGlite and on a
 * throwaway PostgreSQL server: p50 and p99 over many lookups at random moments; a warm call reads
 * nothing on either engine: on PostgreSQL a LISTEN connection hears when a version comes into
 * force, and the stamp is re-read every 5 s at most). `--load N` runs N busy processes
 * alongside, to hold the budgets on a machine that is doing other work.
 *
 *   npx tsx bench/matrix.bench.ts [--runs 1000] [--warmup 200] [--load 2]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { newId } from '../src/core/ids.ts';
import { organizations, practices } from '../src/core/tenancy/tables.ts';
import { onDuty } from '../src/matrix/on-duty.ts';
import { matrixVersions } from '../src/matrix/tables.ts';
import { matrixSchema } from '../src/matrix/schema.ts';
import { bigMatrix } from './support/big-matrix.ts';
import { startCpuLoad } from './support/cpu-load.ts';
import { validateMatrix } from '../src/matrix/validate.ts';
import { describeMachine } from './machine.ts';
import { startPostgres } from '../test/support/postgres-server.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '200' },
    /** Busy processes to run alongside. */
    load: { type: 'string', default: '0' },
  },
});
const runs = Number(values.runs);
const stopLoad = startCpuLoad(Number(values.load));

const matrix = matrixSchema.parse(bigMatrix());
// Warm-up: the first runs compile the checks; a long-running server or browser tab is past them.
for (let i = 0; i < Number(values.warmup); i++) validateMatrix(matrix);
// Wall time is what a caller waits; CPU time is the work, without the time the scheduler gave other processes.
const times: number[] = [];
const cpuTimes: number[] = [];
for (let i = 0; i < runs; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  validateMatrix(matrix);
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpuTimes.push((c.user + c.system) / 1000);
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const over = times.filter((t) => t > 20).length;

/**
 * The lookup as desk and monitoring call it: onDuty, warm, on an agreed version stored in the
 * database (no read while no version came into force: on PostgreSQL once its LISTEN connection is
 * up, which the warm-up waits for).
 */
async function warmCache(database: Database): Promise<string> {
  await database.migrate();
  const organizationId = newId();
  const practiceId = newId();
  await database.db.insert(organizations).values({ id: organizationId, name: 'Bench MSP', kind: 'msp' });
  await database.db.insert(practices).values({
    id: practiceId,
    organizationId,
    name: 'Bench practice',
    specialty: 'medical',
    jurisdiction: 'US',
    timeZone: 'America/New_York',
  });
  const now = new Date();
  await database.db.insert(matrixVersions).values({
    id: newId(),
    practiceId,
    number: 1,
    status: 'agreed',
    source: 'bench',
    matrix,
    createdAt: now,
    updatedAt: now,
    agreedAt: now,
  });
  await onDuty(database, practiceId, 'a-0', now);
  // On PostgreSQL the first call starts LISTEN without waiting for it; the next one after it is up
  // reads the stamp once more (a router read before listening began is checked again).
  await new Promise((resolve) => setTimeout(resolve, 500));
  await onDuty(database, practiceId, 'a-0', now);
  return practiceId;
}

/** 20,000 warm lookups at moments spread over a month, sorted (ms). */
async function lookupTimes(database: Database): Promise<number[]> {
  const practiceId = await warmCache(database);
  const lookups: number[] = [];
  const start = Date.parse('2026-12-01T00:00:00Z');
  for (let i = 0; i < 20_000; i++) {
    const at = new Date(start + ((i * 7919) % (31 * 86400)) * 1000);
    const t0 = performance.now();
    await onDuty(database, practiceId, `a-${i % 500}`, at);
    lookups.push(performance.now() - t0);
  }
  await database.close();
  return lookups.sort((a, b) => a - b);
}

const lookups: Record<string, number[]> = {
  'embedded PGlite': await lookupTimes(await openDatabase({ kind: 'memory' })),
};
const pg = await startPostgres();
if ('url' in pg) {
  try {
    lookups['PostgreSQL on 127.0.0.1'] = await lookupTimes(await openDatabase({ kind: 'postgres', url: pg.url }));
  } finally {
    pg.stop();
  }
} else console.log(`PostgreSQL skipped: ${pg.missing}`);
stopLoad();
const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

console.log(
  `machine: ${describeMachine()}; load average ${os.loadavg()[0]!.toFixed(1)}; ${values.load} busy processes alongside`,
);
console.log(
  `validate 500 activities x 30 parties (${validateMatrix(matrix).length} findings), ${runs} runs after ${values.warmup} warm-up: p50 ${q(times, 0.5).toFixed(2)} ms, p95 ${q(times, 0.95).toFixed(2)} ms, p99 ${q(times, 0.99).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms, ${over} over 20 ms (${((100 * over) / runs).toFixed(1)}%)`,
);
console.log(
  `  CPU time per run: p50 ${q(cpuTimes, 0.5).toFixed(2)} ms, p95 ${q(cpuTimes, 0.95).toFixed(2)} ms, p99 ${q(cpuTimes, 0.99).toFixed(2)} ms`,
);
for (const [engine, times] of Object.entries(lookups))
  console.log(
    `on-duty lookup (onDuty, warm, ${engine}, 20,000 lookups): p50 ${(q(times, 0.5) * 1000).toFixed(1)} us, p99 ${(q(times, 0.99) * 1000).toFixed(1)} us`,
  );
