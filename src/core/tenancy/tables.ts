import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * An organisation employs users: an MSP, or a practice's own organisation. A practice is
 * administered by one organisation (its MSP, or its own when it runs Tandem alone).
 */
export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('organizations_name_not_blank', sql`length(trim(${t.name})) > 0`),
    check('organizations_kind_known', sql`${t.kind} in ('msp', 'practice')`),
  ],
);

/** A healthcare practice: the tenant every practice-owned row belongs to. */
export const practices = pgTable(
  'practices',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    specialty: text('specialty').notNull(),
    jurisdiction: text('jurisdiction').notNull(),
    timeZone: text('time_zone').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('practices_organization_idx').on(t.organizationId),
    check('practices_name_not_blank', sql`length(trim(${t.name})) > 0`),
    check('practices_specialty_known', sql`${t.specialty} in ('medical', 'dental', 'other')`),
    check('practices_jurisdiction_known', sql`${t.jurisdiction} in ('US', 'UK')`),
  ],
);
