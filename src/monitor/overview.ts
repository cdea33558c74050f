/**
 * Status overviews: a practice's checks counted by state, its open monitoring incidents and its
 * worst checks, read in the practice's own transaction (row-level security), so an MSP's overview
 * is made of summaries each read under the practice it describes. Sorting practices worst first
 * is here too, shared by the API's pages and the web page.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { executeRows } from '../core/db/rows.ts';
import type { PracticeStatus, StateCounts } from './overview-schema.ts';
import { checkStates, type CheckState } from './schema.ts';

const worstShown = 5;

function countsOf(rows: { state: string; n: number }[]): StateCounts {
  const counts = Object.fromEntries(checkStates.map((s) => [s, 0])) as Record<CheckState, number>;
  for (const row of rows) if (row.state in counts) counts[row.state as CheckState] = Number(row.n);
  return counts;
}

/** One practice's summary; `tx` must be that practice's transaction (withTenantReads). */
export async function practiceStatus(tx: Db, practice: { id: string; name: string }): Promise<PracticeStatus> {
  // Flapping checks counted in the same pass (they are counted in their states too).
  const byState = await executeRows<{ state: string; n: number; flapping: number }>(
    tx,
    sql`select state, count(*)::int as n, (count(*) filter (where flapping))::int as flapping
        from monitor_checks where practice_id = ${practice.id} group by state`,
  );
  // The incident is a desk ticket: open while its status is neither resolved nor closed.
  const [open] = await executeRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from monitor_checks c join tickets t on t.id = c.incident_ticket_id
        where c.practice_id = ${practice.id} and t.status not in ('resolved', 'closed')`,
  );
  // A flapping check is among the worst whatever its state of the moment: it alerts on nothing
  // while it flaps, so the overview is where someone notices it.
  const worst = await executeRows<{
    id: string;
    name: string;
    state: CheckState;
    state_since: Date | string;
    suppressed: boolean;
    flapping: boolean;
    last_message: string | null;
  }>(
    tx,
    sql`select id, name, state, state_since, suppressed, flapping, last_message from monitor_checks
        where practice_id = ${practice.id} and (state in ('down', 'degraded') or flapping)
        order by state = 'down' desc, flapping desc, state = 'degraded' desc, suppressed, state_since, name
        limit ${worstShown}`,
  );
  return {
    practiceId: practice.id,
    practiceName: practice.name,
    counts: countsOf(byState),
    openIncidents: Number(open?.n ?? 0),
    flapping: byState.reduce((n, row) => n + Number(row.flapping), 0),
    worstChecks: worst.map((w) => ({
      id: w.id,
      name: w.name,
      state: w.state,
      stateSince: new Date(w.state_since).toISOString(),
      suppressed: w.suppressed,
      flapping: w.flapping,
      lastMessage: w.last_message,
    })),
  };
}

/**
 * The order of an overview, worst first: most checks down, then most degraded, then most open
 * incidents, then most flapping, then by name. As a sort key (ascending) for the pagination helpers.
 */
export function worstFirstKey(status: PracticeStatus): [number, number, number, number, string, string] {
  const { counts } = status;
  return [
    -counts.down,
    -counts.degraded,
    -status.openIncidents,
    -status.flapping,
    status.practiceName,
    status.practiceId,
  ];
}
