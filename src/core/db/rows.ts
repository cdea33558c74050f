import type { SQL } from 'drizzle-orm';
import type { Db } from './database.ts';

/** Rows of a raw SQL statement; both drivers answer execute() with an object holding `rows`. */
export async function executeRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
