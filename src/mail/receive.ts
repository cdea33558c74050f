/**
 * What one accepted message does for one of its recipients, each in one transaction with its
 * inbound_mail row and its audit entry, so a message is acted on whole or not at all, and once:
 * a resent message (same Message-ID to the same address) is a no-op.
 *
 * - `backup+` a report for that job (backup/push.ts), its result read by backup-email.ts.
 * - `reply+` an answer on that ticket; `desk+` a new ticket on that desk, unless its
 *   In-Reply-To/References name a ticket of the practice's thread (then it is an answer there).
 * - Before either: automatic mail (auto-reply.ts) and a sender past the rate limit are dropped,
 *   recorded and audited with the reason, not added.
 *
 * Who wrote it decides how an answer lands (the From address, as the practice's mail server
 * delivered it; checking SPF/DKIM is that server's job): the requester, or someone of the practice
 * who works tickets, replies publicly as themselves; anyone else's email becomes an internal
 * note marked as from an unknown sender. A public reply would put unchecked words in front of the
 * requester under the desk's name, and dropping it would lose what may be a colleague's answer
 * from another address; a note keeps it for the desk to judge. The unknown address is written
 * only inside the note (sealed on a patient-desk ticket): it may be a patient's.
 */
import { appendAudit, type AuditOrigin } from '../core/audit/append.ts';
import type { Clock } from '../core/clock.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { sha256 } from '../core/identity/tokens.ts';
import { newId } from '../core/ids.ts';
import { roleCan } from '../core/permissions/permissions.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { unsafeWithSystem, withTenant } from '../core/tenancy/with-tenant.ts';
import { recordEmailedReport, reportJobOf } from '../backup/push.ts';
import { maxReportMessage } from '../backup/schema.ts';
import type { AttachmentType } from '../desk/attachment-types.ts';
import { checkFile, storeFile, type Upload } from '../desk/attachments.ts';
import { existingDesk, presentDesk } from '../desk/desks.ts';
import type { Ticket } from '../desk/ticket-schema.ts';
import { changeStatus, reply } from '../desk/ticket-changes.ts';
import { firstCategoryPlacement } from '../desk/desk-placement.ts';
import type { Placement } from '../desk/ticket-routing.ts';
import { createTicket, visibleTicket, type TicketStep } from '../desk/tickets.ts';
import type { Notifier } from '../notify/notify.ts';
import type { Route } from './addresses.ts';
import { autoReplyReason, type OwnMail } from './auto-reply.ts';
import { readBackupEmail } from './backup-email.ts';
import { newText } from './quoted-text.ts';
import { tellRequester, ticketOfReference } from './requester-mail.ts';
import { alreadyReceived, memberByEmail, recordInbound, sentSince } from './store.ts';

/** A parsed message, as receive needs it. */
export interface InboundMessage {
  /** Its Message-ID, or one made from its content when it has none. */
  messageId: string;
  envelopeFrom: string;
  /** The From header's address. */
  from: string | null;
  subject: string;
  text: string;
  /** In-Reply-To, then References, as message ids. */
  references: string[];
  date: Date | null;
  header: (name: string) => string | undefined;
  remoteAddress: string | null;
  /** Its attached files, as the sender's mail program declared them (the desk checks them by content). */
  attachments: Upload[];
}

export interface ReceiveDeps {
  database: Database;
  clock: Clock;
  keyring: Keyring;
  /** Absent where no job queue runs: then nobody is emailed about an answer that came in. */
  notifier?: Notifier;
  publicUrl: string;
  mailDomain: string;
  own: OwnMail;
  /** The largest file a ticket takes (TANDEM_ATTACHMENT_LIMIT), as for an upload. */
  attachmentLimit: number;
}

export type Outcome =
  | 'reply'
  | 'note_unknown_sender'
  | 'ticket'
  | 'ticket_unknown_sender'
  | 'backup_report'
  | 'dropped_auto_reply'
  | 'dropped_rate_limit'
  | 'dropped_closed_ticket'
  | 'duplicate';

export interface Received {
  outcome: Outcome;
  ticketId: string | null;
  /** Why it was dropped, for the log. */
  reason?: string;
}

