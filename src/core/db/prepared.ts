import type { Db } from './database.ts';

/**
 * A named prepared statement per database, built on first use. Hot single-row queries go through
 * this: PostgreSQL then skips parsing and planning, and Drizzle skips rebuilding the SQL, which
 * together more than double their throughput (docs/benchmarks.md).
 */
export function prepared<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let statement = cache.get(db);
    if (!statement) {
      statement = build(db);
      cache.set(db, statement);
    }
    return statement;
  };
}
