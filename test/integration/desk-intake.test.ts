/**
 * The public patient intake form (issue 18 item 5) on both engines, in process: a practice
 * administrator opens it (audited; off by default), a patient with no account sends a request
 * that becomes a patient-desk ticket with their details sealed, gets a follow link (emailed with
 * only the practice, the number and the link), follows the public conversation (no notes, no
 * staff names) and answers. Bad input is a 4xx naming the field; a filled honeypot answers like
 * success with nothing stored; the per-address limit holds under concurrent requests; the token
 * opens that one ticket and nothing else.
 */
import { createHash } from 'node:crypto';
import { beforeAll, afterAll, expect, it } from 'vitest';
import type { Desk } from '../../src/desk/desk-schema.ts';
import type { FollowView, IntakeReceipt, IntakeSettings } from '../../src/desk/intake-schema.ts';
import { intakeLimits } from '../../src/desk/intake.ts';
import type { Ticket } from '../../src/desk/ticket-schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildNoticeWorld, type NoticeWorld } from '../support/notice-harness.ts';
import { as, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('service desk: the public patient intake form', (db, _engine, postgresUrl) => {
  let harness: NoticeWorld;
  let world: World;
  let admin: SignedIn;
  let internalIt: SignedIn;
  let tech: SignedIn;
  let base: string;
  let formId: string;
  let follow: { token: string; ticketId: string };
  const jane = {
    name: 'Jane Roe',
    email: 'jane.roe@mail.example',
    birthDate: '1980-04-02',
    request: 'I cannot see my lab results in the portal.\nSince Monday.',
  };

  const call = (session: SignedIn, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
    world.app.inject({ method, url: `${base}${url}`, headers: as(session), ...(payload ? { payload } : {}) });
  const ok = async <T>(session: SignedIn, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) => {
    const res = await call(session, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  /** A patient's request, from a client address of the test's choosing. */
  const submit = (payload: object, ip = '198.51.100.1', form = formId) =>
    world.app.inject({
      method: 'POST',
      url: `/api/v1/intake-forms/${form}/requests`,
      payload,
      remoteAddress: ip,
    });
  const followCall = (token: string | null, method: 'GET' | 'POST' = 'GET', payload?: object) =>
    world.app.inject({
      method,
      url: method === 'GET' ? '/api/v1/follow' : '/api/v1/follow/replies',
      headers: token === null ? {} : { 'x-follow-token': token },
      ...(payload ? { payload } : {}),
    });
  const count = async (table: string) =>
    (await db().query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
  const tokenOf = (receipt: IntakeReceipt) => /#token=([A-Za-z0-9_-]+)$/.exec(receipt.followUrl)![1]!;

  beforeAll(async () => {
    harness = await buildNoticeWorld(db(), postgresUrl(), { smtp: false });
    world = harness.world;
    world.clock.set(new Date('2026-12-01T15:00:00Z'));
    admin = await signInAs(world, world.users.practiceAdmin);
    internalIt = await signInAs(world, world.users.internalIt);
    tech = await signInAs(world, world.users.technician);
    base = `/api/v1/practices/${world.practices.a}`;
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('is closed until a practice administrator opens it (the MSP cannot), and the change is audited', async () => {
    expect(await ok<IntakeSettings>(admin, 'GET', '/desk-intake')).toMatchObject({ enabled: false, formId: null });
    const msp = await signInAs(world, world.users.mspAdmin);
    expect((await call(msp, 'PUT', '/desk-intake', { enabled: true })).statusCode).toBe(403);
    const opened = await ok<IntakeSettings>(admin, 'PUT', '/desk-intake', { enabled: true, asksBirthDate: true });
    expect(opened).toMatchObject({ enabled: true, asksBirthDate: true });
    expect(opened.formId).toMatch(/^[a-z2-7]{20}$/);
    formId = opened.formId!;
    const audited = await db().query<{ details: unknown }>(
      `select details from audit_log where action = 'desk.intake_changed' and practice_id = $1`,
      [world.practices.a],
    );
    expect(audited.map((a) => a.details)).toEqual([
      { enabled: { from: false, to: true }, asksBirthDate: { from: false, to: true } },
    ]);
    const form = await world.app.inject({ method: 'GET', url: `/api/v1/intake-forms/${formId}` });
    expect(form.json()).toEqual({ practiceName: 'Alder Family Medicine', asksBirthDate: true });
    // Another id of the right shape, or the practice's own id, finds nothing.
    expect((await world.app.inject({ method: 'GET', url: `/api/v1/intake-forms/${'a'.repeat(20)}` })).statusCode).toBe(
      404,
    );
    expect(
      (await world.app.inject({ method: 'GET', url: `/api/v1/intake-forms/${world.practices.a}` })).statusCode,
    ).toBe(400);
  });

  it('refuses bad requests with the field named, before anything is stored or counted', async () => {
    const problem = async (payload: object) => {
      const res = await submit(payload, '198.51.100.200');
      return {
        status: res.statusCode,
        paths: (res.json() as { error: { details: { path: string }[] } }).error.details.map((d) => d.path),
      };
    };
    const { email: _, ...noContact } = jane;
    expect(await problem(noContact)).toEqual({ status: 400, paths: ['body.email'] });
    const { birthDate: __, ...noBirthDate } = jane;
    expect(await problem(noBirthDate)).toEqual({ status: 400, paths: ['body.birthDate'] });
    expect(await problem({ ...jane, birthDate: '02/04/1980' })).toMatchObject({
      status: 400,
      paths: ['body.birthDate'],
    });
    expect(await problem({ ...jane, email: 'not an address' })).toMatchObject({ status: 400, paths: ['body.email'] });
    expect(await problem({ ...jane, request: '   ' })).toMatchObject({ status: 400, paths: ['body.request'] });
    expect(await problem({ ...jane, practiceId: world.practices.a })).toMatchObject({ status: 400 });
    expect((await submit({ ...jane, request: 'x'.repeat(20_000) })).statusCode).toBe(413);
    expect(await count('patient_requests')).toBe(0);
  });

  it('turns a request into a sealed patient-desk ticket, shows and emails the follow link with no patient data', async () => {
    const res = await submit(jane);
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json() as IntakeReceipt;
    expect(receipt).toMatchObject({ ticketReference: 'T-1', emailed: true });
    expect(receipt.followUrl).toMatch(/^https:\/\/tandem\.harbor\.example\/follow#token=[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(receipt);

    const [stored] = await db().query<Record<string, string | null>>(`select * from patient_requests`);
    expect(stored!.follow_token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    for (const column of ['name', 'email', 'birth_date'])
      expect(stored![column]).not.toContain(jane.name.split(' ')[0]);
    expect(JSON.stringify(stored)).not.toContain('jane');
    follow = { token, ticketId: stored!.ticket_id! };

    // Placed on the patient desk like any of its tickets; the practice's internal IT reads the details.
    const { desks } = await ok<{ desks: Desk[] }>(internalIt, 'GET', '/desks');
    const ticket = await ok<Ticket>(internalIt, 'GET', `/tickets/${follow.ticketId}`);
    expect(ticket).toMatchObject({
      deskId: desks.find((d) => d.kind === 'patient')!.id,
      title: 'I cannot see my lab results in the portal.',
      description: jane.request,
      requester: 'Patient (intake form)',
      patient: { name: 'Jane Roe', email: jane.email, phone: null, birthDate: '1980-04-02' },
    });
    // The MSP technician, with the practice's default setting, sees none of it.
    expect(await ok<Ticket>(tech, 'GET', `/tickets/${follow.ticketId}`)).toMatchObject({
      patient: null,
      description: null,
      redacted: 'practice_setting',
    });

    const [notice] = await db().query<{ recipient: string; subject: string; text_body: string }>(
      `select recipient, subject, text_body from notices where event = 'desk.intake_received'`,
    );
    expect(notice!.recipient).toBe(jane.email);
    expect(notice!.subject).toBe('Alder Family Medicine: your request T-1 was received');
    expect(notice!.text_body).toContain(receipt.followUrl);
    for (const secret of ['Jane', 'lab results', '1980']) {
      expect(notice!.subject).not.toContain(secret);
      expect(notice!.text_body).not.toContain(secret);
    }
  });

  it('shows the patient the status and public conversation only, and takes their reply as the requester', async () => {
    await ok(internalIt, 'POST', `/tickets/${follow.ticketId}/replies`, {
      body: 'Internal: check her portal account',
      internal: true,
    });
    await ok(internalIt, 'POST', `/tickets/${follow.ticketId}/replies`, { body: 'We reset your portal access.' });
    const view = (await followCall(follow.token)).json() as FollowView;
    expect(view).toMatchObject({ practiceName: 'Alder Family Medicine', ticketReference: 'T-1', status: 'new' });
    expect(view.messages.map((m) => [m.from, m.body])).toEqual([
      ['you', jane.request],
      ['practice', 'We reset your portal access.'],
    ]);
    expect(JSON.stringify(view)).not.toMatch(/Internal|internal@|alder\.example|harbor/i);

    await ok(internalIt, 'POST', `/tickets/${follow.ticketId}/status`, {
      status: 'waiting',
      waitingReason: 'on_patient',
    });
    const answered = await followCall(follow.token, 'POST', { body: 'It works now, thank you.' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect((answered.json() as FollowView).messages.at(-1)).toMatchObject({
      from: 'you',
      body: 'It works now, thank you.',
    });
    // Their answer resumes the work the desk was waiting on them for, as a requester's does.
    expect((await ok<Ticket>(internalIt, 'GET', `/tickets/${follow.ticketId}`)).status).toBe('in_progress');
    expect((await followCall(follow.token, 'POST', { body: '' })).statusCode).toBe(400);
  });

  it('does not count a patient’s first message as the practice’s first response', async () => {
    const receipt = (
      await submit({ ...jane, email: undefined, phone: '555 0100' }, '198.51.100.2')
    ).json() as IntakeReceipt;
    expect(receipt.emailed).toBe(false);
    await followCall(tokenOf(receipt), 'POST', { body: 'Also my billing address changed.' });
    const rows = await db().query<{ first_responded_at: Date | null }>(
      `select t.first_responded_at from tickets t join patient_requests p on p.ticket_id = t.id
        where p.follow_token_hash = $1`,
      [createHash('sha256').update(tokenOf(receipt)).digest('hex')],
    );
    expect(rows[0]!.first_responded_at).toBeNull();
  });

  it('opens nothing with a wrong, missing or reused token', async () => {
    expect((await followCall('x'.repeat(43))).statusCode).toBe(404);
    expect((await followCall(null)).statusCode).toBe(400);
    // The follow token is no credential for the API.
    const res = await world.app.inject({
      method: 'GET',
      url: `${base}/tickets/${follow.ticketId}`,
      headers: { authorization: `Bearer ${follow.token}` },
    });
    expect(res.statusCode).toBe(401);
  });

  it('answers a filled honeypot like a success, stores nothing and logs it', async () => {
    const tickets = await count('tickets');
    const res = await submit({ ...jane, website: 'http://spam.example' }, '198.51.100.3');
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json() as object).sort()).toEqual(['emailed', 'followUrl', 'ticketReference']);
    expect((await followCall(tokenOf(res.json() as IntakeReceipt))).statusCode).toBe(404);
    expect(await count('tickets')).toBe(tickets);
    expect(world.logs.text).toContain('honeypot filled');
  });

  it('limits requests per client address, also when they arrive at once, until the hour has passed', async () => {
    const ip = '203.0.113.7';
    const answers = await Promise.all(
      Array.from({ length: intakeLimits.perAddress + 2 }, (_, i) => submit({ ...jane, request: `Request ${i}` }, ip)),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([...Array(intakeLimits.perAddress).fill(201), 429, 429]);
    const refused = answers.find((a) => a.statusCode === 429)!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    world.clock.set(new Date(world.clock.now().getTime() + 3_600_000));
    expect((await submit(jane, ip)).statusCode).toBe(201);
  });

  it('answers 404 once the form is closed, while follow links keep working', async () => {
    admin = await signInAs(world, world.users.practiceAdmin);
    await ok(admin, 'PUT', '/desk-intake', { enabled: false });
    expect((await submit(jane, '198.51.100.4')).statusCode).toBe(404);
    expect((await followCall(follow.token)).statusCode).toBe(200);
    // Opened again, the same address works: a printed link stays good.
    expect((await ok<IntakeSettings>(admin, 'PUT', '/desk-intake', { enabled: true })).formId).toBe(formId);
  });
});