/** At most this many messages from one sender to one practice per hour; more are dropped (a loop the headers did not show). */
export const senderLimit = { messages: 20, windowMs: 3_600_000 };

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The sender as the practice's records hold it: the From address, else the envelope's. */
const senderOf = (m: InboundMessage) => (m.from ?? m.envelopeFrom).toLowerCase();

/** Who acts for a message nobody known wrote (and reads the desk before it is written). */
const mailSystem: AuditOrigin = {
  actorType: 'system',
  actorId: null,
  actorLabel: 'Email (unknown sender)',
  ip: null,
  userAgent: 'email',
  requestId: null,
};

function origin(m: InboundMessage, actor: { id: string; email: string } | null): AuditOrigin {
  const from = { ...mailSystem, ip: m.remoteAddress };
  return actor ? { ...from, actorType: 'user', actorId: actor.id, actorLabel: actor.email } : from;
}

/** Acts on the message for one recipient; an error leaves nothing written (the SMTP client is told to retry). */
export async function receive(
  deps: ReceiveDeps,
  route: Route,
  recipient: string,
  m: InboundMessage,
): Promise<Received> {
  if (route.kind === 'backup') return receiveBackupReport(deps, route, recipient, m);
  // Asked before the write transaction: onDuty opens its own, and the embedded engine runs one at a time.
  const placement = route.kind === 'desk' ? await placementFor(deps, route) : null;
  return withTenant(deps.database.db, route.practiceId, async (tx) => {
    const s: InPractice = { tx, clock: deps.clock, practiceId: route.practiceId, origin: origin(m, null) };
    if (await alreadyReceived(tx, route.practiceId, recipient, m.messageId))
      return { outcome: 'duplicate', ticketId: null };
    const dropped = await dropReason(s, deps, m);
    if (dropped) return finish(s, recipient, m, { ...dropped, ticketId: null });
    const threaded = route.kind === 'reply' ? route.ticketId : await threadedTicket(s, deps, m);
    if (threaded) return finish(s, recipient, m, await answer(s, deps, threaded, m));
    return finish(s, recipient, m, await openTicket(s, deps, route as Extract<Route, { kind: 'desk' }>, placement!, m));
  });
}

async function dropReason(s: InPractice, deps: ReceiveDeps, m: InboundMessage) {
  const automatic = autoReplyReason(
    { header: m.header, messageId: m.messageId, envelopeFrom: m.envelopeFrom, fromAddress: m.from },
    deps.own,
  );
  if (automatic) return { outcome: 'dropped_auto_reply' as const, reason: automatic };
  const since = new Date(s.clock.now().getTime() - senderLimit.windowMs);
  if ((await sentSince(s.tx, s.practiceId, sha256(senderOf(m)), since)) >= senderLimit.messages)
    return { outcome: 'dropped_rate_limit' as const, reason: `more than ${senderLimit.messages} messages in an hour` };
  return null;
}

/** The ticket of this practice whose thread the message answers (by In-Reply-To/References), if any. */
async function threadedTicket(s: InPractice, deps: ReceiveDeps, m: InboundMessage): Promise<string | null> {
  const step = systemStep(s, deps.keyring);
  for (const reference of m.references) {
    const id = ticketOfReference(reference, deps.own.messageIdDomain);
    if (id && (await visibleTicket(step, id).catch(() => null))) return id;
  }
  return null;
}

/** The system reads and notes as one who works tickets, never as one who may read patient data. */
const systemStep = (s: InPractice, keyring: Keyring): TicketStep => ({
  ...s,
  keyring,
  mayWork: true,
  mayReadPhi: false,
});

function personStep(
  s: InPractice,
  keyring: Keyring,
  m: InboundMessage,
  person: { id: string; email: string; role: Parameters<typeof roleCan>[0] },
): TicketStep {
  return {
    ...s,
    origin: origin(m, person),
    keyring,
    mayWork: roleCan(person.role, 'tickets.work'),
    mayReadPhi: false,
  };
}

/**
 * The message's files checked as an upload is (size limit, type by content): the accepted ones
 * to store, and a line per refused one for the text ("Not attached: name (why)"), so the desk
 * knows what the sender meant to send.
 */
