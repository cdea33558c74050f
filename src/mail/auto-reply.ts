/**
 * Whether an inbound message was written by a machine rather than a person, so that it is dropped
 * (and logged) instead of landing on a ticket: otherwise an out-of-office answer to a ticket email
 * becomes a reply, whose email draws another out-of-office answer, without end. Pure: headers in,
 * a reason or null out. The per-sender rate limit, the last guard, needs the database (receive.ts).
 */

/** What the check reads of a message. */
export interface MessageFacts {
  /** A header's value by lower-case name, as text; undefined when absent. */
  header: (name: string) => string | undefined;
  messageId: string | null;
  /** The envelope sender (MAIL FROM); empty for a bounce, which has none by RFC 5321. */
  envelopeFrom: string;
  fromAddress: string | null;
}

/** Where Tandem's own email comes from: its From address and the domain of its Message-IDs. */
export interface OwnMail {
  from: string;
  messageIdDomain: string;
}

const bulkPrecedence = new Set(['bulk', 'list', 'junk', 'auto_reply']);
const robotSenders = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@/i;

/** Why the message is automatic, in words for the log; null for a message a person wrote. */
export function autoReplyReason(message: MessageFacts, own: OwnMail): string | null {
  const submitted = message.header('auto-submitted')?.trim().toLowerCase();
  if (submitted && submitted !== 'no') return `Auto-Submitted: ${submitted}`;
  const precedence = message.header('precedence')?.trim().toLowerCase();
  if (precedence && bulkPrecedence.has(precedence)) return `Precedence: ${precedence}`;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder'])
    if (message.header(name) !== undefined) return `${name} header`;
  if (message.envelopeFrom === '') return 'empty envelope sender (a bounce)';
  const from = message.fromAddress?.toLowerCase() ?? '';
  if (robotSenders.test(from) || robotSenders.test(message.envelopeFrom))
    return `sent by ${from || message.envelopeFrom}`;
  if (from !== '' && from === own.from.toLowerCase()) return 'sent from Tandem’s own address (a loop)';
  const id = message.messageId?.toLowerCase() ?? '';
  if (id.endsWith(`@${own.messageIdDomain.toLowerCase()}>`)) return 'one of Tandem’s own Message-IDs (a loop)';
  return null;
}
