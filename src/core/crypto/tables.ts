import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../identity/tables.ts';

/**
 * Key rotations started from the API (the keys.rotate job): who started one, how far it got and
 * how it ended. Installation data, not a practice's: written and read as the owner only.
 * Rotations from the CLI (`tandem keys rotate`) have no signed-in starter and are not recorded here.
 */
export const keyRotations = pgTable(
  'key_rotations',
  {
    id: uuid('id').primaryKey(),
    startedBy: uuid('started_by')
      .notNull()
      .references(() => users.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    /** The key values are re-encrypted to: the current key of the process that ran the job. */
    keyId: text('key_id'),
    status: text('status').$type<'queued' | 'running' | 'succeeded' | 'failed'>().notNull(),
    reencrypted: integer('reencrypted').notNull().default(0),
    remaining: integer('remaining'),
    error: text('error'),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [check('key_rotations_status', sql`${t.status} in ('queued', 'running', 'succeeded', 'failed')`)],
);
