/**
 * Monitoring cost (issue 19): (a) CPU of this process per HTTP check, probe and storage included
 * (the result row, the check's update, in the practice's transaction under row-level security),
 * measured over `--checks` checks against a receiver in another process on 127.0.0.1 that answers
 * 200 at once; the first round (pending -> up: an audit entry each) and a steady round (no state
 * change) are reported apart. (b) The scheduler's claim alone: due checks leased in batches of 50
 * with FOR UPDATE SKIP LOCKED, in checks claimed per second. On PostgreSQL the server's own CPU is
 * not in (a); on PGlite the database runs in this process, so it is.
 *
 *   npx tsx bench/monitor.bench.ts [--checks 2000] [--engines pglite,postgres]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { auditKeysFrom, useAuditKeys } from '../src/core/audit/key.ts';
import { systemClock } from '../src/core/clock.ts';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { unsafeWithSystem } from '../src/core/tenancy/with-tenant.ts';
import { runDue, defaultSchedulerOptions } from '../src/monitor/scheduler.ts';
import { claimDue } from '../src/monitor/store.ts';
import { monitorChecks } from '../src/monitor/tables.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { describeMachine } from './machine.ts';
import { seedHttpChecks, startReceiver } from './support/monitor-checks.ts';

const { values } = parseArgs({
  options: {
    checks: { type: 'string', default: '2000' },
    engines: { type: 'string', default: 'pglite,postgres' },
  },
});
const count = Number(values.checks);
useAuditKeys(auditKeysFrom({ currentId: 'b1', keys: new Map([['b1', Buffer.alloc(32, 9)]]) }));

const makeDue = (database: Database) =>
  database.db.update(monitorChecks).set({ nextRunAt: new Date(Date.now() - 1000), leaseUntil: null, leaseOwner: null });

/** Runs every due check; CPU (user + system) and wall time of this process. */
async function round(database: Database): Promise<{ cpuMsPerCheck: number; wallS: number; ran: number }> {
  await makeDue(database);
  const deps = {
    database,
    clock: systemClock,
    keyring: { currentId: 'b', keys: new Map() },
    publicUrl: 'http://bench',
  };
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let ran = 0;
  for (let batch = await runDue(deps, 'bench'); batch > 0; batch = await runDue(deps, 'bench')) ran += batch;
  const used = process.cpuUsage(cpu);
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  return { cpuMsPerCheck: (used.user + used.system) / 1000 / ran, wallS, ran };
}

/** Claims every due check in batches of 50; checks claimed per second. */
async function claims(database: Database): Promise<number> {
  await makeDue(database);
  const started = process.hrtime.bigint();
  let claimed = 0;
  for (;;) {
    const now = new Date();
    const batch = await unsafeWithSystem(database.db, (tx) =>
      claimDue(tx, 'bench', now, new Date(now.getTime() + 60_000), defaultSchedulerOptions.batch),
    );
    if (batch.length === 0) break;
    claimed += batch.length;
  }
  return claimed / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function run(engine: string, receiverUrl: string): Promise<void> {
  const server = engine === 'postgres' ? await startPostgres() : undefined;
  if (server && 'missing' in server) throw new Error(server.missing);
  try {
    // PGlite as an install runs it: on a data folder (in memory, every table would sit in the heap).
    const dataDir = server ? undefined : mkdtempSync(path.join(os.tmpdir(), 'tandem-monitor-bench-'));
    const database = await openDatabase(
      server ? { kind: 'postgres', url: server.url } : { kind: 'embedded', dataDir: dataDir! },
    );
    await database.migrate();
    await seedHttpChecks(database, receiverUrl, count);
    const first = await round(database);
    const steady = await round(database);
    const rate = await claims(database);
    const [results] = await database.db
      .execute(sql`select count(*)::int as n from monitor_results`)
      .then((r) => (r as unknown as { rows: { n: number }[] }).rows);
    console.log(
      `${engine}: ${count} HTTP checks. First round (pending -> up, audited): ${first.cpuMsPerCheck.toFixed(2)} ms CPU per check, ` +
        `${first.wallS.toFixed(1)} s wall. Steady round: ${steady.cpuMsPerCheck.toFixed(2)} ms CPU per check, ${steady.wallS.toFixed(1)} s wall ` +
        `(${(count / steady.wallS).toFixed(0)} checks/s). Claims alone: ${rate.toFixed(0)} checks/s. Results stored: ${results?.n}. ` +
        `RSS ${Math.round(process.memoryUsage().rss / 1024 ** 2)} MiB.`,
    );
    await database.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  } finally {
    await server?.stop();
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
