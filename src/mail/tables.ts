import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { practices } from '../core/tenancy/tables.ts';

/**
 * The inbound addresses Tandem hands out: `desk+<token>@domain` opens a ticket on a desk,
 * `reply+<token>@domain` answers one ticket. The token is random (100 bits), so an address cannot
 * be guessed; it is kept as written, not hashed, because every ticket email repeats it in its
 * Reply-To (it is an address, not a credential: the sender must also be known, receive.ts).
 * Looked up by token at RCPT time as the owner (the message names no practice until then).
 * Desks and tickets are never deleted; their ids are kept without a foreign key, as other modules
 * keep a ticket's (a module's tables do not reach into another's).
 */
export const mailAddresses = pgTable(
  'mail_addresses',
  {
    token: text('token').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    kind: text('kind').notNull(),
    deskId: uuid('desk_id'),
    ticketId: uuid('ticket_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('mail_addresses_desk_idx').on(t.deskId),
    uniqueIndex('mail_addresses_ticket_idx').on(t.ticketId),
    check(
      'mail_addresses_kind_target',
      sql`(${t.kind} = 'desk' and ${t.deskId} is not null and ${t.ticketId} is null) or (${t.kind} = 'reply' and ${t.ticketId} is not null and ${t.deskId} is null)`,
    ),
  ],
);

/**
 * Every message the receiver accepted for a practice, and what became of it (a reply, a note, a
 * new ticket, or dropped with the reason). Written in the transaction that acts on the message,
 * so a message is acted on exactly when its row exists: the unique Message-ID per address makes
 * a resent message (the sending server retrying after a lost reply) a no-op, and the rows from one
 * sender are the per-sender rate limit's count. Senders are not patient data; nothing of the
 * message's text is kept here.
 */
export const inboundMail = pgTable(
  'inbound_mail',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    messageId: text('message_id').notNull(),
    /** The address it was delivered to, lower-cased. */
    recipient: text('recipient').notNull(),
    sender: text('sender').notNull(),
    outcome: text('outcome').notNull(),
    ticketId: uuid('ticket_id'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('inbound_mail_message_idx').on(t.practiceId, t.recipient, t.messageId),
    index('inbound_mail_sender_idx').on(t.practiceId, t.sender, t.receivedAt),
    check(
      'inbound_mail_outcome_known',
      sql`${t.outcome} in ('reply', 'note_unknown_sender', 'ticket', 'ticket_unknown_sender', 'backup_report', 'dropped_auto_reply', 'dropped_rate_limit', 'dropped_closed_ticket')`,
    ),
  ],
);
