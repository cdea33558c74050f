/**
 * Email in and out on both engines, through real SMTP: nodemailer sends to Tandem's receiver
 * (smtp-server on 127.0.0.1) and Tandem's ticket emails go to a test SMTP server (smtp-sink).
 * A desk's address opens tickets; a reply to a ticket email lands on the ticket, threaded by its
 * reply address or, failing that, by References; automatic mail, resent copies and a flooding
 * sender are dropped; unknown recipients (550) and oversized messages (552) are refused; a backup
 * product's report email becomes a report and its good run resolves the incident.
 *
 * Times are inside practice A's business hours (America/Chicago, Tuesday 1 December 2026).
 */
import type { ParsedMail } from 'mailparser';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { evaluateRpo, type RpoDeps } from '../../src/backup/rpo.ts';
import type { CreatedJob, Job, System } from '../../src/backup/schema.ts';
import type { Desk } from '../../src/desk/desk-schema.ts';
import type { Ticket } from '../../src/desk/ticket-schema.ts';
import type { ReceiveDeps } from '../../src/mail/receive.ts';
import { senderLimit } from '../../src/mail/receive.ts';
import { startReceiver, type RunningReceiver } from '../../src/mail/receiver.ts';
import type { DeskMail } from '../../src/mail/schema.ts';
import { replyAboveLine } from '../../src/notify/events.ts';
import { describeEachEngine } from '../support/databases.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';
import { buildNoticeWorld, noticePublicUrl, type NoticeWorld } from '../support/notice-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { as, signInAs, type SignedIn, type World } from '../support/world.ts';

const mailDomain = 'desk.harbor.example';

