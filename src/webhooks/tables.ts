import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations, practices } from '../core/tenancy/tables.ts';
import type { WebhookFormat } from './schema.ts';

/**
 * A practice's webhook, or an organisation's (an MSP hearing every practice it serves): where
 * Tandem posts the events it chose, signed with the webhook's secret. Exactly one owner is set.
 * The secret is stored encrypted (core/crypto) and leaves the server only in the reply that
 * created or rotated it.
 */
export const webhooks = pgTable(
  'webhooks',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id').references(() => practices.id),
    organizationId: uuid('organization_id').references(() => organizations.id),
    url: text('url').notNull(),
    description: text('description').notNull(),
    events: text('events').array().notNull(),
    active: boolean('active').notNull(),
    /** An administrator allowed private, loopback and plain-http targets (an on-premises receiver). */
    allowPrivateTargets: boolean('allow_private_targets').notNull(),
    /** What is posted: Tandem's signed JSON event, or a chat message (Slack, Microsoft Teams) made from it. */
    format: text('format').$type<WebhookFormat>().notNull().default('tandem'),
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
  (t) => [
    index('webhooks_practice_created_idx').on(t.practiceId, t.createdAt),
    index('webhooks_organization_created_idx').on(t.organizationId, t.createdAt),
    check('webhooks_one_owner', sql`(${t.practiceId} is null) <> (${t.organizationId} is null)`),
    check('webhooks_format_known', sql`${t.format} in ('tandem', 'slack', 'teams')`),
  ],
);

/**
 * One delivery of one event to one webhook. The body is stored as sent, so every attempt and a
 * manual redelivery (a new delivery with the same event id) send the same bytes. practice_id is
 * the practice the event is about (null only for an organisation's test event); organization_id
 * is set when the webhook is an organisation's, and then the practice's own role never sees it.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    practiceId: uuid('practice_id').references(() => practices.id),
    organizationId: uuid('organization_id').references(() => organizations.id),
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
    check('webhook_deliveries_owner', sql`${t.practiceId} is not null or ${t.organizationId} is not null`),
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
    /** Copied from the delivery, for row-level security. */
    practiceId: uuid('practice_id').references(() => practices.id),
    organizationId: uuid('organization_id').references(() => organizations.id),
    attempt: integer('attempt').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    latencyMs: integer('latency_ms').notNull(),
    responseExcerpt: text('response_excerpt').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId)],
);
