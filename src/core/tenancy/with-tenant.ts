/**
 * Practice-scoped work runs in a transaction as the role tandem_app with app.practice_id set, so
 * PostgreSQL's row-level security (migration 0001) holds every query to that one practice, on
 * top of the application's own checks. Both settings are transaction-local and vanish at commit.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';

export async function withTenant<T>(db: Db, practiceId: string, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'tandem_app', true), set_config('app.practice_id', ${practiceId}, true)`);
    return fn(tx as unknown as Db);
  });
}

/** System work (sign-in, setup) that must see across practices runs as the owner, explicitly. */
export async function unsafeWithSystem<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => fn(tx as unknown as Db));
}
