import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { newId } from '../ids.ts';
import type { practiceInputSchema } from './schema.ts';
import { practices } from './tables.ts';

export type PracticeRow = typeof practices.$inferSelect;

const insertStatement = prepared((db) =>
  db
    .insert(practices)
    .values({
      id: sql.placeholder('id'),
      name: sql.placeholder('name'),
      specialty: sql.placeholder('specialty'),
      jurisdiction: sql.placeholder('jurisdiction'),
      timeZone: sql.placeholder('timeZone'),
      createdAt: sql.placeholder('now'),
      updatedAt: sql.placeholder('now'),
    })
    .returning()
    .prepare('practice_insert'),
);

const byIdStatement = prepared((db) =>
  db.select().from(practices).where(eq(practices.id, sql.placeholder('id'))).limit(1).prepare('practice_by_id'),
);

export async function insertPractice(db: Db, input: z.output<typeof practiceInputSchema>, clock: Clock): Promise<PracticeRow> {
  const [row] = await insertStatement(db).execute({ id: newId(), ...input, now: clock.now() });
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findPractice(db: Db, id: string): Promise<PracticeRow | undefined> {
  const [row] = await byIdStatement(db).execute({ id });
  return row;
}
