/**
 * Email in from an IMAP mailbox on both engines, against a real dovecot (imap-server.ts): messages
 * are put in the mailbox with imapflow's APPEND, as a mail server's delivery would, and the poll
 * (the `mail.imap-poll` job's handler, from server/jobs.ts) takes them through receive.ts. A
 * message lands once and is marked seen; polling again adds nothing; a message left unseen by a
 * crash after receive is not a second reply; automatic mail and bounces are dropped; a message
 * for none of Tandem's addresses, or too large, is set aside (seen and flagged).
 *
 * Times are inside practice A's business hours (America/Chicago, Tuesday 1 December 2026).
 */
import { ImapFlow } from 'imapflow';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/core/config.ts';
import type { JobWorker } from '../../src/core/jobs/job-type.ts';
import type { Ticket } from '../../src/desk/ticket-schema.ts';
import { imapPollJob, pollImap, type PollSummary } from '../../src/mail/imap-poll.ts';
import type { DeskMail } from '../../src/mail/schema.ts';
import { jobWorkers } from '../../src/server/jobs.ts';
import { receiveDeps } from '../../src/server/mail-in.ts';
import { describeEachEngine } from '../support/databases.ts';
import { imapAvailable, startImapServer, type ImapServer } from '../support/imap-server.ts';
import { buildNoticeWorld, monitoringReady, noticePublicUrl, type NoticeWorld } from '../support/notice-harness.ts';
import { as, signInAs, type SignedIn, type World } from '../support/world.ts';

const mailDomain = 'desk.harbor.example';
const log = pino({ level: 'silent' });

