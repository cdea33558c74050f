import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../core/identity/tables.ts';
import { practices } from '../core/tenancy/tables.ts';
import type { MailHeaders } from './events.ts';

/**
 * Every notice Tandem sent or meant to send: to whom, about what, when, and what became of it.
 * The rendered email is kept: it is what the outbox shows when no SMTP server is configured, and
 * the record of what was said. Bodies never hold patient data (src/notify/events.ts).
 */
export const notices = pgTable(
  'notices',
  {
    id: uuid('id').primaryKey(),
    /** Null for an account notice (password reset, new device, MFA change): it is the person's, not a practice's. */
    practiceId: uuid('practice_id').references(() => practices.id),
    /** The account it went to; null for someone without one yet (an invitation). */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    recipient: text('recipient').notNull(),
    event: text('event').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    /**
     * Threading headers of an email someone may answer (a ticket's: Reply-To its reply address,
     * In-Reply-To and References its thread); null for the rest. The Message-ID is the notice's id.
     */
    headers: jsonb('headers').$type<MailHeaders>(),
    /**
     * queued -> sent | outbox (no SMTP server) | failed (retried until the job's limit); held: for
     * the daily digest, or (with held_until) until the recipient's quiet hours end.
     */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /**
     * Set when the notice came during its recipient's quiet hours: held (status 'held') until
     * then, and kept once it is sent, as the record of why it went late.
     */
    heldUntil: timestamp('held_until', { withTimezone: true }),
  },
  (t) => [
    index('notices_practice_created_idx').on(t.practiceId, t.createdAt),
    // A person's own account notices, newest first (GET /api/v1/auth/notices).
    index('notices_account_created_idx')
      .on(t.userId, t.createdAt)
      .where(sql`${t.practiceId} is null`),
    // What the release sweep looks for each minute: quiet-hours holds that have come due.
    index('notices_held_until_idx')
      .on(t.heldUntil)
      .where(sql`${t.status} = 'held' and ${t.heldUntil} is not null`),
    check('notices_status_known', sql`${t.status} in ('queued', 'held', 'sent', 'outbox', 'failed')`),
  ],
);

/** A person's choice per event; no row means email, immediately. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    channel: text('channel').notNull(),
    cadence: text('cadence').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.event] }),
    check('notification_preferences_channel', sql`${t.channel} in ('email', 'none')`),
    check('notification_preferences_cadence', sql`${t.cadence} in ('immediate', 'daily')`),
  ],
);

/**
 * A person's quiet hours: a weekly window in which their immediate emails wait until it ends,
 * unless their party is on duty then (src/notify/quiet-hours.ts). One window per person; none
 * (no row) means never quiet.
 */
export const quietHours = pgTable(
  'notification_quiet_hours',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Local time of day the window opens and closes, HH:MM; an end before the start runs past midnight. */
    start: text('start').notNull(),
    end: text('end').notNull(),
    /** ISO weekdays (1 = Monday) on which a window opens. */
    days: integer('days').array().notNull(),
    /** An IANA zone; null: the time zone of the practice the notice is about. */
    timeZone: text('time_zone'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check(
      'notification_quiet_hours_times',
      sql`${t.start} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${t.end} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${t.start} <> ${t.end}`,
    ),
  ],
);
