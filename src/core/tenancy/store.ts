import { eq } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { z } from 'zod';
import type { practiceInputSchema } from './schema.ts';
import { practices } from './tables.ts';

export type PracticeRow = typeof practices.$inferSelect;

export async function insertPractice(
  db: Db,
  input: z.output<typeof practiceInputSchema>,
  clock: Clock,
): Promise<PracticeRow> {
  const now = clock.now();
  const [row] = await db
    .insert(practices)
    .values({ id: newId(), ...input, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findPractice(db: Db, id: string): Promise<PracticeRow | undefined> {
  const [row] = await db.select().from(practices).where(eq(practices.id, id)).limit(1);
  return row;
}
