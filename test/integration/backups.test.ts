/**
 * Backups end to end on both engines: systems and jobs over HTTP (access, bad input, audit, 3-2-1),
 * the public report URL (bad input, limits, a good run moving the job's deadline), the RPO
 * evaluation driven by the world's clock (a job that stops reporting opens one incident for the
 * party on duty, whose people get a real email through an SMTP server the test starts; a good run
 * resolves it), restore tests with an evidence file, and the period report with hand-computed
 * shares. Times are chosen inside the practice's business hours (America/Chicago, 09:00 = 15:00Z),
 * where the fixture's backup party is on duty.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { evaluateRpo, type RpoDeps } from '../../src/backup/rpo.ts';
import type { CreatedJob, Job, PeriodReport, RestoreTest, System } from '../../src/backup/schema.ts';
import type { Ticket } from '../../src/desk/ticket-schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';
import { buildNoticeWorld, noticePublicUrl, type NoticeWorld } from '../support/notice-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { as, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('backups', (db, _engine, postgresUrl) => {
  let harness: NoticeWorld;
  let world: World;
  let msp: SignedIn;
  let base: string;
  let deps: RpoDeps;
  const hour = 3_600_000;
  /** Tuesday 1 December 2026, 09:00 in Chicago. */
  const t0 = Date.parse('2026-12-01T15:00:00Z');

  type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  const call = (session: SignedIn, method: Method, url: string, payload?: object) =>
    world.app.inject({ method, url: `${base}${url}`, headers: as(session), ...(payload ? { payload } : {}) });
  const ok = async <T>(session: SignedIn, method: Method, url: string, payload?: object) => {
    const res = await call(session, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  const paths = (res: { json: () => unknown }) =>
    (res.json() as { error: { details?: { path: string }[] } }).error.details?.map((d) => d.path) ?? [];
  /** Sets the clock and signs in afresh (sessions end when idle, and the clock jumps days). */
  const at = async (ms: number) => {
    world.clock.set(new Date(ms));
    msp = await signInAs(world, world.users.mspAdmin);
    // Signing in moves the clock on past the TOTP step; the test's times are exact.
    world.clock.set(new Date(ms));
  };
  const push = (reportUrl: string, body: unknown, contentType = 'application/json') =>
    world.app.inject({
      method: 'POST',
      url: new URL(reportUrl).pathname,
      headers: { 'content-type': contentType },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const run = (start: number, end: number, result = 'success', message = 'Completed') => ({
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    bytes: 52_428_800,
    result,
    message,
  });
  const system = (name: string, extra: object = {}) =>
    ok<System>(msp, 'POST', '/backups/systems', { name, kind: 'ehr_database', storesPatientData: true, ...extra });
  const job = (systemId: string, extra: object = {}) =>
    ok<CreatedJob>(msp, 'POST', '/backups/jobs', {
      systemId,
      name: 'Nightly to NAS',
      destination: 'local',
      schedule: 'nightly 01:00',
      rpoHours: 24,
      activity: 'backups',
      ...extra,
    });

  beforeAll(async () => {
    harness = await buildNoticeWorld(db(), postgresUrl(), { smtp: true });
    world = harness.world;
    await at(t0 - 2 * hour);
    const admin = await signInAs(world, world.users.practiceAdmin);
    base = `/api/v1/practices/${world.practices.a}`;
    const versions = '/matrix/versions';
    const draft = await ok<{ number: number }>(admin, 'POST', versions, {
      source: { kind: 'matrix', matrix: smallMatrix() },
    });
    await ok(admin, 'POST', `${versions}/${draft.number}/propose`, {});
    await ok(msp, 'POST', `${versions}/${draft.number}/agree`, {});
    deps = {
      database: db(),
      clock: world.clock,
      keyring: world.keyring,
      notifier: { queue: harness.queue, clock: world.clock },
      publicUrl: noticePublicUrl,
    };
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('refuses bad input naming the field, and callers without the permission', async () => {
    await at(t0);
    const staff = await signInAs(world, world.users.staff);
    const auditor = await signInAs(world, world.users.auditor);
    const made = await system('Bad-input EHR');
    const cases: [string, object, string][] = [
      ['/backups/systems', { name: 'x', kind: 'mainframe', storesPatientData: false }, 'body.kind'],
      ['/backups/systems', { name: '', kind: 'server', storesPatientData: false }, 'body.name'],
      ['/backups/systems', { name: 'x', kind: 'server' }, 'body.storesPatientData'],
      ['/backups/jobs', { systemId: made.id, name: 'x', destination: 'moon', schedule: 'x' }, 'body.destination'],
      [
        '/backups/jobs',
        { systemId: made.id, name: 'x', destination: 'local', schedule: 'x', rpoHours: 0 },
        'body.rpoHours',
      ],
      [
        '/backups/jobs',
        { systemId: '00000000-0000-4000-8000-000000000000', name: 'x', destination: 'local', schedule: 'x' },
        'body.systemId',
      ],
    ];
    for (const [url, body, path] of cases) {
      const res = await call(msp, 'POST', url, body);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(paths(res)).toContain(path);
    }
    expect((await call(staff, 'GET', '/backups/systems')).statusCode).toBe(403);
    expect((await call(auditor, 'GET', '/backups/systems')).statusCode).toBe(200);
    expect(
      (await call(auditor, 'POST', '/backups/systems', { name: 'x', kind: 'server', storesPatientData: false }))
        .statusCode,
    ).toBe(403);
    expect((await call(msp, 'GET', '/backups/jobs/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    // Another practice's system is not there for this one.
    const other = await world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${world.practices.b}/backups/systems/${made.id}`,
      headers: as(msp),
    });
    expect(other.statusCode).toBe(404);
  });

  it("names a device of the practice's own inventory, never another practice's; deleting the device clears the link", async () => {
    const server = await ok<{ id: string }>(msp, 'POST', '/devices', { name: 'EHR-DB-01', kind: 'server' });
    const elsewhere = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.b}/devices`,
      headers: as(msp),
      payload: { name: 'OTHER-DB', kind: 'server' },
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    const foreign = await call(msp, 'POST', '/backups/systems', {
      name: 'EHR database',
      kind: 'ehr_database',
      storesPatientData: true,
      deviceId: (elsewhere.json() as { id: string }).id,
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details).toEqual([
      { path: 'body.deviceId', message: 'no device with that id in this practice' },
    ]);
    const linked = await system('EHR database (device)', { deviceId: server.id });
    expect(linked.deviceId).toBe(server.id);
    expect((await call(msp, 'DELETE', `/devices/${server.id}`)).statusCode).toBe(204);
    expect((await ok<System>(msp, 'GET', `/backups/systems/${linked.id}`)).deviceId).toBeNull();
  });

  it('keeps systems and jobs with their 3-2-1 status, audited, the token never stored', async () => {
    await at(t0 + hour);
    const made = await system('Practice management server', { kind: 'server' });
    // Patient data: restore tests quarterly by default, due 91 days after creation.
    expect(made).toMatchObject({
      restoreTestDays: 91,
      rtoTargetHours: 24,
      restoreTestDueAt: new Date(t0 + hour + 91 * 24 * hour).toISOString(),
    });
    expect(made.rule321).toEqual({
      copies: 1,
      media: 0,
      offsite: 0,
      met: false,
      missing: ['2 more copies', 'a second medium', 'a copy off the site'],
    });
    const local = await job(made.id);
    expect(local.job).toMatchObject({
      medium: 'disk',
      state: 'waiting',
      activity: 'backups',
      dueBy: new Date(t0 + 25 * hour).toISOString(),
    });
    expect(local.reportUrl).toMatch(/^https:\/\/tandem\.harbor\.example\/api\/v1\/backup-reports\/[A-Za-z0-9_-]{43}$/);
    const token = local.reportUrl.split('/').at(-1)!;
    const stored = await db().query<{ token_hash: string }>(
      `select token_hash from backup_jobs where id = '${local.job.id}'`,
    );
    expect(stored[0]!.token_hash).not.toContain(token);
    await job(made.id, { name: 'Cloud copy', destination: 'cloud', immutable: true });
    expect((await ok<System>(msp, 'GET', `/backups/systems/${made.id}`)).rule321).toEqual({
      copies: 3,
      media: 2,
      offsite: 1,
      met: true,
      missing: [],
    });
    const changed = await ok<Job>(msp, 'PATCH', `/backups/jobs/${local.job.id}`, { rpoHours: 12 });
    expect(changed.dueBy).toBe(new Date(t0 + 13 * hour).toISOString());
    expect((await call(msp, 'DELETE', `/backups/systems/${made.id}`)).statusCode).toBe(204);
    const actions = await db().query<{ action: string }>(
      `select action from audit_log where target_id in ('${made.id}', '${local.job.id}') order by seq`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      'backup.system_created',
      'backup.job_created',
      'backup.job_updated',
      'backup.system_deleted',
    ]);
  });

  it('takes reports at the secret URL, refusing bad ones with the field named', async () => {
    await at(t0 + 2 * hour);
    const made = await system('Imaging archive', { kind: 'server' });
    const { job: created, reportUrl } = await job(made.id);
    const bad: [unknown, string][] = [
      [{ ...run(t0 - hour, t0), result: 'ok' }, 'body.result'],
      [run(t0, t0 - hour), 'body.end'],
      [{ ...run(t0 - hour, t0), bytes: -1 }, 'body.bytes'],
      [{ ...run(t0 - hour, t0), message: 'x'.repeat(2001) }, 'body.message'],
      [run(t0 + 2 * hour, t0 + 3 * hour), 'body.end'],
      [{ ...run(t0 - hour, t0), extra: 1 }, 'body'],
    ];
    for (const [body, path] of bad) {
      const res = await push(reportUrl, body);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(paths(res)).toContain(path);
    }
    expect((await push(reportUrl, '{"start":')).statusCode).toBe(400);
    expect((await push(reportUrl, { ...run(t0 - hour, t0), message: 'x'.repeat(17_000) })).statusCode).toBe(413);
    expect((await push(`${reportUrl.slice(0, -4)}AAAA`, run(t0 - hour, t0))).statusCode).toBe(404);
    expect((await push(reportUrl, run(t0 - 2 * hour, t0 - hour))).statusCode).toBe(202);
    // A failed run afterwards leaves the newest good copy where it was.
    world.clock.advance(1000);
    expect((await push(reportUrl, run(t0 - 30 * 60_000, t0, 'failed', 'Disk full'))).statusCode).toBe(202);
    const read = await ok<Job>(msp, 'GET', `/backups/jobs/${created.id}`);
    expect(read).toMatchObject({
      state: 'fresh',
      lastGoodAt: new Date(t0 - hour).toISOString(),
      lastResult: 'failed',
      lastMessage: 'Disk full',
      dueBy: new Date(t0 + 23 * hour).toISOString(),
    });
    const reports = await ok<{ reports: { result: string; bytes: number }[] }>(
      msp,
      'GET',
      `/backups/jobs/${created.id}/reports`,
    );
    expect(reports.reports.map((r) => r.result)).toEqual(['failed', 'success']);
    expect(reports.reports[0]!.bytes).toBe(52_428_800);
    await ok(msp, 'PATCH', `/backups/jobs/${created.id}`, { paused: true });
    expect((await push(reportUrl, run(t0 - hour, t0))).statusCode).toBe(404);
  });

  it('opens one incident when a job stops reporting past its RPO, emails the party on duty, and resolves it on a good run', async () => {
    const start = t0 + 7 * 24 * hour;
    await at(start);
    const made = await system('EHR database');
    const { job: created, reportUrl } = await job(made.id, { name: 'EHR nightly' });
    expect((await push(reportUrl, run(start - hour, start))).statusCode).toBe(202);
    // The newest good copy ended at start: due 24 h later, Wednesday 09:00 in Chicago.
    const dueBy = start + 24 * hour;
    world.clock.set(new Date(dueBy - 60_000));
    expect((await evaluateRpo(deps)).overdue).toBe(0);
    world.clock.set(new Date(dueBy + 60_000));
    expect(await evaluateRpo(deps)).toEqual({ overdue: 1, fresh: 0 });
    expect(await evaluateRpo(deps)).toEqual({ overdue: 0, fresh: 0 });
    await at(dueBy + 2 * 60_000);
    const overdue = await ok<Job>(msp, 'GET', `/backups/jobs/${created.id}`);
    expect(overdue).toMatchObject({ state: 'overdue', overdueSince: new Date(dueBy).toISOString() });
    const ticket = await ok<Ticket>(msp, 'GET', `/tickets/${overdue.incidentTicketId}`);
    expect(ticket).toMatchObject({
      title: 'Backup EHR nightly of EHR database is overdue',
      status: 'new',
      requester: 'Tandem backups',
    });
    expect(ticket.assignee).toMatchObject({ partyId: 'msp-desk', side: 'msp' });
    expect(harness.smtp).toBeDefined();
    const subject = 'Alder Family Medicine: backup EHR nightly of EHR database is overdue';
    await waitFor(() => harness.smtp!.messages.filter((m) => m.subject === subject).length === 2, {
      what: 'the overdue emails',
    });
    const mail = harness.smtp!.messages.filter((m) => m.subject === subject);
    // msp-desk is an MSP team: the practice's MSP admin and technician hear of it.
    expect(mail.flatMap((m) => (m.to && !Array.isArray(m.to) ? m.to.value.map((v) => v.address) : [])).sort()).toEqual([
      'admin@harbor.example',
      'tech@harbor.example',
    ]);
    expect(mail[0]!.text).toContain('An incident ticket is open on the IT desk for MSP service desk.');
    // A good run two hours later resolves it at the next evaluation.
    const back = dueBy + 2 * hour;
    world.clock.set(new Date(back));
    expect((await push(reportUrl, run(back - hour, back))).statusCode).toBe(202);
    expect(await evaluateRpo(deps)).toEqual({ overdue: 0, fresh: 1 });
    await at(back + 60_000);
    expect(await ok<Job>(msp, 'GET', `/backups/jobs/${created.id}`)).toMatchObject({
      state: 'fresh',
      overdueSince: null,
    });
    const resolved = await ok<Ticket>(msp, 'GET', `/tickets/${overdue.incidentTicketId}`);
    expect(resolved.status).toBe('resolved');
    expect(resolved.events.some((e) => e.kind === 'note' && e.body?.includes('after 120 minutes overdue'))).toBe(true);
    const fresh = 'Alder Family Medicine: backup EHR nightly of EHR database is fresh again';
    await waitFor(() => harness.smtp!.messages.some((m) => m.subject === fresh), { what: 'the fresh-again email' });
    const actions = await db().query<{ action: string }>(
      `select action from audit_log where target_id = '${created.id}' order by seq`,
    );
    expect(actions.map((a) => a.action)).toEqual(['backup.job_created', 'backup.job_overdue', 'backup.job_fresh']);
    await ok(msp, 'PATCH', `/backups/jobs/${created.id}`, { paused: true });
  });

  it('records restore tests with the RTO achieved and an evidence file served back as an attachment', async () => {
    const start = t0 + 20 * 24 * hour;
    await at(start);
    const made = await system('File server', { kind: 'server', rtoTargetHours: 2 });
    const { job: created } = await job(made.id, { paused: true });
    const url = `/backups/systems/${made.id}/restore-tests`;
    const input = {
      jobId: created.id,
      restored: 'The patient documents share',
      copy: 'NAS copy of 30 November',
      performedBy: 'Sam Rivera',
      startedAt: new Date(start - 3 * hour).toISOString(),
      finishedAt: new Date(start - 30 * 60_000).toISOString(),
      result: 'passed',
      notes: 'Checksums match',
    };
    const badFinish = await call(msp, 'POST', url, { ...input, finishedAt: new Date(start - 4 * hour).toISOString() });
    expect(paths(badFinish)).toEqual(['body.finishedAt']);
    const foreignJob = await call(msp, 'POST', url, { ...input, jobId: '00000000-0000-4000-8000-000000000000' });
    expect(paths(foreignJob)).toEqual(['body.jobId']);
    const test = await ok<RestoreTest>(msp, 'POST', url, input);
    // 2 h 30 min against a 2-hour target.
    expect(test).toMatchObject({
      rtoMinutes: 150,
      rtoTargetHours: 2,
      rtoMet: false,
      recordedBy: 'admin@harbor.example',
      evidence: null,
    });
    const evidenceUrl = `${base}/backups/restore-tests/${test.id}/evidence`;
    const upload = (payload: string | Buffer, contentType: string, fileName = 'restore log.txt') =>
      world.app.inject({
        method: 'PUT',
        url: `${evidenceUrl}?fileName=${encodeURIComponent(fileName)}`,
        headers: { ...as(msp), 'content-type': contentType },
        payload,
      });
    expect((await upload('<script>', 'text/html')).statusCode).toBe(415);
    expect((await upload('', 'text/plain')).statusCode).toBe(400);
    expect(paths(await upload('x', 'text/plain', '../etc/passwd'))).toEqual(['query.fileName']);
    expect((await upload(Buffer.alloc(5 * 1024 * 1024 + 1), 'application/pdf')).statusCode).toBe(413);
    // The type is read from the content: a web page named and declared a PDF is refused, and so is
    // a GIF (a real image, but not an evidence type).
    const disguised = await upload('<html><script>alert(1)</script></html>', 'application/pdf', 'report.pdf');
    expect(disguised.statusCode).toBe(415);
    expect(disguised.json().error.details).toEqual([
      { path: 'body', message: 'is not an accepted type, judged by its content (declared application/pdf)' },
    ]);
    const gif = await upload(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image/gif', 'screen.gif');
    expect(gif.json().error.details).toEqual([
      { path: 'body', message: 'is image/gif, which is not accepted as evidence' },
    ]);
    const log = 'restore started 06:00\nrestore finished 08:30\n';
    const attached = (await upload(log, 'text/plain')).json() as RestoreTest;
    expect(attached.evidence).toMatchObject({
      fileName: 'restore log.txt',
      contentType: 'text/plain',
      size: log.length,
    });
    const download = await world.app.inject({ method: 'GET', url: evidenceUrl, headers: as(msp) });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="restore log.txt"; filename*=UTF-8''restore%20log.txt`,
    );
    expect(download.body).toBe(log);
    const listed = await ok<{ restoreTests: RestoreTest[] }>(msp, 'GET', url);
    expect(listed.restoreTests.map((t) => t.evidence?.fileName)).toEqual(['restore log.txt']);
    // A passed test moves the next one a quarter on; 92 days later it is overdue and listed so.
    expect((await ok<System>(msp, 'GET', `/backups/systems/${made.id}`)).restoreTestDueAt).toBe(
      new Date(start - 30 * 60_000 + 91 * 24 * hour).toISOString(),
    );
    await at(start + 92 * 24 * hour);
    const overdue = await ok<{ systems: System[] }>(msp, 'GET', '/backups/systems?restoreTestOverdue=true&limit=100');
    expect(overdue.systems.map((x) => x.name)).toContain('File server');
    expect(overdue.systems.every((x) => x.restoreTestOverdue)).toBe(true);
  });

  it('reports per system the share of the period with a good copy inside the RPO, its gaps and restore tests', async () => {
    // Period: 10 to 12 April 2027 (48 h). Good copies end 10 Apr 00:00 and 11 Apr 06:00, RPO 12 h:
    // covered 00:00-12:00 on the 10th and 06:00-18:00 on the 11th, 24 of 48 hours.
    const from = Date.parse('2027-04-10T00:00:00Z');
    await at(from - 2 * hour);
    const made = await system('Report EHR', { kind: 'ehr_database' });
    const { reportUrl } = await job(made.id, { name: 'Report job', rpoHours: 12 });
    await at(Date.parse('2027-04-12T12:00:00Z'));
    await push(reportUrl, run(from - hour, from));
    await push(reportUrl, run(from + 29 * hour, from + 30 * hour));
    await push(reportUrl, run(from + 35 * hour, from + 36 * hour, 'failed', 'VSS error'));
    const report = await ok<PeriodReport>(msp, 'GET', '/backups/report?from=2027-04-10&to=2027-04-12');
    const row = report.systems.find((x) => x.systemId === made.id)!;
    expect(row.rpoMet).toBe(0.5);
    expect(row.gaps).toEqual([
      { from: '2027-04-10T12:00:00.000Z', to: '2027-04-11T06:00:00.000Z' },
      { from: '2027-04-11T18:00:00.000Z', to: '2027-04-12T00:00:00.000Z' },
    ]);
    expect(row.restoreTests).toEqual([]);
    const bad = await call(msp, 'GET', '/backups/report?from=2027-04-12&to=2027-04-10');
    expect(paths(bad)).toEqual(['query.to']);
  });
});
