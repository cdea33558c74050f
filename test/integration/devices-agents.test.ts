/**
 * Endpoint agents and device links on both engines: an agent check's heartbeat (bad input, wrong
 * URL) records its facts on the device it comes from (added when unknown, matched by serial or
 * host name otherwise) with source `agent`, its thresholds make the check degraded and a missing
 * heartbeat down, with an incident ticket naming the device; checks, tickets and backup systems
 * link a device of the practice's own (another practice's id is a 400 naming the field) and the
 * device's links list them; rotating a push, agent or backup job URL stops the old one; an overdue
 * restore test opens one ticket on the backup category, counted on the home page, resolved when a
 * test passes.
 * Times are inside the practice's business hours (America/Chicago, 09:00 = 15:00Z), where the
 * fixture's backup party (msp-desk) is on duty. A check with a 60 s interval is next due 57-63 s
 * after a run, so steps of 70 s always find it due.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Device } from '../../src/assets/schema.ts';
import type { DeviceLinks } from '../../src/assets/device-links-schema.ts';
import { evaluateRpo } from '../../src/backup/rpo.ts';
import { sweepRestoreTests } from '../../src/backup/restore-test-sweep.ts';
import type { CreatedJob, System } from '../../src/backup/schema.ts';
import type { Ticket } from '../../src/desk/ticket-schema.ts';
import { practiceHomeSchema } from '../../src/home/schema.ts';
import type { Check, CreatedCheck } from '../../src/monitor/schema.ts';
import type { RunDeps } from '../../src/monitor/run-check.ts';
import { runDue } from '../../src/monitor/scheduler.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildNoticeWorld, monitoringReady, type NoticeWorld } from '../support/notice-harness.ts';
import { as, signInAs, type SignedIn, type World } from '../support/world.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

describeEachEngine('device agents and links', (db, _engine, postgresUrl) => {
  let harness: NoticeWorld;
  let world: World;
  let msp: SignedIn;
  let base: string;
  let deps: RunDeps;
  const hour = 3_600_000;
  /** Tuesday 1 December 2026, 09:00 in Chicago. */
  const t0 = Date.parse('2026-12-01T15:00:00Z');
  const iso = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();

  const call = (session: SignedIn, method: Method, url: string, payload?: object) =>
    world.app.inject({ method, url: `${base}${url}`, headers: as(session), ...(payload ? { payload } : {}) });
  const ok = async <T>(session: SignedIn, method: Method, url: string, payload?: object) => {
    const res = await call(session, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  const paths = (res: { json: () => unknown }) =>
    (res.json() as { error: { details?: { path: string }[] } }).error.details?.map((d) => d.path) ?? [];
  /** Sets the clock to t0 + seconds and signs in afresh (sessions end when idle). */
  const at = async (seconds: number) => {
    world.clock.set(new Date(t0 + seconds * 1000));
    msp = await signInAs(world, world.users.mspAdmin);
    world.clock.set(new Date(t0 + seconds * 1000));
  };
  const runAt = async (seconds: number) => {
    world.clock.set(new Date(t0 + seconds * 1000));
    return runDue(deps, 'test-worker');
  };
  const beat = (url: string, body: object) =>
    world.app.inject({ method: 'POST', url: new URL(url).pathname, payload: body });
  const agentCheck = (name: string, extra: object = {}) =>
    ok<CreatedCheck>(msp, 'POST', '/monitor/checks', {
      name,
      probe: { kind: 'agent', graceSeconds: 30 },
      intervalSeconds: 60,
      activity: 'backups',
      failureThreshold: 1,
      ...extra,
    });
  const device = (id: string) => ok<Device>(msp, 'GET', `/devices/${id}`);
  const links = (id: string, session = msp) => ok<DeviceLinks>(session, 'GET', `/devices/${id}/links`);
  const check = (id: string) => ok<Check>(msp, 'GET', `/monitor/checks/${id}`);
  const ticket = (id: string) => ok<Ticket>(msp, 'GET', `/tickets/${id}`);

  beforeAll(async () => {
    harness = await buildNoticeWorld(db(), postgresUrl(), { smtp: false });
    world = harness.world;
    await at(-2 * 3600);
    const admin = await signInAs(world, world.users.practiceAdmin);
    base = `/api/v1/practices/${world.practices.a}`;
    deps = await monitoringReady(harness, db(), { admin, msp });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it("adds an agent's endpoint to the inventory with its facts, degrades on thresholds and goes down without heartbeats", async () => {
    await at(0);
    const { check: made, pushUrl } = await agentCheck('FD-PC01 agent');
    expect(pushUrl).toMatch(/^https:\/\/tandem\.harbor\.example\/api\/v1\/monitor\/agent\/[A-Za-z0-9_-]{43}$/);
    expect(made).toMatchObject({ deviceId: null, agent: null, state: 'pending' });

    const heartbeat = {
      hostname: 'FD-PC01',
      serial: 'SN-AGENT-1',
      os: 'Windows 11 Pro',
      osVersion: '23H2 (22631.4460)',
      diskFreePercent: 8,
      cpuPercent: 12.5,
      diskEncryption: true,
      endpointProtection: { name: 'Microsoft Defender', upToDate: false },
      lastBoot: '2026-11-30T07:00:00Z',
    };
    // Bad input names the field; a wrong token, or the agent's token at the push path, finds nothing.
    const bad = await beat(pushUrl!, { ...heartbeat, diskFreePercent: 150 });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(['body.diskFreePercent']);
    const noHost = await beat(pushUrl!, { serial: 'x' });
    expect(paths(noHost)).toContain('body.hostname');
    expect((await beat(`${pushUrl!}x`, heartbeat)).statusCode).toBe(404);
    const asPush = pushUrl!.replace('/agent/', '/push/');
    expect((await world.app.inject({ method: 'POST', url: new URL(asPush).pathname })).statusCode).toBe(404);

    const first = await beat(pushUrl!, heartbeat);
    expect(first.statusCode, first.body).toBe(200);
    const { deviceId, deviceCreated } = first.json() as { deviceId: string; deviceCreated: boolean };
    expect(deviceCreated).toBe(true);
    const added = await device(deviceId);
    const agentFact = { source: 'agent', at: iso(0) };
    expect(added).toMatchObject({
      name: 'FD-PC01',
      kind: 'workstation',
      serial: 'SN-AGENT-1',
      os: 'Windows 11 Pro',
      osVersion: '23H2 (22631.4460)',
      diskEncryption: 'yes',
      endpointProtection: 'yes',
      lastSeenAt: iso(0),
    });
    for (const field of ['name', 'serial', 'os', 'osVersion', 'diskEncryption', 'endpointProtection', 'lastSeenAt'])
      expect(added.sources[field as keyof Device['sources']], field).toEqual(agentFact);

    // The heartbeat made the check due; disk 8 % < 10 % and an out-of-date product: degraded.
    await runAt(1);
    expect(await check(made.id)).toMatchObject({
      deviceId,
      state: 'degraded',
      lastMessage: 'heartbeat from FD-PC01: disk 8% free, below 10%; Microsoft Defender is out of date',
      agent: { ...heartbeat, receivedAt: iso(0) },
    });

    // A healthy heartbeat 40 s later: up, and the device's OS version moves (a new fact, audited).
    world.clock.set(new Date(t0 + 40_000));
    const second = await beat(pushUrl!, {
      ...heartbeat,
      osVersion: '24H2 (26100.2314)',
      diskFreePercent: 40,
      endpointProtection: { name: 'Microsoft Defender', upToDate: true },
    });
    expect(second.json()).toEqual({ ok: true, deviceId, deviceCreated: false });
    await runAt(41);
    expect(await check(made.id)).toMatchObject({ state: 'up', lastMessage: 'heartbeat from FD-PC01 in time' });
    expect(await device(deviceId)).toMatchObject({
      osVersion: '24H2 (26100.2314)',
      lastSeenAt: iso(40),
      sources: { osVersion: { source: 'agent', at: iso(40) }, os: agentFact },
    });
    const history = await ok<{ entries: { action: string; actorLabel: string }[] }>(
      msp,
      'GET',
      `/devices/${deviceId}/history`,
    );
    expect(history.entries.map((e) => [e.action, e.actorLabel])).toEqual([
      ['device.updated', 'Tandem agent on FD-PC01'],
      ['device.created', 'Tandem agent on FD-PC01'],
    ]);

    // Last heartbeat at 40 s; period 60 s + grace 30 s: late after 130 s. Down, with an incident naming the device.
    await runAt(111);
    expect((await check(made.id)).state).toBe('up');
    await runAt(181);
    const down = await check(made.id);
    expect(down).toMatchObject({ state: 'down', lastMessage: `no heartbeat since ${iso(40)}` });
    const incident = await ticket(down.incidentTicketId!);
    expect(incident).toMatchObject({ deviceId, category: 'network', assignee: { partyId: 'msp-desk' } });

    const linked = await links(deviceId);
    expect(linked.checks).toEqual([
      expect.objectContaining({
        id: made.id,
        kind: 'agent',
        state: 'down',
        agent: expect.objectContaining({ diskFreePercent: 40 }),
      }),
    ]);
    expect(linked.tickets!.map((t) => t.id)).toEqual([down.incidentTicketId]);
    expect(linked.backups).toEqual([]);
    // Staff see the device and the tickets they raised (none), not the desk's or monitoring's work on it.
    const staff = await signInAs(world, world.users.staff);
    world.clock.set(new Date(t0 + 181_000));
    expect(await links(deviceId, staff)).toEqual({ tickets: [], checks: null, backups: null });
    await ok(msp, 'PATCH', `/monitor/checks/${made.id}`, { paused: true });
  });

  it('matches a heartbeat to a known device by serial, else by host name, and keeps the name people gave it', async () => {
    await at(1000);
    const known = await ok<Device>(msp, 'POST', '/devices', { name: 'Reception 2', kind: 'laptop', serial: 'SN-R2' });
    const lab = await ok<Device>(msp, 'POST', '/devices', { name: 'LAB-PC', kind: 'workstation' });
    const bySerial = await agentCheck('Reception agent');
    const res = await beat(bySerial.pushUrl!, { hostname: 'RECEPTION-2-NEW', serial: 'SN-R2', diskEncryption: false });
    expect(res.json()).toEqual({ ok: true, deviceId: known.id, deviceCreated: false });
    expect(await device(known.id)).toMatchObject({
      name: 'Reception 2',
      kind: 'laptop',
      diskEncryption: 'no',
      sources: { name: { source: 'manual' }, diskEncryption: { source: 'agent', at: iso(1000) } },
    });
    const byName = await agentCheck('Lab agent');
    const labBeat = await beat(byName.pushUrl!, { hostname: 'lab-pc', serial: 'SN-LAB', endpointProtection: null });
    expect(labBeat.json()).toEqual({ ok: true, deviceId: lab.id, deviceCreated: false });
    expect(await device(lab.id)).toMatchObject({ serial: 'SN-LAB', endpointProtection: 'no' });
    // From now on the check's own device is updated, whatever host name the agent reports.
    expect((await check(byName.check.id)).deviceId).toBe(lab.id);
    const renamed = await beat(byName.pushUrl!, { hostname: 'LAB-PC-RENAMED' });
    expect((renamed.json() as { deviceId: string }).deviceId).toBe(lab.id);
  });

  it("links checks and tickets to the practice's own devices only; deleting the device clears the links", async () => {
    await at(2000);
    const pc = await ok<Device>(msp, 'POST', '/devices', { name: 'BILLING-01', kind: 'workstation' });
    const elsewhere = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.b}/devices`,
      headers: as(msp),
      payload: { name: 'OTHER-PC', kind: 'workstation' },
    });
    const foreignId = (elsewhere.json() as { id: string }).id;
    const { desks } = await ok<{ desks: { id: string; kind: string; categories: { id: string }[] }[] }>(
      msp,
      'GET',
      '/desks',
    );
    const itDesk = desks.find((d) => d.kind === 'it')!;
    expect(itDesk.categories.map((c) => c.id)).toContain('backup');
    const ticketBody = {
      deskId: itDesk.id,
      category: 'computer',
      impact: 'low',
      urgency: 'low',
      title: 'Billing PC is slow',
      description: 'It takes minutes to open the billing screen.',
    };
    const pushCheck = { name: 'Billing cron', probe: { kind: 'push' }, activity: 'backups' };
    for (const [url, body] of [
      ['/tickets', { ...ticketBody, deviceId: foreignId }],
      ['/monitor/checks', { ...pushCheck, deviceId: foreignId }],
    ] as const) {
      const res = await call(msp, 'POST', url, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details).toEqual([
        { path: 'body.deviceId', message: 'no device with that id in this practice' },
      ]);
    }
    const made = await ok<Ticket>(msp, 'POST', '/tickets', { ...ticketBody, deviceId: pc.id });
    expect(made.deviceId).toBe(pc.id);
    const watched = await ok<CreatedCheck>(msp, 'POST', '/monitor/checks', { ...pushCheck, deviceId: pc.id });
    const moved = await call(msp, 'PATCH', `/monitor/checks/${watched.check.id}`, { deviceId: foreignId });
    expect(paths(moved)).toEqual(['body.deviceId']);
    const linked = await links(pc.id);
    expect(linked.tickets).toEqual([
      {
        id: made.id,
        number: made.number,
        title: 'Billing PC is slow',
        status: 'new',
        priority: made.priority,
        createdAt: iso(2000),
      },
    ]);
    expect(linked.checks!.map((c) => c.id)).toEqual([watched.check.id]);
    expect((await call(msp, 'DELETE', `/devices/${pc.id}`)).statusCode).toBe(204);
    expect((await check(watched.check.id)).deviceId).toBeNull();
    expect((await ticket(made.id)).deviceId).toBeNull();
  });

  it('rotates a push, agent or backup job URL: the new one works once shown, the old one stops, audited', async () => {
    await at(3000);
    const push = await ok<CreatedCheck>(msp, 'POST', '/monitor/checks', {
      name: 'Rotating cron',
      probe: { kind: 'push' },
      activity: 'backups',
    });
    const agent = await agentCheck('Rotating agent');
    const http = await ok<CreatedCheck>(msp, 'POST', '/monitor/checks', {
      name: 'Not rotatable',
      probe: { kind: 'http', url: 'https://portal.example.com/' },
      activity: 'backups',
    });
    const system = await ok<System>(msp, 'POST', '/backups/systems', {
      name: 'File server',
      kind: 'server',
      storesPatientData: false,
    });
    const job = await ok<CreatedJob>(msp, 'POST', '/backups/jobs', {
      systemId: system.id,
      name: 'Nightly',
      destination: 'local',
      schedule: 'nightly',
      activity: 'backups',
    });
    const post = (url: string, body?: object) =>
      world.app.inject({ method: 'POST', url: new URL(url).pathname, ...(body ? { payload: body } : {}) });
    const report = { start: iso(2900), end: iso(2950), bytes: 1, result: 'success', message: 'ok' };

    const newPush = (await ok<{ url: string }>(msp, 'POST', `/monitor/checks/${push.check.id}/rotate-token`)).url;
    const newAgent = (await ok<{ url: string }>(msp, 'POST', `/monitor/checks/${agent.check.id}/rotate-token`)).url;
    const newJob = (await ok<{ reportUrl: string }>(msp, 'POST', `/backups/jobs/${job.job.id}/rotate-token`)).reportUrl;
    expect(newPush).toMatch(/\/api\/v1\/monitor\/push\//);
    expect(newAgent).toMatch(/\/api\/v1\/monitor\/agent\//);
    expect(newPush).not.toBe(push.pushUrl);
    expect((await post(push.pushUrl!)).statusCode).toBe(404);
    expect((await post(newPush)).statusCode).toBe(200);
    expect((await post(agent.pushUrl!, { hostname: 'ROT-1' })).statusCode).toBe(404);
    expect((await post(newAgent, { hostname: 'ROT-1' })).statusCode).toBe(200);
    expect((await post(job.reportUrl, report)).statusCode).toBe(404);
    expect((await post(newJob, report)).statusCode).toBe(202);

    const notRotatable = await call(msp, 'POST', `/monitor/checks/${http.check.id}/rotate-token`);
    expect(notRotatable.statusCode).toBe(400);
    expect(paths(notRotatable)).toEqual(['params.checkId']);
    const auditor = await signInAs(world, world.users.auditor);
    expect((await call(auditor, 'POST', `/monitor/checks/${push.check.id}/rotate-token`)).statusCode).toBe(403);
    const audit = await db().query<{ action: string; target_id: string; details: unknown }>(
      `select action, target_id, details from audit_log where action in ('monitor.check_token_rotated', 'backup.job_token_rotated') order by seq`,
    );
    expect(audit.map((a) => [a.action, a.target_id])).toEqual([
      ['monitor.check_token_rotated', push.check.id],
      ['monitor.check_token_rotated', agent.check.id],
      ['backup.job_token_rotated', job.job.id],
    ]);
    expect(JSON.stringify(audit)).not.toContain(new URL(newPush).pathname.split('/').at(-1)!);
  });

  it("opens one ticket for an overdue restore test, counted on the home page, and resolves it when a test passes; a job's incident names the system's device", async () => {
    await at(4000);
    const server = await ok<Device>(msp, 'POST', '/devices', { name: 'EHR-SRV', kind: 'server' });
    const system = await ok<System>(msp, 'POST', '/backups/systems', {
      name: 'EHR server',
      kind: 'server',
      storesPatientData: true,
      deviceId: server.id,
    });
    expect(system.restoreTestDays).toBe(91);
    const job = await ok<CreatedJob>(msp, 'POST', '/backups/jobs', {
      systemId: system.id,
      name: 'Nightly image',
      destination: 'local',
      schedule: 'nightly',
      rpoHours: 24,
      activity: 'backups',
    });
    const homeCount = async () => {
      const res = await call(msp, 'GET', '/home');
      return practiceHomeSchema.parse(res.json()).attention.restoreTestsOverdue;
    };
    const before = await homeCount();

    // 25 hours on, no report: the job's incident names the system's device.
    await at(4000 + 25 * 3600);
    await evaluateRpo(deps);
    const overdueJob = await ok<{ incidentTicketId: string }>(msp, 'GET', `/backups/jobs/${job.job.id}`);
    expect(await ticket(overdueJob.incidentTicketId)).toMatchObject({ deviceId: server.id, category: 'backup' });

    // 91 days after creation (a Tuesday, 10:06 in Chicago): the restore test is overdue.
    const due = t0 + 4000_000 + 91 * 24 * hour;
    await at((due - t0) / 1000 + 60);
    const first = await sweepRestoreTests(deps);
    expect(first).toEqual({ overdue: 1, tested: 0 });
    expect(await sweepRestoreTests(deps)).toEqual({ overdue: 0, tested: 0 });
    const marked = await db().query<{ restore_ticket_id: string; restore_overdue_since: Date | string }>(
      `select restore_ticket_id, restore_overdue_since from backup_systems where id = '${system.id}'`,
    );
    expect(new Date(marked[0]!.restore_overdue_since).toISOString()).toBe(new Date(due).toISOString());
    const restoreTicket = await ticket(marked[0]!.restore_ticket_id);
    expect(restoreTicket).toMatchObject({
      title: 'Restore test of EHR server is overdue',
      category: 'backup',
      deviceId: server.id,
      assignee: { partyId: 'msp-desk' },
      status: 'new',
    });
    expect(await homeCount()).toBe(before! + 1);

    // A failed test does not count; a passed one resolves the ticket at the next sweep.
    const test = (result: string) => ({
      restored: 'EHR database',
      copy: 'last night',
      performedBy: 'Dana',
      startedAt: new Date(due).toISOString(),
      finishedAt: new Date(due + 30_000).toISOString(),
      result,
    });
    await ok(msp, 'POST', `/backups/systems/${system.id}/restore-tests`, test('failed'));
    expect(await sweepRestoreTests(deps)).toEqual({ overdue: 0, tested: 0 });
    await ok(msp, 'POST', `/backups/systems/${system.id}/restore-tests`, test('passed'));
    expect(await sweepRestoreTests(deps)).toEqual({ overdue: 0, tested: 1 });
    expect((await ticket(restoreTicket.id)).status).toBe('resolved');
    expect(await homeCount()).toBe(before!);
  });
});
