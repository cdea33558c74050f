import { and, eq, sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { newId } from '../ids.ts';
import type { PracticeInputOut, PracticeUpdate } from './schema.ts';
import { organizations, practices } from './tables.ts';

export type PracticeRow = typeof practices.$inferSelect;

const byIdStatement = prepared((db) =>
  db.select().from(practices).where(eq(practices.id, sql.placeholder('id'))).limit(1).prepare('practice_by_id'),
);

export async function insertPractice(db: Db, organizationId: string, input: PracticeInputOut, clock: Clock): Promise<PracticeRow> {
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

export async function updatePractice(tx: Db, id: string, changes: PracticeUpdate, clock: Clock): Promise<PracticeRow | undefined> {
  const [row] = await tx
    .update(practices)
    .set({ ...changes, updatedAt: clock.now() })
    .where(and(eq(practices.id, id)))
    .returning();
  return row;
}

export async function organizationKind(db: Db, organizationId: string): Promise<'msp' | 'practice' | undefined> {
  const [org] = await db.select({ kind: organizations.kind }).from(organizations).where(eq(organizations.id, organizationId));
  return org?.kind as 'msp' | 'practice' | undefined;
}

export async function findOrganization(db: Db, id: string): Promise<{ name: string; kind: 'msp' | 'practice' } | undefined> {
  const [org] = await db.select({ name: organizations.name, kind: organizations.kind }).from(organizations).where(eq(organizations.id, id));
  return org ? { name: org.name, kind: org.kind as 'msp' | 'practice' } : undefined;
}
