/**
 * Ticket email to its requester: a public reply from someone else, and the resolution (with the
 * one-click rating links). Sent through notify, so the requester's preferences apply and the
 * practice's webhooks hear of it; the email carries the ticket's reply address as Reply-To and
 * the ticket's thread as In-Reply-To/References, so an answer by email lands on the ticket
 * (receive.ts). A patient-desk ticket's text never goes: the email says there is a reply.
 * A patient with no account (the intake form) gets their own email, with a follow link.
 */
import type { InPractice } from '../core/tenancy/acting.ts';
import { findPractice } from '../core/tenancy/store.ts';
import { ensureDesks, presentDesk } from '../desk/desks.ts';
import { tellPatient } from '../desk/intake.ts';
import { ticketReference } from '../desk/ticket-schema.ts';
import { readTicket, visibleTicket, type TicketStep } from '../desk/tickets.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import { notify, type Notifier } from '../notify/notify.ts';
import { replyAddress } from './addresses.ts';
import { emailOf } from './store.ts';

export interface RequesterMailDeps {
  keyring: Keyring;
  notifier: Notifier;
  /** Where links point (the web app). */
  publicUrl: string;
  /** Domain of reply addresses (TANDEM_MAIL_DOMAIN). */
  mailDomain: string;
  /** Domain of Tandem's Message-IDs (TANDEM_MAIL_FROM's): the thread's root id is made from it. */
  messageIdDomain: string;
}

/** What the requester hears of: someone's public reply (with its text), or the resolution. */
export type RequesterNews = { kind: 'replied'; by: string; text: string } | { kind: 'resolved' };

/** The Message-ID every email of a ticket refers to: replies threaded by References find the ticket from it. */
export const threadRootOf = (ticketId: string, messageIdDomain: string) => `<ticket-${ticketId}@${messageIdDomain}>`;

/** The ticket a References/In-Reply-To id names, if it is a thread root of ours. */
export function ticketOfReference(reference: string, messageIdDomain: string): string | null {
  const m = /^<ticket-([0-9a-f-]{36})@([^>]+)>$/i.exec(reference.trim());
  return m && m[2]!.toLowerCase() === messageIdDomain.toLowerCase() ? m[1]!.toLowerCase() : null;
}

/**
 * Emails the ticket's requester, unless there is none to email (an incident, or an account since
 * disabled) or the news is their own reply; a patient who used the intake form hears through
 * desk/intake.ts `tellPatient` instead. Runs in the transaction of the change it reports.
 */
export async function tellRequester(s: InPractice, deps: RequesterMailDeps, ticketId: string, news: RequesterNews) {
  // The system reads the ticket as one who works it, never as one who may read patient data.
  const step: TicketStep = { ...s, keyring: deps.keyring, mayWork: true, mayReadPhi: false };
  const row = await visibleTicket(step, ticketId);
  // No account: a patient's request from the intake form (emailed through its follow link), or an incident.
  if (row.requesterId === null) return tellPatient(s, deps, ticketId, news.kind);
  if (news.kind === 'replied' && s.origin.actorType === 'user' && s.origin.actorId === row.requesterId) return;
  const email = await emailOf(s.tx, row.requesterId);
  if (!email) return;
  const ticket = await readTicket(step, ticketId);
  const desk = presentDesk((await ensureDesks(step)).find((d) => d.id === row.deskId)!);
  const practice = await findPractice(s.tx, s.practiceId);
  const url = `${deps.publicUrl}/practice/desk/tickets/${ticketId}?practice=${s.practiceId}`;
  const common = {
    practiceName: practice?.name ?? 'the practice',
    deskName: desk.name,
    ticketId,
    ticketReference: ticketReference(row.number),
    title: row.phi ? null : ticket.title,
    url,
  };
  const root = threadRootOf(ticketId, deps.messageIdDomain);
  const headers = { replyTo: await replyAddress(s, ticketId, deps.mailDomain), inReplyTo: root, references: root };
  const to = [{ userId: row.requesterId, email }];
  if (news.kind === 'replied')
    await notify(
      s.tx,
      deps.notifier,
      s.practiceId,
      'desk.ticket_replied',
      { ...common, by: news.by, replyText: row.phi ? null : news.text },
      to,
      headers,
    );
  else
    await notify(
      s.tx,
      deps.notifier,
      s.practiceId,
      'desk.ticket_resolved',
      { ...common, rateGoodUrl: `${url}&rate=good`, rateBadUrl: `${url}&rate=bad` },
      to,
      headers,
    );
}
