import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { practices } from '../tenancy/tables.ts';

/**
 * Idempotency keys of creates (the `Idempotency-Key` header), per practice and caller, kept 24
 * hours: a retry with the same key gets the first reply again instead of creating a twin. A row
 * without `status` is a request still in progress. The reply is stored encrypted under the
 * practice keyring, since creates can return secrets and PHI (a new API token, a patient contact).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    /** The user or API token that sent the key: keys of different callers never meet. */
    callerId: uuid('caller_id').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of method, route and body: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    status: integer('status'),
    reply: text('reply'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.practiceId, t.callerId, t.key] }),
    index('idempotency_keys_practice_expires_idx').on(t.practiceId, t.expiresAt),
  ],
);
