/**
 * Uptime per check and UTC day, from the daily rollups (rollups.ts: runs inside maintenance are
 * left out of them, as of every uptime figure). They are kept 400 days, so a 90-day status page
 * has data for every day the check ran, though raw results are kept only TANDEM_MONITOR_RESULT_DAYS.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { executeRows } from '../core/db/rows.ts';

/** checkId -> date (YYYY-MM-DD) -> {runs, good}; in the practice's transaction. */
export async function uptimeByDay(
  tx: Db,
  checkIds: readonly string[],
  since: Date,
): Promise<Map<string, Map<string, { runs: number; good: number }>>> {
  const byCheck = new Map<string, Map<string, { runs: number; good: number }>>();
  if (checkIds.length === 0) return byCheck;
  const rows = await executeRows<{ check_id: string; day: string; runs: number; good: number }>(
    tx,
    sql`select check_id, to_char(starts_at at time zone 'UTC', 'YYYY-MM-DD') as day, runs, up as good
        from monitor_rollups
        where grain = 'day'
          and check_id in (select jsonb_array_elements_text(${JSON.stringify(checkIds)}::jsonb)::uuid)
          and starts_at >= ${since.toISOString()}::timestamptz`,
  );
  for (const row of rows) {
    const days = byCheck.get(row.check_id) ?? new Map();
    days.set(row.day, { runs: Number(row.runs), good: Number(row.good) });
    byCheck.set(row.check_id, days);
  }
  return byCheck;
}
