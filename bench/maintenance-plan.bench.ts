/**
 * The scheduler's maintenance lookup (monitor/store.ts maintenanceOf, one statement per batch of
 * 50) under EXPLAIN ANALYZE on PGlite, with sites matched by their stored folded keys
 * (core/db/folded-text.ts, migration 0064_site_fold): `--checks` checks on as many devices across 100 sites, each site
 * spelt several ways ("Site 7", " site  7", "SITE 7"), and a window per check, per device and per
 * site spelling. Prints the plan, whether it reads monitor_maintenance_site_idx (with few windows
 * current PostgreSQL hashes them instead), and how long the statement takes.
 *
 *   npx tsx bench/maintenance-plan.bench.ts [--checks 5000]
 */
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { parseArgs } from 'node:util';
import { devices } from '../src/assets/tables.ts';
import { openPglite, type Db } from '../src/core/db/database.ts';
import { newId } from '../src/core/ids.ts';
import { maintenanceOf } from '../src/monitor/store.ts';
import { monitorChecks, monitorMaintenance } from '../src/monitor/tables.ts';
import { seedBenchPractice } from './support/bench-practice.ts';
import { httpCheckRow } from './support/monitor-checks.ts';

const { values } = parseArgs({ options: { checks: { type: 'string', default: '5000' } } });
const count = Number(values.checks);
const client = await PGlite.create();
const database = openPglite(client);
await database.migrate();
const practiceId = await seedBenchPractice(database);
const now = new Date();
const spell = (i: number) => [`Site ${i % 100}`, ` site  ${i % 100}`, `SITE ${i % 100} `][i % 3]!;
const deviceIds: string[] = [];
const checkIds: string[] = [];
for (let i = 0; i < count; i += 500) {
  const n = Math.min(500, count - i);
  const devs = Array.from({ length: n }, (_, k) => ({
    id: newId(),
    practiceId,
    kind: 'workstation' as const,
    name: `PC ${i + k}`,
    site: spell(i + k),
    diskEncryption: 'unknown' as const,
    endpointProtection: 'unknown' as const,
    storesPatientData: false,
    sources: {},
    createdAt: now,
    updatedAt: now,
  }));
  await database.db.insert(devices).values(devs);
  deviceIds.push(...devs.map((d) => d.id));
  const checks = devs.map((d, k) =>
    httpCheckRow(practiceId, `check ${i + k}`, `http://127.0.0.1/?n=${i + k}`, { deviceId: d.id, state: 'up' }),
  );
  await database.db.insert(monitorChecks).values(checks);
  checkIds.push(...checks.map((c) => c.id));
}
// Windows of every scope, most of them over (as a practice's history piles up), a few on now.
const window = (i: number, scope: { checkId?: string; deviceId?: string; site?: string }) => {
  const start = new Date(now.getTime() - (i % 20 === 0 ? 60_000 : 86_400_000 * (2 + (i % 300))));
  return {
    id: newId(),
    practiceId,
    checkId: scope.checkId ?? null,
    deviceId: scope.deviceId ?? null,
    site: scope.site ?? null,
    startsAt: start,
    endsAt: new Date(start.getTime() + 3_600_000),
    reason: 'bench',
    repeatEvery: null,
    repeatWeekdays: null,
    timeZone: null,
    repeatUntil: null,
    createdAt: now,
  };
};
const windows = [
  ...checkIds.map((id, i) => window(i, { checkId: id })),
  ...deviceIds.map((id, i) => window(i + 1, { deviceId: id })),
  ...Array.from({ length: 300 }, (_, i) => window(i, { site: spell(i) })),
];
for (let i = 0; i < windows.length; i += 500)
  await database.db.insert(monitorMaintenance).values(windows.slice(i, i + 500));
await database.query('analyze');

// The statement as the store writes it, caught by a logging handle on the same connection.
let caught: { sql: string; params: unknown[] } | undefined;
const logging = drizzle(client, {
  logger: { logQuery: (sql: string, params: unknown[]) => (caught = { sql, params }) },
}) as unknown as Db;
const batch = checkIds.slice(0, 50);
const period = { from: now, to: now };
const found = await maintenanceOf(logging, batch, period);
const plan = await client.query<{ 'QUERY PLAN': string }>(
  `explain (analyze, costs off) ${caught!.sql}`,
  caught!.params,
);
const lines = plan.rows.map((r) => r['QUERY PLAN']);
console.log(lines.join('\n'));
const times: number[] = [];
for (let run = 0; run < 20; run++) {
  const started = performance.now();
  await maintenanceOf(database.db, checkIds.slice(run * 50, run * 50 + 50), period);
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(
  `\n${count} checks, ${windows.length} windows; a batch of 50 found ${found.length} window pairs; ` +
    `site index used: ${lines.some((l) => l.includes('monitor_maintenance_site_idx'))}; ` +
    `p50 ${times[10]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms over 20 batches`,
);
await database.close();