describe.skipIf(!imapAvailable())('IMAP polling', () => {
  describeEachEngine('email in by IMAP', (db, _engine, postgresUrl) => {
    let imap: ImapServer;
    let harness: NoticeWorld;
    let world: World;
    let client: ImapFlow;
    let config: Config;
    let itDesk: string;
    let poll: () => Promise<PollSummary>;
    let tech: SignedIn;
    /** Tuesday 1 December 2026, 09:00 in Chicago. */
    const t0 = Date.parse('2026-12-01T15:00:00Z');

    let sent = 0;
    /** Puts a message in the mailbox, unseen, as delivery would; returns its Message-ID. */
    const deliver = async (headers: Record<string, string>, body = 'It jams on every page.') => {
      sent += 1;
      const messageId = headers['Message-ID'] ?? `<imap${sent}.${Date.now()}@alder.example>`;
      const all = {
        From: 'frontdesk@alder.example',
        Subject: 'Printer at reception',
        Date: new Date(t0).toUTCString(),
        ...headers,
        'Message-ID': messageId,
      };
      const head = Object.entries(all)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n');
      await client.append('INBOX', `${head}\r\n\r\n${body}\r\n`);
      return messageId;
    };
    const flagsOf = async (messageId: string) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        const [uid] = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
        const found = await client.fetchOne(String(uid), { flags: true }, { uid: true });
        // \Recent only says this session is the first to see it.
        return [...((found && found.flags) || [])].filter((f) => f !== '\\Recent').sort();
      } finally {
        lock.release();
      }
    };
    const markUnseen = async (messageId: string) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        const uids = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
        await client.messageFlagsRemove(uids, ['\\Seen'], { uid: true });
      } finally {
        lock.release();
      }
    };
    const inbound = (messageId: string) =>
      db().query<{ outcome: string; ticket_id: string | null }>(
        `select outcome, ticket_id from inbound_mail where message_id = '${messageId}'`,
      );
    const ticketCount = async () => (await db().query<{ n: number }>(`select count(*)::int as n from tickets`))[0]!.n;
    const ticket = async (id: string) => {
      const res = await world.app.inject({
        method: 'GET',
        url: `/api/v1/practices/${world.practices.a}/tickets/${id}`,
        headers: as(tech),
      });
      return res.json() as Ticket;
    };

    beforeAll(async () => {
      imap = await startImapServer();
      const mailFrom = 'Tandem <tandem@harbor.example>';
      config = {
        ...loadConfig({ TANDEM_MAIL_FROM: mailFrom, TANDEM_IMAP_URL: imap.url }),
        publicUrl: noticePublicUrl,
        mailDomain,
      };
      harness = await buildNoticeWorld(db(), postgresUrl(), { smtp: false, config: { mailDomain } });
      world = harness.world;
      world.clock.set(new Date(t0 - 3_600_000));
      const admin = await signInAs(world, world.users.practiceAdmin);
      const msp = await signInAs(world, world.users.mspAdmin);
      await monitoringReady(harness, db(), { admin, msp });
      const desks = await world.app.inject({
        method: 'GET',
        url: `/api/v1/practices/${world.practices.a}/desk-mail`,
        headers: as(admin),
      });
      itDesk = (desks.json() as DeskMail).desks.find((d) => d.kind === 'it')!.address;
      const deps = receiveDeps(config, {
        database: db(),
        keyring: world.keyring,
        jobs: harness.queue,
        clock: world.clock,
      });
      poll = () => pollImap(deps, config.imap!, { maxBytes: 64 * 1024 }, log);
      client = new ImapFlow({
        host: imap.host,
        port: imap.port,
        secure: false,
        auth: { user: imap.user, pass: imap.password },
        logger: false,
      });
      await client.connect();
      world.clock.set(new Date(t0));
      tech = await signInAs(world, world.users.technician);
    });

    afterAll(async () => {
      await client?.logout().catch(() => undefined);
      await harness?.stop();
      await imap?.stop();
    });

    let opened: string;

    it('takes an unseen message once: a ticket, the message marked seen, and a second poll adds nothing', async () => {
      const before = await ticketCount();
      const id = await deliver({ To: itDesk });
      expect(await poll()).toEqual({ taken: 1, setAside: 0, retried: 0 });
      const [row] = await inbound(id);
      expect(row).toMatchObject({ outcome: 'ticket' });
      opened = row!.ticket_id!;
      expect(await flagsOf(id)).toEqual(['\\Seen']);
      expect(await ticket(opened)).toMatchObject({
        title: 'Printer at reception',
        description: 'It jams on every page.',
        requester: 'frontdesk@alder.example',
      });
      expect(await poll()).toEqual({ taken: 0, setAside: 0, retried: 0 });
      expect(await ticketCount()).toBe(before + 1);
    });

    it('lands a reply on its ticket once, though a crash left it unseen after it was taken', async () => {
      // The technician's public reply is emailed to the requester, which makes the ticket's reply address.
      const replied = await world.app.inject({
        method: 'POST',
        url: `/api/v1/practices/${world.practices.a}/tickets/${opened}/replies`,
        headers: as(tech),
        payload: { body: 'Please try the manual feed tray.' },
      });
      expect(replied.statusCode, replied.body).toBe(200);
      const [address] = await db().query<{ token: string }>(
        `select token from mail_addresses where ticket_id = '${opened}'`,
      );
      // Forwarded to a mailbox: the reply address survives only in Delivered-To.
      const replyTo = `reply+${address!.token}@${mailDomain}`;
      const id = await deliver(
        { To: 'IT help <help@alder.example>', 'Delivered-To': replyTo, Subject: 'Re: Printer at reception' },
        'The manual tray works.',
      );
      expect(await poll()).toEqual({ taken: 1, setAside: 0, retried: 0 });
      await markUnseen(id);
      expect(await poll()).toEqual({ taken: 1, setAside: 0, retried: 0 });
      expect(await flagsOf(id)).toEqual(['\\Seen']);
      expect(await inbound(id)).toEqual([{ outcome: 'reply', ticket_id: opened }]);
      const replies = (await ticket(opened)).events.filter((e) => e.kind === 'reply');
      expect(replies.map((e) => [e.actor, e.body])).toEqual([
        ['tech@harbor.example', 'Please try the manual feed tray.'],
        ['frontdesk@alder.example', 'The manual tray works.'],
      ]);
    });

    it('drops an out-of-office answer and a bounce, recorded and seen, the ticket untouched', async () => {
      const events = (await ticket(opened)).events.length;
      const ooo = await deliver({ To: itDesk, 'Auto-Submitted': 'auto-replied', Subject: 'Out of office' });
      const bounce = await deliver({ To: itDesk, 'Return-Path': '<>', Subject: 'Undelivered Mail' });
      expect(await poll()).toEqual({ taken: 2, setAside: 0, retried: 0 });
      expect(await inbound(ooo)).toEqual([{ outcome: 'dropped_auto_reply', ticket_id: null }]);
      expect(await inbound(bounce)).toEqual([{ outcome: 'dropped_auto_reply', ticket_id: null }]);
      expect(await flagsOf(ooo)).toEqual(['\\Seen']);
      expect((await ticket(opened)).events.length).toBe(events);
    });

    it("sets aside, seen and flagged, a message for none of Tandem's addresses and one too large; they are not fetched again", async () => {
      const tickets = await ticketCount();
      const stray = await deliver({ To: 'someone@elsewhere.example' });
      const large = await deliver({ To: itDesk }, 'x'.repeat(80 * 1024));
      expect(await poll()).toEqual({ taken: 0, setAside: 2, retried: 0 });
      expect(await flagsOf(stray)).toEqual(['\\Flagged', '\\Seen']);
      expect(await flagsOf(large)).toEqual(['\\Flagged', '\\Seen']);
      expect(await inbound(stray)).toEqual([]);
      expect(await inbound(large)).toEqual([]);
      expect(await poll()).toEqual({ taken: 0, setAside: 0, retried: 0 });
      expect(await ticketCount()).toBe(tickets);
    });

    it('is what the mail.imap-poll job runs, on the mailbox of TANDEM_IMAP_URL', async () => {
      const worker = jobWorkers(
        { config, database: db(), clock: world.clock, keyring: world.keyring, log },
        harness.queue,
      ).find((w) => w.type === (imapPollJob as unknown as JobWorker['type']))!;
      const id = await deliver({ To: itDesk, Subject: 'Scanner offline' });
      await worker.handle({} as never, { id: 'test', retryCount: 0 });
      expect((await inbound(id))[0]).toMatchObject({ outcome: 'ticket' });
      expect(await flagsOf(id)).toEqual(['\\Seen']);
    });
  });
});
