/**
 * Inbound mail from an IMAP mailbox (TANDEM_IMAP_URL), for practices whose mail reaches a mailbox
 * rather than Tandem's SMTP receiver: a recurring job (`mail.imap-poll`) reads the folder's unseen
 * messages with imapflow and hands each to the path the receiver uses (inbound.ts, then
 * receive.ts), so threading, automatic mail, loops and duplicates are decided in one place.
 *
 * - **Once**: a message is marked \Seen only after receive committed it for every recipient.
 *   A crash in between leaves it unseen, so the next poll takes it again, and receive finds the
 *   (practice, recipient, Message-ID) it already recorded: a duplicate, not a second reply.
 *   A failed recipient (the database away) leaves the message unseen for the next poll the same way.
 * - **Never stuck**: a message that cannot be parsed, is larger than TANDEM_SMTP_MAX_BYTES or is
 *   addressed to none of Tandem's addresses is marked \Seen and \Flagged, logged at warn and left
 *   in the folder for a person; it is not fetched again.
 * - **Recipients**: a mailbox has no envelope, so the addresses are read from To, Cc,
 *   Delivered-To, X-Original-To and Envelope-To; those of TANDEM_MAIL_DOMAIN that lead somewhere
 *   (addresses.ts `routeOf`) get the message, like accepted RCPTs. The envelope sender is the
 *   Return-Path the delivering server wrote (`<>` for a bounce, which receive drops); without one,
 *   the From address.
 * - **One poll at a time**: the schedule makes one job per tick across every process (pg-boss),
 *   and a process does not start a poll while its last one runs. A poll longer than the interval
 *   that overlaps one elsewhere costs only time: both may take a message, and receive's unique
 *   Message-ID lets one of them add it.
 */
import { ImapFlow } from 'imapflow';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ImapMailbox } from '../core/config.ts';
import { defineJob } from '../core/jobs/job-type.ts';
import { routeOf, type Route } from './addresses.ts';
import { deliver, inboundMessage } from './inbound.ts';
import type { ReceiveDeps } from './receive.ts';

export const imapPollJob = defineJob({
  name: 'mail.imap-poll',
  data: z.object({}),
  // The next tick polls again; a retry would only queue a second poll behind it.
  retry: { limit: 0 },
  timeoutSeconds: 600,
});

/** Every `minutes` minutes (1 to 60, TANDEM_IMAP_POLL_MINUTES). */
export const imapPollCron = (minutes: number) =>
  minutes === 1 ? '* * * * *' : minutes === 60 ? '0 * * * *' : `*/${minutes} * * * *`;

/** What one poll did, for the log and the tests. */
export interface PollSummary {
  /** Taken for every recipient (including duplicates and dropped automatic mail), then marked seen. */
  taken: number;
  /** Marked seen and flagged: unparseable, too large, or for none of Tandem's addresses. */
  setAside: number;
  /** Left unseen for the next poll: a recipient failed. */
  retried: number;
}

export interface PollOptions {
  /** The largest message taken (TANDEM_SMTP_MAX_BYTES, as for the receiver). */
  maxBytes: number;
  /** How long to wait for the server at each step (ms). */
  timeoutMs?: number;
}

type Log = Pick<Logger, 'info' | 'warn' | 'error'>;

const headerLines = (parsed: ParsedMail, name: string) =>
  parsed.headerLines.filter((h) => h.key === name).map((h) => h.line.slice(h.line.indexOf(':') + 1));

const addressesIn = (text: string) => [...text.matchAll(/[^\s<>,;"]+@[^\s<>,;"]+/g)].map((m) => m[0]);

const addressesOf = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((f) => f.value.map((a) => a.address ?? ''));

/** Every address the message was delivered for, lower-case, each once. */
function recipientsOf(parsed: ParsedMail): string[] {
  const delivered = ['delivered-to', 'x-original-to', 'envelope-to'].flatMap((name) =>
    headerLines(parsed, name).flatMap(addressesIn),
  );
  const all = [...delivered, ...addressesOf(parsed.to), ...addressesOf(parsed.cc)];
  return [...new Set(all.map((a) => a.trim().toLowerCase()).filter((a) => a.includes('@')))];
}

