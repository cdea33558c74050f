/**
 * Issue 19's alert budget: detection to alert within interval + 2 s. A real `tandem serve` (the
 * compiled CLI: the scheduler loop, the job queue delivering notices) and a real SMTP server
 * (smtp-server, test/support/smtp-sink.ts) on 127.0.0.1. `--runs` HTTP checks at the shortest
 * interval the product allows (10 s), failure threshold 1, each on its own path of a local server,
 * are written to the database before the server starts (the practice made by `tandem setup` for
 * an MSP, so its administrator works the triage queue and hears of incidents when no matrix names
 * anyone). Once every check has been probed and is up, each in turn is made to fail at a random
 * moment of its cycle (the instant is taken just before the flip), and the bench waits for the
 * SMTP server to accept the "<check> is down" email. Latency = accepted - failure instant.
 *
 * With failure threshold N, detection needs N failed runs, so the same path takes (N - 1) ×
 * interval longer: the budget then reads N × interval + 2 s (a threshold of 1 measures the
 * pipeline itself: the wait for the next run, the probe, recording, the notice job, SMTP).
 * Checks stay failing after their run (none recovers), so flap detection never holds an alert.
 *
 *   node scripts/cli-build.mjs && npx tsx bench/monitor-alert-latency.bench.ts [--runs 10] [--engines postgres,pglite]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { cliBuildIsStale } from '../scripts/cli-build.mjs';
import type { Database } from '../src/core/db/database.ts';
import { monitorChecks } from '../src/monitor/tables.ts';
import { startSmtpSink, type SmtpSink } from '../test/support/smtp-sink.ts';
import { spawnServer, stopServer } from '../test/support/spawn-server.ts';
import { describeMachine } from './machine.ts';
import { httpCheckRow } from './support/monitor-checks.ts';
import { benchEngine } from './support/bench-engine.ts';
import { setupPractice } from './support/signed-in.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    engines: { type: 'string', default: 'postgres,pglite' },
  },
});
const runs = Number(values.runs);
const intervalS = 10;
const threshold = 1;
const budgetMs = intervalS * 1000 + 2000;
if (cliBuildIsStale())
  throw new Error('dist/ is stale: run `node scripts/cli-build.mjs` first (the bench runs what npm start runs)');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A site whose paths answer 200 until failed; remembers each path's probes. */
async function startSite() {
  const failing = new Set<string>();
  const probes = new Map<string, number>();
  const server = createServer((req, res) => {
    const p = req.url ?? '/';
    probes.set(p, (probes.get(p) ?? 0) + 1);
    res.statusCode = failing.has(p) ? 500 : 200;
    res.end(failing.has(p) ? 'down' : 'ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, failing, probes, close: () => server.close() };
}

async function seedChecks(database: Database, base: string): Promise<{ name: string; path: string }[]> {
  const [practice] = await database.query<{ id: string }>('select id from practices limit 1');
  const checks = Array.from({ length: runs }, (_, i) => ({ name: `Alert bench ${i + 1}`, path: `/check-${i + 1}` }));
  await database.db
    .insert(monitorChecks)
    .values(
      checks.map((c) =>
        httpCheckRow(practice!.id, c.name, `${base}${c.path}`, {
          intervalSeconds: intervalS,
          failureThreshold: threshold,
        }),
      ),
    );
  return checks;
}

/** The moment the SMTP server accepted the first message whose subject names `checkName` as down. */
async function acceptedDown(smtp: SmtpSink, checkName: string, seen: Map<string, number>): Promise<number> {
  for (let waited = 0; waited < 60_000; waited += 5) {
    for (const m of smtp.messages)
      if (!seen.has(m.messageId ?? m.subject ?? '')) seen.set(m.messageId ?? m.subject ?? '', Date.now());
    const hit = smtp.messages.find((m) => m.subject?.endsWith(`: ${checkName} is down`));
    if (hit) return seen.get(hit.messageId ?? hit.subject ?? '')!;
    await sleep(5);
  }
  throw new Error(`no alert for ${checkName} within a minute`);
}

async function run(engine: string): Promise<void> {
  const { env, open, cleanup } = await benchEngine(engine, 'alert');
  const site = await startSite();
  const smtp = await startSmtpSink();
  try {
    setupPractice(env, 'msp');
    const database = await open();
    const checks = await seedChecks(database, site.base);
    await database.close();
    const server = await spawnServer({
      ...env,
      TANDEM_SMTP_URL: smtp.url,
      TANDEM_MAIL_FROM: 'Tandem <bench@localhost>',
    });
    try {
      // Up after one success each (recovery threshold 1); two probes each to be past the first run.
      while (checks.some((c) => (site.probes.get(c.path) ?? 0) < 2)) await sleep(100);
      const seen = new Map<string, number>();
      const latencies: number[] = [];
      for (const c of checks) {
        // A random moment of the check's 10 s cycle.
        await sleep(Math.random() * intervalS * 1000);
        const failedAt = Date.now();
        site.failing.add(c.path);
        latencies.push((await acceptedDown(smtp, c.name, seen)) - failedAt);
      }
      const sorted = [...latencies].sort((a, b) => a - b);
      const p50 = sorted[Math.floor(sorted.length / 2)]!;
      const max = sorted.at(-1)!;
      console.log(
        `${engine}: ${runs} runs, interval ${intervalS} s, failure threshold ${threshold}: failure to email accepted ` +
          `${latencies.map((l) => (l / 1000).toFixed(2)).join(', ')} s; p50 ${(p50 / 1000).toFixed(2)} s, ` +
          `max ${(max / 1000).toFixed(2)} s (budget ${budgetMs / 1000} s: ${max <= budgetMs ? 'met' : 'missed'}).`,
      );
    } finally {
      await stopServer(server);
    }
  } finally {
    await smtp.close();
    site.close();
    cleanup();
  }
}

console.log(
  `${new Date().toISOString()} on ${describeMachine()}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const engine of values.engines.split(',')) await run(engine);
