/**
 * A patient who used the intake form hears by email when the practice answers (issue 18 item 5),
 * on both engines, through a real SMTP server: a public reply and the resolution each send one
 * email naming only the practice and the ticket's number, with a fresh follow link that opens the
 * ticket (the first link keeps working); an internal note, the patient's own reply, a phone-only
 * patient and an installation without a job queue send nothing. Opening the sealed address is
 * audited as a PHI read by the system. All of a ticket's links end `followLinkDays` after it was
 * resolved, and the daily sweep deletes them; a merged request's links lead to the surviving ticket.
 */
import { createHash } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { followLinkDays, sweepFollowLinks } from '../../src/desk/follow-links.ts';
import type { FollowView, IntakeReceipt, IntakeSettings } from '../../src/desk/intake-schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildNoticeWorld, noticePublicUrl, type NoticeWorld } from '../support/notice-harness.ts';
import { buildTestServer } from '../support/server.ts';
import { waitFor } from '../support/wait-for.ts';
import { as, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('service desk: email to the patient of an intake request', (db, _engine, postgresUrl) => {
  let harness: NoticeWorld;
  let world: World;
  let internalIt: SignedIn;
  let base: string;
  let formId: string;
  let first: { token: string; ticketId: string };
  const jane = {
    name: 'Jane Roe',
    email: 'jane.roe@mail.example',
    request: 'I cannot see my lab results in the portal.',
  };
  const replyText = 'We reset your portal access, Ms Roe.';
  /** What no email to the patient may hold: their details, their words, the practice's words, staff. */
  const secrets = ['Jane', 'Roe', 'lab results', 'portal', 'it@alder.example', 'internal'];

  const ok = async <T>(method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, session = internalIt) => {
    const res = await world.app.inject({ method, url: `${base}${url}`, headers: as(session), payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  const submit = async (payload: object, ip: string, app = world.app) => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/intake-forms/${formId}/requests`,
      payload,
      remoteAddress: ip,
    });
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json() as IntakeReceipt;
    const token = /#token=([A-Za-z0-9_-]+)$/.exec(receipt.followUrl)![1]!;
    const [row] = await db().query<{ ticket_id: string }>(
      `select ticket_id from patient_requests where follow_token_hash = $1`,
      [sha256(token)],
    );
    return { token, ticketId: row!.ticket_id };
  };
  const follow = (token: string, method: 'GET' | 'POST' = 'GET', payload?: object) =>
    world.app.inject({
      method,
      url: method === 'GET' ? '/api/v1/follow' : '/api/v1/follow/replies',
      headers: { 'x-follow-token': token },
      payload,
    });
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const notices = async (event: string) =>
    db().query<{ recipient: string; status: string }>(`select recipient, status from notices where event = $1`, [
      event,
    ]);
  /** The emails the SMTP server received whose subject starts so, once every queued notice is delivered. */
  const delivered = async (subject: string) => {
    await waitFor(
      async () =>
        (await db().query<{ n: number }>(`select count(*)::int as n from notices where status = 'queued'`))[0]!.n === 0,
      { what: 'every notice delivered' },
    );
    return harness.smtp!.messages.filter((m) => (m.subject ?? '').startsWith(subject));
  };
  const linkOf = (mail: ParsedMail) => /\/follow#token=([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;
  const expectNoSecrets = (mail: ParsedMail) => {
    for (const secret of secrets) {
      expect(mail.subject).not.toContain(secret);
      expect(mail.text).not.toContain(secret);
      expect(mail.html || '').not.toContain(secret);
    }
  };

  beforeAll(async () => {
    harness = await buildNoticeWorld(db(), postgresUrl(), { smtp: true });
    world = harness.world;
    world.clock.set(new Date('2026-12-01T15:00:00Z'));
    internalIt = await signInAs(world, world.users.internalIt);
    base = `/api/v1/practices/${world.practices.a}`;
    const admin = await signInAs(world, world.users.practiceAdmin);
    formId = (await ok<IntakeSettings>('PUT', '/desk-intake', { enabled: true }, admin)).formId!;
    first = await submit(jane, '198.51.100.1');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('emails the patient once of a public reply, not of a note: no reply text, no patient detail, a new link that opens the ticket', async () => {
    expect(await delivered('Alder Family Medicine: your request T-1 was received')).toHaveLength(1);
    await ok('POST', `/tickets/${first.ticketId}/replies`, { body: 'Check her portal account', internal: true });
    expect(await notices('desk.intake_replied')).toEqual([]);

    await ok('POST', `/tickets/${first.ticketId}/replies`, { body: replyText });
    const mails = await delivered('Alder Family Medicine: a reply on your request T-1');
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.to).toMatchObject({ text: jane.email });
    expectNoSecrets(mail);
    expect(mail.text).not.toContain(replyText);
    expect(mail.text).toContain(`${noticePublicUrl}/follow#token=`);
    expect(mail.text).toContain('you sent a request to Alder Family Medicine');

    // A fresh token, stored only as its hash beside the first; both open the ticket.
    const token = linkOf(mail);
    expect(token).not.toBe(first.token);
    const stored = await db().query<{ ticket_id: string }>(
      `select ticket_id from patient_follow_tokens where token_hash = $1`,
      [sha256(token)],
    );
    expect(stored).toEqual([{ ticket_id: first.ticketId }]);
    expect(JSON.stringify(await db().query(`select * from patient_follow_tokens`))).not.toContain(token);
    for (const link of [token, first.token]) {
      const res = await follow(link);
      expect(res.statusCode, res.body).toBe(200);
      const view = res.json() as FollowView;
      expect(view.ticketReference).toBe('T-1');
      expect(view.messages.map((m) => [m.from, m.body])).toEqual([
        ['you', jane.request],
        ['practice', replyText],
      ]);
    }
  });

  it('audits the read of the patient’s sealed address as the system’s PHI read', async () => {
    const rows = await db().query<{ actor_type: string; actor_label: string; target_id: string; details: unknown }>(
      `select actor_type, actor_label, target_id, details from audit_log
        where action = 'phi.read' and practice_id = $1 and details->>'via' = 'patient_email'`,
      [world.practices.a],
    );
    expect(rows).toEqual([
      {
        actor_type: 'system',
        actor_label: 'Tandem (email to the patient)',
        target_id: first.ticketId,
        details: { tickets: [first.ticketId], fields: ['email'], via: 'patient_email', news: 'replied' },
      },
    ]);
  });

  it('does not email the patient of their own reply through the follow page', async () => {
    const res = await follow(first.token, 'POST', { body: 'Thank you, it works.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await notices('desk.intake_replied')).toHaveLength(1);
  });

  it('emails the patient once when the request is resolved, with a link that opens it', async () => {
    await ok('POST', `/tickets/${first.ticketId}/status`, { status: 'resolved' });
    const mails = await delivered('Alder Family Medicine: your request T-1 is resolved');
    expect(mails).toHaveLength(1);
    expectNoSecrets(mails[0]!);
    const res = await follow(linkOf(mails[0]!));
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as FollowView).status).toBe('resolved');
    const audited = await db().query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'phi.read' and details->>'via' = 'patient_email'`,
    );
    expect(audited[0]!.n).toBe(2);
  });

  it('sends nothing to a patient who gave only a phone, nor where no job queue runs', async () => {
    const before = (await db().query<{ n: number }>(`select count(*)::int as n from notices`))[0]!.n;
    const phoneOnly = await submit({ name: 'Sam Poe', phone: '555 0100', request: 'Refill please.' }, '198.51.100.2');
    await ok('POST', `/tickets/${phoneOnly.ticketId}/replies`, { body: 'Refill sent.' });
    await ok('POST', `/tickets/${phoneOnly.ticketId}/status`, { status: 'resolved' });

    // The same installation without a job queue: the patient gave an address, but no mail is sent.
    const { app } = await buildTestServer(db(), {
      clock: world.clock,
      keyring: world.keyring,
      config: { publicUrl: noticePublicUrl },
    });
    try {
      const emailed = await submit({ ...jane, request: 'Another question.' }, '198.51.100.3', app);
      const reply = await app.inject({
        method: 'POST',
        url: `${base}/tickets/${emailed.ticketId}/replies`,
        headers: as(internalIt),
        payload: { body: 'Answered.' },
      });
      expect(reply.statusCode, reply.body).toBe(200);
    } finally {
      await app.close();
    }
    expect((await db().query<{ n: number }>(`select count(*)::int as n from notices`))[0]!.n).toBe(before);
    const audited = await db().query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'phi.read' and details->>'via' = 'patient_email'`,
    );
    expect(audited[0]!.n).toBe(2);
  });

  it('ends every link of a ticket 30 days after it was resolved; the sweep deletes them, an open ticket’s stay', async () => {
    const resolvedMail = (await delivered('Alder Family Medicine: your request T-1 is resolved'))[0]!;
    const links = [first.token, linkOf(resolvedMail)];
    const [{ resolved_at }] = (await db().query<{ resolved_at: string }>(
      `select resolved_at from tickets where id = $1`,
      [first.ticketId],
    )) as [{ resolved_at: string }];
    const resolvedAt = new Date(resolved_at).getTime();
    const dayMs = 86_400_000;
    expect(followLinkDays).toBe(30);

    world.clock.set(new Date(resolvedAt + 29 * dayMs));
    for (const link of links) expect((await follow(link)).statusCode).toBe(200);
    expect(await sweepFollowLinks({ database: db(), clock: world.clock })).toEqual({ tickets: 0 });

    world.clock.set(new Date(resolvedAt + 30 * dayMs + 60_000));
    for (const link of links) {
      const res = await follow(link);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { message: expect.stringContaining('expired') } });
    }
    // A request still open keeps its link through the sweep.
    const open = await submit({ ...jane, request: 'A new question.' }, '198.51.100.4');
    const tokensOf = (ticketId: string) =>
      db().query<{ n: number }>(`select count(*)::int as n from patient_follow_tokens where ticket_id = $1`, [
        ticketId,
      ]);
    expect((await tokensOf(first.ticketId))[0]!.n).toBe(2);

    // The phone-only request of the test above was resolved too: its first link goes with Jane's.
    expect(await sweepFollowLinks({ database: db(), clock: world.clock })).toEqual({ tickets: 2 });
    expect((await tokensOf(first.ticketId))[0]!.n).toBe(0);
    const hashes = await db().query<{ ticket_id: string; follow_token_hash: string | null }>(
      `select ticket_id, follow_token_hash from patient_requests where ticket_id in ($1, $2)`,
      [first.ticketId, open.ticketId],
    );
    expect(hashes.find((h) => h.ticket_id === first.ticketId)!.follow_token_hash).toBeNull();
    expect(hashes.find((h) => h.ticket_id === open.ticketId)!.follow_token_hash).toBe(sha256(open.token));
    expect((await follow(open.token)).statusCode).toBe(200);
    const audited = await db().query<{ actor_label: string; details: unknown }>(
      `select actor_label, details from audit_log where action = 'desk.follow_links_expired' and target_id = $1`,
      [first.ticketId],
    );
    expect(audited).toEqual([{ actor_label: 'Tandem (follow link expiry)', details: { days: 30 } }]);
    // A wrong token still reads as one.
    expect((await follow(first.token)).json()).toMatchObject({
      error: { message: expect.stringContaining('not valid') },
    });
    expect(await sweepFollowLinks({ database: db(), clock: world.clock })).toEqual({ tickets: 0 });
  });

  it('leads a merged request’s links to the ticket it was merged into, for as long as that one is open', async () => {
    const merged = await submit({ ...jane, request: 'My bill is wrong.' }, '198.51.100.5');
    const survivor = await submit({ ...jane, request: 'Question about my bill.' }, '198.51.100.6');
    internalIt = await signInAs(world, world.users.internalIt);
    await ok('POST', `/tickets/${survivor.ticketId}/merges`, { ticketId: merged.ticketId });
    const [survivorRow] = await db().query<{ number: number }>(`select number from tickets where id = $1`, [
      survivor.ticketId,
    ]);
    const res = await follow(merged.token);
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as FollowView).ticketReference).toBe(`T-${survivorRow!.number}`);
    // Past the expiry of the merged (closed) ticket: its links stay while the survivor is open.
    world.clock.set(new Date(world.clock.now().getTime() + 31 * 86_400_000));
    expect(await sweepFollowLinks({ database: db(), clock: world.clock })).toEqual({ tickets: 0 });
    expect((await follow(merged.token)).statusCode).toBe(200);
  });
});
