/**
 * Quiet hours on both engines, through a real SMTP server: a person's immediate email that comes
 * in their quiet hours is held and sent when the window ends (the release job run at a clock past
 * it); a person whose matrix party is on duty then (the MSP's 24x7 SOC) is not held; an account
 * security notice is never held; bad input is a 400 naming the field. The clock is the world's
 * fixed clock: the night is Tuesday 1 December 2026 in Chicago (CST, UTC-6), 22:00-07:00 being
 * 04:00Z-13:00Z on 2 December.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobType } from '../../src/core/jobs/job-type.ts';
import { unsafeWithSystemSending, withTenant } from '../../src/core/tenancy/with-tenant.ts';
import { digestHandler, releaseDue, releaseHeld, sendDigests } from '../../src/notify/jobs.ts';
import { notify } from '../../src/notify/notify.ts';
import { noticeListSchema } from '../../src/notify/schema.ts';
import { notices } from '../../src/notify/tables.ts';
import { describeEachEngine } from '../support/databases.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';
import { buildNoticeWorld, type NoticeWorld } from '../support/notice-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { as, signInAs, type SignedIn, type World, type WorldUser } from '../support/world.ts';

describeEachEngine('notify: quiet hours honouring coverage', (db, _engine, postgresUrl) => {
  let harness: NoticeWorld;
  let world: World;
  let msp: SignedIn;
  let admin: SignedIn;
  let it_: SignedIn;
  const url = '/api/v1/account/quiet-hours';
  const night = { start: '22:00', end: '07:00', timeZone: null };

  const call = (session: SignedIn, method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, payload?: object) =>
    world.app.inject({ method, url: path, headers: as(session), ...(payload ? { payload } : {}) });
  const paths = (res: { json: () => unknown }) =>
    (res.json() as { error: { details?: { path: string }[] } }).error.details?.map((d) => d.path) ?? [];
  const mailTo = (email: string) => harness.smtp!.messages.filter((m) => m.to && 'text' in m.to && m.to.text === email);
  const noticeTo = async (email: string, event: string) =>
    (await db().db.select().from(notices).where(eq(notices.recipient, email))).filter((n) => n.event === event);
  const down = (people: WorldUser[]) =>
    withTenant(db().db, world.practices.a, (tx) =>
      notify(
        tx,
        { queue: harness.queue, clock: world.clock },
        world.practices.a,
        'monitor.down',
        {
          practiceName: 'Alder Family Medicine',
          checkName: 'Patient portal',
          since: world.clock.now(),
          reason: 'HTTP 500',
          onDuty: 'MSP SOC',
          url: 'https://tandem.harbor.example/monitoring/x',
        },
        people.map((u) => ({ userId: u.id, email: u.email })),
      ),
    );

  /** Sets the clock and signs everyone in afresh (sessions end when idle). */
  const at = async (iso: string) => {
    world.clock.set(new Date(iso));
    msp = await signInAs(world, world.users.mspAdmin);
    admin = await signInAs(world, world.users.practiceAdmin);
    it_ = await signInAs(world, world.users.internalIt);
  };

  beforeAll(async () => {
    const extra = { types: [releaseHeld, sendDigests] as JobType<unknown>[], workers: () => [] };
    harness = await buildNoticeWorld(db(), postgresUrl(), { smtp: true, extra });
    world = harness.world;
    await at('2026-12-01T16:00:00Z');
    // The fixture's matrix: the MSP SOC covers 24x7; Dana (internal IT) works business hours.
    const versions = `/api/v1/practices/${world.practices.a}/matrix/versions`;
    const draft = await call(admin, 'POST', versions, { source: { kind: 'matrix', matrix: smallMatrix() } });
    const number = (draft.json() as { number: number }).number;
    expect((await call(admin, 'POST', `${versions}/${number}/propose`, {})).statusCode).toBe(200);
    expect((await call(msp, 'POST', `${versions}/${number}/agree`, {})).statusCode).toBe(200);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('refuses bad quiet hours with 400 naming the field, and sets, reads and clears good ones', async () => {
    const bad = async (body: object) => {
      const res = await call(admin, 'PUT', url, body);
      expect(res.statusCode, res.body).toBe(400);
      return paths(res);
    };
    expect(await bad({ ...night, timeZone: 'Mars/Olympus_Mons' })).toEqual(['body.timeZone']);
    expect(await bad({ ...night, start: '25:00' })).toEqual(['body.start']);
    expect(await bad({ ...night, end: '22:00' })).toEqual(['body.end']);
    expect(await bad({ ...night, days: [8] })).toEqual(['body.days.0']);
    expect((await call(admin, 'GET', url)).json()).toEqual({ quietHours: null });
    const set = await call(admin, 'PUT', url, { ...night, timeZone: 'America/Chicago', days: [5, 1] });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({
      quietHours: { start: '22:00', end: '07:00', days: [1, 5], timeZone: 'America/Chicago' },
    });
    expect((await call(admin, 'GET', url)).json()).toEqual(set.json());
    expect((await call(admin, 'DELETE', url)).json()).toEqual({ quietHours: null });
    const audit = await db().query<{ action: string }>(
      `select action from audit_log where action like 'notify.quiet_hours%' order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual(['notify.quiet_hours_set', 'notify.quiet_hours_cleared']);
  });

  it('holds a quiet person’s alert until the window ends, but not an on-duty party’s member’s, nor a security notice', async () => {
    for (const s of [it_, msp]) expect((await call(s, 'PUT', url, night)).statusCode).toBe(200);
    // Tuesday 23:00 CST.
    await at('2026-12-02T05:00:00Z');
    await down([world.users.internalIt, world.users.mspAdmin]);
    await unsafeWithSystemSending(db().db, (tx) =>
      notify(
        tx,
        { queue: harness.queue, clock: world.clock },
        null,
        'account.new_device',
        { at: world.clock.now(), browser: 'Firefox on Linux', ip: '203.0.113.9', sessionsUrl: 'https://t/s' },
        [{ userId: world.users.internalIt.id, email: world.users.internalIt.email }],
      ),
    );
    // The MSP admin's party (the 24x7 SOC) is working: the alert goes at once, quiet hours or not.
    await waitFor(() => mailTo('admin@harbor.example').length === 1, { what: 'the on-duty alert' });
    // A new-device notice is required: never held.
    await waitFor(() => mailTo('it@alder.example').length === 1, { what: 'the security notice' });
    expect(mailTo('it@alder.example')[0]?.subject).toBe('New sign-in to your Tandem account');
    const [held] = await noticeTo('it@alder.example', 'monitor.down');
    // Dana works business hours: the internal IT person's alert waits for 07:00 CST (13:00Z).
    expect(held).toMatchObject({ status: 'held', heldUntil: new Date('2026-12-02T13:00:00Z'), attempts: 0 });
    const [sent] = await noticeTo('admin@harbor.example', 'monitor.down');
    expect(sent).toMatchObject({ status: 'sent', heldUntil: null });
    // The practice's notice list shows it was held and until when.
    const list = noticeListSchema.parse(
      (await call(admin, 'GET', `/api/v1/practices/${world.practices.a}/notices?limit=100`)).json(),
    );
    expect(list.notices.find((n) => n.id === held!.id)).toMatchObject({
      status: 'held',
      heldUntil: '2026-12-02T13:00:00.000Z',
    });

    // The daily digest (07:00 UTC = 01:00 CST) leaves a quiet-hours hold alone.
    world.clock.set(new Date('2026-12-02T07:00:00Z'));
    await digestHandler({ db: db().db, mailer: undefined, clock: world.clock })({}, { id: held!.id, retryCount: 0 });
    expect((await noticeTo('it@alder.example', 'monitor.down'))[0]?.status).toBe('held');
    // 06:59 CST: still quiet; 07:00 CST: released and delivered, one email for the notice.
    world.clock.set(new Date('2026-12-02T12:59:00Z'));
    expect(await releaseDue({ db: db().db, clock: world.clock, queue: harness.queue })).toBe(0);
    world.clock.set(new Date('2026-12-02T13:00:00Z'));
    expect(await releaseDue({ db: db().db, clock: world.clock, queue: harness.queue })).toBe(1);
    await waitFor(() => mailTo('it@alder.example').length === 2, { what: 'the released alert' });
    expect(mailTo('it@alder.example')[1]?.subject).toBe('Alder Family Medicine: Patient portal is down');
    await waitFor(async () => (await noticeTo('it@alder.example', 'monitor.down'))[0]?.status === 'sent');
    expect((await noticeTo('it@alder.example', 'monitor.down'))[0]).toMatchObject({
      heldUntil: new Date('2026-12-02T13:00:00Z'),
      deliveredAt: new Date('2026-12-02T13:00:00Z'),
    });
    expect(await releaseDue({ db: db().db, clock: world.clock, queue: harness.queue })).toBe(0);
  });

  it('does not hold outside the window, nor in business hours when the person’s party is at work', async () => {
    // Wednesday 08:00 CST (14:00Z): out of the window.
    await at('2026-12-02T14:00:00Z');
    await down([world.users.internalIt]);
    // A lunch window, 12:00-13:00 in Chicago: Dana works business hours, so she is on duty then.
    expect(
      (await call(it_, 'PUT', url, { start: '12:00', end: '13:00', timeZone: 'America/Chicago' })).statusCode,
    ).toBe(200);
    world.clock.set(new Date('2026-12-02T18:30:00Z'));
    await down([world.users.internalIt]);
    await waitFor(() => mailTo('it@alder.example').length === 4, { what: 'two more alerts' });
    const rows = await noticeTo('it@alder.example', 'monitor.down');
    expect(rows.filter((n) => n.heldUntil === null).map((n) => n.status)).toEqual(['sent', 'sent']);
  });
});
