import { and, eq, sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { newId } from '../ids.ts';
import type { PracticeInputOut, PracticeUpdate } from './schema.ts';
import { memberships } from '../identity/tables.ts';
import { organizations, practices } from './tables.ts';

export type PracticeRow = typeof practices.$inferSelect;

const byIdStatement = prepared((db) =>
  db
    .select()
    .from(practices)
    .where(eq(practices.id, sql.placeholder('id')))
    .limit(1)
    .prepare('practice_by_id'),
);

export async function insertPractice(
  db: Db,
  organizationId: string,
  input: PracticeInputOut,
  clock: Clock,
): Promise<PracticeRow> {
  const now = clock.now();
  const [row] = await db
    .insert(practices)
    .values({ id: newId(), organizationId, ...input, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** One practice by id; inside withTenant, row-level security hides every other practice. */
export async function findPractice(db: Db, id: string): Promise<PracticeRow | undefined> {
  const [row] = await byIdStatement(db).execute({ id });
  return row;
}

export async function updatePractice(
  tx: Db,
  id: string,
  changes: PracticeUpdate,
  clock: Clock,
): Promise<PracticeRow | undefined> {
  const [row] = await tx
    .update(practices)
    .set({ ...changes, updatedAt: clock.now() })
    .where(and(eq(practices.id, id)))
    .returning();
  return row;
}

/**
 * Gives a practice's creator its administrator role: msp_admin in a managed service provider's
 * organisation, practice_admin in a practice's own. The organisation's kind is read in the same
 * statement, not in a round trip of its own.
 */
export async function addCreatorMembership(
  tx: Db,
  userId: string,
  practiceId: string,
  organizationId: string,
): Promise<void> {
  const role = sql<string>`case when ${organizations.kind} = 'msp' then 'msp_admin' else 'practice_admin' end`;
  const inserted = await tx
    .insert(memberships)
    .select(
      tx
        .select({
          userId: sql`${userId}::uuid`.as('user_id'),
          practiceId: sql`${practiceId}::uuid`.as('practice_id'),
          role: role.as('role'),
          createdAt: sql`now()`.as('created_at'),
        })
        .from(organizations)
        .where(eq(organizations.id, organizationId)),
    )
    .returning({ role: memberships.role });
  if (inserted.length !== 1) throw new Error(`organisation ${organizationId} not found`);
}

export async function findOrganization(
  db: Db,
  id: string,
): Promise<{ name: string; kind: 'msp' | 'practice' } | undefined> {
  const [org] = await db
    .select({ name: organizations.name, kind: organizations.kind })
    .from(organizations)
    .where(eq(organizations.id, id));
  return org ? { name: org.name, kind: org.kind as 'msp' | 'practice' } : undefined;
}
