/**
 * The CSV import of checks on both engines: a preview with creates, updates, unchanged rows and
 * errors by line and column (unknown kind, bad URL, interval out of range, a name twice, a private
 * address, another practice's device), the apply (all or nothing, only the preview shown, 409 on
 * a stale hash, one audit entry, push URLs once), the file as text/csv, and the limits (empty
 * file, too many rows, a body past the limit).
 */
import { beforeAll, expect, it } from 'vitest';
import {
  checkImportTemplate,
  type Check,
  type CheckImportPreview,
  type CheckImportResult,
} from '../../src/monitor/schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

type Method = 'GET' | 'POST';

describeEachEngine('monitoring CSV import', (db) => {
  let world: World;
  let admin: SignedIn;
  let msp: SignedIn;
  let tech: SignedIn;
  let staff: SignedIn;
  let base: string;

  const call = (session: SignedIn, method: Method, url: string, payload?: object | string, type?: string) =>
    world.app.inject({
      method,
      url: `${base}${url}`,
      headers: { ...as(session), ...(type ? { 'content-type': type } : {}) },
      ...(payload !== undefined ? { payload } : {}),
    });
  const ok = async <T>(session: SignedIn, method: Method, url: string, payload?: object) => {
    const res = await call(session, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  const preview = (csv: string, session = admin) =>
    ok<CheckImportPreview>(session, 'POST', '/monitor/checks/import/preview', { csv });
  const checks = async () =>
    (await ok<{ checks: Check[] }>(admin, 'GET', '/monitor/checks?limit=100')).checks.sort((a, b) =>
      a.name.localeCompare(b.name),
    );
  const errorDetails = (res: { json: () => unknown }) =>
    (res.json() as { error: { code: string; details?: { path: string; message: string }[] } }).error;

  beforeAll(async () => {
    world = await buildWorld(db());
    admin = await signInAs(world, world.users.practiceAdmin);
    msp = await signInAs(world, world.users.mspAdmin);
    tech = await signInAs(world, world.users.technician);
    staff = await signInAs(world, world.users.staff);
    base = `/api/v1/practices/${world.practices.a}`;
    await ok(admin, 'POST', '/devices', { name: 'EMR-SERVER', kind: 'server', serial: 'SN-EMR' });
    // Practice B (the same MSP) has a device whose serial a row of practice A names: not a match.
    await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.b}/devices`,
      headers: as(msp),
      payload: { name: 'B-ONLY', kind: 'server', serial: 'SN-B-ONLY' },
    });
    await ok(admin, 'POST', '/monitor/checks', {
      name: 'Portal',
      probe: { kind: 'http', url: 'https://portal.example.com/' },
      activity: 'edr',
      intervalSeconds: 120,
    });
    await ok(admin, 'POST', '/monitor/checks', {
      name: 'Mail TLS',
      probe: { kind: 'tls', host: 'mail.example.com', port: 443 },
      activity: 'email',
    });
  });

  it('previews creates, updates, unchanged rows and errors by line and column, then applies it whole', async () => {
    const csv = [
      'Friendly Name,Type,URL,Hostname,Port,Interval,Activity,Device,Keyword,Site',
      'Website,http,https://www.example.com/,,,5m,web_hosting,,Welcome,Main office',
      'portal,,https://portal.example.com/login,,,,,,,', // updates "Portal": case-insensitive, empty cells keep
      'Mail TLS,tls,,mail.example.com,443,,email,,,', // unchanged
      'Firewall,tcp,,fw.example.com,8443,60,network,SN-EMR,,',
      'Backup heartbeat,push,,,,1h,backup,EMR-SERVER,,',
      'Zahnärztin Praxis – Röntgen ✓,dns,,xray.example.com,,,network,,,',
      'EMR agent,agent,,,,120,edr,sn-emr-typo,,',
      'Legacy,ping,,legacy.example.com,,,network,,,',
      'Bad URL,http,not a url,,,,web_hosting,,,',
      'Too often,http,https://x.example.com/,,,5,web_hosting,,,',
      'website,http,https://www2.example.com/,,,,web_hosting,,,',
      'Other practice device,tcp,,db.example.com,5432,,network,SN-B-ONLY,,',
      'Private,tcp,,10.0.0.5,22,,network,,,',
      'TLS keyword,tls,,tls.example.com,,,email,,nope,',
      'No activity,http,https://y.example.com/,,,,,,,',
    ].join('\n');
    const shown = await preview(csv);
    expect(shown.summary).toEqual({ create: 4, update: 1, unchanged: 1, error: 9 });
    expect(shown.ignoredColumns).toEqual(['Site']);
    expect(shown.columns).toMatchObject({ name: 'Friendly Name', kind: 'Type', target: 'URL', host: 'Hostname' });
    const byLine = new Map(shown.rows.map((r) => [r.line, r]));
    expect(byLine.get(2)).toMatchObject({ action: 'create', name: 'Website', kind: 'http' });
    expect(byLine.get(3)).toMatchObject({ action: 'update', name: 'portal', changes: ['target'] });
    expect(byLine.has(4)).toBe(false);
    expect(byLine.get(5)).toMatchObject({ action: 'create', kind: 'tcp' });
    expect(byLine.get(6)).toMatchObject({ action: 'create', kind: 'push' });
    expect(byLine.get(7)).toMatchObject({ action: 'create', name: 'Zahnärztin Praxis – Röntgen ✓', kind: 'dns' });
    const errorsOf = (line: number) => byLine.get(line)?.errors.map((e) => `${e.column}: ${e.message}`);
    expect(errorsOf(8)).toEqual(['Device: no device of this practice has this serial or name']);
    expect(errorsOf(9)?.[0]).toMatch(/^Type: ping is not a kind Tandem runs/);
    expect(errorsOf(10)).toEqual(['URL: must be an http or https URL']);
    // The single create refuses the same text naming the field (it was a 500: zod ran the
    // credentials check on a text that is no URL).
    const single = await call(admin, 'POST', '/monitor/checks', {
      name: 'Bad URL',
      probe: { kind: 'http', url: 'not a url' },
      activity: 'web_hosting',
    });
    expect(single.statusCode).toBe(400);
    expect(errorDetails(single).details?.map((d) => d.path)).toEqual(['body.probe.url']);
    expect(errorsOf(11)?.[0]).toMatch(/^Interval: /);
    expect(errorsOf(12)).toEqual(['Friendly Name: repeats the name of line 2']);
    expect(errorsOf(13)).toEqual(['Device: no device of this practice has this serial or name']);
    expect(errorsOf(14)).toEqual([
      'Hostname: 10.0.0.5 is a private or reserved address (allowPrivateTargets allows it)',
    ]);
    expect(errorsOf(15)).toEqual(['Keyword: does not apply to a tls check']);
    expect(errorsOf(16)).toEqual(['Activity: is needed to add a check']);

    // A file with errors is refused whole, naming the lines; nothing is written.
    const refused = await call(admin, 'POST', '/monitor/checks/import', { csv, previewHash: shown.previewHash });
    expect(refused.statusCode).toBe(400);
    expect(errorDetails(refused).details?.map((d) => d.path)).toContain('body.csv.line.9');
    expect((await checks()).map((c) => c.name)).toEqual(['Mail TLS', 'Portal']);

    // Without the error rows, the same file applies, once, exactly as previewed.
    const clean = csv.split('\n').slice(0, 7).join('\n');
    const cleanPreview = await preview(clean);
    expect(cleanPreview.summary).toEqual({ create: 4, update: 1, unchanged: 1, error: 0 });
    expect((await call(staff, 'POST', '/monitor/checks/import/preview', { csv: clean })).statusCode).toBe(403);
    const applied = await ok<CheckImportResult>(admin, 'POST', '/monitor/checks/import', {
      csv: clean,
      previewHash: cleanPreview.previewHash,
    });
    expect(applied.summary).toEqual(cleanPreview.summary);
    expect(applied.checks.map((c) => [c.line, c.action, c.name])).toEqual([
      [2, 'create', 'Website'],
      [3, 'update', 'Portal'],
      [5, 'create', 'Firewall'],
      [6, 'create', 'Backup heartbeat'],
      [7, 'create', 'Zahnärztin Praxis – Röntgen ✓'],
    ]);
    const heartbeat = applied.checks.find((c) => c.name === 'Backup heartbeat')!;
    expect(heartbeat.pushUrl).toMatch(/\/api\/v1\/monitor\/push\/[A-Za-z0-9_-]+$/);
    expect(applied.checks.filter((c) => c.pushUrl).length).toBe(1);
    const ping = await world.app.inject({ method: 'GET', url: new URL(heartbeat.pushUrl!).pathname });
    expect(ping.statusCode, ping.body).toBeLessThan(300);

    const now = await checks();
    const named = new Map(now.map((c) => [c.name, c]));
    expect(named.get('Website')).toMatchObject({
      probe: { kind: 'http', url: 'https://www.example.com/', keyword: 'Welcome', expectedStatus: 200 },
      intervalSeconds: 300,
      activity: 'web_hosting',
      failureThreshold: 2,
    });
    expect(named.get('Portal')).toMatchObject({
      probe: { url: 'https://portal.example.com/login' },
      intervalSeconds: 120,
      activity: 'edr',
    });
    const emr = (await ok<{ devices: { id: string; name: string }[] }>(admin, 'GET', '/devices')).devices.find(
      (d) => d.name === 'EMR-SERVER',
    )!;
    expect(named.get('Firewall')).toMatchObject({ probe: { host: 'fw.example.com', port: 8443 }, deviceId: emr.id });
    expect(named.get('Backup heartbeat')).toMatchObject({ intervalSeconds: 3600, deviceId: emr.id });
    expect(named.get('Zahnärztin Praxis – Röntgen ✓')!.probe).toEqual({
      kind: 'dns',
      name: 'xray.example.com',
      recordType: 'A',
      port: 53,
    });

    // One audit entry names every check the import touched.
    const audit = await ok<{ entries: { action: string; details: { checks: Record<string, { action: string }> } }[] }>(
      admin,
      'GET',
      '/audit?action=monitor.checks_imported',
    );
    expect(audit.entries).toHaveLength(1);
    expect(Object.keys(audit.entries[0]!.details.checks).sort()).toEqual(applied.checks.map((c) => c.checkId).sort());
    expect(JSON.stringify(audit.entries[0])).not.toContain(new URL(heartbeat.pushUrl!).pathname.split('/').pop());

    // The same file again changes nothing.
    expect((await preview(clean)).summary).toEqual({ create: 0, update: 0, unchanged: 6, error: 0 });
  });

  it('refuses a stale preview with 409 and writes nothing', async () => {
    const csv = 'name,kind,target,activity\nStale site,http,https://stale.example.com/,web_hosting\n';
    const shown = await preview(csv);
    // Someone adds a check of that name meanwhile: the import would now update, not create.
    await ok(admin, 'POST', '/monitor/checks', {
      name: 'Stale site',
      probe: { kind: 'http', url: 'https://other.example.com/' },
      activity: 'web_hosting',
    });
    const stale = await call(admin, 'POST', '/monitor/checks/import', { csv, previewHash: shown.previewHash });
    expect(stale.statusCode).toBe(409);
    expect(errorDetails(stale).details?.[0]?.path).toBe('body.previewHash');
    const after = (await checks()).filter((c) => c.name === 'Stale site');
    expect(after.map((c) => c.probe)).toEqual([expect.objectContaining({ url: 'https://other.example.com/' })]);
  });

  it('reads the file as text/csv, and keeps private targets to a signed-in administrator', async () => {
    const csv = 'Name,Type,Host,Port,Activity,Allow private targets\nNAS,tcp,192.168.1.20,445,backup,yes\n';
    const res = await call(tech, 'POST', '/monitor/checks/import/preview', csv, 'text/csv; charset=utf-8');
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as CheckImportPreview).rows[0]?.errors).toEqual([
      { column: 'Allow private targets', message: 'needs a signed-in practice administrator; API tokens cannot' },
    ]);
    const byAdmin = await call(admin, 'POST', '/monitor/checks/import/preview', csv, 'text/csv');
    const shown = byAdmin.json() as CheckImportPreview;
    expect(shown.summary.create).toBe(1);
    const applied = await ok<CheckImportResult>(admin, 'POST', '/monitor/checks/import', {
      csv,
      previewHash: shown.previewHash,
    });
    expect(applied.checks[0]?.pushUrl).toBeNull();
  });

  it('offers a template that previews without errors, a row of each kind', async () => {
    const shown = await preview(checkImportTemplate);
    expect(shown.summary).toEqual({ create: 6, update: 0, unchanged: 0, error: 0 });
    expect(shown.rows.map((r) => r.kind)).toEqual(['http', 'tcp', 'tls', 'dns', 'push', 'agent']);
  });

  it('refuses an empty file, a file without rows or a name column, too many rows and a body past the limit', async () => {
    const refusal = async (payload: object | string, type?: string) => {
      const res = await call(admin, 'POST', '/monitor/checks/import/preview', payload, type);
      return { status: res.statusCode, error: res.statusCode < 500 ? errorDetails(res) : undefined };
    };
    const empty = await refusal({ csv: '' });
    expect(empty.status).toBe(400);
    expect(empty.error?.details?.[0]?.path).toBe('body.csv');
    expect((await refusal({ csv: 'name,kind\n' })).error?.details?.[0]?.message).toMatch(/no rows below a header/);
    expect((await refusal({ csv: 'kind,url\nhttp,https://a.example/\n' })).error?.details?.[0]?.message).toMatch(
      /needs a name column/,
    );
    const many = `name,kind,target,activity\n${Array.from({ length: 5_001 }, (_, i) => `c${i},http,https://a.example/,web`).join('\n')}`;
    const tooMany = await refusal({ csv: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.error?.details?.[0]?.message).toMatch(/at most 5000/);
    const huge = `name\n${'x'.repeat(4_100_000)}\n`;
    expect((await refusal(huge, 'text/csv')).status).toBe(413);
    expect((await refusal({ csv: huge })).status).toBe(413);
    expect((await refusal({ csv: `name\n${'x'.repeat(2_100_000)}\n` })).status).toBe(400);
    expect((await refusal({ csv: 'name', extra: 1 })).status).toBe(400);
  });
});
