import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../core/identity/tables.ts';
import { practices } from '../core/tenancy/tables.ts';

/**
 * Every version of a practice's responsibility matrix, kept for good: the full history is the
 * audit trail of who agreed to what. Two partial unique indexes hold the lifecycle's rules in the
 * database itself: one agreed version in force, and one open (draft or proposed) version.
 */
export const matrixVersions = pgTable(
  'matrix_versions',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    number: integer('number').notNull(),
    status: text('status').notNull(),
    revision: integer('revision').notNull().default(1),
    note: text('note'),
    /** Where the draft started: 'version:N', 'assessment:<id>', 'matrix', 'csv' or 'blank'. */
    source: text('source').notNull(),
    matrix: jsonb('matrix').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    proposedBy: uuid('proposed_by').references(() => users.id),
    proposedAt: timestamp('proposed_at', { withTimezone: true }),
    practiceAgreedBy: uuid('practice_agreed_by').references(() => users.id),
    practiceAgreedAt: timestamp('practice_agreed_at', { withTimezone: true }),
    mspAgreedBy: uuid('msp_agreed_by').references(() => users.id),
    mspAgreedAt: timestamp('msp_agreed_at', { withTimezone: true }),
    agreedAt: timestamp('agreed_at', { withTimezone: true }),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
  },
  (t) => [
    unique('matrix_versions_practice_number_key').on(t.practiceId, t.number),
    uniqueIndex('matrix_versions_one_agreed_idx')
      .on(t.practiceId)
      .where(sql`${t.status} = 'agreed'`),
    uniqueIndex('matrix_versions_one_open_idx')
      .on(t.practiceId)
      .where(sql`${t.status} in ('draft', 'proposed')`),
    check('matrix_versions_status_known', sql`${t.status} in ('draft', 'proposed', 'agreed', 'superseded')`),
    check('matrix_versions_number_positive', sql`${t.number} > 0`),
  ],
);
