/**
 * What agents do on a ticket beyond replies, over HTTP on both engines: attachments (size limit,
 * type by content, visibility, PHI encrypted with audited downloads), time entries per party with
 * totals and a month report, merge (history shows on the target, the merged one closed with a
 * link, each keeps its own clocks) and split (a reply becomes a linked ticket).
 *
 * The attachment limit is set to 64 KiB here so "too big" needs no large body.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/desk/ticket-schema.ts';
import type { TicketTime, TimeReport } from '../../src/desk/time-entry-schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildDeskWorld, type DeskWorld } from '../support/desk-world.ts';
import { as, type SignedIn } from '../support/world.ts';

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);
const LIMIT = 64 * 1024;

describeEachEngine('service desk: attachments, time, merge and split', (db) => {
  let d: DeskWorld;

  const upload = (
    who: SignedIn,
    ticketId: string,
    eventId: string,
    body: Buffer,
    type: string,
    fileName = 'screen.png',
  ) =>
    d.world.app.inject({
      method: 'POST',
      url: `${d.base}/tickets/${ticketId}/attachments?eventId=${eventId}&fileName=${encodeURIComponent(fileName)}`,
      headers: { ...as(who), 'content-type': type },
      payload: body,
    });
  const download = (who: SignedIn, ticketId: string, fileId: string) =>
    d.call(who, 'GET', `/tickets/${ticketId}/attachments/${fileId}`);
  const paths = (res: { json: () => unknown }) =>
    (res.json() as { error: { details: { path: string }[] } }).error.details.map((x) => x.path);
  const auditActions = async () =>
    (
      await db().query<{ action: string; details: Record<string, unknown> }>(
        `select action, details from audit_log where practice_id = '${d.world.practices.a}' order by seq`,
      )
    ).map((r) => r);

  beforeAll(async () => {
    d = await buildDeskWorld(db(), '2026-11-24T14:00:00Z', { config: { attachmentLimit: LIMIT } });
  });

  describe('attachments', () => {
    it('stores a file on a reply and gives it back as an attachment with nosniff', async () => {
      const ticket = await d.open(d.s.staff, 'Screen flickers');
      const replied = await d.ok<Ticket>(d.s.staff, 'POST', `/tickets/${ticket.id}/replies`, { body: 'See the photo' });
      const reply = replied.events.at(-1)!;
      const res = await upload(d.s.staff, ticket.id, reply.id, png, 'image/png', 'écran 1.png');
      expect(res.statusCode, res.body).toBe(200);
      const file = (res.json() as Ticket).events.find((e) => e.id === reply.id)!.attachments[0]!;
      expect(file).toMatchObject({ fileName: 'écran 1.png', contentType: 'image/png', size: png.length });
      const got = await download(d.s.tech, ticket.id, file.id);
      expect(got.statusCode).toBe(200);
      expect(got.rawPayload.equals(png)).toBe(true);
      expect(got.headers['content-type']).toBe('image/png');
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(got.headers['content-disposition']).toBe(
        `attachment; filename="_cran 1.png"; filename*=UTF-8''%C3%A9cran%201.png`,
      );
      // The requester downloads their own ticket's file; another practice cannot even find it.
      expect((await download(d.s.staff, ticket.id, file.id)).statusCode).toBe(200);
      expect(
        (
          await d.world.app.inject({
            method: 'GET',
            url: `/api/v1/practices/${d.world.practices.c}/tickets/${ticket.id}/attachments/${file.id}`,
            headers: as(d.s.other),
          })
        ).statusCode,
      ).toBe(404);
    });

    it('refuses a file too big, of a type not allowed or lying about its type, and on another ticket’s event', async () => {
      const ticket = await d.open(d.s.staff, 'Attachment limits');
      const created = ticket.events[0]!;
      const big = await upload(d.s.staff, ticket.id, created.id, Buffer.alloc(LIMIT + 1, 0x41), 'text/plain', 'a.txt');
      expect(big.statusCode).toBe(413);
      const exe = await upload(
        d.s.staff,
        ticket.id,
        created.id,
        Buffer.from('MZ\x90\x00', 'latin1'),
        'application/pdf',
        'a.pdf',
      );
      expect(exe.statusCode).toBe(415);
      expect(paths(exe)).toContain('body');
      const html = await upload(
        d.s.staff,
        ticket.id,
        created.id,
        Buffer.from('<html><script>x</script>'),
        'text/plain',
        'a.txt',
      );
      expect(html.statusCode).toBe(415);
      const other = await d.open(d.s.staff, 'Another ticket');
      const wrongEvent = await upload(d.s.staff, ticket.id, other.events[0]!.id, png, 'image/png');
      expect(wrongEvent.statusCode).toBe(400);
      expect(paths(wrongEvent)).toContain('query.eventId');
      const badName = await upload(d.s.staff, ticket.id, created.id, png, 'image/png', '../etc/passwd');
      expect(badName.statusCode).toBe(400);
      const empty = await upload(d.s.staff, ticket.id, created.id, Buffer.alloc(0), 'image/png');
      expect(empty.statusCode).toBe(400);
      // Another practice's caller on this practice's ticket: not theirs to see.
      const elsewhere = await d.world.app.inject({
        method: 'POST',
        url: `/api/v1/practices/${d.world.practices.c}/tickets/${ticket.id}/attachments?eventId=${created.id}&fileName=a.png`,
        headers: { ...as(d.s.other), 'content-type': 'image/png' },
        payload: png,
      });
      expect(elsewhere.statusCode).toBe(404);
    });

    it('keeps a note’s files to those who work tickets', async () => {
      const ticket = await d.open(d.s.staff, 'Note files');
      const noted = await d.ok<Ticket>(d.s.tech, 'POST', `/tickets/${ticket.id}/replies`, {
        body: 'log',
        internal: true,
      });
      const note = noted.events.at(-1)!;
      const res = await upload(d.s.tech, ticket.id, note.id, Buffer.from('error 42\n'), 'text/plain', 'log.txt');
      expect(res.statusCode, res.body).toBe(200);
      const file = (res.json() as Ticket).events.find((e) => e.id === note.id)!.attachments[0]!;
      expect((await download(d.s.tech, ticket.id, file.id)).headers['content-type']).toBe('text/plain; charset=utf-8');
      expect((await download(d.s.staff, ticket.id, file.id)).statusCode).toBe(404);
      // A requester cannot put a file on a note either.
      expect((await upload(d.s.staff, ticket.id, note.id, png, 'image/png')).statusCode).toBe(400);
    });

    it('encrypts a patient-desk file, hides it from MSP staff the practice has not granted, and audits each read', async () => {
      const ticket = await d.open(d.s.staff, 'Portal photo', { deskId: d.desks.patient.id, category: 'portal' });
      const res = await upload(d.s.staff, ticket.id, ticket.events[0]!.id, png, 'image/png', 'jane-roe.png');
      expect(res.statusCode, res.body).toBe(200);
      const [stored] = await db().query<{ file_name: string; content: unknown; sealed_content: string }>(
        `select file_name, content, sealed_content from ticket_attachments where ticket_id = '${ticket.id}'`,
      );
      expect(stored!.file_name).toMatch(/^enc:v1:/);
      expect(stored!.sealed_content).toMatch(/^enc:v1:/);
      expect(stored!.content).toBeNull();
      const seen = await d.ok<Ticket>(d.s.tech, 'GET', `/tickets/${ticket.id}`);
      const file = seen.events[0]!.attachments[0]!;
      expect(file.fileName).toBeNull(); // MSP technician, practice has not granted patient details
      const refused = await download(d.s.tech, ticket.id, file.id);
      expect(refused.statusCode).toBe(403);
      const got = await download(d.s.it, ticket.id, file.id);
      expect(got.statusCode).toBe(200);
      expect(got.rawPayload.equals(png)).toBe(true);
      const reads = (await auditActions()).filter(
        (a) => a.action === 'phi.read' && JSON.stringify(a.details).includes(file.id),
      );
      expect(reads).toHaveLength(1);
    });
  });

  describe('time entries', () => {
    it('logs time per party, totals it per ticket and party, and reports it by month', async () => {
      const ticket = await d.open(d.s.staff, 'Time on this');
      const log = (body: object) => d.call(d.s.tech, 'POST', `/tickets/${ticket.id}/time-entries`, body);
      const entry = { partyId: 'msp-desk', workedOn: '2026-11-24', minutes: 30, billing: 'contract' };
      expect((await log(entry)).statusCode).toBe(201);
      expect((await log({ ...entry, minutes: 45, billing: 'billable', note: 'After hours' })).statusCode).toBe(201);
      expect((await log({ ...entry, partyId: 'dana', minutes: 20 })).statusCode).toBe(201);
      expect((await log({ ...entry, workedOn: '2026-12-01', minutes: 15 })).statusCode).toBe(201);
      // A correction: 10 of the first 30 minutes were not worked.
      expect((await log({ ...entry, minutes: -10, note: 'Correction' })).statusCode).toBe(201);
      const time = await d.ok<TicketTime>(d.s.tech, 'GET', `/tickets/${ticket.id}/time-entries`);
      expect(time.total).toEqual({ contract: 30 + 20 + 15 - 10, billable: 45 });
      expect(time.byParty).toEqual([
        { partyId: 'msp-desk', name: 'MSP service desk', side: 'msp', contract: 30 + 15 - 10, billable: 45 },
        { partyId: 'dana', name: 'Dana (office IT)', side: 'internal_it', contract: 20, billable: 0 },
      ]);
      expect(time.entries.map((e) => e.note)).toEqual([null, 'After hours', null, null, 'Correction']);
      const history = await d.ok<Ticket>(d.s.tech, 'GET', `/tickets/${ticket.id}`);
      expect(history.events.filter((e) => e.kind === 'time_logged')).toHaveLength(5);
      const report = await d.ok<TimeReport>(d.s.admin, 'GET', '/desk-reports/time?from=2026-11&to=2026-12');
      expect(report.rows).toEqual([
        { month: '2026-11', partyId: 'dana', name: 'Dana (office IT)', side: 'internal_it', contract: 20, billable: 0 },
        { month: '2026-11', partyId: 'msp-desk', name: 'MSP service desk', side: 'msp', contract: 20, billable: 45 },
        { month: '2026-12', partyId: 'msp-desk', name: 'MSP service desk', side: 'msp', contract: 15, billable: 0 },
      ]);
      expect(report.total).toEqual({ contract: 55, billable: 45 });
      expect((await auditActions()).filter((a) => a.action === 'ticket.time_logged')).toHaveLength(5);
    });

    it('refuses bad entries naming the field, and requesters', async () => {
      const ticket = await d.open(d.s.staff, 'Bad time');
      const good = { partyId: 'msp-desk', workedOn: '2026-11-24', minutes: 30, billing: 'contract' };
      const cases: [object, string][] = [
        [{ ...good, partyId: 'nobody' }, 'body.partyId'],
        [{ ...good, minutes: 0 }, 'body.minutes'],
        [{ ...good, minutes: 1441 }, 'body.minutes'],
        [{ ...good, minutes: 1.5 }, 'body.minutes'],
        [{ ...good, workedOn: '2026-02-30' }, 'body.workedOn'],
        [{ ...good, billing: 'free' }, 'body.billing'],
      ];
      for (const [body, path] of cases) {
        const res = await d.call(d.s.tech, 'POST', `/tickets/${ticket.id}/time-entries`, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(paths(res)).toContain(path);
      }
      expect((await d.call(d.s.staff, 'POST', `/tickets/${ticket.id}/time-entries`, good)).statusCode).toBe(403);
      expect((await d.call(d.s.admin, 'GET', '/desk-reports/time?from=2026-12&to=2026-11')).statusCode).toBe(400);
    });
  });

  describe('merge and split', () => {
    it('merges B into A: B closed with a link, its history and words on A, each keeping its own clocks', async () => {
      await d.at('2026-11-25T14:00:00Z'); // Wednesday 08:00 in Chicago
      const a = await d.open(d.s.staff, 'Outlook keeps asking for the password');
      const b = await d.open(d.s.staff, 'Mail password prompt again', { impact: 'high', urgency: 'high' });
      await d.ok(d.s.staff, 'POST', `/tickets/${b.id}/replies`, { body: 'Happens on the reception kiosk' });
      const merged = await d.ok<Ticket>(d.s.tech, 'POST', `/tickets/${a.id}/merges`, {
        ticketId: b.id,
        reason: 'Same cause',
      });
      expect(merged.merged).toEqual([{ id: b.id, number: b.number }]);
      const fromB = merged.events.filter((e) => e.fromTicket === b.number);
      expect(fromB.map((e) => e.kind)).toEqual(expect.arrayContaining(['created', 'reply', 'merged']));
      expect(fromB.find((e) => e.kind === 'reply')!.body).toBe('Happens on the reception kiosk');
      expect(merged.events.filter((e) => e.fromTicket === null).at(-1)).toMatchObject({
        kind: 'merged',
        data: { from: { id: b.id, number: b.number }, reason: 'Same cause' },
      });
      // A keeps its own P3 clocks (4 business hours to respond: 12:00 local); B is closed with its P1 ones.
      expect(merged.priority).toBe('P3');
      expect(merged.firstResponse.dueAt).toBe('2026-11-25T18:00:00.000Z');
      const closed = await d.ok<Ticket>(d.s.tech, 'GET', `/tickets/${b.id}`);
      expect(closed).toMatchObject({ status: 'closed', mergedInto: { id: a.id, number: a.number }, priority: 'P1' });
      expect(closed.firstResponse.dueAt).toBe('2026-11-25T14:15:00.000Z');
      // B's words are found on A; B itself still matches too.
      const found = await d.ok<{ tickets: { number: number }[] }>(d.s.tech, 'GET', '/tickets?q=kiosk');
      expect(found.tickets.map((t) => t.number).sort()).toEqual([a.number, b.number].sort());
      const actions = (await auditActions()).map((x) => x.action);
      expect(actions).toContain('ticket.merged');
    });

    it('refuses merging into itself, twice, across the patient desk, or by a requester', async () => {
      const a = await d.open(d.s.staff, 'Merge refusals A');
      const b = await d.open(d.s.staff, 'Merge refusals B');
      const p = await d.open(d.s.staff, 'Patient one', { deskId: d.desks.patient.id, category: 'portal' });
      const merge = (into: string, ticketId: string) =>
        d.call(d.s.tech, 'POST', `/tickets/${into}/merges`, { ticketId });
      expect((await merge(a.id, a.id)).statusCode).toBe(409);
      expect((await merge(a.id, p.id)).statusCode).toBe(409);
      expect((await merge(a.id, b.id)).statusCode).toBe(200);
      expect((await merge(a.id, b.id)).statusCode).toBe(409);
      expect((await merge(a.id, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
      expect((await d.call(d.s.staff, 'POST', `/tickets/${a.id}/merges`, { ticketId: b.id })).statusCode).toBe(403);
    });

    it('splits a reply out into a new ticket linked both ways, with the same holder', async () => {
      const original = await d.open(d.s.staff, 'Printer and scanner');
      const replied = await d.ok<Ticket>(d.s.staff, 'POST', `/tickets/${original.id}/replies`, {
        body: 'Also the scanner emails go nowhere',
      });
      const reply = replied.events.at(-1)!;
      const res = await d.call(d.s.tech, 'POST', `/tickets/${original.id}/splits`, {
        eventId: reply.id,
        title: 'Scan to email fails',
      });
      expect(res.statusCode, res.body).toBe(201);
      const split = res.json() as Ticket;
      expect(split).toMatchObject({
        title: 'Scan to email fails',
        description: 'Also the scanner emails go nowhere',
        status: 'new',
        splitFrom: { id: original.id, number: original.number },
        assignee: original.assignee,
        requester: original.requester,
      });
      expect(split.number).toBeGreaterThan(original.number);
      const after = await d.ok<Ticket>(d.s.tech, 'GET', `/tickets/${original.id}`);
      expect(after.events.at(-1)).toMatchObject({
        kind: 'split',
        data: { to: { id: split.id, number: split.number } },
      });
      // The requester sees the new ticket as theirs.
      expect((await d.call(d.s.staff, 'GET', `/tickets/${split.id}`)).statusCode).toBe(200);
      const bad = await d.call(d.s.tech, 'POST', `/tickets/${original.id}/splits`, {
        eventId: original.events[0]!.id,
        title: 'x',
      });
      expect(bad.statusCode).toBe(400);
      expect(paths(bad)).toContain('body.eventId');
      expect((await auditActions()).map((x) => x.action)).toContain('ticket.split');
    });
  });
});
