/**
 * Monitoring end to end on both engines: checks over HTTP (access, bad input, private targets),
 * the scheduler's runs against a real site on 127.0.0.1 that fails on demand, the state machine
 * with its thresholds, the incident ticket placed by the matrix and resolved with the outage's
 * length, notices to the party on duty, parent suppression, maintenance, push and DNS checks and
 * leases.
 * The clock is the world's fixed clock; each step sets it, so due times are hand-computed: a check
 * with a 60 s interval is next due 57-63 s after a run (5 % jitter), so steps of 70 s always find
 * it due and steps of 30 s never do.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobType } from '../../src/core/jobs/job-type.ts';
import { unsafeWithSystem } from '../../src/core/tenancy/with-tenant.ts';
import { deliverWebhook } from '../../src/webhooks/delivery.ts';
import type { Check, CreatedCheck } from '../../src/monitor/schema.ts';
import { runDue, defaultSchedulerOptions, startScheduler } from '../../src/monitor/scheduler.ts';
import { claimDue } from '../../src/monitor/store.ts';
import type { RunDeps } from '../../src/monitor/run-check.ts';
import type { Ticket } from '../../src/desk/ticket-schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { waitFor } from '../support/wait-for.ts';
import { startDnsServer } from '../support/dns-server.ts';
import { closedPort, MonitoredSite } from '../support/monitored-site.ts';
import { buildNoticeWorld, monitoringReady, type NoticeWorld } from '../support/notice-harness.ts';
import { as, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('monitoring', (db, _engine, postgresUrl) => {
  let harness: NoticeWorld;
  let world: World;
  let msp: SignedIn;
  let admin: SignedIn;
  let staff: SignedIn;
  let auditor: SignedIn;
  let site: MonitoredSite;
  let base: string;
  let deps: RunDeps;
  const t0 = Date.parse('2026-12-01T10:00:00Z');

  const call = (session: SignedIn, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    world.app.inject({ method, url: `${base}${url}`, headers: as(session), ...(payload ? { payload } : {}) });
  const ok = async <T>(
    session: SignedIn,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => {
    const res = await call(session, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  const paths = (res: { json: () => unknown }) =>
    (res.json() as { error: { details?: { path: string }[] } }).error.details?.map((d) => d.path) ?? [];
  /** Sets the clock to t0 + seconds and runs what is due then. */
  const runAt = async (seconds: number) => {
    world.clock.set(new Date(t0 + seconds * 1000));
    return runDue(deps, 'test-worker');
  };
  /** Each test starts at its own time, `seconds` after t0, signed in afresh (sessions end when idle). */
  const startAt = async (seconds: number) => {
    world.clock.set(new Date(t0 + (seconds - 120) * 1000));
    msp = await signInAs(world, world.users.mspAdmin);
  };
  const check = (id: string) => ok<Check>(msp, 'GET', `/monitor/checks/${id}`);
  const httpCheck = (name: string, extra: object = {}) => ({
    name,
    probe: { kind: 'http', url: site.url, expectedStatus: 200 },
    activity: 'edr',
    allowPrivateTargets: true,
    failureThreshold: 2,
    recoveryThreshold: 1,
    ...extra,
  });
  const create = async (body: object) => ok<CreatedCheck>(msp, 'POST', '/monitor/checks', body);

  beforeAll(async () => {
    // Webhook deliveries are queued (the fan-out) but not worked: the test reads what was queued.
    const extra = { types: [deliverWebhook as JobType<unknown>], workers: () => [] };
    harness = await buildNoticeWorld(db(), postgresUrl(), { smtp: false, extra });
    world = harness.world;
    site = await MonitoredSite.start();
    world.clock.set(new Date(t0 - 3_600_000));
    msp = await signInAs(world, world.users.mspAdmin);
    admin = await signInAs(world, world.users.practiceAdmin);
    staff = await signInAs(world, world.users.staff);
    auditor = await signInAs(world, world.users.auditor);
    base = `/api/v1/practices/${world.practices.a}`;
    deps = await monitoringReady(harness, db(), { admin, msp });
  });

  afterAll(async () => {
    await site?.close();
    await harness?.stop();
  });

  it('refuses bad input naming the field, private targets without an administrator, and callers without the permission', async () => {
    const post = (session: SignedIn, body: object) => call(session, 'POST', '/monitor/checks', body);
    const cases: [object, string][] = [
      [httpCheck('x', { intervalSeconds: 1 }), 'body.intervalSeconds'],
      [httpCheck('x', { probe: { kind: 'http', url: 'ftp://example.com/' } }), 'body.probe.url'],
      [httpCheck('x', { probe: { kind: 'tcp', host: 'db.example.com', port: 70000 } }), 'body.probe.port'],
      [httpCheck('x', { probe: { kind: 'ping' } }), 'body.probe.kind'],
      [httpCheck('x', { activity: 'Not An Id' }), 'body.activity'],
      [httpCheck('x', { allowPrivateTargets: false }), 'body.probe'],
      [httpCheck('x', { parentId: '00000000-0000-4000-8000-000000000000' }), 'body.parentId'],
      [httpCheck(''), 'body.name'],
      [httpCheck('x', { probe: { kind: 'dns', name: 'bad name!' } }), 'body.probe.name'],
      [
        httpCheck('x', { probe: { kind: 'http', url: site.url, slowLatencyMs: 500, maxLatencyMs: 500 } }),
        'body.probe.slowLatencyMs',
      ],
      [
        httpCheck('x', { probe: { kind: 'tls', host: 'ehr.test', minDaysLeft: 14, warnDaysLeft: 7 } }),
        'body.probe.warnDaysLeft',
      ],
      [httpCheck('x', { probe: { kind: 'dns', name: 'ehr.test', server: 'dns.example.com' } }), 'body.probe.server'],
      [httpCheck('x', { probe: { kind: 'dns', name: 'ehr.test', recordType: 'SOA' } }), 'body.probe.recordType'],
      [
        httpCheck('x', { allowPrivateTargets: false, probe: { kind: 'dns', name: 'ehr.test', server: '10.0.0.2' } }),
        'body.probe',
      ],
    ];
    for (const [body, path] of cases) {
      const res = await post(msp, body);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(paths(res)).toContain(path);
    }
    expect((await post(staff, httpCheck('x'))).statusCode).toBe(403);
    expect((await post(auditor, httpCheck('x'))).statusCode).toBe(403);
    expect((await call(auditor, 'GET', '/monitor/checks')).statusCode).toBe(200);
    expect((await call(msp, 'GET', '/monitor/checks/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    // Link-local (cloud metadata) without the allowance is refused at once.
    const metadata = await post(
      msp,
      httpCheck('x', { allowPrivateTargets: false, probe: { kind: 'http', url: 'http://169.254.169.254/latest' } }),
    );
    expect(paths(metadata)).toEqual(['body.probe']);
  });

  it('creates, changes and deletes a check, audited; its kind stays', async () => {
    const { check: made, pushUrl } = await create(httpCheck('Portal'));
    expect(pushUrl).toBeNull();
    expect(made).toMatchObject({
      state: 'pending',
      intervalSeconds: 60,
      probe: { kind: 'http', url: site.url, verifyTls: true },
    });
    const kind = await call(msp, 'PATCH', `/monitor/checks/${made.id}`, {
      probe: { kind: 'tcp', host: '127.0.0.1', port: 1 },
    });
    expect(paths(kind)).toEqual(['body.probe.kind']);
    const self = await call(msp, 'PATCH', `/monitor/checks/${made.id}`, { parentId: made.id });
    expect(paths(self)).toEqual(['body.parentId']);
    const renamed = await ok<Check>(msp, 'PATCH', `/monitor/checks/${made.id}`, {
      name: 'Portal (renamed)',
      paused: true,
    });
    expect(renamed).toMatchObject({ name: 'Portal (renamed)', paused: true, state: 'paused' });
    expect((await call(msp, 'DELETE', `/monitor/checks/${made.id}`)).statusCode).toBe(204);
    const actions = await db().query<{ action: string }>(
      `select action from audit_log where target_id = '${made.id}' order by seq`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      'monitor.check_created',
      'monitor.check_updated',
      'monitor.check_deleted',
    ]);
  });

  it('runs due checks, goes down after the failure threshold with one incident for the party on duty, and resolves it on recovery', async () => {
    await startAt(10);
    // A webhook that chose the monitoring events hears of them through notify's fan-out.
    await ok(msp, 'POST', '/webhooks', {
      url: 'http://127.0.0.1:9/noc',
      events: ['monitor.down', 'monitor.up'],
      allowPrivateTargets: true,
    });
    const { check: made } = await create(httpCheck('Patient portal'));
    expect(await runAt(10)).toBeGreaterThanOrEqual(1);
    expect(await check(made.id)).toMatchObject({ state: 'up', lastOk: true, uptime24h: 1 });
    site.status = 500;
    await runAt(80);
    // One failure of the two that make it down.
    expect(await check(made.id)).toMatchObject({ state: 'up', lastOk: false, lastMessage: 'HTTP 500, expected 200' });
    expect(await runAt(100)).toBe(0); // 20 s later: not due
    await runAt(150);
    const down = await check(made.id);
    expect(down).toMatchObject({ state: 'down', stateSince: new Date(t0 + 150_000).toISOString(), suppressed: false });
    expect(down.incidentTicketId).not.toBeNull();
    const ticket = await ok<Ticket>(msp, 'GET', `/tickets/${down.incidentTicketId}`);
    expect(down.incidentTicketNumber).toBe(ticket.number);
    expect(ticket).toMatchObject({
      title: 'Patient portal is down',
      priority: 'P1',
      status: 'new',
      requester: 'Tandem monitoring',
    });
    expect(ticket.assignee).toMatchObject({ partyId: 'msp-soc', side: 'msp' });
    // Still failing: no second ticket.
    await runAt(220);
    expect((await check(made.id)).incidentTicketId).toBe(down.incidentTicketId);
    const tickets = await db().query<{ n: number }>(
      `select count(*)::int as n from tickets where title = 'Patient portal is down'`,
    );
    expect(tickets[0]!.n).toBe(1);
    site.status = 200;
    await runAt(400);
    const up = await check(made.id);
    expect(up).toMatchObject({ state: 'up', incidentTicketId: down.incidentTicketId });
    const resolved = await ok<Ticket>(msp, 'GET', `/tickets/${down.incidentTicketId}`);
    expect(resolved.status).toBe('resolved');
    // Down at t0+150 s, up at t0+400 s: 250 s, 4 minutes rounded.
    expect(resolved.events.some((e) => e.kind === 'note' && e.body?.includes('after 4 minutes down'))).toBe(true);
    // Runs: up, fail, fail, fail, up: 2 of 5 succeeded.
    expect(up.uptime24h).toBeCloseTo(2 / 5);
    const notices = await db().query<{ event: string; recipient: string }>(
      `select event, recipient from notices where event like 'monitor.%' order by created_at, recipient`,
    );
    // msp-soc is an MSP team: the practice's MSP admin and technician hear of it.
    expect(notices).toEqual([
      { event: 'monitor.down', recipient: 'admin@harbor.example' },
      { event: 'monitor.down', recipient: 'tech@harbor.example' },
      { event: 'monitor.up', recipient: 'admin@harbor.example' },
      { event: 'monitor.up', recipient: 'tech@harbor.example' },
    ]);
    const deliveries = await db().query<{ event: string; body: string }>(
      `select event, body from webhook_deliveries where event like 'monitor.%' order by created_at`,
    );
    expect(deliveries.map((d) => d.event)).toEqual(['monitor.down', 'monitor.up']);
    expect(JSON.parse(deliveries[0]!.body)).toMatchObject({
      type: 'monitor.down',
      data: { checkName: 'Patient portal', reason: 'HTTP 500, expected 200', onDuty: 'MSP SOC' },
    });
    // Down again while the ticket is resolved but not closed: the same ticket is reopened.
    site.status = 503;
    await runAt(470);
    await runAt(540);
    expect((await check(made.id)).incidentTicketId).toBe(down.incidentTicketId);
    expect((await ok<Ticket>(msp, 'GET', `/tickets/${down.incidentTicketId}`)).status).toBe('reopened');
    const results = await ok<{ results: { ok: boolean }[] }>(msp, 'GET', `/monitor/checks/${made.id}/results?limit=3`);
    expect(results.results.map((r) => r.ok)).toEqual([false, false, true]);
    site.status = 200;
    await ok(msp, 'PATCH', `/monitor/checks/${made.id}`, { paused: true });
  });

  it('suppresses the alerts of a check whose parent is down', async () => {
    await startAt(1000);
    const port = await closedPort();
    const { check: router } = await create({
      name: 'Router',
      probe: { kind: 'tcp', host: '127.0.0.1', port },
      activity: 'edr',
      allowPrivateTargets: true,
      failureThreshold: 1,
    });
    site.status = 500;
    await runAt(1000);
    expect(await check(router.id)).toMatchObject({ state: 'down' });
    // Created once its parent is down, so the first run already finds the parent down.
    const { check: child } = await create(httpCheck('Workstation', { parentId: router.id, failureThreshold: 1 }));
    await runAt(1070);
    const suppressed = await check(child.id);
    expect(suppressed).toMatchObject({ state: 'down', suppressed: true, incidentTicketId: null });
    site.status = 200;
    await ok(msp, 'PATCH', `/monitor/checks/${router.id}`, { paused: true });
    await runAt(1140);
    expect(await check(child.id)).toMatchObject({ state: 'up', suppressed: false, incidentTicketId: null });
    await ok(msp, 'PATCH', `/monitor/checks/${child.id}`, { paused: true });
  });

  it('keeps a check in maintenance during a window: no alert, left out of uptime', async () => {
    await startAt(2000);
    const { check: made } = await create(httpCheck('Billing', { failureThreshold: 1 }));
    await runAt(2000);
    const window = {
      startsAt: new Date(t0 + 2050_000).toISOString(),
      endsAt: new Date(t0 + 2200_000).toISOString(),
      reason: 'Server patching',
    };
    const bad = await call(msp, 'POST', `/monitor/checks/${made.id}/maintenance`, {
      ...window,
      endsAt: window.startsAt,
    });
    expect(paths(bad)).toEqual(['body.endsAt']);
    await ok(msp, 'POST', `/monitor/checks/${made.id}/maintenance`, window);
    site.status = 500;
    await runAt(2070);
    await runAt(2140);
    expect(await check(made.id)).toMatchObject({ state: 'maintenance', incidentTicketId: null, uptime24h: 1 });
    site.status = 200;
    await runAt(2210);
    expect(await check(made.id)).toMatchObject({ state: 'up', uptime24h: 1 });
    const windows = await ok<{ windows: unknown[] }>(msp, 'GET', `/monitor/checks/${made.id}/maintenance`);
    expect(windows.windows).toHaveLength(1);
    await ok(msp, 'PATCH', `/monitor/checks/${made.id}`, { paused: true });
  });

  it('takes push pings at a secret URL and goes down when one is late', async () => {
    await startAt(3000);
    world.clock.set(new Date(t0 + 3000_000));
    const { check: made, pushUrl } = await create({
      name: 'Nightly backup',
      probe: { kind: 'push', graceSeconds: 30 },
      intervalSeconds: 60,
      activity: 'backups',
      failureThreshold: 1,
    });
    const path = new URL(pushUrl!).pathname;
    expect((await world.app.inject({ method: 'POST', url: path })).json()).toEqual({ ok: true });
    expect((await world.app.inject({ method: 'GET', url: `${path}x` })).statusCode).toBe(404);
    const [stored] = await db().query<{ push_token_hash: string }>(
      `select push_token_hash from monitor_checks where id = '${made.id}'`,
    );
    expect(stored!.push_token_hash).not.toContain(path.split('/').pop()!);
    await runAt(3010);
    expect(await check(made.id)).toMatchObject({ state: 'up' });
    // The ping was at t0+3000 s; period 60 s + grace 30 s: still in time at 3090 s, late after.
    await runAt(3080);
    expect(await check(made.id)).toMatchObject({ state: 'up' });
    await runAt(3150);
    expect(await check(made.id)).toMatchObject({
      state: 'down',
      lastMessage: expect.stringContaining('no ping since'),
    });
    await ok(msp, 'PATCH', `/monitor/checks/${made.id}`, { paused: true });
  });

  it('leases a claimed check: other workers skip it until the lease runs out', async () => {
    await startAt(4000);
    const { check: made } = await create(httpCheck('Leased'));
    const at = new Date(t0 + 4000_000);
    const lease = defaultSchedulerOptions.leaseMs;
    const claim = (owner: string, when: Date) =>
      unsafeWithSystem(db().db, (tx) => claimDue(tx, owner, when, new Date(when.getTime() + lease), 100));
    expect((await claim('worker-a', at)).map((c) => c.id)).toEqual([made.id]);
    expect(await claim('worker-b', new Date(at.getTime() + lease - 1000))).toEqual([]);
    expect((await claim('worker-b', new Date(at.getTime() + lease + 1000))).map((c) => c.leaseOwner)).toEqual([
      'worker-b',
    ]);
  });

  it("runs a DNS check against the practice's resolver and goes down when the answer changes", async () => {
    await startAt(5000);
    const dns = await startDnsServer({ 'ehr.clinic.test': [{ type: 'A', address: '10.0.0.5' }] });
    try {
      const probe = { kind: 'dns', name: 'ehr.clinic.test', expected: '10.0.0.5', server: '127.0.0.1', port: dns.port };
      const { check: made } = await create({ ...httpCheck('EHR name'), probe, failureThreshold: 1 });
      expect(made.probe).toEqual({ ...probe, recordType: 'A' });
      await runAt(5000);
      expect(await check(made.id)).toMatchObject({
        state: 'up',
        lastMessage: expect.stringMatching(/^A ehr\.clinic\.test: 10\.0\.0\.5 in \d+ ms$/),
      });
      await ok(msp, 'PATCH', `/monitor/checks/${made.id}`, { probe: { ...probe, expected: '10.0.0.9' } });
      await runAt(5070);
      expect(await check(made.id)).toMatchObject({
        state: 'down',
        lastMessage: 'A ehr.clinic.test: 10.0.0.5, without 10.0.0.9',
        incidentTicketId: expect.any(String),
      });
      await ok(msp, 'PATCH', `/monitor/checks/${made.id}`, { paused: true });
    } finally {
      await dns.close();
    }
  });

  it('keeps a check in maintenance during each occurrence of a daily window in the practice zone', async () => {
    await startAt(6000);
    const { check: made } = await create(httpCheck('Imaging server', { failureThreshold: 1 }));
    const maintenance = `/monitor/checks/${made.id}/maintenance`;
    // Daily 05:30-06:30 in Chicago (CST, UTC-6), first on 30 November: 11:30-12:30Z each day.
    const window = {
      startsAt: '2026-11-30T05:30:00-06:00',
      endsAt: '2026-11-30T06:30:00-06:00',
      reason: 'Nightly imaging archive',
      repeat: { every: 'day', timeZone: 'America/Chicago' },
    };
    const bad: [object, string][] = [
      [{ ...window, repeat: { every: 'week', timeZone: 'America/Chicago' } }, 'body.repeat.weekdays'],
      [{ ...window, repeat: { every: 'day', timeZone: 'Mars/Olympus' } }, 'body.repeat.timeZone'],
      [{ ...window, endsAt: '2026-12-01T06:30:00-06:00' }, 'body.endsAt'],
      [{ ...window, repeat: { every: 'day', timeZone: 'UTC', until: '2026-11-01T00:00:00Z' } }, 'body.repeat.until'],
    ];
    for (const [body, path] of bad) expect(paths(await call(msp, 'POST', maintenance, body)), path).toEqual([path]);
    const added = await ok<{ repeat: unknown }>(msp, 'POST', maintenance, window);
    expect(added.repeat).toEqual({ every: 'day', weekdays: [], timeZone: 'America/Chicago', until: null });
    site.status = 500;
    // t0 + 6000 s = 1 December 11:40Z, inside that day's occurrence.
    await runAt(6000);
    expect(await check(made.id)).toMatchObject({ state: 'maintenance', incidentTicketId: null });
    site.status = 200;
    // 12:41Z: the occurrence is over (an hour on, the idle session has ended: sign in again).
    await runAt(9660);
    msp = await signInAs(world, world.users.mspAdmin);
    expect(await check(made.id)).toMatchObject({ state: 'up', incidentTicketId: null });
    await ok(msp, 'PATCH', `/monitor/checks/${made.id}`, { paused: true });
  });

  it('shows a slow but working site as degraded, without an incident, and up again when it is quick', async () => {
    await startAt(12000);
    // Far apart, so a busy machine's quick answer is never slower than the mark.
    const probe = { kind: 'http', url: site.url, slowLatencyMs: 2000 };
    const { check: made } = await create(httpCheck('Scheduling portal', { probe, failureThreshold: 1 }));
    site.delayMs = 2500;
    try {
      await runAt(12000);
      expect(await check(made.id)).toMatchObject({ state: 'degraded', incidentTicketId: null });
      site.delayMs = 0;
      await runAt(12070);
      expect(await check(made.id)).toMatchObject({ state: 'up', incidentTicketId: null });
      const { results } = await ok<{ results: { degraded: boolean; message: string }[] }>(
        msp,
        'GET',
        `/monitor/checks/${made.id}/results`,
      );
      expect(results.map((r) => r.degraded)).toEqual([false, true]);
      expect(results[1]!.message).toMatch(/slower than 2000 ms$/);
    } finally {
      site.delayMs = 0;
    }
    await ok(msp, 'PATCH', `/monitor/checks/${made.id}`, { paused: true });
  });

  it('detects a flapping site: no alert while it flaps, one incident when it settles down, resolved once when it is up', async () => {
    await startAt(20000);
    const { check: made } = await create(httpCheck('Flappy portal', { recoveryThreshold: 2 }));
    const downNotices = async () =>
      (
        await db().query<{ n: number }>(
          `select count(*)::int as n from notices where event = 'monitor.down' and subject like '%Flappy portal%'`,
        )
      )[0]!.n;
    const tickets = async () =>
      (
        await db().query<{ n: number }>(`select count(*)::int as n from tickets where title = 'Flappy portal is down'`)
      )[0]!.n;
    // Run k at t0 + 20000 s + 70 k s; 'o' answers 200, 'x' 500. Thresholds: 2 failures, 2 successes.
    // Each run is followed by a read of the check (which also keeps the session from going idle).
    let k = 0;
    const step = async (outcomes: string) => {
      let read: Check | undefined;
      for (const o of outcomes) {
        site.status = o === 'o' ? 200 : 500;
        await runAt(20000 + 70 * k);
        k++;
        read = await check(made.id);
      }
      return read!;
    };
    try {
      // 21 good runs (k = 0..20): up, 0% state change.
      expect(await step('o'.repeat(21))).toMatchObject({ state: 'up', flapping: false, flappingSince: null });
      // Single failures (k = 21..): never two in a row, so no alert; the fourth change (k = 24,
      // changes at x = 17..20: 4.67 of 20 = 23.4%) starts the flapping.
      expect(await step('xox')).toMatchObject({ state: 'up', flapping: false });
      const started = await step('o');
      expect(started).toMatchObject({
        state: 'up',
        flapping: true,
        flappingSince: new Date(t0 + (20000 + 70 * 24) * 1000).toISOString(),
      });
      // Still flapping; two failures in a row make it down (k = 32), silently.
      const flapping = await step('xoxoxo' + 'xx');
      expect(flapping).toMatchObject({ state: 'down', flapping: true, incidentTicketId: null });
      expect(flapping.flappingSince).toBe(started.flappingSince);
      // The site stays down: the changes age out; at k = 49 the percent is 8.1%, still flapping.
      expect(await step('x'.repeat(17))).toMatchObject({ state: 'down', flapping: true, incidentTicketId: null });
      expect(await tickets()).toBe(0);
      expect(await downNotices()).toBe(0);
      // k = 50: 4.0% (one change left, the oldest): flapping stops and the down check alerts once.
      const settled = await step('x');
      expect(settled).toMatchObject({ state: 'down', flapping: false, flappingSince: null });
      expect(settled.incidentTicketId).not.toBeNull();
      expect(await tickets()).toBe(1);
      const told = await downNotices();
      expect(told).toBeGreaterThan(0);
      expect(await step('x')).toMatchObject({ incidentTicketId: settled.incidentTicketId });
      expect(await downNotices()).toBe(told);
      // Up again (two successes): the incident resolves once.
      expect(await step('oo')).toMatchObject({ state: 'up', flapping: false });
      expect((await ok<Ticket>(msp, 'GET', `/tickets/${settled.incidentTicketId}`)).status).toBe('resolved');
      expect(await tickets()).toBe(1);
      const actions = await db().query<{ action: string }>(
        `select action from audit_log where target_id = '${made.id}' and action like 'monitor.check_%' order by seq`,
      );
      expect(actions.map((a) => a.action)).toEqual([
        'monitor.check_created',
        'monitor.check_up',
        'monitor.check_flapping_started',
        'monitor.check_down',
        'monitor.check_flapping_stopped',
        'monitor.check_up',
      ]);
    } finally {
      site.status = 200;
    }
    await ok(msp, 'PATCH', `/monitor/checks/${made.id}`, { paused: true });
  });

  it('runs a check now on request, not only at its interval; audited; refused while paused and to callers without the permission', async () => {
    await startAt(30000);
    const { check: made } = await create(httpCheck('Run on request', { intervalSeconds: 3600 }));
    await runAt(30000);
    expect(await runAt(30010)).toBe(0); // next due an hour later
    // A scheduler that would idle for ten minutes: only the request's NOTIFY can make it run the check.
    const errors: unknown[] = [];
    const scheduler = startScheduler(deps, (err) => errors.push(err), {
      ...defaultSchedulerOptions,
      idleMs: 600_000,
    });
    try {
      await scheduler.listening;
      const asked = await call(msp, 'POST', `/monitor/checks/${made.id}/run`);
      expect(asked.statusCode, asked.body).toBe(202);
      expect(asked.json()).toEqual({ nextRunAt: new Date(t0 + 30_010_000).toISOString() });
      const ranAt = new Date(t0 + 30_010_000).toISOString();
      await waitFor(async () => (await check(made.id)).lastCheckedAt === ranAt, { what: 'the requested run' });
    } finally {
      await scheduler.stop();
    }
    expect(errors).toEqual([]);
    expect(await runAt(30020)).toBe(0); // and then at its interval again
    const staffNow = await signInAs(world, world.users.staff);
    expect((await call(staffNow, 'POST', `/monitor/checks/${made.id}/run`)).statusCode).toBe(403);
    expect((await call(msp, 'POST', `/monitor/checks/${randomUUID()}/run`)).statusCode).toBe(404);
    await ok(msp, 'PATCH', `/monitor/checks/${made.id}`, { paused: true });
    const paused = await call(msp, 'POST', `/monitor/checks/${made.id}/run`);
    expect([paused.statusCode, paths(paused)]).toEqual([409, ['params.checkId']]);
    const actions = await db().query<{ action: string }>(
      `select action from audit_log where target_id = '${made.id}' and action = 'monitor.check_run_requested'`,
    );
    expect(actions).toHaveLength(1);
  });
});
