/**
 * One run of a claimed check: probe it (outside any transaction: a probe may take seconds), then,
 * in the practice's transaction, record the result, move the state machine, open or resolve the
 * incident, schedule the next run and give the lease back. Who is on duty is asked first, and
 * only when the outcome could change the state: onDuty has its own transaction, which the
 * embedded engine cannot run inside another.
 */
import { appendAudit } from '../core/audit/append.ts';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { newId } from '../core/ids.ts';
import { withTenant } from '../core/tenancy/with-tenant.ts';
import { onDuty } from '../matrix/on-duty.ts';
import { probeOf } from './checks.ts';
import { monitorOrigin, openIncident, resolveIncident, type IncidentDeps } from './incidents.ts';
import type { Outcome } from './outcome.ts';
import { runProbe } from './probes.ts';
import { mayAlert, nextStanding } from './state.ts';
import { timesOf, windowCovers } from './maintenance-windows.ts';
import { findCheck, insertResult, lockCheck, maintenanceAround, updateCheck, type CheckRow } from './store.ts';

export interface RunDeps extends IncidentDeps {
  database: Database;
  clock: Clock;
}

/** Share of the interval the next run may move either way, so checks created together drift apart. */
const jitter = 0.05;

export function nextRunAfter(now: Date, intervalSeconds: number, random = Math.random()): Date {
  const spread = 1 + jitter * (2 * random - 1);
  return new Date(now.getTime() + Math.round(intervalSeconds * 1000 * spread));
}

export async function probeCheck(row: CheckRow, now: Date): Promise<Outcome> {
  return runProbe(
    {
      probe: probeOf(row),
      allowPrivate: row.allowPrivateTargets,
      lastPingAt: row.lastPingAt,
      agentFacts: row.agentFacts,
      createdAt: row.createdAt,
      intervalSeconds: row.intervalSeconds,
    },
    now,
  );
}

/** Records `outcome` for a check this worker leased; does nothing if the lease was lost meanwhile. */
export async function recordRun(deps: RunDeps, claimed: CheckRow, owner: string, outcome: Outcome): Promise<void> {
  const { practiceId } = claimed;
  const at = deps.clock.now();
  const duty = mayAlert(claimed, outcome.ok) ? await onDuty(deps.database, practiceId, claimed.activity, at) : null;
  await withTenant(deps.database.db, practiceId, async (tx) => {
    const check = await lockCheck(tx, claimed.id);
    // Deleted, paused, or taken over after the lease ran out: this run no longer counts.
    if (!check || check.leaseOwner !== owner || check.paused) return;
    const s = { tx, clock: deps.clock, practiceId, origin: monitorOrigin };
    const inMaintenance = (await maintenanceAround(tx, check.id, at)).some((w) => windowCovers(timesOf(w), at));
    const parent = check.parentId ? await findCheck(tx, practiceId, check.parentId) : undefined;
    const { standing, alert } = nextStanding(check, check, {
      ok: outcome.ok,
      degraded: outcome.degraded ?? false,
      inMaintenance,
      parentDown: parent?.state === 'down',
    });
    await insertResult(tx, {
      id: newId(),
      practiceId,
      checkId: check.id,
      at,
      ok: outcome.ok,
      degraded: outcome.degraded ?? false,
      latencyMs: outcome.latencyMs,
      message: outcome.message,
      inMaintenance,
    });
    let incidentTicketId = check.incidentTicketId;
    if (alert === 'down') incidentTicketId = await openIncident(s, deps, check, duty, outcome.message);
    if (alert === 'up' && check.incidentTicketId) await resolveIncident(s, deps, check, check.stateSince);
    const changed = standing.state !== check.state;
    await updateCheck(tx, check.id, {
      ...standing,
      stateSince: changed ? at : check.stateSince,
      incidentTicketId,
      lastCheckedAt: at,
      lastOk: outcome.ok,
      lastMessage: outcome.message,
      lastLatencyMs: outcome.latencyMs,
      nextRunAt: nextRunAfter(at, check.intervalSeconds),
      leaseUntil: null,
      leaseOwner: null,
      updatedAt: at,
    });
    if (changed)
      await appendAudit(tx, {
        at,
        ...monitorOrigin,
        practiceId,
        action: `monitor.check_${standing.state}`,
        targetType: 'monitor_check',
        targetId: check.id,
        details: { from: check.state, message: outcome.message, suppressed: standing.suppressed, incidentTicketId },
      });
  });
}
