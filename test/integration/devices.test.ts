/**
 * The device inventory on both engines: access by role, bad input naming the field, the serial's
 * 409, facts with their source and time, the risk views (each device's views hand-derived from
 * its facts and the world's clock), counts, export, keyset pages, the CSV import's preview
 * (errors by line and column) and its apply (all or nothing, only the preview shown), and a
 * device's history from the audit log.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Device, ImportPreview, RiskCounts } from '../../src/assets/schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

describeEachEngine('device inventory', (db) => {
  let world: World;
  let msp: SignedIn;
  let admin: SignedIn;
  let staff: SignedIn;
  let auditor: SignedIn;
  let other: SignedIn;
  let base: string;
  /** Fixed for the suite: risk views are computed against it. */
  const now = new Date('2026-12-01T10:00:00Z');
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

  const call = (session: SignedIn, method: Method, url: string, payload?: object) =>
    world.app.inject({ method, url: `${base}${url}`, headers: as(session), ...(payload ? { payload } : {}) });
  const ok = async <T>(session: SignedIn, method: Method, url: string, payload?: object) => {
    const res = await call(session, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  const paths = (res: { json: () => unknown }) =>
    (res.json() as { error: { details?: { path: string }[] } }).error.details?.map((d) => d.path) ?? [];
  const names = (devices: Device[]) => devices.map((d) => d.name).sort();

  const created: Record<string, Device> = {};

  beforeAll(async () => {
    world = await buildWorld(db());
    world.clock.set(new Date(now.getTime() - 600_000));
    msp = await signInAs(world, world.users.mspAdmin);
    admin = await signInAs(world, world.users.practiceAdmin);
    staff = await signInAs(world, world.users.staff);
    auditor = await signInAs(world, world.users.auditor);
    other = await signInAs(world, world.users.otherAdmin);
    world.clock.set(now);
    base = `/api/v1/practices/${world.practices.a}`;
    const devices = [
      {
        name: 'RECEPTION-01',
        kind: 'workstation',
        serial: 'SN-A',
        storesPatientData: true,
        diskEncryption: 'no',
        endpointProtection: 'yes',
        os: 'Windows 11 Pro',
      },
      {
        name: 'DR-LAPTOP',
        kind: 'laptop',
        serial: 'SN-B',
        storesPatientData: true,
        os: 'Windows 10 Pro',
        osVersion: '22H2',
        lastSeenAt: daysAgo(45),
      },
      { name: 'EMR-SERVER', kind: 'server', diskEncryption: 'yes', endpointProtection: 'yes', endOfLife: '2027-06-30' },
      {
        name: 'Wristband printer',
        kind: 'label_printer',
        serial: 'SN-D',
        endpointProtection: 'no',
        lastSeenAt: daysAgo(10),
        endOfLife: '2028-01-01',
      },
      {
        name: 'XRAY-PC',
        kind: 'workstation',
        serial: 'SN-E',
        storesPatientData: true,
        diskEncryption: 'yes',
        endpointProtection: 'yes',
        os: 'Windows 10 Enterprise LTSC 2021',
      },
    ];
    for (const body of devices) created[body.name] = await ok<Device>(admin, 'POST', '/devices', body);
  });

  it('lets every member read and only administrators, IT and the MSP write; other practices see nothing', async () => {
    const body = { name: 'Tablet 1', kind: 'tablet' };
    expect((await call(staff, 'POST', '/devices', body)).statusCode).toBe(403);
    expect((await call(auditor, 'POST', '/devices', body)).statusCode).toBe(403);
    expect((await call(staff, 'GET', '/devices')).statusCode).toBe(200);
    const seen = await ok<Device>(auditor, 'GET', `/devices/${created['RECEPTION-01']!.id}`);
    // Whether a device holds patient data is for everyone who can see the device.
    expect(seen.storesPatientData).toBe(true);
    expect((await call(other, 'GET', '/devices')).statusCode).toBe(404);
    const elsewhere = await world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${world.practices.b}/devices/${created['RECEPTION-01']!.id}`,
      headers: as(msp),
    });
    expect(elsewhere.statusCode).toBe(404);
    const tablet = await ok<Device>(msp, 'POST', '/devices', body);
    expect((await call(staff, 'DELETE', `/devices/${tablet.id}`)).statusCode).toBe(403);
    expect((await call(msp, 'DELETE', `/devices/${tablet.id}`)).statusCode).toBe(204);
    expect((await call(msp, 'GET', `/devices/${tablet.id}`)).statusCode).toBe(404);
  });

  it('refuses bad input naming the field, and a serial already used with a 409', async () => {
    const cases: [object, string][] = [
      [{ name: 'x', kind: 'toaster' }, 'body.kind'],
      [{ name: '', kind: 'fax' }, 'body.name'],
      [{ name: 'x', kind: 'fax', purchaseDate: '2026-13-01' }, 'body.purchaseDate'],
      [{ name: 'x', kind: 'fax', serial: 'A\nB' }, 'body.serial'],
      [{ name: 'x', kind: 'fax', diskEncryption: 'maybe' }, 'body.diskEncryption'],
      [{ name: 'x', kind: 'fax', activity: 'Not An Id' }, 'body.activity'],
      [{ name: 'x', kind: 'fax', lastSeenAt: 'yesterday' }, 'body.lastSeenAt'],
      [{ name: 'x', kind: 'fax', colour: 'beige' }, 'body'],
    ];
    for (const [body, path] of cases) {
      const res = await call(admin, 'POST', '/devices', body);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(
        paths(res).some((p) => p.startsWith(path)),
        res.body,
      ).toBe(true);
    }
    const dup = await call(admin, 'POST', '/devices', { name: 'Copy', kind: 'fax', serial: 'SN-A' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details).toEqual([
      { path: 'body.serial', message: 'SN-A is already the serial of another device' },
    ]);
    const taken = await call(admin, 'PATCH', `/devices/${created['DR-LAPTOP']!.id}`, { serial: 'SN-A' });
    expect(taken.statusCode).toBe(409);
    expect((await call(admin, 'PATCH', `/devices/${created['DR-LAPTOP']!.id}`, {})).statusCode).toBe(400);
  });

  it('records each fact’s source and time; an edit moves only the facts it changes', async () => {
    const laptop = created['DR-LAPTOP']!;
    expect(laptop.sources.os).toEqual({ source: 'manual', at: now.toISOString() });
    expect(laptop.sources.room).toBeUndefined();
    expect(laptop.osSupportEnds).toBe('2025-10-14');
    world.clock.set(new Date(now.getTime() + 60_000));
    const edited = await ok<Device>(admin, 'PATCH', `/devices/${laptop.id}`, { room: 'Exam 2', os: 'Windows 10 Pro' });
    world.clock.set(now);
    expect(edited.room).toBe('Exam 2');
    expect(edited.sources.room).toEqual({ source: 'manual', at: new Date(now.getTime() + 60_000).toISOString() });
    // The OS was given again unchanged: its fact keeps its first time.
    expect(edited.sources.os).toEqual({ source: 'manual', at: now.toISOString() });
    const history = await ok<{ entries: { action: string; details: Record<string, unknown> }[] }>(
      auditor,
      'GET',
      `/devices/${laptop.id}/history`,
    );
    expect(history.entries.map((e) => e.action)).toEqual(['device.updated', 'device.created']);
    expect(history.entries[0]!.details.changes).toEqual({ room: { before: null, after: 'Exam 2' } });
  });

  it('puts each device in the risk views its facts call for, counts them in one reply, and exports a view', async () => {
    const risksOf = async (name: string) => (await ok<Device>(staff, 'GET', `/devices/${created[name]!.id}`)).risks;
    expect(await risksOf('RECEPTION-01')).toEqual(['unencrypted_phi']);
    expect(await risksOf('DR-LAPTOP')).toEqual([
      'unencrypted_phi',
      'unsupported_os',
      'not_seen',
      'no_endpoint_protection',
    ]);
    expect(await risksOf('EMR-SERVER')).toEqual(['end_of_life']);
    expect(await risksOf('Wristband printer')).toEqual([]);
    expect(await risksOf('XRAY-PC')).toEqual([]);

    const counts = await ok<RiskCounts>(staff, 'GET', '/devices/risks');
    expect(counts).toEqual({
      total: 5,
      notSeenDays: 30,
      counts: { unencrypted_phi: 2, end_of_life: 1, unsupported_os: 1, not_seen: 1, no_endpoint_protection: 1 },
    });
    const shorter = await ok<RiskCounts>(staff, 'GET', '/devices/risks?notSeenDays=5');
    expect(shorter.counts.not_seen).toBe(2);

    const view = await ok<{ devices: Device[] }>(staff, 'GET', '/devices?risk=unencrypted_phi');
    expect(names(view.devices)).toEqual(['DR-LAPTOP', 'RECEPTION-01']);
    const notSeen = await ok<{ devices: Device[] }>(staff, 'GET', '/devices?risk=not_seen&notSeenDays=5');
    expect(names(notSeen.devices)).toEqual(['DR-LAPTOP', 'Wristband printer']);
    const workstations = await ok<{ devices: Device[] }>(staff, 'GET', '/devices?kind=workstation');
    expect(names(workstations.devices)).toEqual(['RECEPTION-01', 'XRAY-PC']);
    expect(paths(await call(staff, 'GET', '/devices?risk=everything'))).toEqual(['query.risk']);

    const csv = await call(auditor, 'GET', '/devices.csv?risk=unencrypted_phi');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('kind,name,site,room,owner,activity,')).toBe(true);
    expect(lines).toHaveLength(3);
    expect(lines.some((l) => l.startsWith('laptop,DR-LAPTOP,,Exam 2,'))).toBe(true);
  });

  it('pages the list by keyset, newest first, each device once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { devices: Device[]; next: string | null } = await ok(
        staff,
        'GET',
        `/devices?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.devices.map((d) => d.id));
      cursor = page.next;
    } while (cursor);
    // All five were created at one instant (the clock stood still): the id orders them.
    const all = Object.values(created).map((d) => d.id);
    expect(seen).toEqual([...all].sort().reverse());
  });

  it('previews an import with creates, updates, unchanged rows and errors by line and column, then applies it whole', async () => {
    const before = await ok<RiskCounts>(staff, 'GET', '/devices/risks');
    const header = 'Hostname,Serial Number,Device Type,Operating System,BitLocker,Last Seen,Manufacturer,Notes';
    const good = [
      'RECEPTION-01,SN-A,Desktop,Windows 11 Pro,Enabled,,,front desk',
      'FRONT-02,SN-NEW,Desktop,Windows 10 Pro,Disabled,11/20/2026 3:30 PM,Dell,',
      'emr-server,,Server,,,,,',
    ];
    const bad = ['BAD-01,,Toaster,,maybe,yesterday,,', 'DUP,SN-NEW,Laptop,,,,,'];
    const preview = await ok<ImportPreview>(admin, 'POST', '/devices/import', {
      csv: [header, ...good, ...bad].join('\r\n'),
    });
    expect(preview.applied).toBe(false);
    expect(preview.summary).toEqual({ create: 1, update: 1, unchanged: 1, error: 2 });
    expect(preview.ignoredColumns).toEqual(['Notes']);
    expect(preview.columns).toMatchObject({
      name: 'Hostname',
      serial: 'Serial Number',
      kind: 'Device Type',
      diskEncryption: 'BitLocker',
    });
    expect(preview.rows.map((r) => [r.line, r.action, r.matchedBy, r.changes])).toEqual([
      [2, 'update', 'serial', ['diskEncryption']],
      [3, 'create', null, ['kind', 'name', 'vendor', 'serial', 'os', 'diskEncryption', 'lastSeenAt']],
      [5, 'error', null, []],
      [6, 'error', null, []],
    ]);
    expect(preview.rows[2]!.errors.map((e) => e.column)).toEqual(['Device Type', 'BitLocker', 'Last Seen']);
    expect(preview.rows[2]!.errors[0]!.message).toContain('Toaster');
    expect(preview.rows[3]!.errors).toEqual([{ column: 'Serial Number', message: 'repeats the serial of line 3' }]);

    // With errors nothing is applied.
    const refused = await call(admin, 'POST', '/devices/import', {
      csv: [header, ...good, ...bad].join('\r\n'),
      apply: true,
      previewHash: preview.previewHash,
    });
    expect(refused.statusCode).toBe(400);
    expect(paths(refused)).toContain('body.csv.line.5');
    expect(await ok<RiskCounts>(staff, 'GET', '/devices/risks')).toEqual(before);

    const csv = [header, ...good].join('\r\n');
    const clean = await ok<ImportPreview>(admin, 'POST', '/devices/import', { csv });
    expect(clean.summary).toEqual({ create: 1, update: 1, unchanged: 1, error: 0 });
    const noHash = await call(admin, 'POST', '/devices/import', { csv, apply: true });
    expect(paths(noHash)).toEqual(['body.previewHash']);
    expect((await call(staff, 'POST', '/devices/import', { csv })).statusCode).toBe(403);
    const applied = await ok<ImportPreview>(admin, 'POST', '/devices/import', {
      csv,
      apply: true,
      previewHash: clean.previewHash,
    });
    expect(applied).toMatchObject({ applied: true, summary: clean.summary });

    const reception = await ok<Device>(staff, 'GET', `/devices/${created['RECEPTION-01']!.id}`);
    expect(reception.diskEncryption).toBe('yes');
    expect(reception.sources.diskEncryption).toEqual({ source: 'csv', at: now.toISOString() });
    expect(reception.sources.os).toEqual({ source: 'manual', at: now.toISOString() });
    expect(reception.risks).toEqual([]);
    const front = (await ok<{ devices: Device[] }>(staff, 'GET', '/devices?kind=workstation')).devices.find(
      (d) => d.name === 'FRONT-02',
    )!;
    expect(front).toMatchObject({
      serial: 'SN-NEW',
      vendor: 'Dell',
      lastSeenAt: '2026-11-20T15:30:00.000Z',
      osSupportEnds: '2025-10-14',
      diskEncryption: 'no',
      endpointProtection: 'unknown',
      storesPatientData: false,
    });
    const history = await ok<{ entries: { action: string; details: Record<string, unknown> }[] }>(
      staff,
      'GET',
      `/devices/${reception.id}/history`,
    );
    expect(history.entries[0]).toMatchObject({
      action: 'device.import_applied',
      details: { action: 'updated', changes: { diskEncryption: { before: 'no', after: 'yes' } } },
    });

    // The same file again changes nothing.
    const again = await ok<ImportPreview>(admin, 'POST', '/devices/import', { csv });
    expect(again.summary).toEqual({ create: 0, update: 0, unchanged: 3, error: 0 });
  });

  it('refuses to apply a preview the inventory has moved past, and a file it cannot read', async () => {
    const csv = 'Name,Serial,OS\nXRAY-PC,SN-E,Windows 11 Enterprise\n';
    const preview = await ok<ImportPreview>(admin, 'POST', '/devices/import', { csv });
    expect(preview.summary.update).toBe(1);
    await ok(admin, 'PATCH', `/devices/${created['XRAY-PC']!.id}`, { os: 'Windows 11 Enterprise' });
    const stale = await call(admin, 'POST', '/devices/import', { csv, apply: true, previewHash: preview.previewHash });
    expect(stale.statusCode).toBe(409);
    expect(paths(stale)).toEqual(['body.previewHash']);

    for (const bad of ['Colour,Size\nbeige,large\n', 'Name,Hostname\na,b\n', 'Name\n"unclosed\n']) {
      const res = await call(admin, 'POST', '/devices/import', { csv: bad });
      expect(res.statusCode, bad).toBe(400);
      expect(paths(res)).toEqual(['body.csv']);
    }
  });
});
