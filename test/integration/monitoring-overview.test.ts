/**
 * Monitoring at a glance and live, on both engines: the MSP overview (only practices the caller's
 * organisation serves and the caller may watch, worst first, paged; a second MSP sees only its
 * own), the per-practice status, and the event streams read over real HTTP. State changes are
 * written straight into monitor_checks as the scheduler would (on PostgreSQL through a second
 * database handle, as another process would), so what is tested is the trigger, LISTEN and the
 * streams, not the probes (monitoring.test.ts runs those).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/core/db/database.ts';
import { newId } from '../../src/core/ids.ts';
import { organizations, practices } from '../../src/core/tenancy/tables.ts';
import type { CreatedCheck, MaintenanceCalendar, UptimeDays } from '../../src/monitor/schema.ts';
import type { PracticeStatus } from '../../src/monitor/overview-schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildDeskWorld, type DeskWorld } from '../support/desk-world.ts';
import { EventStreamClient } from '../support/event-stream-client.ts';
import { addUser, as, signInAs, worldPasswordHash, type SignedIn, type WorldUser } from '../support/world.ts';

describeEachEngine('monitoring overview and live updates', (db, engine, postgresUrl) => {
  let d: DeskWorld;
  let writer: Database;
  let url: string;
  let north: WorldUser;
  let northSession: SignedIn;
  const practiceD = newId();
  const ids: Record<string, string> = {};

  const get = (session: SignedIn | undefined, path: string) =>
    d.world.app.inject({ method: 'GET', url: path, headers: session ? as(session) : {} });
  const overview = async (session: SignedIn, query = '') => {
    const res = await get(session, `/api/v1/monitor/overview${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { practices: PracticeStatus[]; next: string | null };
  };
  const createIn = async (session: SignedIn, practiceId: string, name: string) => {
    const res = await d.world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${practiceId}/monitor/checks`,
      headers: as(session),
      payload: { name, probe: { kind: 'http', url: 'https://ehr.example.com/' }, activity: 'edr' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as CreatedCheck).check.id;
  };
  /** As the scheduler records a run that changes the state (another process's handle on PostgreSQL). */
  const setState = (
    checkId: string,
    state: string,
    since: string,
    extra: { suppressed?: boolean; ticket?: string } = {},
  ) =>
    writer.query(
      'update monitor_checks set state = $1, state_since = $2, suppressed = $3, incident_ticket_id = $4 where id = $5',
      [state, since, extra.suppressed ?? false, extra.ticket ?? null, checkId],
    );
  const stream = (session: SignedIn, path: string) => EventStreamClient.open(`${url}${path}`, as(session));

  beforeAll(async () => {
    d = await buildDeskWorld(db(), '2026-12-01T10:00:00Z', { liveHeartbeatMs: 100 });
    const { world } = d;
    // A second MSP with its own practice; its administrator also holds a role in practice A,
    // which Harbor (the first MSP) serves: A is not in Northwind's overview.
    const northwind = newId();
    await db().db.insert(organizations).values({ id: northwind, name: 'Northwind IT', kind: 'msp' });
    await db().db.insert(practices).values({
      id: practiceD,
      organizationId: northwind,
      name: 'Dogwood Clinic',
      specialty: 'medical',
      jurisdiction: 'US',
      timeZone: 'America/New_York',
    });
    const hash = await worldPasswordHash();
    north = await addUser(
      db(),
      world.keyring,
      northwind,
      'admin@northwind.example',
      [
        [practiceD, 'msp_admin'],
        [world.practices.a, 'msp_technician'],
      ],
      { mfa: true, orgAdmin: true },
      hash,
    );
    northSession = await signInAs(world, north);
    d.world.clock.set(new Date('2026-12-01T10:00:00Z'));

    const { a, b } = world.practices;
    for (const name of ['EHR portal', 'File server', 'Router', 'Printer', 'Website'])
      ids[name] = await createIn(d.s.msp, a, name);
    ids.Fax = await createIn(d.s.msp, b, 'Fax gateway');
    ids.Door = await createIn(northSession, practiceD, 'Door system');
    writer = engine === 'postgres' ? await openDatabase({ kind: 'postgres', url: postgresUrl()!, poolMax: 2 }) : db();
    const ticket = await d.open(d.s.msp, 'EHR portal down');
    await setState(ids['EHR portal']!, 'down', '2026-12-01T09:00:00Z', { ticket: ticket.id });
    await setState(ids['Router']!, 'down', '2026-12-01T09:30:00Z');
    await setState(ids['File server']!, 'down', '2026-12-01T08:00:00Z', { suppressed: true });
    await setState(ids['Printer']!, 'degraded', '2026-12-01T09:45:00Z');
    await setState(ids['Website']!, 'up', '2026-12-01T09:45:00Z');
    await setState(ids.Fax!, 'down', '2026-12-01T09:50:00Z');
    url = await d.world.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await d?.world.app.close();
    if (writer && writer !== db()) await writer.close();
  });

  it('lists the practices the organisation serves and the caller watches, worst first, with counts, incidents and worst checks', async () => {
    const { a, b, c } = d.world.practices;
    const all = await overview(d.s.msp);
    expect(all.practices.map((p) => p.practiceId)).toEqual([a, b]);
    expect(all.next).toBeNull();
    const [alder, birch] = all.practices;
    expect(alder).toEqual({
      practiceId: a,
      practiceName: 'Alder Family Medicine',
      counts: { down: 3, degraded: 1, up: 1, pending: 0, maintenance: 0, paused: 0 },
      openIncidents: 1,
      flapping: 0,
      // Down before degraded; the suppressed one (its parent is down) after those that alert.
      worstChecks: [
        expect.objectContaining({
          name: 'EHR portal',
          state: 'down',
          stateSince: '2026-12-01T09:00:00.000Z',
          suppressed: false,
        }),
        expect.objectContaining({ name: 'Router', state: 'down', suppressed: false }),
        expect.objectContaining({ name: 'File server', state: 'down', suppressed: true }),
        expect.objectContaining({ name: 'Printer', state: 'degraded' }),
      ],
    });
    expect(birch?.counts.down).toBe(1);
    expect(birch?.openIncidents).toBe(0);

    // Pages of one, in the same order.
    const first = await overview(d.s.msp, '?limit=1');
    expect(first.practices.map((p) => p.practiceId)).toEqual([a]);
    const second = await overview(d.s.msp, `?limit=1&cursor=${first.next}`);
    expect(second.practices.map((p) => p.practiceId)).toEqual([b]);
    expect(second.next).toBeNull();

    // A technician of A only; staff cannot read monitoring; another organisation sees its own.
    expect((await overview(d.s.tech)).practices.map((p) => p.practiceId)).toEqual([a]);
    expect((await overview(d.s.staff)).practices).toEqual([]);
    expect((await overview(d.s.other)).practices.map((p) => p.practiceId)).toEqual([c]);
    const northwind = await overview(northSession);
    expect(northwind.practices.map((p) => p.practiceName)).toEqual(['Dogwood Clinic']);
    expect(northwind.practices[0]?.counts.pending).toBe(1);
  });

  it('refuses the overview to nobody, to API tokens and bad paging, naming what is wrong', async () => {
    expect((await get(undefined, '/api/v1/monitor/overview')).statusCode).toBe(401);
    const created = await d.world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${d.world.practices.a}/api-tokens`,
      headers: as(d.s.msp),
      payload: { name: 'NOC', permissions: ['monitoring.read'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const bearer = { authorization: `Bearer ${(created.json() as { token: string }).token}` };
    const byToken = await d.world.app.inject({ method: 'GET', url: '/api/v1/monitor/overview', headers: bearer });
    expect(byToken.statusCode).toBe(403);
    // The practice's own status is for tokens too.
    const status = await d.world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${d.world.practices.a}/monitor/status`,
      headers: bearer,
    });
    expect(status.statusCode, status.body).toBe(200);
    expect((status.json() as PracticeStatus).counts.down).toBe(3);
    for (const [query, path] of [
      ['?limit=0', 'query.limit'],
      ['?cursor=nonsense', 'query.cursor'],
    ]) {
      const res = await get(d.s.msp, `/api/v1/monitor/overview${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.map((x: { path: string }) => x.path)).toContain(path);
    }
  });

  it('gives each practice its status under its own permission: 403 without monitoring.read, 404 to other practices', async () => {
    const path = `/api/v1/practices/${d.world.practices.a}/monitor/status`;
    const res = await get(d.s.auditor, path);
    expect(res.statusCode).toBe(200);
    expect((res.json() as PracticeStatus).openIncidents).toBe(1);
    expect((await get(d.s.staff, path)).statusCode).toBe(403);
    expect((await get(d.s.other, path)).statusCode).toBe(404);
    expect((await get(d.s.msp, `/api/v1/practices/${practiceD}/monitor/status`)).statusCode).toBe(404);
  });

  it('publishes a status page only when turned on, with only the chosen checks under their public names', async () => {
    const settings = `/api/v1/practices/${d.world.practices.a}/monitor/status-page`;
    const put = (session: SignedIn, payload: object) =>
      d.world.app.inject({ method: 'PUT', url: settings, headers: as(session), payload });
    expect((await get(d.s.auditor, settings)).json()).toMatchObject({ enabled: false, slug: null, checks: [] });
    const chosen = [
      { checkId: ids['EHR portal']!, publicName: 'Patient portal' },
      { checkId: ids.Website!, publicName: 'Website' },
    ];
    const body = { enabled: true, title: 'Alder Family Medicine', checks: chosen };
    expect((await put(d.s.tech, body)).statusCode).toBe(403); // publishing needs practice.update
    const foreign = await put(d.s.msp, { ...body, checks: [{ checkId: ids.Fax, publicName: 'Fax' }] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].path).toBe('body.checks.0.checkId');
    const saved = await put(d.s.msp, body);
    expect(saved.statusCode, saved.body).toBe(200);
    const { slug } = saved.json() as { slug: string };
    expect(slug).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const audit = await get(
      d.s.msp,
      `/api/v1/practices/${d.world.practices.a}/audit?action=monitor.status_page_updated`,
    );
    expect(audit.json().entries[0].details).toEqual({ enabled: true, title: 'Alder Family Medicine', checks: chosen });

    // The days come from the daily rollups (a batch writes them; maintenance runs are left out):
    // yesterday 3 of 4 runs good, today 2 of 2.
    for (const [day, runs, up] of [
      ['2026-11-30', 4, 3],
      ['2026-12-01', 2, 2],
    ] as const)
      await writer.query(
        `insert into monitor_rollups (practice_id, check_id, grain, starts_at, runs, up, degraded, latency_count,
           latency_sum_ms, latency_buckets)
         values ($1, $2, 'day', $3, $4, $5, 0, 0, 0, '{}')`,
        [d.world.practices.a, ids['EHR portal'], `${day}T00:00:00Z`, runs, up],
      );
    const res = await fetch(`${url}/api/v1/status-pages/${slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=10');
    const text = await res.text();
    expect(text).not.toContain('EHR portal'); // the internal name stays inside
    const page = JSON.parse(text) as {
      overall: string;
      services: {
        name: string;
        state: string;
        uptime: number | null;
        days: { date: string; uptime: number | null }[];
      }[];
    };
    expect(page.overall).toBe('down');
    expect(page.services.map((x) => [x.name, x.state])).toEqual([
      ['Patient portal', 'down'],
      ['Website', 'operational'],
    ]);
    const portal = page.services[0]!;
    expect(portal.days).toHaveLength(90);
    expect(portal.days.at(-1)).toEqual({ date: '2026-12-01', uptime: 1 });
    expect(portal.days.at(-2)).toEqual({ date: '2026-11-30', uptime: 0.75 });
    expect(portal.days[0]).toEqual({ date: '2026-09-03', uptime: null });
    expect(portal.uptime).toBeCloseTo(5 / 6);

    expect((await put(d.s.msp, { ...body, enabled: false })).json()).toMatchObject({ slug, enabled: false });
    expect((await fetch(`${url}/api/v1/status-pages/${slug}`)).status).toBe(404);
    expect((await fetch(`${url}/api/v1/status-pages/${'x'.repeat(24)}`)).status).toBe(404);
    expect((await fetch(`${url}/api/v1/status-pages/short`)).status).toBe(400);
  });

  it('streams a practice’s state changes, and only that practice’s', async () => {
    const events = await stream(d.s.msp, `/api/v1/practices/${d.world.practices.a}/monitor/events`);
    try {
      expect(await events.next('ready')).toEqual({ practiceIds: [d.world.practices.a] });
      await setState(ids.Fax!, 'up', '2026-12-01T10:01:00Z'); // practice B: not on this stream
      await setState(ids.Website!, 'down', '2026-12-01T10:02:00Z');
      expect(await events.next('state')).toEqual({
        practiceId: d.world.practices.a,
        checkId: ids.Website,
        state: 'down',
        from: 'up',
        at: '2026-12-01T10:02:00.000Z',
        flapping: false,
      });
      // Starting to flap is news on its own (migration monitor_flapping_notify).
      await writer.query('update monitor_checks set flapping = true where id = $1', [ids.Website]);
      expect(await events.next('state')).toMatchObject({
        checkId: ids.Website,
        state: 'down',
        from: 'down',
        flapping: true,
      });
      await writer.query('update monitor_checks set flapping = false where id = $1', [ids.Website]);
      expect(await events.next('state')).toMatchObject({ checkId: ids.Website, state: 'down', flapping: false });
      // The same state written again (every run writes it) is not a change.
      await setState(ids.Website!, 'down', '2026-12-01T10:02:00Z');
      await setState(ids.Website!, 'up', '2026-12-01T10:03:00Z');
      expect(await events.next('state')).toMatchObject({ checkId: ids.Website, state: 'up', from: 'down' });
      expect(events.unread().filter((e) => e.event === 'state')).toEqual([]);
    } finally {
      events.close();
    }
  });

  it('streams the overview’s practices to an MSP, and not another MSP’s', async () => {
    const harbor = await stream(d.s.msp, '/api/v1/monitor/overview/events');
    const northwind = await stream(northSession, '/api/v1/monitor/overview/events');
    try {
      await harbor.next('ready');
      expect(await northwind.next('ready')).toEqual({ practiceIds: [practiceD] });
      await setState(ids.Door!, 'down', '2026-12-01T10:04:00Z');
      await setState(ids.Fax!, 'down', '2026-12-01T10:05:00Z');
      expect(await northwind.next('state')).toMatchObject({ practiceId: practiceD, checkId: ids.Door, state: 'down' });
      expect(await harbor.next('state')).toMatchObject({ practiceId: d.world.practices.b, checkId: ids.Fax });
      expect(harbor.events.some((e) => (e.data as { checkId?: string }).checkId === ids.Door)).toBe(false);
    } finally {
      harbor.close();
      northwind.close();
    }
  });

  it('ends a stream at sign-out and at session expiry, and refuses one without the permission', async () => {
    const path = `/api/v1/practices/${d.world.practices.a}/monitor/events`;
    d.world.clock.advance(120_000); // a TOTP step not used yet
    const session = await signInAs(d.world, d.world.users.technician);
    const events = await stream(session, path);
    await events.next('ready');
    const out = await d.world.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: as(session) });
    expect(out.statusCode).toBe(200);
    expect(await events.next('end')).toEqual({ reason: 'signed_out' });
    await expect.poll(() => events.ended).toBe(true);

    const idle = await stream(d.s.auditor, path);
    await idle.next('ready');
    d.world.clock.advance(16 * 60_000); // past the 15-minute idle timeout
    expect(await idle.next('end')).toEqual({ reason: 'signed_out' });
    d.world.clock.advance(-16 * 60_000);

    const refused = await fetch(`${url}${path}`, { headers: as(d.s.staff) });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/application\/json/);
    expect((await fetch(`${url}${path}`)).status).toBe(401);
  });

  it('counts a flapping check among the worst, whatever its state, with the practice’s flapping count', async () => {
    const { a } = d.world.practices;
    // Website is up now (the stream tests above left it so); flapping, it joins the worst checks
    // after those down and before those degraded.
    await writer.query('update monitor_checks set flapping = true, flapping_since = $1 where id = $2', [
      '2026-12-01T10:00:00Z',
      ids.Website,
    ]);
    try {
      const [alder] = (await overview(d.s.msp)).practices;
      expect(alder?.flapping).toBe(1);
      expect(alder?.worstChecks.map((c) => [c.name, c.state, c.flapping])).toEqual([
        ['EHR portal', 'down', false],
        ['Router', 'down', false],
        ['File server', 'down', false],
        ['Website', 'up', true],
        ['Printer', 'degraded', false],
      ]);
      const status = (await get(d.s.auditor, `/api/v1/practices/${a}/monitor/status`)).json() as PracticeStatus;
      expect(status.flapping).toBe(1);
      expect(status.worstChecks.find((c) => c.name === 'Website')?.flapping).toBe(true);
    } finally {
      await writer.query('update monitor_checks set flapping = false, flapping_since = null where id = $1', [
        ids.Website,
      ]);
    }
    expect((await overview(d.s.msp)).practices[0]?.flapping).toBe(0);
  });

  it('gives a check’s uptime per UTC day for 90 days, maintenance days marked and left out, and per period', async () => {
    const { a } = d.world.practices;
    const check = ids['EHR portal']!;
    const path = `/api/v1/practices/${a}/monitor/checks/${check}/uptime-days`;
    // Daily rollups of 2026-11-30 (3 of 4) and 2026-12-01 (2 of 2) are there from the status page
    // test; an hour of today too (9 of 10 good), which the 24-hour and 7-day figures read.
    await writer.query(
      `insert into monitor_rollups (practice_id, check_id, grain, starts_at, runs, up, degraded, latency_count,
         latency_sum_ms, latency_buckets)
       values ($1, $2, 'hour', '2026-12-01T09:00:00Z', 10, 9, 0, 0, 0, '{}')`,
      [a, check],
    );
    // A window across UTC midnight: both days are marked.
    const window = await d.world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${a}/monitor/checks/${check}/maintenance`,
      headers: as(d.s.msp),
      payload: { startsAt: '2026-11-29T23:00:00Z', endsAt: '2026-11-30T01:00:00Z', reason: 'Router firmware' },
    });
    expect(window.statusCode, window.body).toBe(201);
    const res = await get(d.s.auditor, path);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as UptimeDays;
    expect(body.days).toHaveLength(90);
    expect(body.days[0]).toEqual({ date: '2026-09-03', runs: 0, upRuns: 0, uptime: null, maintenance: false });
    expect(body.days.slice(-3)).toEqual([
      { date: '2026-11-29', runs: 0, upRuns: 0, uptime: null, maintenance: true },
      { date: '2026-11-30', runs: 4, upRuns: 3, uptime: 0.75, maintenance: true },
      { date: '2026-12-01', runs: 2, upRuns: 2, uptime: 1, maintenance: false },
    ]);
    expect(body.uptime['24h']).toBeCloseTo(0.9);
    expect(body.uptime['7d']).toBeCloseTo(0.9);
    expect(body.uptime['30d']).toBeCloseTo(5 / 6);
    expect(body.uptime['90d']).toBeCloseTo(5 / 6);

    // Another practice's check through this practice is not found; the practice is not found to
    // another organisation; staff may not read monitoring.
    expect((await get(d.s.msp, `/api/v1/practices/${a}/monitor/checks/${ids.Fax}/uptime-days`)).statusCode).toBe(404);
    expect((await get(d.s.other, path)).statusCode).toBe(404);
    expect((await get(d.s.staff, path)).statusCode).toBe(403);
  });

  it('expands maintenance windows into a period of local days, DST included, and refuses a bad or too long period', async () => {
    const calendar = (session: SignedIn, practiceId: string, query: string) =>
      get(session, `/api/v1/practices/${practiceId}/monitor/maintenance-calendar${query}`);
    // Dogwood is in America/New_York. Every Sunday at 02:30 for an hour, from 1 March 2026; on
    // 8 March the clocks go from 02:00 EST to 03:00 EDT, so 02:30 does not exist that day.
    const weekly = await d.world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${practiceD}/monitor/checks/${ids.Door}/maintenance`,
      headers: as(northSession),
      payload: {
        startsAt: '2026-03-01T02:30:00-05:00',
        endsAt: '2026-03-01T03:30:00-05:00',
        reason: 'Weekly patching',
        repeat: { every: 'week', weekdays: ['sun'], timeZone: 'America/New_York' },
      },
    });
    expect(weekly.statusCode, weekly.body).toBe(201);
    const res = await calendar(northSession, practiceD, '?from=2026-03-01&to=2026-03-22');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as MaintenanceCalendar;
    // Local midnight of 1 March is EST (UTC-5), of 22 March EDT (UTC-4).
    expect(body).toMatchObject({
      timeZone: 'America/New_York',
      from: '2026-03-01T05:00:00.000Z',
      to: '2026-03-22T04:00:00.000Z',
    });
    expect(body.occurrences.map((o) => [o.startsAt, o.endsAt])).toEqual([
      // 02:30 EST = 07:30 UTC.
      ['2026-03-01T07:30:00.000Z', '2026-03-01T08:30:00.000Z'],
      // 02:30 is skipped: the start moves later by the hour's gap, to 03:30 EDT = 07:30 UTC.
      ['2026-03-08T07:30:00.000Z', '2026-03-08T08:30:00.000Z'],
      // 02:30 EDT = 06:30 UTC.
      ['2026-03-15T06:30:00.000Z', '2026-03-15T07:30:00.000Z'],
    ]);
    expect(body.occurrences[0]).toMatchObject({
      checkId: ids.Door,
      checkName: 'Door system',
      reason: 'Weekly patching',
      repeats: true,
    });
    // Another practice's calendar is not found; Harbor's practices do not see Dogwood's windows.
    expect((await calendar(d.s.msp, practiceD, '?from=2026-03-01&to=2026-03-22')).statusCode).toBe(404);
    const alder = await calendar(d.s.msp, d.world.practices.a, '?from=2026-03-01&to=2026-03-22');
    expect((alder.json() as MaintenanceCalendar).occurrences).toEqual([]);

    for (const [query, path] of [
      ['?from=2026-03-01&to=2026-05-01', 'query.to'], // over 42 days
      ['?from=2026-03-22&to=2026-03-01', 'query.to'], // backwards
      ['?from=2026-03-01&to=2026-03-01', 'query.to'], // empty
      ['?from=March&to=2026-03-22', 'query.from'],
      ['?from=2026-03-01', 'query.to'],
    ] as const) {
      const bad = await calendar(northSession, practiceD, query);
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json().error.details.map((x: { path: string }) => x.path)).toContain(path);
    }
  });
});
