/**
 * Monitoring's storage on both engines: a batch's results land in their day's partition and in the
 * hourly and daily rollups, GET .../uptime gives uptime and latency percentiles hand-computed from
 * the runs (maintenance left out), and dropping an expired day removes its raw results while the
 * daily rollups keep the 90-day figures. Outcomes are handed to the recorder directly (no probe),
 * so every latency is chosen.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { executeRows } from '../../src/core/db/rows.ts';
import { unsafeWithSystem } from '../../src/core/tenancy/with-tenant.ts';
import { dropExpiredResultDays, ensureResultDays } from '../../src/monitor/result-days.ts';
import { recordRuns, type RunDeps } from '../../src/monitor/run-check.ts';
import type { CheckFigures, CreatedCheck } from '../../src/monitor/schema.ts';
import { claimDue } from '../../src/monitor/store.ts';
import { describeEachEngine } from '../support/databases.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('monitoring storage', (db) => {
  let world: World;
  let msp: SignedIn;
  let deps: RunDeps;
  const t0 = Date.parse('2026-12-01T10:00:00Z');

  beforeAll(async () => {
    world = await buildWorld(db());
    world.clock.set(new Date(t0 - 600_000));
    msp = await signInAs(world, world.users.mspAdmin);
    deps = { database: db(), clock: world.clock, keyring: world.keyring, publicUrl: 'https://tandem.test' };
  });
  afterAll(async () => world?.app.close());

  const get = (url: string) =>
    world.app.inject({ method: 'GET', url: `/api/v1/practices/${world.practices.a}${url}`, headers: as(msp) });

  /** Claims the check at t0 + seconds and records `latencyMs` (null: a failure) as its run. */
  async function runAt(seconds: number, latencyMs: number | null) {
    const at = new Date(t0 + seconds * 1000);
    world.clock.set(at);
    await ensureResultDays(db().db, ['2026-12-01']);
    const [claimed] = await unsafeWithSystem(db().db, (tx) =>
      claimDue(tx, 'w', at, new Date(at.getTime() + 40_000), 1),
    );
    expect(claimed).toBeDefined();
    const ok = latencyMs !== null;
    const message = ok ? `HTTP 200 in ${latencyMs} ms` : 'HTTP 500';
    await recordRuns(deps, 'w', [{ claimed: claimed!, outcome: { ok, latencyMs, message }, at }]);
  }

  it('rolls up each run, answers uptime and latency percentiles per period, and drops expired days whole', async () => {
    const created = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.a}/monitor/checks`,
      headers: as(msp),
      payload: {
        name: 'EHR portal',
        probe: { kind: 'http', url: 'http://127.0.0.1:9/', expectedStatus: 200 },
        activity: 'edr',
        allowPrivateTargets: true,
        failureThreshold: 3,
        recoveryThreshold: 1,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as CreatedCheck).check.id;
    // A window over the fifth run (10:05-10:06): that run is kept but left out of every figure.
    world.clock.set(new Date(t0));
    const window = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.a}/monitor/checks/${id}/maintenance`,
      headers: as(msp),
      payload: { startsAt: '2026-12-01T10:05:30Z', endsAt: '2026-12-01T10:06:30Z', reason: 'patching' },
    });
    expect(window.statusCode, window.body).toBe(201);
    // Steps of 70 s always find a 60 s check due (next run 57-63 s after the last): runs at
    // 10:01:10, 10:02:20, 10:03:30, 10:04:40, 10:05:50 (inside the window) and 10:07:00.
    const latencies = [12, 14, null, 30, 60, 5000];
    for (const [i, latency] of latencies.entries()) await runAt(70 * (i + 1), latency);

    // Runs outside the window: 12, 14, failure, 30, 5000 (the 60 ms run at 10:05:50 is inside it).
    const day = (await get(`/monitor/checks/${id}/uptime?period=24h`)).json() as CheckFigures;
    // Buckets: 12 and 14 in [10, 25), 30 in [25, 50), 5000 in [5000, 7500). rank = p x 4.
    // p50: rank 2, the second of the two in [10, 25): from the minimum 12 to 25 -> 25.
    // p95: rank 3.8, 0.8 into the one in [5000, 7500), whose top is the maximum 5000 -> 5000.
    expect(day).toEqual({
      checkId: id,
      period: '24h',
      from: '2026-11-30T11:00:00.000Z',
      to: world.clock.now().toISOString(),
      runs: 5,
      upRuns: 4,
      degradedRuns: 0,
      uptime: 0.8,
      latency: { count: 4, meanMs: 1264, minMs: 12, maxMs: 5000, p50Ms: 25, p95Ms: 5000, p99Ms: 5000 },
    });
    const month = (await get(`/monitor/checks/${id}/uptime?period=30d`)).json() as CheckFigures;
    expect(month).toMatchObject({ from: '2026-11-02T00:00:00.000Z', runs: 5, upRuns: 4, uptime: 0.8 });
    const checkPage = (await get(`/monitor/checks/${id}`)).json() as { uptime24h: number; uptime30d: number };
    expect([checkPage.uptime24h, checkPage.uptime30d]).toEqual([0.8, 0.8]);

    const bad = await get(`/monitor/checks/${id}/uptime?period=1y`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('query.period');
    const other = await world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${world.practices.b}/monitor/checks/${id}/uptime`,
      headers: as(msp),
    });
    expect(other.statusCode).toBe(404);

    // The day's results are in its own partition; 31 days on, the whole day is dropped.
    const count = async () =>
      (await executeRows<{ n: number }>(db().db, sql`select count(*)::int as n from monitor_results_20261201`))[0]!.n;
    expect(await count()).toBe(6);
    expect(await dropExpiredResultDays(db().db, new Date('2027-01-01T12:00:00Z'), 31)).toEqual([]);
    expect(await dropExpiredResultDays(db().db, new Date('2027-01-02T12:00:00Z'), 31)).toEqual(['2026-12-01']);
    const [partitions] = await executeRows<{ n: number }>(
      db().db,
      sql`select count(*)::int as n from pg_class where relname = 'monitor_results_20261201'`,
    );
    expect(partitions!.n).toBe(0);
    world.clock.set(new Date('2027-01-02T12:00:00Z'));
    msp = await signInAs(world, world.users.mspAdmin);
    const results = (await get(`/monitor/checks/${id}/results`)).json() as { results: unknown[] };
    expect(results.results).toEqual([]);
    const quarter = (await get(`/monitor/checks/${id}/uptime?period=90d`)).json() as CheckFigures;
    expect(quarter).toMatchObject({ runs: 5, upRuns: 4, uptime: 0.8, latency: { count: 4, p50Ms: 25 } });
    expect(((await get(`/monitor/checks/${id}/uptime?period=24h`)).json() as CheckFigures).uptime).toBeNull();
  });
});
