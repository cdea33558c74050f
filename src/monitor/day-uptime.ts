/**
 * Uptime per check and UTC day, from the raw results (runs inside maintenance left out, as for
 * every uptime figure). A read of its own so that when day rollups exist it can read those
 * instead; until then it is bounded by how long results are kept (31 days): older days have no data.
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
    sql`select check_id, to_char(at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as runs,
          (count(*) filter (where ok))::int as good
        from monitor_results
        where check_id in (select jsonb_array_elements_text(${JSON.stringify(checkIds)}::jsonb)::uuid)
          and at >= ${since.toISOString()}::timestamptz and not in_maintenance
        group by 1, 2`,
  );
  for (const row of rows) {
    const days = byCheck.get(row.check_id) ?? new Map();
    days.set(row.day, { runs: Number(row.runs), good: Number(row.good) });
    byCheck.set(row.check_id, days);
  }
  return byCheck;
}
