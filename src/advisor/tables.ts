import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { practices } from '../core/tenancy/tables.ts';
import { users } from '../core/identity/tables.ts';

/**
 * One run of the sourcing advisor for a practice: the profile as submitted, the seed and
 * iteration count that reproduce it, and the engine's output. Money columns are integer cents
 * (the architecture guide's rule for storage); the result keeps the engine's dollars as JSON.
 */
export const assessments = pgTable(
  'assessments',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    name: text('name'),
    seed: bigint('seed', { mode: 'number' }).notNull(),
    iterations: integer('iterations').notNull(),
    engineVersion: integer('engine_version').notNull(),
    overallModel: text('overall_model').notNull(),
    recommendedRiskAdjustedCents: bigint('recommended_risk_adjusted_cents', { mode: 'number' }).notNull(),
    currentRiskAdjustedCents: bigint('current_risk_adjusted_cents', { mode: 'number' }).notNull(),
    profile: jsonb('profile').notNull(),
    result: jsonb('result').notNull(),
  },
  (t) => [
    index('assessments_practice_created_idx').on(t.practiceId, t.createdAt),
    check(
      'assessments_overall_model_known',
      sql`${t.overallModel} in ('in_house', 'co_managed', 'fully_managed', 'hybrid')`,
    ),
  ],
);
