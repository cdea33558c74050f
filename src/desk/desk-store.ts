/** Queries on desks; every call runs inside withTenant. */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { desks } from './tables.ts';

export type DeskRow = typeof desks.$inferSelect;

export async function practiceDesks(tx: Db, practiceId: string): Promise<DeskRow[]> {
  return tx.select().from(desks).where(eq(desks.practiceId, practiceId));
}

export async function findDesk(tx: Db, practiceId: string, id: string): Promise<DeskRow | null> {
  const rows = await tx
    .select()
    .from(desks)
    .where(and(eq(desks.practiceId, practiceId), eq(desks.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

/** Adds desks a practice lacks; a desk of the same kind added meanwhile is kept. */
export async function insertMissingDesks(tx: Db, rows: (typeof desks.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await tx.insert(desks).values(rows).onConflictDoNothing();
}

export async function updateDesk(tx: Db, id: string, change: Partial<typeof desks.$inferInsert>): Promise<void> {
  await tx.update(desks).set(change).where(eq(desks.id, id));
}
