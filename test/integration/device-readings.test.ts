/**
 * The history of an agent's readings on both engines: heartbeats posted to the agent URL over
 * three days are read back per hour, oldest first, from the device and from its check (several
 * heartbeats in one hour summed into min, mean and max; what a heartbeat leaves out keeps the
 * hour's value), with the boots and the changes of OS version and protection between hours; the
 * period bounds the read; bad periods are 400s naming the field; another practice's device or
 * check is a 404; the hourly upkeep deletes readings past their retention.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Device } from '../../src/assets/schema.ts';
import { readingKeepDays } from '../../src/monitor/agent-readings.ts';
import type { RunDeps } from '../../src/monitor/run-check.ts';
import type { AgentReadings, CreatedCheck } from '../../src/monitor/schema.ts';
import { upkeep } from '../../src/monitor/scheduler.ts';
import { describeEachEngine } from '../support/databases.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('agent readings', (db) => {
  let world: World;
  let msp: SignedIn;
  let deps: RunDeps;
  const hour = 3_600_000;
  const day = 24 * hour;
  /** Tuesday 1 December 2026, 10:05 UTC. */
  const t0 = Date.parse('2026-12-01T10:05:00Z');
  const iso = (ms: number) => new Date(t0 + ms).toISOString();

  let signedInAt: number | undefined;
  /**
   * Sets the clock to t0 + ms and signs in afresh when the clock moved (sessions end when idle; a
   * second sign-in at the same moment would replay the same one-time code, which is refused).
   */
  const at = async (ms: number) => {
    world.clock.set(new Date(t0 + ms));
    if (signedInAt !== ms) msp = await signInAs(world, world.users.mspAdmin);
    signedInAt = ms;
    world.clock.set(new Date(t0 + ms));
  };
  const get = (url: string, practiceId = world.practices.a) =>
    world.app.inject({ method: 'GET', url: `/api/v1/practices/${practiceId}${url}`, headers: as(msp) });
  const read = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as AgentReadings;
  };
  const paths = (res: { json: () => unknown }) =>
    (res.json() as { error: { details?: { path: string }[] } }).error.details?.map((d) => d.path) ?? [];

  let pushUrl: string;
  let checkId: string;
  let deviceId: string;
  const base = {
    hostname: 'EXAM-PC02',
    serial: 'SN-READINGS-1',
    os: 'Windows 11 Pro',
    osVersion: '23H2 (22631.4460)',
    endpointProtection: { name: 'Microsoft Defender', upToDate: true },
    lastBoot: '2026-11-30T07:00:00Z',
  };
  /** Posts a heartbeat at t0 + ms. */
  const beat = async (ms: number, body: object) => {
    world.clock.set(new Date(t0 + ms));
    const res = await world.app.inject({ method: 'POST', url: new URL(pushUrl).pathname, payload: body });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { deviceId: string };
  };

  beforeAll(async () => {
    world = await buildWorld(db());
    deps = { database: db(), clock: world.clock, keyring: world.keyring, publicUrl: 'https://tandem.test' };
    await at(-hour);
    const created = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.a}/monitor/checks`,
      headers: as(msp),
      payload: { name: 'EXAM-PC02 agent', probe: { kind: 'agent', graceSeconds: 30 }, activity: 'edr' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const made = created.json() as CreatedCheck;
    pushUrl = made.pushUrl!;
    checkId = made.check.id;
    // Hour 10:00 on the 1st: two heartbeats; the second sends no disk figure and no protection.
    ({ deviceId } = await beat(0, { ...base, diskFreePercent: 40, cpuPercent: 10 }));
    await beat(10 * 60_000, { hostname: base.hostname, cpuPercent: 30 });
    await beat(20 * 60_000, { ...base, diskFreePercent: 38, cpuPercent: 20 });
    // The 2nd: patched, and the antivirus fell out of date.
    await beat(day, {
      ...base,
      osVersion: '24H2 (26100.2314)',
      endpointProtection: { name: 'Microsoft Defender', upToDate: false },
      diskFreePercent: 20,
      cpuPercent: 55,
    });
    // The 3rd: rebooted at 08:30, CPU pinned, the disk nearly full, and no protection running.
    await beat(2 * day, {
      ...base,
      osVersion: '24H2 (26100.2314)',
      endpointProtection: null,
      lastBoot: '2026-12-03T08:30:00Z',
      diskFreePercent: 8,
      cpuPercent: 97.25,
    });
  });
  afterAll(async () => world?.app.close());

  it("reads a device's readings back per hour, oldest first, with its boots and changes", async () => {
    await at(2 * day + hour);
    const got = await read(`/devices/${deviceId}/readings`);
    expect(got.to).toBe(iso(2 * day + hour));
    expect(got.from).toBe(iso(2 * day + hour - 30 * day));
    expect(got.readings).toEqual([
      {
        checkId,
        hour: '2026-12-01T10:00:00.000Z',
        heartbeats: 3,
        firstAt: iso(0),
        lastAt: iso(20 * 60_000),
        diskFreePercent: { min: 38, mean: 39, max: 40 },
        cpuPercent: { min: 10, mean: 20, max: 30 },
        osVersion: base.osVersion,
        protection: { state: 'current', name: 'Microsoft Defender' },
        lastBoot: '2026-11-30T07:00:00.000Z',
      },
      {
        checkId,
        hour: '2026-12-02T10:00:00.000Z',
        heartbeats: 1,
        firstAt: iso(day),
        lastAt: iso(day),
        diskFreePercent: { min: 20, mean: 20, max: 20 },
        cpuPercent: { min: 55, mean: 55, max: 55 },
        osVersion: '24H2 (26100.2314)',
        protection: { state: 'outdated', name: 'Microsoft Defender' },
        lastBoot: '2026-11-30T07:00:00.000Z',
      },
      {
        checkId,
        hour: '2026-12-03T10:00:00.000Z',
        heartbeats: 1,
        firstAt: iso(2 * day),
        lastAt: iso(2 * day),
        diskFreePercent: { min: 8, mean: 8, max: 8 },
        cpuPercent: { min: 97.3, mean: 97.3, max: 97.3 },
        osVersion: '24H2 (26100.2314)',
        protection: { state: 'none', name: null },
        lastBoot: '2026-12-03T08:30:00.000Z',
      },
    ]);
    expect(got.changes).toEqual([
      { checkId, at: '2026-11-30T07:00:00.000Z', kind: 'boot', from: null, to: null },
      {
        checkId,
        at: '2026-12-02T10:00:00.000Z',
        kind: 'os_version',
        from: '23H2 (22631.4460)',
        to: '24H2 (26100.2314)',
      },
      { checkId, at: '2026-12-02T10:00:00.000Z', kind: 'protection', from: 'current', to: 'outdated' },
      { checkId, at: '2026-12-03T08:30:00.000Z', kind: 'boot', from: null, to: null },
      { checkId, at: '2026-12-03T10:00:00.000Z', kind: 'protection', from: 'outdated', to: 'none' },
    ]);
    // The agent check's own readings are the same series.
    expect(await read(`/monitor/checks/${checkId}/readings`)).toEqual(got);
  });

  it('bounds the read by its period, and a boot before the period is not in it', async () => {
    await at(2 * day + hour);
    const got = await read(`/devices/${deviceId}/readings?from=2026-12-02T09:00:00Z&to=2026-12-03T00:00:00Z`);
    expect(got).toMatchObject({ from: '2026-12-02T09:00:00.000Z', to: '2026-12-03T00:00:00.000Z' });
    expect(got.readings.map((r) => r.hour)).toEqual(['2026-12-02T10:00:00.000Z']);
    // Only one hour: nothing to compare with, and its boot (30 November) is outside the period.
    expect(got.changes).toEqual([]);
    // An hour that started before `from` still overlaps the period.
    const partial = await read(`/devices/${deviceId}/readings?from=2026-12-03T10:30:00%2B00:00`);
    expect(partial.readings.map((r) => r.hour)).toEqual(['2026-12-03T10:00:00.000Z']);
  });

  it('refuses bad periods with a 400 naming the field', async () => {
    await at(2 * day + hour);
    const cases: [string, string][] = [
      ['from=yesterday', 'query.from'],
      ['to=2026-13-01T00:00:00Z', 'query.to'],
      ['from=2026-12-03T00:00:00Z&to=2026-12-02T00:00:00Z', 'query.from'],
      ['from=2026-12-03T00:00:00Z&to=2026-12-03T00:00:00Z', 'query.from'],
      ['from=2026-01-01T00:00:00Z&to=2026-12-03T00:00:00Z', 'query.from'],
      // Without `to`, the period ends now: a year back is too long, and a `from` after now is empty.
      ['from=2025-12-01T00:00:00Z', 'query.from'],
      ['from=2026-12-31T00:00:00Z', 'query.from'],
    ];
    for (const [query, path] of cases) {
      for (const url of [`/devices/${deviceId}/readings?${query}`, `/monitor/checks/${checkId}/readings?${query}`]) {
        const res = await get(url);
        expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
        expect(paths(res), url).toEqual([path]);
      }
    }
  });

  it("answers 404 for another practice's device or check, and for a bad id", async () => {
    await at(2 * day + hour);
    const other = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.b}/devices`,
      headers: as(msp),
      payload: { kind: 'workstation', name: 'B-PC01' },
    });
    expect(other.statusCode, other.body).toBe(201);
    const otherId = (other.json() as Device).id;
    expect((await get(`/devices/${otherId}/readings`)).statusCode).toBe(404);
    // The practice's own device and check, asked for under the other practice, are not there either.
    expect((await get(`/devices/${deviceId}/readings`, world.practices.b)).statusCode).toBe(404);
    expect((await get(`/monitor/checks/${checkId}/readings`, world.practices.b)).statusCode).toBe(404);
    const bad = await get('/devices/not-a-uuid/readings');
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(['params.deviceId']);
  });

  it('lets the hourly upkeep delete readings past their retention', async () => {
    // Just inside the retention of the first hour (10:00 on the 1st): everything is kept.
    world.clock.set(new Date(Date.parse('2026-12-01T10:00:00Z') + readingKeepDays * day));
    await upkeep(deps, 31);
    await at(readingKeepDays * day);
    const period = (from: string) => `/devices/${deviceId}/readings?from=${from}&to=2026-12-04T00:00:00Z`;
    expect((await read(period('2026-11-30T00:00:00Z'))).readings).toHaveLength(3);
    // A day later the first hour has gone, the others stay until their own day.
    world.clock.set(new Date(Date.parse('2026-12-02T09:00:00Z') + readingKeepDays * day));
    await upkeep(deps, 31);
    await at(readingKeepDays * day + day);
    expect((await read(period('2026-11-30T00:00:00Z'))).readings.map((r) => r.hour)).toEqual([
      '2026-12-02T10:00:00.000Z',
      '2026-12-03T10:00:00.000Z',
    ]);
  });
});
