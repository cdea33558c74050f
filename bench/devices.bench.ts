/**
 * Device inventory cost (issue 20): (a) a list page (50 devices, the API's default) of a practice
 * with `--devices` devices, read in the practice's transaction under row-level security and
 * presented as the route does, as p50/p95 over `--runs` reads: the first page, a page deep in the
 * list (by its cursor) and the first page of a risk view; (b) the CSV import's preview of a
 * `--rows`-row file (half updates of existing serials, half new devices) against that inventory,
 * and its apply. Wall time in this process; on PGlite the database runs in it too.
 *
 *   npx tsx bench/devices.bench.ts [--devices 50000] [--rows 10000] [--runs 200] [--engines pglite,postgres]
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { parseArgs } from 'node:util';
import { applyImport, previewImport } from '../src/assets/device-import.ts';
import { presentDevice } from '../src/assets/devices.ts';
import { listDevices } from '../src/assets/store.ts';
import { devices } from '../src/assets/tables.ts';
import { auditKeysFrom, useAuditKeys } from '../src/core/audit/key.ts';
import { systemClock } from '../src/core/clock.ts';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { newId } from '../src/core/ids.ts';
import type { InPractice } from '../src/core/tenancy/acting.ts';
import { withTenant } from '../src/core/tenancy/with-tenant.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { describeMachine } from './machine.ts';
import { seedBenchPractice } from './support/bench-practice.ts';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '50000' },
    rows: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '200' },
    engines: { type: 'string', default: 'pglite,postgres' },
  },
});
const deviceCount = Number(values.devices);
const rowCount = Number(values.rows);
const runs = Number(values.runs);
useAuditKeys(auditKeysFrom({ currentId: 'b1', keys: new Map([['b1', Buffer.alloc(32, 9)]]) }));

const kinds = ['workstation', 'laptop', 'server', 'network', 'tablet', 'label_printer', 'scanner'] as const;
const tri = ['yes', 'no', 'unknown'] as const;

async function seed(database: Database, practiceId: string): Promise<void> {
  const base = Date.now() - deviceCount * 1000;
  for (let i = 0; i < deviceCount; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, deviceCount - i) }, (_, k) => {
      const n = i + k;
      const at = new Date(base + n * 1000);
      return {
        id: newId(),
        practiceId,
        kind: kinds[n % kinds.length]!,
        name: `DEVICE-${n}`,
        site: `Site ${n % 5}`,
        room: `Room ${n % 40}`,
        owner: null,
        activity: null,
        vendor: 'Dell',
        model: 'OptiPlex 7010',
        serial: `SN-${n}`,
        purchaseDate: '2022-03-01',
        warrantyEnd: '2025-03-01',
        endOfLife: n % 7 === 0 ? '2027-01-01' : '2030-01-01',
        os: n % 3 === 0 ? 'Windows 10 Pro' : 'Windows 11 Pro',
        osVersion: '22H2',
        osSupportEnds: n % 3 === 0 ? '2025-10-14' : null,
        diskEncryption: tri[n % 3]!,
        endpointProtection: tri[(n + 1) % 3]!,
        lastSeenAt: new Date(Date.now() - (n % 90) * 86_400_000),
        storesPatientData: n % 2 === 0,
        sources: {},
        createdAt: at,
        updatedAt: at,
      };
    });
    await database.db.insert(devices).values(rows);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timePages(label: string, read: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < 5; i++) await read();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await read();
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return `${label} p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms`;
}

/** Half the rows update existing devices (a new OS version), half add devices. */
function importCsv(): string {
  const lines = ['Hostname,Serial Number,Device Type,Operating System,OS Version,BitLocker,Last Seen'];
  for (let n = 0; n < rowCount; n++) {
    const existing = n % 2 === 0;
    const id = existing ? n : deviceCount + n;
    lines.push(`DEVICE-${id},SN-${id},Desktop,Windows 11 Pro,23H2,Enabled,2026-12-01 08:00`);
  }
  return lines.join('\r\n');
}

async function run(engine: string): Promise<void> {
  const server = engine === 'postgres' ? await startPostgres() : undefined;
  if (server && 'missing' in server) throw new Error(server.missing);
  try {
    const database = await openDatabase(server ? { kind: 'postgres', url: server.url } : { kind: 'memory' });
    await database.migrate();
    const practiceId = await seedBenchPractice(database);
    await seed(database, practiceId);
    // A running database has statistics on its tables (autovacuum); a freshly seeded one has none yet.
    await database.db.execute(sql`analyze devices`);
    const m = { now: new Date(), notSeenDays: 30 };
    const page = (filter: { risk?: 'unencrypted_phi' }, after?: { createdAt: Date; id: string }) => () =>
      withTenant(database.db, practiceId, async (tx) =>
        (await listDevices(tx, practiceId, filter, m, { after, limit: 51 })).map((r) => presentDevice(r, m)),
      );
    const deep = await withTenant(database.db, practiceId, (tx) =>
      listDevices(tx, practiceId, {}, m, { limit: Math.floor(deviceCount * 0.8) }),
    );
    const at = deep.at(-1)!;
    const lists = [
      await timePages('first page', page({})),
      await timePages('page at 80 %', page({}, { createdAt: at.createdAt, id: at.id })),
      await timePages('risk view (unencrypted_phi)', page({ risk: 'unencrypted_phi' })),
    ];
    const csv = importCsv();
    const s = (tx: InPractice['tx']): InPractice => ({
      tx,
      clock: systemClock,
      practiceId,
      origin: { actorType: 'system', actorLabel: 'bench', ip: null, userAgent: null, requestId: null },
    });
    let started = process.hrtime.bigint();
    const preview = await withTenant(database.db, practiceId, (tx) => previewImport(s(tx), csv));
    const previewS = Number(process.hrtime.bigint() - started) / 1e9;
    started = process.hrtime.bigint();
    await withTenant(database.db, practiceId, (tx) =>
      applyImport(s(tx), { csv, apply: true, previewHash: preview.previewHash }),
    );
    const applyS = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `${engine}: ${deviceCount} devices, ${runs} reads of 50 each: ${lists.join('; ')}. ` +
        `Import of ${rowCount} rows (${preview.summary.update} updates, ${preview.summary.create} new): preview ${previewS.toFixed(2)} s, ` +
        `apply ${applyS.toFixed(2)} s. RSS ${Math.round(process.memoryUsage().rss / 1024 ** 2)} MiB.`,
    );
    await database.close();
  } finally {
    await server?.stop();
  }
}

console.log(
  `${new Date().toISOString()} on ${describeMachine()}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const engine of values.engines.split(',')) await run(engine);
