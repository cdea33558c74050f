import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained audit log. Each entry's hash covers its content and the previous
 * entry's hash; a trigger refuses UPDATE, DELETE and TRUNCATE (migration 0002). practice_id is
 * null for events that belong to no practice (e.g. a failed sign-in for an unknown email).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorType: text('actor_type').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label'),
    practiceId: uuid('practice_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    details: jsonb('details').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /**
     * The audit key the hash was computed with (HMAC-SHA256, core/audit/mac.ts); null for entries
     * written before keyed hashes (plain SHA-256). After the first keyed entry every entry is keyed.
     */
    keyId: text('key_id'),
  },
  (t) => [
    index('audit_log_practice_at_idx').on(t.practiceId, t.at),
    index('audit_log_actor_at_idx').on(t.actorId, t.at),
    index('audit_log_action_idx').on(t.action),
  ],
);

/** The chain's head: one row, locked while appending so entries never fork. */
export const auditHead = pgTable('audit_head', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/**
 * Signed checkpoints of the chain head: (seq, hash) at a time, with the first keyed seq, signed
 * with the audit key (core/audit/checkpoints.ts). Kept outside audit_log so that deleting the
 * newest entries and pointing the head back leaves evidence; exportable so the operator can keep
 * a copy outside the database. Holds no practice data; tandem_app has no access (migration 0012).
 */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  hash: text('hash').notNull(),
  at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
  keyId: text('key_id').notNull(),
  firstKeyedSeq: bigint('first_keyed_seq', { mode: 'number' }),
  signature: text('signature').notNull(),
});