/** The Return-Path the delivering server wrote ('' for `<>`, a bounce), else the From address. */
function envelopeFromOf(parsed: ParsedMail): string {
  const returnPath = headerLines(parsed, 'return-path')[0];
  if (returnPath !== undefined) return /<([^>]*)>/.exec(returnPath)?.[1]?.trim() ?? returnPath.trim();
  return parsed.from?.value[0]?.address ?? '';
}

/** Where the message goes: each of its recipients that is one of Tandem's addresses. */
async function targetsOf(deps: ReceiveDeps, parsed: ParsedMail) {
  const targets: { recipient: string; route: Route }[] = [];
  for (const recipient of recipientsOf(parsed)) {
    const route = await routeOf(deps.database.db, recipient, deps.mailDomain);
    if (route) targets.push({ recipient, route });
  }
  return targets;
}

/** The client for one poll: no imapflow logging of its own (its lines would carry the user). */
function clientFor(mailbox: ImapMailbox, timeoutMs: number) {
  return new ImapFlow({
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.secure,
    auth: { user: mailbox.user, pass: mailbox.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 4,
  });
}

/**
 * Takes the mailbox's unseen messages, one at a time in UID order. Throws when the server cannot
 * be reached or the login fails (the job fails, the next tick tries again); a message that fails
 * is logged and counted, never thrown, so one bad message does not hold up the others.
 */
export async function pollImap(
  deps: ReceiveDeps,
  mailbox: ImapMailbox,
  options: PollOptions,
  log: Log,
): Promise<PollSummary> {
  const summary: PollSummary = { taken: 0, setAside: 0, retried: 0 };
  const client = clientFor(mailbox, options.timeoutMs ?? 30_000);
  // A server that drops the connection emits 'error'; the awaited command rejects with it too.
  client.on('error', (err: Error) => log.warn({ err: { message: err.message } }, 'IMAP connection error'));
  await client.connect();
  try {
    const lock = await client.getMailboxLock(mailbox.mailbox);
    try {
      const unseen = (await client.search({ seen: false }, { uid: true })) || [];
      const sizes = new Map<number, number>();
      if (unseen.length > 0)
        for (const m of await client.fetchAll(unseen, { uid: true, size: true }, { uid: true }))
          sizes.set(m.uid, m.size ?? 0);
      for (const uid of unseen.sort((a, b) => a - b)) {
        const outcome = await takeOne(deps, client, uid, sizes.get(uid) ?? 0, options, log);
        summary[outcome] += 1;
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  if (summary.taken + summary.setAside + summary.retried > 0) log.info({ ...summary }, 'IMAP poll');
  return summary;
}

async function takeOne(
  deps: ReceiveDeps,
  client: ImapFlow,
  uid: number,
  size: number,
  options: PollOptions,
  log: Log,
): Promise<keyof PollSummary> {
  const setAside = async (why: string, extra: object = {}) => {
    log.warn({ uid, ...extra }, `IMAP message set aside (seen and flagged): ${why}`);
    await client.messageFlagsAdd(String(uid), ['\\Seen', '\\Flagged'], { uid: true });
    return 'setAside' as const;
  };
  if (size > options.maxBytes) return setAside(`larger than ${options.maxBytes} bytes`, { size });
  const fetched = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
  if (!fetched || !fetched.source) return setAside('it could not be fetched');
  const raw = fetched.source;
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw);
  } catch (err) {
    return setAside('it could not be parsed', { err: { message: (err as Error).message } });
  }
  const targets = await targetsOf(deps, parsed);
  if (targets.length === 0) return setAside(`addressed to none of Tandem's addresses (@${deps.mailDomain})`);
  const message = inboundMessage(parsed, raw, { envelopeFrom: envelopeFromOf(parsed), remoteAddress: null });
  if (!(await deliver(deps, targets, message, log))) return 'retried';
  await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
  return 'taken';
}
