/**
 * Keyset ("seek") pagination over (created_at, id), newest first: the next page starts after the
 * last row of the previous one, so rows added meanwhile neither repeat nor shift a page, and no
 * offset is scanned. Times are compared to the millisecond because that is what a cursor
 * carries; rows created within the same millisecond are ordered by id.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** Where a page starts: after this row. */
export interface KeysetAfter {
  createdAt: Date;
  id: string;
}

const toMillisecond = (column: PgColumn): SQL => sql`date_trunc('milliseconds', ${column})`;

/** ORDER BY for newest first, in the order the cursor compares. */
export function newestFirst(createdAt: PgColumn, id: PgColumn): SQL[] {
  return [sql`${toMillisecond(createdAt)} desc`, sql`${id} desc`];
}

/** The rows after `after` in newestFirst order (true when there is no cursor). */
export function olderThan(createdAt: PgColumn, id: PgColumn, after: KeysetAfter | undefined): SQL {
  if (!after) return sql`true`;
  return sql`(${toMillisecond(createdAt)}, ${id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`;
}
