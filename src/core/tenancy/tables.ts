import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A healthcare practice: the tenant every practice-owned row belongs to. */
export const practices = pgTable(
  'practices',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    specialty: text('specialty').notNull(),
    jurisdiction: text('jurisdiction').notNull(),
    timeZone: text('time_zone').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('practices_name_not_blank', sql`length(trim(${t.name})) > 0`),
    check('practices_specialty_known', sql`${t.specialty} in ('medical', 'dental', 'other')`),
    check('practices_jurisdiction_known', sql`${t.jurisdiction} in ('US', 'UK')`),
  ],
);
