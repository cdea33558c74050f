/**
 * Backups (issue 20): (a) reports ingested per second through receiveReport (the push route's
 * work: one statement that finds the token's job by its hash, stores the report and moves the job's
 * state), `--concurrency` at a time, over
 * the first 10,000 jobs; (b) the RPO evaluation over `--jobs` jobs: one minute's evaluation when none
 * has newly passed its RPO (the usual minute: two index range scans), the search alone when 1 %
 * have (one query per batch of 500), and what opening an incident costs per overdue job (on-duty
 * lookup, desk ticket, audit; no agreed matrix, so each goes to triage).
 *
 *   npx tsx bench/backup.bench.ts [--jobs 100000] [--reports 20000] [--concurrency 16] [--engines pglite,postgres]
 */
import { parseArgs } from 'node:util';
import { auditKeysFrom, useAuditKeys } from '../src/core/audit/key.ts';
import { sha256 } from '../src/core/identity/tokens.ts';
import { receiveReport } from '../src/backup/push.ts';
import { evaluateRpo } from '../src/backup/rpo.ts';
import { newlyOverdue } from '../src/backup/store.ts';
import { backupJobs, backupSystems } from '../src/backup/tables.ts';
import { fixedClock } from '../src/core/clock.ts';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { newId } from '../src/core/ids.ts';
import { unsafeWithSystem } from '../src/core/tenancy/with-tenant.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { describeMachine } from './machine.ts';
import { seedBenchPractice } from './support/bench-practice.ts';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '100000' },
    reports: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '16' },
    engines: { type: 'string', default: 'pglite,postgres' },
  },
});
const jobCount = Number(values.jobs);
const reportCount = Number(values.reports);
const concurrency = Number(values.concurrency);
useAuditKeys(auditKeysFrom({ currentId: 'b1', keys: new Map([['b1', Buffer.alloc(32, 9)]]) }));

const hour = 3_600_000;
const t0 = new Date('2026-12-07T12:00:00Z');
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

/** `jobCount` jobs on systems of 100 jobs each, every one fresh (due 1 to 24 h after t0), tokens "token-<n>". */
async function seed(database: Database, practiceId: string): Promise<void> {
  for (let i = 0; i < jobCount; i += 1000) {
    const systemId = newId();
    await database.db.insert(backupSystems).values({
      id: systemId,
      practiceId,
      name: `system ${i}`,
      kind: 'server',
      storesPatientData: true,
      deviceId: null,
      restoreTestDays: 91,
      rtoTargetHours: 24,
      createdAt: t0,
      updatedAt: t0,
    });
    const rows = Array.from({ length: Math.min(1000, jobCount - i) }, (_, k) => ({
      id: newId(),
      practiceId,
      systemId,
      name: `job ${i + k}`,
      destination: 'local',
      medium: 'disk',
      immutable: false,
      schedule: 'nightly',
      rpoHours: 24,
      retentionDays: 30,
      activity: 'backup_jobs',
      paused: false,
      tokenHash: sha256(`token-${i + k}`),
      lastGoodAt: t0,
      dueBy: new Date(t0.getTime() + (1 + ((i + k) % 23)) * hour),
      createdAt: t0,
      updatedAt: t0,
    }));
    await database.db.insert(backupJobs).values(rows);
  }
}

/** Reports posted `concurrency` at a time to the first `jobs` jobs' tokens; reports per second. */
async function ingest(database: Database, jobs: number): Promise<number> {
  const clock = fixedClock(t0);
  const report = {
    start: new Date(t0.getTime() - hour).toISOString(),
    end: new Date(t0.getTime() - 60_000).toISOString(),
    bytes: 52_428_800,
    result: 'success' as const,
    message: 'Completed',
  };
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let n = next++; n < reportCount; n = next++)
        if (!(await receiveReport(database, clock, `token-${n % jobs}`, report))) throw new Error('unknown token');
    }),
  );
  return reportCount / seconds(started);
}

async function run(engine: string): Promise<void> {
  const server = engine === 'postgres' ? await startPostgres() : undefined;
  if (server && 'missing' in server) throw new Error(server.missing);
  try {
    const database = await openDatabase(server ? { kind: 'postgres', url: server.url } : { kind: 'memory' });
    await database.migrate();
    const practiceId = await seedBenchPractice(database);
    let started = process.hrtime.bigint();
    await seed(database, practiceId);
    const seedS = seconds(started);
    const perSecond = await ingest(database, Math.min(jobCount, 10_000));
    const clock = fixedClock(t0);
    const deps = { database, clock, keyring: { currentId: 'b', keys: new Map() }, publicUrl: 'http://bench' };
    // The usual minute: nothing newly overdue, nothing fresh again.
    clock.set(new Date(t0.getTime() + 30 * 60_000));
    started = process.hrtime.bigint();
    const quiet = await evaluateRpo(deps);
    const quietMs = seconds(started) * 1000;
    // 1 % past their RPO: the search alone (the first batch of 500, then the rest).
    await database.db.execute(
      `update backup_jobs set due_by = '${new Date(t0.getTime() - 60_000).toISOString()}' where name like 'job %00'`,
    );
    started = process.hrtime.bigint();
    let found = 0;
    const seen = await unsafeWithSystem(database.db, (tx) => newlyOverdue(tx, clock.now(), 500));
    found += seen.length;
    const searchMs = seconds(started) * 1000;
    // Acting on 100 of them: incident, audit, state; per job.
    await database.db.execute(
      `update backup_jobs set due_by = '${new Date(t0.getTime() + 2 * hour).toISOString()}' where name like 'job %00' and name not like 'job %000'`,
    );
    started = process.hrtime.bigint();
    const acted = await evaluateRpo(deps);
    const actMs = (seconds(started) * 1000) / Math.max(1, acted.overdue);
    console.log(
      `${engine}: ${jobCount} jobs seeded in ${seedS.toFixed(1)} s. Reports ingested: ${perSecond.toFixed(0)}/s ` +
        `(${reportCount} reports, ${concurrency} at a time, over ${Math.min(jobCount, 10_000)} jobs). ` +
        `RPO evaluation, nothing due: ${quietMs.toFixed(1)} ms (${JSON.stringify(quiet)}). ` +
        `Search with ${jobCount / 100} overdue: first batch of ${found} in ${searchMs.toFixed(1)} ms. ` +
        `Acting: ${acted.overdue} incidents opened, ${actMs.toFixed(1)} ms each. RSS ${Math.round(process.memoryUsage().rss / 1024 ** 2)} MiB.`,
    );
    await database.close();
  } finally {
    await server?.stop();
  }
}

console.log(
  `${new Date().toISOString()} on ${describeMachine()}; load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const engine of values.engines.split(',')) await run(engine);
