/**
 * Issue 19's dashboard budget: the Monitoring page (/monitoring, the practice's checks with their
 * states) loads cold in <= 1 s at 5,000 checks. A real `tandem serve` (the compiled CLI) on a
 * practice made by `tandem setup`, with `--checks` HTTP checks written to the database beforehand
 * with results: a state each (mostly up, some down, degraded or in maintenance), their last run,
 * and an hour's and a day's rollup (what the list's uptime figures read). Their next run is a day
 * away, so the scheduler stays idle while the page is measured.
 *
 * Each run opens a new browser context (an empty cache, the session cookie only) in Chromium
 * (playwright-core, the tests' flags) and times from navigation start (performance.now() in the
 * page) to the moment the page shows what a user reads as loaded, polled at each animation frame:
 * the counts by state (a badge in the `[aria-label="Checks by state"]` list) and the list's first
 * page (min(checks, 100) state badges, `[data-testid^="state-"]`, one per check row). Until
 * 2026-12-08 02:07 it waited for every check's badge: the page then read and drew all of them; it
 * now draws a page at a time ("Show more"). The resource timings say where the time went: the
 * list's API pages and the page's own code.
 *
 *   node scripts/cli-build.mjs && npm run build:web && npx tsx bench/monitor-dashboard.bench.ts [--checks 5000] [--runs 3] [--engines postgres,pglite]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { cliBuildIsStale } from '../scripts/cli-build.mjs';
import { ensureWebBuild } from '../scripts/web-build.mjs';
import type { Database } from '../src/core/db/database.ts';
import { newId } from '../src/core/ids.ts';
import { monitorChecks, monitorRollups } from '../src/monitor/tables.ts';
import { chromiumArgs, findChromium } from '../test/support/chromium.ts';
import { spawnServer, stopServer } from '../test/support/spawn-server.ts';
import { describeMachine } from './machine.ts';
import { benchEngine } from './support/bench-engine.ts';
import { setupPractice, signIn } from './support/signed-in.ts';

const { values } = parseArgs({
  options: {
    checks: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '3' },
    engines: { type: 'string', default: 'postgres,pglite' },
    /** Prints the page's main-thread functions by self time (a CDP CPU profile of the first run). */
    profile: { type: 'boolean', default: false },
  },
});
const count = Number(values.checks);
const runs = Number(values.runs);
const budgetMs = 1000;
/** The rows the Monitoring page draws before "Show more" (checkListPageSize in web/src/monitoring/monitor-api.ts). */
const firstPage = 100;
if (cliBuildIsStale())
  throw new Error('dist/ is stale: run `node scripts/cli-build.mjs` first (the bench runs what npm start runs)');
await ensureWebBuild();
const found = findChromium();
if (!('path' in found)) throw new Error(found.missing);
const chromePath = found.path;

const states = ['up', 'up', 'up', 'up', 'up', 'up', 'down', 'degraded', 'maintenance', 'up'] as const;

/** `count` checks with a state, a last run and an hour's and a day's rollup, in the practice `tandem setup` made. */
async function seedChecks(database: Database): Promise<void> {
  const [practice] = await database.query<{ id: string }>('select id from practices limit 1');
  const practiceId = practice!.id;
  const now = new Date();
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const day = new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000);
  const buckets = Array.from({ length: 20 }, (_, i) => (i === 6 ? 60 : 0));
  for (let i = 0; i < count; i += 500) {
    const checks = Array.from({ length: Math.min(500, count - i) }, (_, k) => {
      const n = i + k;
      const state = states[n % states.length]!;
      return {
        id: newId(),
        practiceId,
        name: `check ${String(n).padStart(5, '0')}`,
        kind: 'http',
        target: `https://clinic-${n}.example/health`,
        settings: { expectedStatus: 200, verifyTls: true },
        intervalSeconds: 60,
        failureThreshold: 2,
        recoveryThreshold: 1,
        activity: 'network',
        allowPrivateTargets: false,
        paused: false,
        state,
        stateSince: new Date(now.getTime() - 3_600_000),
        lastCheckedAt: new Date(now.getTime() - 30_000),
        lastOk: state !== 'down',
        lastMessage: state === 'down' ? 'HTTP 503' : 'HTTP 200 in 42 ms',
        lastLatencyMs: state === 'down' ? null : 42,
        nextRunAt: new Date(now.getTime() + 86_400_000),
        createdAt: new Date(now.getTime() - 86_400_000 + n),
        updatedAt: now,
      };
    });
    await database.db.insert(monitorChecks).values(checks);
    const rollups = checks.flatMap((c) =>
      (['hour', 'day'] as const).map((grain) => ({
        practiceId,
        checkId: c.id,
        grain,
        startsAt: grain === 'hour' ? hour : day,
        runs: 60,
        up: c.state === 'down' ? 50 : 60,
        degraded: c.state === 'degraded' ? 10 : 0,
        latencyCount: 60,
        latencySumMs: 60 * 42,
        latencyMinMs: 30,
        latencyMaxMs: 60,
        latencyBuckets: buckets,
      })),
    );
    await database.db.insert(monitorRollups).values(rollups);
  }
}

