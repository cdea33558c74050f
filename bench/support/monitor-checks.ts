/** What the monitoring benches share: a receiver to probe and a practice with `count` HTTP checks. */
import { spawn } from 'node:child_process';
import type { Database } from '../../src/core/db/database.ts';
import { newId } from '../../src/core/ids.ts';
import { monitorChecks } from '../../src/monitor/tables.ts';
import { seedBenchPractice } from './bench-practice.ts';

/** A receiver in its own process, so its CPU is not counted as the monitor's. */
export async function startReceiver(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      "require('http').createServer((q,s)=>s.end('ok')).listen(0,'127.0.0.1',function(){console.log(this.address().port)})",
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  return { url: `http://127.0.0.1:${port}/health`, stop: () => child.kill() };
}

/**
 * An HTTP check's row for a bench, written straight to the table: every 60 s, failing after 2
 * misses, pending and due now; `overrides` sets what a bench needs otherwise.
 */
export function httpCheckRow(
  practiceId: string,
  name: string,
  target: string,
  overrides: Partial<typeof monitorChecks.$inferInsert> = {},
): typeof monitorChecks.$inferInsert {
  const now = new Date();
  return {
    id: newId(),
    practiceId,
    name,
    kind: 'http',
    target,
    settings: { expectedStatus: 200, verifyTls: true },
    intervalSeconds: 60,
    failureThreshold: 2,
    recoveryThreshold: 1,
    activity: 'network',
    allowPrivateTargets: true,
    paused: false,
    state: 'pending',
    stateSince: now,
    nextRunAt: now,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** A practice with `count` HTTP checks on `url`, every 60 s, all due now. */
export async function seedHttpChecks(database: Database, url: string, count: number): Promise<void> {
  const practiceId = await seedBenchPractice(database);
  for (let i = 0; i < count; i += 500) {
    const rows = Array.from({ length: Math.min(500, count - i) }, (_, k) =>
      httpCheckRow(practiceId, `check ${i + k}`, `${url}?n=${i + k}`),
    );
    await database.db.insert(monitorChecks).values(rows);
  }
}
