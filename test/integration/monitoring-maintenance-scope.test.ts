/**
 * Maintenance windows on a device or a site (issue 19, item 6), on both engines: a site's window
 * keeps the checks of its devices in maintenance (no incident, the runs left out of uptime) while a
 * check at another site still alerts; a device's window likewise; the calendar names each scope;
 * windows of every scope are deleted by the practice-level route; bad scopes are refused naming the
 * field, another practice's device or window is a 404; the writes are audited. A check's list
 * shows its device's and site's windows with its own. Sites match however case, spacing and
 * accents (composed or not) are typed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobType } from '../../src/core/jobs/job-type.ts';
import type { Device } from '../../src/assets/schema.ts';
import type { Check, CreatedCheck, Maintenance, MaintenanceCalendar } from '../../src/monitor/schema.ts';
import type { RunDeps } from '../../src/monitor/run-check.ts';
import { runDue } from '../../src/monitor/scheduler.ts';
import { deliverWebhook } from '../../src/webhooks/delivery.ts';
import { describeEachEngine } from '../support/databases.ts';
import { MonitoredSite } from '../support/monitored-site.ts';
import { buildNoticeWorld, monitoringReady, type NoticeWorld } from '../support/notice-harness.ts';
import { as, signInAs, type SignedIn, type World } from '../support/world.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

describeEachEngine('maintenance windows on a device or a site', (db, _engine, postgresUrl) => {
  let harness: NoticeWorld;
  let world: World;
  let msp: SignedIn;
  let admin: SignedIn;
  let staff: SignedIn;
  let site: MonitoredSite;
  let deps: RunDeps;
  const t0 = Date.parse('2026-12-01T10:00:00Z');

  const call = (who: SignedIn, method: Method, url: string, payload?: object, practice = world.practices.a) =>
    world.app.inject({
      method,
      url: `/api/v1/practices/${practice}${url}`,
      headers: as(who),
      ...(payload ? { payload } : {}),
    });
  const ok = async <T>(who: SignedIn, method: Method, url: string, payload?: object, practice?: string) => {
    const res = await call(who, method, url, payload, practice);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  const paths = (res: { json: () => unknown }) =>
    (res.json() as { error: { details?: { path: string }[] } }).error.details?.map((d) => d.path) ?? [];
  const runAt = async (seconds: number) => {
    world.clock.set(new Date(t0 + seconds * 1000));
    return runDue(deps, 'test-worker');
  };
  const check = (id: string) => ok<Check>(msp, 'GET', `/monitor/checks/${id}`);
  const device = (name: string, deviceSite: string | null, practice?: string) =>
    ok<Device>(msp, 'POST', '/devices', { name, kind: 'workstation', site: deviceSite }, practice);
  const httpCheck = async (name: string, deviceId: string) =>
    (
      await ok<CreatedCheck>(msp, 'POST', '/monitor/checks', {
        name,
        probe: { kind: 'http', url: site.url, expectedStatus: 200 },
        activity: 'edr',
        allowPrivateTargets: true,
        failureThreshold: 1,
        recoveryThreshold: 1,
        deviceId,
      })
    ).check;
  const window = (scope: object, reason = 'Server patching') => ({
    startsAt: new Date(t0 + 1050_000).toISOString(),
    endsAt: new Date(t0 + 1200_000).toISOString(),
    reason,
    scope,
  });
  const calendar = () =>
    ok<MaintenanceCalendar>(msp, 'GET', '/monitor/maintenance-calendar?from=2026-11-30&to=2026-12-03');

  beforeAll(async () => {
    const extra = { types: [deliverWebhook as JobType<unknown>], workers: () => [] };
    harness = await buildNoticeWorld(db(), postgresUrl(), { smtp: false, extra });
    world = harness.world;
    site = await MonitoredSite.start();
    world.clock.set(new Date(t0));
    msp = await signInAs(world, world.users.mspAdmin);
    admin = await signInAs(world, world.users.practiceAdmin);
    staff = await signInAs(world, world.users.staff);
    deps = await monitoringReady(harness, db(), { admin, msp });
  });

  afterAll(async () => {
    await site?.close();
    await harness?.stop();
  });

  it('keeps the checks of a site and of a device in maintenance while a check elsewhere alerts, and deletes each window', async () => {
    world.clock.set(new Date(t0 + 900_000));
    const ehr = await device('EHR server', 'Main St');
    const reception = await device('Reception PC', 'Elm St');
    const router = await device('Elm router', 'Elm St');
    const atMain = await httpCheck('EHR web', ehr.id);
    const atElm = await httpCheck('Reception portal', reception.id);
    const onRouter = await httpCheck('Router admin', router.id);
    await runAt(1000);
    const siteWindow = await ok<Maintenance>(msp, 'POST', '/monitor/maintenance', window({ site: 'Main St' }));
    expect(siteWindow).toMatchObject({ checkId: null, scope: { kind: 'site', id: 'Main St', name: 'Main St' } });
    const deviceWindow = await ok<Maintenance>(msp, 'POST', '/monitor/maintenance', window({ deviceId: router.id }));
    expect(deviceWindow.scope).toEqual({ kind: 'device', id: router.id, name: 'Elm router' });
    const checkWindow = await ok<Maintenance>(msp, 'POST', '/monitor/maintenance', window({ checkId: atElm.id }));
    expect(checkWindow).toMatchObject({ checkId: atElm.id, scope: { kind: 'check', name: 'Reception portal' } });
    // The check's own window is one of its windows on the per-check route too; then it goes again.
    const own = await ok<{ windows: Maintenance[] }>(msp, 'GET', `/monitor/checks/${atElm.id}/maintenance`);
    expect(own.windows.map((w) => w.id)).toEqual([checkWindow.id]);
    expect((await call(msp, 'DELETE', `/monitor/maintenance/${checkWindow.id}`)).statusCode).toBe(204);

    site.status = 500;
    await runAt(1070);
    await runAt(1140);
    for (const id of [atMain.id, onRouter.id])
      expect(await check(id)).toMatchObject({ state: 'maintenance', incidentTicketId: null, uptime24h: 1 });
    const elsewhere = await check(atElm.id);
    expect(elsewhere.state).toBe('down');
    expect(elsewhere.incidentTicketId).not.toBeNull();
    expect(elsewhere.uptime24h).toBeLessThan(1);
    const results = await ok<{ results: { inMaintenance: boolean }[] }>(
      msp,
      'GET',
      `/monitor/checks/${atMain.id}/results`,
    );
    expect(results.results.map((r) => r.inMaintenance)).toEqual([true, true, false]);

    const { occurrences, sites } = await calendar();
    expect(sites).toEqual(['Elm St', 'Main St']);
    expect(occurrences.map((o) => ({ windowId: o.windowId, scope: o.scope, checkId: o.checkId }))).toEqual(
      expect.arrayContaining([
        { windowId: siteWindow.id, scope: siteWindow.scope, checkId: null },
        { windowId: deviceWindow.id, scope: deviceWindow.scope, checkId: null },
      ]),
    );
    expect(occurrences).toHaveLength(2);

    for (const w of [siteWindow, deviceWindow])
      expect((await call(msp, 'DELETE', `/monitor/maintenance/${w.id}`)).statusCode).toBe(204);
    expect((await call(msp, 'DELETE', `/monitor/maintenance/${siteWindow.id}`)).statusCode).toBe(404);
    expect((await calendar()).occurrences).toEqual([]);

    type Entry = { targetType: string; targetId: string; details: { windowId: string; scope: { kind: string } } };
    const audited = async (action: string) =>
      (await ok<{ entries: Entry[] }>(msp, 'GET', `/audit?action=${action}`)).entries.map((e) => ({
        targetType: e.targetType,
        targetId: e.targetId,
        windowId: e.details.windowId,
        kind: e.details.scope.kind,
      }));
    const expected = [
      { targetType: 'monitor_maintenance', targetId: siteWindow.id, windowId: siteWindow.id, kind: 'site' },
      { targetType: 'monitor_maintenance', targetId: deviceWindow.id, windowId: deviceWindow.id, kind: 'device' },
      { targetType: 'monitor_check', targetId: atElm.id, windowId: checkWindow.id, kind: 'check' },
    ];
    expect(await audited('monitor.maintenance_added')).toEqual(expect.arrayContaining(expected));
    expect(await audited('monitor.maintenance_removed')).toEqual(expect.arrayContaining(expected));
    site.status = 200;
    for (const c of [atMain, atElm, onRouter]) await ok(msp, 'PATCH', `/monitor/checks/${c.id}`, { paused: true });
  });

  it('lists on a check’s page every window that applies to it, each with its scope and whether it is on now', async () => {
    world.clock.set(new Date(t0 + 900_000));
    const front = await device('Front desk PC', 'Harbour Rd');
    const back = await device('Back office PC', 'Quay St');
    const portal = await httpCheck('Front portal', front.id);
    const sibling = await httpCheck('Front printer', front.id);
    const elsewhere = await httpCheck('Back portal', back.id);
    // On now: started a minute ago.
    const onNow = { startsAt: new Date(t0 + 840_000).toISOString(), endsAt: new Date(t0 + 1200_000).toISOString() };
    const own = await ok<Maintenance>(msp, 'POST', '/monitor/maintenance', window({ checkId: portal.id }, 'Own'));
    const ofDevice = await ok<Maintenance>(msp, 'POST', '/monitor/maintenance', {
      ...window({ deviceId: front.id }, 'Device'),
      ...onNow,
    });
    const ofSite = await ok<Maintenance>(msp, 'POST', '/monitor/maintenance', window({ site: 'Harbour Rd' }, 'Site'));
    const others = [
      await ok<Maintenance>(msp, 'POST', '/monitor/maintenance', window({ checkId: sibling.id }, 'Sibling')),
      await ok<Maintenance>(msp, 'POST', '/monitor/maintenance', window({ deviceId: back.id }, 'Back device')),
      await ok<Maintenance>(msp, 'POST', '/monitor/maintenance', window({ site: 'Quay St' }, 'Other site')),
    ];
    type Page = { windows: Maintenance[]; next: string | null };
    const listed = await ok<Page>(msp, 'GET', `/monitor/checks/${portal.id}/maintenance`);
    // The others' windows are not there (all made at the same test-clock instant, so compared as a set).
    expect(listed.windows.map((w) => ({ id: w.id, scope: w.scope, active: w.active, checkId: w.checkId }))).toEqual(
      expect.arrayContaining([
        { id: ofSite.id, scope: { kind: 'site', id: 'Harbour Rd', name: 'Harbour Rd' }, active: false, checkId: null },
        {
          id: ofDevice.id,
          scope: { kind: 'device', id: front.id, name: 'Front desk PC' },
          active: true,
          checkId: null,
        },
        {
          id: own.id,
          scope: { kind: 'check', id: portal.id, name: 'Front portal' },
          active: false,
          checkId: portal.id,
        },
      ]),
    );
    expect(listed.windows).toHaveLength(3);
    expect(listed.next).toBeNull();
    // Two pages of two and one, nothing repeated.
    const first = await ok<Page>(msp, 'GET', `/monitor/checks/${portal.id}/maintenance?limit=2`);
    const second = await ok<Page>(
      msp,
      'GET',
      `/monitor/checks/${portal.id}/maintenance?limit=2&cursor=${encodeURIComponent(first.next!)}`,
    );
    expect([...first.windows, ...second.windows].map((w) => w.id)).toEqual(listed.windows.map((w) => w.id));
    expect(second.next).toBeNull();
    // The sibling on the same device shares the device's and site's windows, with its own; the
    // check elsewhere has only its device's and site's.
    const ids = async (checkId: string) =>
      (await ok<Page>(msp, 'GET', `/monitor/checks/${checkId}/maintenance`)).windows.map((w) => w.reason).sort();
    expect(await ids(sibling.id)).toEqual(['Device', 'Sibling', 'Site']);
    expect(await ids(elsewhere.id)).toEqual(['Back device', 'Other site']);
    // The per-check DELETE still removes only the check's own; the practice's removes any.
    expect((await call(msp, 'DELETE', `/monitor/checks/${portal.id}/maintenance/${ofSite.id}`)).statusCode).toBe(404);
    for (const w of [own, ofDevice, ofSite, ...others])
      expect((await call(msp, 'DELETE', `/monitor/maintenance/${w.id}`)).statusCode).toBe(204);
    for (const c of [portal, sibling, elsewhere]) await ok(msp, 'PATCH', `/monitor/checks/${c.id}`, { paused: true });
  });

  it('refuses bad scopes naming the field, another practice’s device or window, and callers without the permission', async () => {
    world.clock.set(new Date(t0 + 900_000));
    msp = await signInAs(world, world.users.mspAdmin);
    const mine = await device('Lab PC', 'Lab');
    const made = await httpCheck('Lab portal', mine.id);
    const theirs = await device('Other PC', 'North', world.practices.b);
    const post = (body: object) => call(msp, 'POST', '/monitor/maintenance', body);
    const refused: [object, string][] = [
      [window({ checkId: made.id, site: 'Lab' }), 'body.scope'],
      [window({}), 'body.scope'],
      [{ ...window({}), scope: undefined }, 'body.scope'],
      [window({ site: 'Nowhere' }), 'body.scope.site'],
      [window({ site: 'Lab', room: 'x' }), 'body.scope'],
      [{ ...window({ site: 'Lab' }), endsAt: window({}).startsAt }, 'body.endsAt'],
    ];
    for (const [body, path] of refused) {
      const res = await post(body);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(paths(res)).toContain(path);
    }
    const nobody = '00000000-0000-4000-8000-000000000000';
    for (const scope of [{ deviceId: theirs.id }, { deviceId: nobody }, { checkId: nobody }])
      expect((await post(window(scope))).statusCode).toBe(404);
    expect((await call(staff, 'POST', '/monitor/maintenance', window({ site: 'Lab' }))).statusCode).toBe(403);

    const other = await ok<Maintenance>(
      msp,
      'POST',
      '/monitor/maintenance',
      window({ site: 'North' }),
      world.practices.b,
    );
    expect((await call(msp, 'DELETE', `/monitor/maintenance/${other.id}`)).statusCode).toBe(404);
    const lab = await ok<Maintenance>(msp, 'POST', '/monitor/maintenance', window({ deviceId: mine.id }));
    expect((await call(staff, 'DELETE', `/monitor/maintenance/${lab.id}`)).statusCode).toBe(403);
    expect(
      (await call(msp, 'DELETE', `/monitor/maintenance/${other.id}`, undefined, world.practices.b)).statusCode,
    ).toBe(204);
    // Deleting the device deletes its windows, as deleting a check deletes the check's.
    await ok(msp, 'PATCH', `/monitor/checks/${made.id}`, { paused: true });
    expect((await call(msp, 'DELETE', `/devices/${mine.id}`)).statusCode).toBe(204);
    expect((await call(msp, 'DELETE', `/monitor/maintenance/${lab.id}`)).statusCode).toBe(404);
  });

  it('matches a site however its case, spacing and accents are typed: windows, the sites offered, the check', async () => {
    world.clock.set(new Date(t0 + 2_000_000));
    msp = await signInAs(world, world.users.mspAdmin);
    const till = await device('Till 1', 'main st');
    await device('Till 2', 'main st');
    await device('Till 3', '  MAIN   ST ');
    await device('Zurich PC', 'ZÜRICH');
    // "Zürich" with the u and its umlaut typed as two code points (as some keyboards send it).
    const laptop = await device('Zurich laptop', 'Zu\u0308rich');
    await device('Zurich tablet', 'Zu\u0308rich');
    const street = await device('Street PC', 'Main Street');
    const atTill = await httpCheck('Till API', till.id);
    const atLaptop = await httpCheck('Laptop agent page', laptop.id);
    const atStreet = await httpCheck('Street portal', street.id);
    await runAt(2010);
    const between = {
      startsAt: new Date(t0 + 2_050_000).toISOString(),
      endsAt: new Date(t0 + 2_300_000).toISOString(),
    };
    const main = await ok<Maintenance>(msp, 'POST', '/monitor/maintenance', {
      ...window({ site: ' Main\tst ' }, 'Till swap'),
      ...between,
    });
    expect(main.scope).toEqual({ kind: 'site', id: 'Main\tst', name: 'Main\tst' });
    const zurich = await ok<Maintenance>(msp, 'POST', '/monitor/maintenance', {
      ...window({ site: 'ZÜRICH' }, 'Move'),
      ...between,
    });
    // No umlaut is another site, which no device is at.
    const plain = await call(msp, 'POST', '/monitor/maintenance', window({ site: 'Zurich' }));
    expect(plain.statusCode).toBe(400);
    expect(paths(plain)).toEqual(['body.scope.site']);

    site.status = 500;
    await runAt(2100);
    await runAt(2200);
    for (const c of [atTill, atLaptop])
      expect(await check(c.id)).toMatchObject({ state: 'maintenance', incidentTicketId: null });
    expect((await check(atStreet.id)).state).toBe('down');
    // The windows that apply are on each check's list too.
    const reasons = async (checkId: string) =>
      (await ok<{ windows: Maintenance[] }>(msp, 'GET', `/monitor/checks/${checkId}/maintenance`)).windows.map(
        (w) => w.reason,
      );
    expect(await reasons(atTill.id)).toEqual(['Till swap']);
    expect(await reasons(atLaptop.id)).toEqual(['Move']);
    expect(await reasons(atStreet.id)).toEqual([]);

    // The sites offered: one per site, as most of its devices spell it.
    const fold = (x: string) => x.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
    const { sites } = await calendar();
    expect(sites.filter((x) => fold(x) === 'main st')).toEqual(['main st']);
    expect(sites.filter((x) => fold(x) === 'zürich')).toEqual(['Zu\u0308rich']);
    expect(sites).toContain('Main Street');
    expect(new Set(sites.map(fold)).size).toBe(sites.length);

    site.status = 200;
    for (const w of [main, zurich])
      expect((await call(msp, 'DELETE', `/monitor/maintenance/${w.id}`)).statusCode).toBe(204);
    for (const c of [atTill, atLaptop, atStreet]) await ok(msp, 'PATCH', `/monitor/checks/${c.id}`, { paused: true });
  });
});
