import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { practices } from '../core/tenancy/tables.ts';

/**
 * A practice's webhook: where Tandem posts the events it chose, signed with the webhook's secret.
 * The secret is stored encrypted (core/crypto) and leaves the server only in the reply that
 * created or rotated it.
 */
export const webhooks = pgTable(
  'webhooks',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    url: text('url').notNull(),
    description: text('description').notNull(),
    events: text('events').array().notNull(),
    active: boolean('active').notNull(),
    /** An administrator allowed private, loopback and plain-http targets (an on-premises receiver). */
    allowPrivateTargets: boolean('allow_private_targets').notNull(),
    secret: text('secret').notNull(),
    /**
     * After a rotation, the replaced secret (encrypted) still signs deliveries, beside the new one,
     * until previous_secret_expires_at, so receivers can switch secrets without dropping any.
     */
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('webhooks_practice_created_idx').on(t.practiceId, t.createdAt)],
);

/**
 * One delivery of one event to one webhook. The body is stored as sent, so every attempt and a
 * manual redelivery (a new delivery with the same event id) send the same bytes.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    eventId: uuid('event_id').notNull(),
    event: text('event').notNull(),
    body: text('body').notNull(),
    /** pending (queued or waiting to retry) -> succeeded | failed (not retried, or retries spent). */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('webhook_deliveries_webhook_created_idx').on(t.webhookId, t.createdAt),
    check('webhook_deliveries_status_known', sql`${t.status} in ('pending', 'succeeded', 'failed')`),
  ],
);

/** Each attempt of a delivery: what the receiver answered (or what went wrong) and how fast. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: uuid('id').primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    attempt: integer('attempt').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    latencyMs: integer('latency_ms').notNull(),
    responseExcerpt: text('response_excerpt').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId)],
);
