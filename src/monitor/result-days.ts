/**
 * monitor_results is partitioned by UTC day (migration monitor_results_by_day): a result can only
 * be stored once its day's partition exists, and keeping N days is dropping older partitions, one
 * DROP TABLE each, with no DELETE of rows. Partitions are made as the owner, under an advisory
 * lock so workers starting together do not race on the same name: the scheduler makes the
 * current and next day's before it claims (remembered per database, so once a day), and its
 * hourly upkeep makes tomorrow's ahead and drops the expired days.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { executeRows } from '../core/db/rows.ts';
import { unsafeWithSystem } from '../core/tenancy/with-tenant.ts';

const dayMs = 86_400_000;
/** Any fixed number: the advisory lock making partitions is taken on it. */
const partitionLock = 1_901_907;

/** The UTC day of `at` as YYYY-MM-DD. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);
const partitionOf = (day: string) => `monitor_results_${day.replaceAll('-', '')}`;

/** Days whose partitions this process made or found, per database. */
const made = new WeakMap<Db, Set<string>>();

/** Makes the partitions of `days` that do not exist yet (owner transaction of its own). */
export async function ensureResultDays(db: Db, days: string[]): Promise<void> {
  const known = made.get(db) ?? new Set<string>();
  made.set(db, known);
  const missing = [...new Set(days)].filter((d) => !known.has(d));
  if (missing.length === 0) return;
  await unsafeWithSystem(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${partitionLock})`);
    for (const day of missing) {
      const next = dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + dayMs));
      await tx.execute(
        sql.raw(
          `create table if not exists ${partitionOf(day)} partition of monitor_results ` +
            `for values from ('${day} 00:00:00+00') to ('${next} 00:00:00+00')`,
        ),
      );
    }
  });
  for (const day of missing) known.add(day);
}

/** Drops the partitions of days that ended `keepDays` days or more before `now`; returns the days dropped. */
export async function dropExpiredResultDays(db: Db, now: Date, keepDays: number): Promise<string[]> {
  const oldest = dayOf(new Date(now.getTime() - keepDays * dayMs));
  return unsafeWithSystem(db, async (tx) => {
    const partitions = await executeRows<{ name: string }>(
      tx,
      sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
           where i.inhparent = 'monitor_results'::regclass`,
    );
    const expired = partitions
      .map((p) => /^monitor_results_(\d{4})(\d{2})(\d{2})$/.exec(p.name))
      .flatMap((m) => (m ? [`${m[1]}-${m[2]}-${m[3]}`] : []))
      .filter((day) => day < oldest)
      .sort();
    for (const day of expired) await tx.execute(sql.raw(`drop table ${partitionOf(day)}`));
    for (const day of expired) made.get(db)?.delete(day);
    return expired;
  });
}