interface Measured {
  ms: number;
  lastApiEndMs: number;
  apiRequests: number;
  apiMs: number;
  scriptEndMs: number;
}

/** The 15 functions with the most self time, and the profile's total, from a CDP CPU profile. */
function printProfile(profile: {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}): void {
  const byNode = new Map<number, number>();
  (profile.samples ?? []).forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').at(-1)}:${f.lineNumber}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (byNode.get(node.id) ?? 0));
  }
  const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log(top.map(([name, us]) => `  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`).join('\n'));
}

async function measure(url: string, cookie: string): Promise<Measured[]> {
  const browser = await chromium.launch({ executablePath: chromePath, headless: true, args: chromiumArgs });
  const results: Measured[] = [];
  try {
    const [name, value] = cookie.split(/=(.*)/s) as [string, string];
    for (let run = 0; run < runs; run++) {
      // A new context: an empty cache, only the session cookie.
      const context = await browser.newContext();
      await context.addCookies([{ name, value, url }]);
      const page = await context.newPage();
      const cdp = values.profile && run === 0 ? await context.newCDPSession(page) : undefined;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
        await cdp.send('Profiler.start');
      }
      await page.goto(`${url}/monitoring`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        (n) =>
          document.querySelectorAll('[aria-label="Checks by state"] [role="listitem"]').length > 0 &&
          document.querySelectorAll('[data-testid^="state-"]').length >= n &&
          performance.now(),
        Math.min(count, firstPage),
        { polling: 'raf', timeout: 120_000 },
      );
      const ms = (await handle.jsonValue()) as number;
      if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
      const timing = await page.evaluate(() => {
        const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const api = resources.filter((r) => r.name.includes('/monitor/checks'));
        const scripts = resources.filter((r) => r.initiatorType === 'script' || r.name.endsWith('.js'));
        return {
          lastApiEndMs: Math.max(0, ...api.map((r) => r.responseEnd)),
          apiRequests: api.length,
          apiMs: api.reduce((sum, r) => sum + (r.responseEnd - r.requestStart), 0),
          scriptEndMs: Math.max(0, ...scripts.map((r) => r.responseEnd)),
        };
      });
      results.push({ ms, ...timing });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}

async function run(engine: string): Promise<void> {
  const { env, open, cleanup } = await benchEngine(engine, 'dashboard');
  try {
    setupPractice(env);
    const database = await open();
    await seedChecks(database);
    await database.close();
    const server = await spawnServer(env);
    try {
      const session = await signIn(server.url);
      const measured = await measure(server.url, session.headers.cookie!);
      const sorted = measured.map((m) => m.ms).sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      console.log(
        `${engine}: ${count} checks, /monitoring cold to the counts by state and the first page of rows: ` +
          `${measured.map((m) => `${Math.round(m.ms)} ms`).join(', ')}; median ${Math.round(median)} ms ` +
          `(budget ${budgetMs} ms: ${median <= budgetMs ? 'met' : 'missed'}). Per run: ` +
          measured
            .map(
              (m) =>
                `scripts loaded by ${Math.round(m.scriptEndMs)} ms, ${m.apiRequests} list requests (${Math.round(m.apiMs)} ms in all) done by ${Math.round(m.lastApiEndMs)} ms`,
            )
            .join('; '),
      );
    } finally {
      await stopServer(server);
    }
  } finally {
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