function checkedFiles(deps: ReceiveDeps, m: InboundMessage) {
  const accepted: { upload: Upload; contentType: AttachmentType }[] = [];
  const refused: string[] = [];
  for (const upload of m.attachments) {
    // The content decides the type; a mail program's declared type is often generic, so only CSV is kept as declared.
    const declaredType = upload.declaredType === 'text/csv' ? 'text/csv' : 'application/octet-stream';
    const checked = checkFile({ ...upload, declaredType }, deps.attachmentLimit);
    if ('refused' in checked) refused.push(`Not attached: ${clip(upload.fileName, 200)} (${checked.refused})`);
    else accepted.push({ upload: { ...upload, declaredType }, contentType: checked.contentType });
  }
  return { accepted, refusedLines: refused.length > 0 ? `\n\n${refused.join('\n')}` : '' };
}

/** Stores the accepted files on the event the message became. */
async function attachAccepted(
  s: TicketStep,
  row: { id: string; phi: boolean },
  eventId: string,
  files: { upload: Upload; contentType: AttachmentType }[],
) {
  for (const f of files) await storeFile(s, row, eventId, f.upload, f.contentType);
}

/** The reply or note this message became on the ticket (its event carries the Message-ID). */
const eventOfMessage = (ticket: Ticket, m: InboundMessage) =>
  ticket.events.findLast((e) => e.data.messageId === m.messageId)!.id;

const bodyOf = (m: InboundMessage) => clip(newText(m.text) || m.text.trim() || '(The email had no text.)', 10_000);

/** An answer on a ticket: public from its requester or someone who works tickets, else an internal note. */
async function answer(s: InPractice, deps: ReceiveDeps, ticketId: string, m: InboundMessage) {
  const row = await visibleTicket(systemStep(s, deps.keyring), ticketId);
  if (row.status === 'closed')
    return { outcome: 'dropped_closed_ticket' as const, ticketId, reason: 'the ticket is closed' };
  const files = checkedFiles(deps, m);
  const body = bodyOf(m) + files.refusedLines;
  const member = await memberByEmail(s.tx, s.practiceId, senderOf(m));
  const isRequester = member !== null && member.id === row.requesterId;
  if (member && (isRequester || roleCan(member.role, 'tickets.work'))) {
    const as = personStep(s, deps.keyring, m, member);
    if (isRequester && row.status === 'resolved') await changeStatus(as, ticketId, { status: 'reopened' });
    const replied = await reply(as, ticketId, { body, internal: false }, { via: 'email', messageId: m.messageId });
    await attachAccepted(as, row, eventOfMessage(replied, m), files.accepted);
    if (!isRequester && deps.notifier)
      await tellRequester(
        as,
        { ...deps, notifier: deps.notifier, messageIdDomain: deps.own.messageIdDomain },
        ticketId,
        {
          kind: 'replied',
          by: member.email,
          text: body,
        },
      );
    return { outcome: 'reply' as const, ticketId };
  }
  const note = `Email from ${senderOf(m)}, who is not the requester or someone who works this practice's tickets. Not shown to the requester:\n\n${body}`;
  const system = systemStep(s, deps.keyring);
  const noted = await reply(system, ticketId, { body: clip(note, 10_000), internal: true }, unknownSender(m));
  await attachAccepted(system, row, eventOfMessage(noted, m), files.accepted);
  return { outcome: 'note_unknown_sender' as const, ticketId };
}

const unknownSender = (m: InboundMessage) => ({ via: 'email', unknownSender: true, messageId: m.messageId });

/** The placement a new ticket on the desk gets: its first category's activity, asked of the matrix now. */
async function placementFor(deps: ReceiveDeps, route: Extract<Route, { kind: 'desk' }>): Promise<Placement> {
  return (await firstCategoryPlacement(deps, route.practiceId, mailSystem, { id: route.deskId })).placement;
}

/**
 * A new ticket on the desk, in its first category at medium impact and urgency (the desk triages
 * it): the sender's if they are someone of the practice who may open tickets, else the system's
 * with an internal note naming the unknown sender.
 */