describeEachEngine('email in and out', (db, _engine, postgresUrl) => {
  let harness: NoticeWorld;
  let world: World;
  let receiver: RunningReceiver;
  let client: Transporter<SMTPTransport.SentMessageInfo>;
  let base: string;
  let desks: DeskMail['desks'];
  const hour = 3_600_000;
  /** Tuesday 1 December 2026, 09:00 in Chicago. */
  const t0 = Date.parse('2026-12-01T15:00:00Z');

  type Method = 'GET' | 'POST';
  const call = (session: SignedIn, method: Method, url: string, payload?: object) =>
    world.app.inject({ method, url: `${base}${url}`, headers: as(session), ...(payload ? { payload } : {}) });
  const ok = async <T>(session: SignedIn, method: Method, url: string, payload?: object) => {
    const res = await call(session, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  /** Signs in at `ms` and sets the clock back there (signing in moves it past the TOTP step). */
  const signIn = async (user: keyof World['users'], ms: number) => {
    world.clock.set(new Date(ms));
    const session = await signInAs(world, world.users[user]);
    world.clock.set(new Date(ms));
    return session;
  };
  const deskAddress = (kind: Desk['kind']) => desks.find((d) => d.kind === kind)!.address;
  let sent = 0;
  /** Sends through Tandem's receiver; each message gets a Message-ID of its own unless given one. */
  const send = (message: SendMailOptions) => {
    sent += 1;
    return client.sendMail({
      from: 'frontdesk@alder.example',
      subject: 'Printer at reception',
      text: 'It jams on every page.',
      messageId: `<m${sent}.${Date.now()}@alder.example>`,
      ...message,
    });
  };
  const inbound = (messageId: string) =>
    db().query<{ outcome: string; ticket_id: string | null }>(
      `select outcome, ticket_id from inbound_mail where message_id = '${messageId}'`,
    );
  const refusal = async (message: SendMailOptions) => {
    const err = (await send(message).then(
      () => null,
      (e: unknown) => e,
    )) as { responseCode?: number } | null;
    return err?.responseCode;
  };
  const ticket = (session: SignedIn, id: string) => ok<Ticket>(session, 'GET', `/tickets/${id}`);
  /** The first email the test SMTP server received whose subject starts so, once it has arrived. */
  const emailed = async (subject: string) => {
    const match = (m: ParsedMail) => (m.subject ?? '').startsWith(subject);
    await waitFor(() => harness.smtp!.messages.some(match), { what: `an email "${subject}"` });
    return harness.smtp!.messages.find(match)!;
  };

  beforeAll(async () => {
    harness = await buildNoticeWorld(db(), postgresUrl(), { smtp: true, config: { mailDomain } });
    world = harness.world;
    base = `/api/v1/practices/${world.practices.a}`;
    const admin = await signIn('practiceAdmin', t0 - 2 * hour);
    const msp = await signIn('mspAdmin', t0 - 2 * hour);
    const versions = '/matrix/versions';
    const draft = await ok<{ number: number }>(admin, 'POST', versions, {
      source: { kind: 'matrix', matrix: smallMatrix() },
    });
    await ok(admin, 'POST', `${versions}/${draft.number}/propose`, {});
    await ok(msp, 'POST', `${versions}/${draft.number}/agree`, {});
    const deps: ReceiveDeps = {
      database: db(),
      clock: world.clock,
      keyring: world.keyring,
      notifier: { queue: harness.queue, clock: world.clock },
      publicUrl: noticePublicUrl,
      mailDomain,
      own: { from: 'tandem@harbor.example', messageIdDomain: 'harbor.example' },
      attachmentLimit: 16 * 1024,
    };
    receiver = await startReceiver(
      deps,
      { host: '127.0.0.1', port: 0, maxBytes: 64 * 1024 },
      pino({ level: 'silent' }),
    );
    client = nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
  });

  afterAll(async () => {
    client?.close();
    await receiver?.stop();
    await harness?.stop();
  });

  it("shows each desk's inbound address to those who change the desks, the same on every read", async () => {
    const admin = await signIn('practiceAdmin', t0);
    const first = await ok<DeskMail>(admin, 'GET', '/desk-mail');
    desks = first.desks;
    expect(desks.map((d) => d.kind).sort()).toEqual(['clinical', 'it', 'patient']);
    for (const d of desks) expect(d.address).toMatch(/^desk\+[a-z2-7]{20}@desk\.harbor\.example$/);
    expect(new Set(desks.map((d) => d.address)).size).toBe(3);
    expect((await ok<DeskMail>(admin, 'GET', '/desk-mail')).desks).toEqual(desks);
    const staff = await signIn('staff', t0);
    expect((await call(staff, 'GET', '/desk-mail')).statusCode).toBe(403);
    const audited = await db().query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'desk.mail_address_created' and practice_id = '${world.practices.a}'`,
    );
    expect(audited[0]!.n).toBe(3);
  });

  it('refuses unknown recipients at RCPT (550) and oversized messages (552)', async () => {
    expect(await refusal({ to: `reply+zzzzzzzzzzzzzzzzzzzz@${mailDomain}` })).toBe(550);
    expect(await refusal({ to: `postmaster@${mailDomain}` })).toBe(550);
    expect(await refusal({ to: deskAddress('it').replace(mailDomain, 'elsewhere.example') })).toBe(550);
    expect(await refusal({ to: deskAddress('it'), text: 'x'.repeat(80 * 1024) })).toBe(552);
    const stored = await db().query<{ n: number }>(`select count(*)::int as n from inbound_mail`);
    expect(stored[0]!.n).toBe(0);
  });

  let itTicket: string;

  it('opens a ticket for a member who mails the desk, and emails them the public reply with its thread headers', async () => {
    world.clock.set(new Date(t0 + hour));
    const info = await send({ to: deskAddress('it'), date: new Date(t0 + hour) });
    expect(info.rejected).toEqual([]);
    const [row] = await inbound(info.messageId);
    expect(row).toMatchObject({ outcome: 'ticket' });
    itTicket = row!.ticket_id!;
    const tech = await signIn('technician', t0 + hour);
    const opened = await ticket(tech, itTicket);
    expect(opened).toMatchObject({
      title: 'Printer at reception',
      description: 'It jams on every page.',
      requester: 'frontdesk@alder.example',
      impact: 'medium',
      urgency: 'medium',
    });
    // The requester sees it as their own ticket.
    const staff = await signIn('staff', t0 + hour);
    expect((await ticket(staff, itTicket)).id).toBe(itTicket);

    await ok(tech, 'POST', `/tickets/${itTicket}/replies`, { body: 'Please try the manual feed tray.' });
    const email = await emailed(`[T-${opened.number}] Printer at reception`);
    expect(email.to).toMatchObject({ text: 'frontdesk@alder.example' });
    expect(email.replyTo?.text).toMatch(/^reply\+[a-z2-7]{20}@desk\.harbor\.example$/);
    expect(email.inReplyTo).toBe(`<ticket-${itTicket}@harbor.example>`);
    expect(email.references).toBe(`<ticket-${itTicket}@harbor.example>`);
    expect(email.messageId).toMatch(/^<[0-9a-f-]{36}@harbor\.example>$/);
    expect(email.headers.get('auto-submitted')).toBe('auto-generated');
    expect(email.text).toContain('Please try the manual feed tray.');
    expect(email.text).toContain(replyAboveLine);
  });

  const replyAddressOf = async (ticketId: string) => {
    const rows = await db().query<{ token: string }>(
      `select token from mail_addresses where ticket_id = '${ticketId}'`,
    );
    return `reply+${rows[0]!.token}@${mailDomain}`;
  };

  it('lands an emailed reply on its ticket without the quoted email, threaded by the address or by References', async () => {
    world.clock.set(new Date(t0 + 2 * hour));
    const quoted = `The tray works, thanks.\n\n${replyAboveLine}\n\ntech@harbor.example replied on ticket T-1:\n> Please try the manual feed tray.`;
    const info = await send({ to: await replyAddressOf(itTicket), subject: 'Re: Printer at reception', text: quoted });
    expect((await inbound(info.messageId))[0]).toMatchObject({ outcome: 'reply', ticket_id: itTicket });
    // Sent to the desk's address but answering the ticket's thread: a reply there, not a new ticket.
    const threaded = await send({
      to: deskAddress('it'),
      subject: 'Re: Printer at reception',
      text: 'One more thing: it is the HP at the front.\n\nOn Tue, 1 Dec 2026, Tandem <tandem@harbor.example> wrote:\n> earlier',
      references: [`<ticket-${itTicket}@harbor.example>`],
    });
    expect((await inbound(threaded.messageId))[0]).toMatchObject({ outcome: 'reply', ticket_id: itTicket });
    const tech = await signIn('technician', t0 + 2 * hour);
    const replies = (await ticket(tech, itTicket)).events.filter((e) => e.kind === 'reply');
    expect(replies.map((e) => [e.actor, e.body])).toEqual([
      ['tech@harbor.example', 'Please try the manual feed tray.'],
      ['frontdesk@alder.example', 'The tray works, thanks.'],
      ['frontdesk@alder.example', 'One more thing: it is the HP at the front.'],
    ]);
    expect(replies[1]!.data).toMatchObject({ via: 'email' });
    const audited = await db().query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'mail.received' and target_id = '${itTicket}'`,
    );
    expect(audited[0]!.n).toBe(3);
  });

  it("keeps an unknown sender's email as an internal note the requester does not see", async () => {
    world.clock.set(new Date(t0 + 3 * hour));
    const info = await send({
      from: 'someone@elsewhere.example',
      to: await replyAddressOf(itTicket),
      subject: 'Re: Printer at reception',
      text: 'I can fix this for $500.',
    });
    expect((await inbound(info.messageId))[0]).toMatchObject({ outcome: 'note_unknown_sender' });
    const tech = await signIn('technician', t0 + 3 * hour);
    const note = (await ticket(tech, itTicket)).events.at(-1)!;
    expect(note).toMatchObject({ kind: 'note', data: { via: 'email', unknownSender: true } });
    expect(note.body).toContain('Email from someone@elsewhere.example');
    expect(note.body).toContain('I can fix this for $500.');
    const staff = await signIn('staff', t0 + 3 * hour);
    expect((await ticket(staff, itTicket)).events.some((e) => e.kind === 'note')).toBe(false);
  });

  it("attaches an email's files through the desk's checks, sealed on the patient desk, and lists the refused ones", async () => {
    world.clock.set(new Date(t0 + 3 * hour + 30 * 60_000));
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n');
    // The requester's reply with a PDF: the file goes on that reply.
    const answered = await send({
      to: await replyAddressOf(itTicket),
      subject: 'Re: Printer at reception',
      text: 'The error page is attached.',
      attachments: [{ filename: 'error.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    expect((await inbound(answered.messageId))[0]).toMatchObject({ outcome: 'reply' });
    const tech = await signIn('technician', t0 + 3 * hour + 30 * 60_000);
    const withFile = (await ticket(tech, itTicket)).events.findLast((e) => e.kind === 'reply')!;
    expect(withFile.body).toBe('The error page is attached.');
    expect(withFile.attachments).toMatchObject([
      { fileName: 'error.pdf', contentType: 'application/pdf', size: pdf.length },
    ]);

    // A patient writes to the patient desk: the image is kept (sealed), a page named .pdf and a file over the limit are not.
    const info = await send({
      from: 'patient@mail.example',
      to: deskAddress('patient'),
      subject: 'Portal photo',
      text: 'Here is what the portal shows me.',
      attachments: [
        { filename: 'screen.png', content: png, contentType: 'image/png' },
        { filename: 'results.pdf', content: '<html><script>alert(1)</script></html>', contentType: 'application/pdf' },
        {
          filename: 'big.pdf',
          content: Buffer.concat([pdf, Buffer.alloc(20 * 1024, 32)]),
          contentType: 'application/pdf',
        },
      ],
    });
    const [row] = await inbound(info.messageId);
    expect(row).toMatchObject({ outcome: 'ticket_unknown_sender' });
    const internalIt = await signIn('internalIt', t0 + 3 * hour + 30 * 60_000);
    const opened = await ticket(internalIt, row!.ticket_id!);
    expect(opened.description).toBe(
      'Here is what the portal shows me.\n\nNot attached: results.pdf (not an accepted file type)\nNot attached: big.pdf (over the 16 KB limit)',
    );
    expect(opened.events.find((e) => e.kind === 'created')!.attachments).toMatchObject([
      { fileName: 'screen.png', contentType: 'image/png', size: png.length },
    ]);
    const stored = await db().query<{ file_name: string; content: unknown; sealed_content: string | null }>(
      `select file_name, content, sealed_content from ticket_attachments where ticket_id = $1`,
      [row!.ticket_id],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.file_name).not.toContain('screen');
    expect(stored[0]!.content).toBeNull();
    expect(stored[0]!.sealed_content).not.toBeNull();
  });

  it('drops auto-replies, loops and resent copies, recorded and audited, adding nothing to the ticket', async () => {
    world.clock.set(new Date(t0 + 4 * hour));
    const tech = await signIn('technician', t0 + 4 * hour);
    const before = (await ticket(tech, itTicket)).events.length;
    const to = await replyAddressOf(itTicket);
    const outOfOffice = await send({
      to,
      text: 'I am out of the office.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const list = await send({ to, text: 'Newsletter', headers: { Precedence: 'bulk' } });
    const loop = await send({
      to,
      text: 'Our own email came back',
      messageId: '<0b1f6c1e-2a43-4a8e-9d1e-1f2a3b4c5d6e@harbor.example>',
    });
    for (const m of [outOfOffice, list, loop])
      expect((await inbound(m.messageId))[0]).toMatchObject({ outcome: 'dropped_auto_reply' });
    const first = await send({ to, text: 'Sent once, delivered twice.' });
    await send({ to, text: 'Sent once, delivered twice.', messageId: first.messageId });
    expect(await inbound(first.messageId)).toHaveLength(1);
    expect((await ticket(tech, itTicket)).events.length).toBe(before + 1);
    const dropped = await db().query<{ reason: string }>(
      `select details->>'reason' as reason from audit_log where action = 'mail.received' and details->>'outcome' = 'dropped_auto_reply' order by seq`,
    );
    expect(dropped.map((d) => d.reason)).toEqual([
      'Auto-Submitted: auto-replied',
      'Precedence: bulk',
      'one of Tandem’s own Message-IDs (a loop)',
    ]);
  });

  it('drops a sender past the per-sender limit of the hour', async () => {
    world.clock.set(new Date(t0 + 5 * hour));
    const to = await replyAddressOf(itTicket);
    const from = 'flood@elsewhere.example';
    for (let i = 0; i < senderLimit.messages; i += 1) await send({ from, to, text: `Message ${i}` });
    const over = await send({ from, to, text: 'One too many' });
    expect((await inbound(over.messageId))[0]).toMatchObject({ outcome: 'dropped_rate_limit' });
    // An hour on, the sender may write again.
    world.clock.set(new Date(t0 + 6 * hour + 1));
    const later = await send({ from, to, text: 'Later' });
    expect((await inbound(later.messageId))[0]).toMatchObject({ outcome: 'note_unknown_sender' });
  });

  it('emails the resolution with one-click rating links, and never a patient-desk ticket’s text', async () => {
    world.clock.set(new Date(t0 + 7 * hour));
    const tech = await signIn('technician', t0 + 7 * hour);
    const number = (await ticket(tech, itTicket)).number;
    await ok(tech, 'POST', `/tickets/${itTicket}/status`, { status: 'resolved' });
    const resolved = await emailed(`[T-${number}] Resolved: Printer at reception`);
    const link = `${noticePublicUrl}/practice/desk/tickets/${itTicket}?practice=${world.practices.a}`;
    expect(resolved.text).toContain(`${link}&rate=good`);
    expect(resolved.text).toContain(`${link}&rate=bad`);

    const staff = await signIn('staff', t0 + 7 * hour);
    const patientDesk = desks.find((d) => d.kind === 'patient')!;
    const full = await ok<{ desks: Desk[] }>(staff, 'GET', '/desks');
    const category = full.desks.find((d) => d.id === patientDesk.deskId)!.categories[0]!.id;
    const phi = await ok<Ticket>(staff, 'POST', '/tickets', {
      deskId: patientDesk.deskId,
      category,
      impact: 'low',
      urgency: 'low',
      title: 'Jane Roe cannot reach the portal',
      description: 'DOB 1970-01-01',
    });
    const internal = await signIn('internalIt', t0 + 7 * hour);
    await ok(internal, 'POST', `/tickets/${phi.id}/replies`, { body: 'Jane Roe should reset her password.' });
    const email = await emailed(`[T-${phi.number}] Reply on your`);
    const all = `${email.subject} ${email.text} ${String(email.html)}`;
    expect(all).not.toContain('Jane Roe');
    expect(all).not.toContain('1970');
    expect(email.text).toContain('Open Tandem to read it');
  });

  it("turns a backup product's report email into a report, and its good run resolves the incident", async () => {
    world.clock.set(new Date(t0));
    const msp = await signIn('mspAdmin', t0);
    const system = await ok<System>(msp, 'POST', '/backups/systems', {
      name: 'File server',
      kind: 'server',
      storesPatientData: false,
    });
    const created = await ok<CreatedJob>(msp, 'POST', '/backups/jobs', {
      systemId: system.id,
      name: 'Veeam nightly',
      destination: 'local',
      schedule: 'nightly 01:00',
      rpoHours: 24,
      activity: 'backups',
    });
    // The job's report address carries the same secret as its report URL.
    const to = created.reportEmail;
    expect(to).toBe(`backup+${created.reportUrl.split('/').at(-1)!}@${mailDomain}`);
    const report = { from: 'veeam@alder.example', to, headers: { 'Auto-Submitted': 'auto-generated' } };
    const failed = await send({ ...report, subject: '[Failed] Veeam nightly (1 machine) 1 error', date: new Date(t0) });
    expect((await inbound(failed.messageId))[0]).toMatchObject({ outcome: 'backup_report' });
    // A minute later, so the list (newest received first) has one order.
    world.clock.set(new Date(t0 + 60_000));
    await send({ ...report, subject: 'Weekly summary', date: new Date(t0 + 60_000) });
    const reports = await ok<{ reports: { result: string; message: string }[] }>(
      msp,
      'GET',
      `/backups/jobs/${created.job.id}/reports`,
    );
    expect(reports.reports.map((r) => [r.result, r.message])).toEqual([
      ['unknown', 'Weekly summary'],
      ['failed', '[Failed] Veeam nightly (1 machine) 1 error'],
    ]);

    const deps: RpoDeps = {
      database: db(),
      clock: world.clock,
      keyring: world.keyring,
      notifier: { queue: harness.queue, clock: world.clock },
      publicUrl: noticePublicUrl,
    };
    // No good copy within the 24-hour RPO: overdue, an incident opens.
    world.clock.set(new Date(t0 + 25 * hour));
    expect((await evaluateRpo(deps)).overdue).toBe(1);
    const later = await signIn('mspAdmin', t0 + 25 * hour);
    const incident = await ok<Job>(later, 'GET', `/backups/jobs/${created.job.id}`);
    expect(incident.incidentTicketId).not.toBeNull();
    const success = await send({
      ...report,
      subject: '[Success] Veeam nightly (1 machine)',
      date: new Date(t0 + 25 * hour),
    });
    expect((await inbound(success.messageId))[0]).toMatchObject({ outcome: 'backup_report' });
    world.clock.set(new Date(t0 + 25 * hour + 60_000));
    expect((await evaluateRpo(deps)).fresh).toBe(1);
    const tech = await signIn('technician', t0 + 25 * hour + 60_000);
    expect((await ticket(tech, incident.incidentTicketId!)).status).toBe('resolved');
  });
});