async function openTicket(
  s: InPractice,
  deps: ReceiveDeps,
  route: Extract<Route, { kind: 'desk' }>,
  placement: Placement,
  m: InboundMessage,
) {
  const files = checkedFiles(deps, m);
  const member = await memberByEmail(s.tx, s.practiceId, senderOf(m));
  const known = member && roleCan(member.role, 'tickets.create') ? member : null;
  const as = known ? personStep(s, deps.keyring, m, known) : systemStep(s, deps.keyring);
  const desk = presentDesk(await existingDesk(as, route.deskId));
  const category = desk.categories[0]!;
  const input = {
    deskId: desk.id,
    category: category.id,
    impact: 'medium' as const,
    urgency: 'medium' as const,
    title: clip(m.subject.trim() || '(no subject)', 200),
    description: bodyOf(m) + files.refusedLines,
  };
  const ticket = await createTicket(as, input, { desk, category }, placement);
  const opening = ticket.events.find((e) => e.kind === 'created')!.id;
  await attachAccepted(as, { id: ticket.id, phi: desk.kind === 'patient' }, opening, files.accepted);
  if (!known) {
    const note = `Opened by email from ${senderOf(m)}, who is not someone of this practice who opens tickets. Check who they are before acting on it.`;
    await reply(systemStep(s, deps.keyring), ticket.id, { body: note, internal: true }, unknownSender(m));
  }
  return { outcome: known ? ('ticket' as const) : ('ticket_unknown_sender' as const), ticketId: ticket.id };
}

/** Records the message's outcome and audits it: the last writes of its transaction. */
async function finish(s: InPractice, recipient: string, m: InboundMessage, done: Received): Promise<Received> {
  const now = s.clock.now();
  await recordInbound(s.tx, {
    id: newId(),
    practiceId: s.practiceId,
    messageId: m.messageId,
    recipient,
    // Hashed: on the patient desk the sender may be a patient, whose address is not kept in the clear.
    sender: sha256(senderOf(m)),
    outcome: done.outcome,
    ticketId: done.ticketId,
    receivedAt: now,
  });
  await appendAudit(s.tx, {
    at: now,
    ...s.origin,
    practiceId: s.practiceId,
    action: 'mail.received',
    targetType: done.ticketId ? 'ticket' : null,
    targetId: done.ticketId,
    details: { outcome: done.outcome, messageId: m.messageId, ...(done.reason ? { reason: done.reason } : {}) },
  });
  return done;
}

/** A backup product's report email: stored, recorded and audited in one owner transaction. */
async function receiveBackupReport(
  deps: ReceiveDeps,
  route: Extract<Route, { kind: 'backup' }>,
  recipient: string,
  m: InboundMessage,
): Promise<Received> {
  return unsafeWithSystem(deps.database.db, async (tx) => {
    if (await alreadyReceived(tx, route.practiceId, recipient, m.messageId))
      return { outcome: 'duplicate', ticketId: null };
    const job = await reportJobOf(tx, route.token);
    if (!job) throw new AppError('not_found', 'The backup job was paused or removed');
    const now = deps.clock.now();
    const run = readBackupEmail(m.subject, m.text);
    // The email's date is when the product reported; one from the future (a wrong clock) counts as now.
    const at = m.date && m.date.getTime() <= now.getTime() ? m.date : now;
    const message = clip(m.subject.trim() || '(no subject)', maxReportMessage);
    await recordEmailedReport(tx, route.token, { at, receivedAt: now, result: run.result, message });
    await recordInbound(tx, {
      id: newId(),
      practiceId: job.practiceId,
      messageId: m.messageId,
      recipient,
      sender: sha256(senderOf(m)),
      outcome: 'backup_report',
      ticketId: null,
      receivedAt: now,
    });
    await appendAudit(tx, {
      at: now,
      ...origin(m, null),
      actorLabel: 'Tandem backups (emailed report)',
      practiceId: job.practiceId,
      action: 'mail.received',
      targetType: 'backup_job',
      targetId: job.id,
      details: { outcome: 'backup_report', messageId: m.messageId, result: run.result, pattern: run.pattern },
    });
    return { outcome: 'backup_report', ticketId: null };
  });
}
