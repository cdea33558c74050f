/**
 * The runs of a claimed batch: each check is probed (outside any transaction: a probe may take
 * seconds), then the batch's runs are recorded practice by practice, one transaction each under
 * the practice's row-level security: the rows are locked, the state machine moves, incidents open
 * or resolve, the results go in as one multi-row insert and the checks' new state, next run and
 * given-back lease as one update. Who is on duty is asked first, and only for outcomes that could
 * change a state: onDuty has its own transaction, which the embedded engine cannot run inside
 * another.
 */
import { appendAudit } from '../core/audit/append.ts';
import type { Clock } from '../core/clock.ts';
import type { Database, Db } from '../core/db/database.ts';
import { newId } from '../core/ids.ts';
import { withTenant } from '../core/tenancy/with-tenant.ts';
import { onDuty, type OnDuty } from '../matrix/on-duty.ts';
import { probeOf } from './checks.ts';
import { monitorOrigin, openIncident, resolveIncident, type IncidentDeps } from './incidents.ts';
import type { Outcome } from './outcome.ts';
import { runProbe } from './probes.ts';
import { addRollups, rollupsOf } from './rollups.ts';
import { mayAlert, nextStanding, percentStateChange } from './state.ts';
import { timesOf, windowCovers } from './maintenance-windows.ts';
import {
  insertResults,
  lockChecks,
  maintenanceOf,
  statesOf,
  updateRuns,
  type CheckRow,
  type MaintenanceRow,
  type NewResultRow,
  type RunUpdate,
} from './store.ts';

export interface RunDeps extends IncidentDeps {
  database: Database;
  clock: Clock;
}

/** One probe's outcome and when it came back. */
export interface Run {
  claimed: CheckRow;
  outcome: Outcome;
  at: Date;
}

/** Share of the interval the next run may move either way, so checks created together drift apart. */
const jitter = 0.05;

export function nextRunAfter(now: Date, intervalSeconds: number, random = Math.random()): Date {
  const spread = 1 + jitter * (2 * random - 1);
  return new Date(now.getTime() + Math.round(intervalSeconds * 1000 * spread));
}

export async function probeCheck(row: CheckRow, clock: Clock): Promise<Run> {
  const outcome = await runProbe(
    {
      probe: probeOf(row),
      allowPrivate: row.allowPrivateTargets,
      lastPingAt: row.lastPingAt,
      agentFacts: row.agentFacts,
      createdAt: row.createdAt,
      intervalSeconds: row.intervalSeconds,
    },
    clock.now(),
  );
  return { claimed: row, outcome, at: clock.now() };
}

/** Records a batch's runs, one transaction per practice; runs whose lease was lost meanwhile do not count. */
export async function recordRuns(deps: RunDeps, owner: string, runs: Run[]): Promise<void> {
  const byPractice = groupBy(runs, (r) => r.claimed.practiceId);
  await Promise.all([...byPractice].map(([practiceId, own]) => recordPracticeRuns(deps, owner, practiceId, own)));
}

async function recordPracticeRuns(deps: RunDeps, owner: string, practiceId: string, runs: Run[]): Promise<void> {
  const duties = new Map<string, OnDuty | null>();
  for (const { claimed, outcome, at } of runs)
    if (mayAlert(claimed, outcome.ok))
      duties.set(claimed.id, await onDuty(deps.database, practiceId, claimed.activity, at));
  await withTenant(deps.database.db, practiceId, async (tx) => {
    const locked = new Map(
      (
        await lockChecks(
          tx,
          runs.map((r) => r.claimed.id),
        )
      ).map((c) => [c.id, c]),
    );
    // Deleted, paused, or taken over after the lease ran out: such a run no longer counts.
    const live = runs.flatMap((run) => {
      const check = locked.get(run.claimed.id);
      return check && check.leaseOwner === owner && !check.paused ? [{ ...run, check }] : [];
    });
    if (live.length === 0) return;
    const times = live.map((r) => r.at.getTime());
    const around = { from: new Date(Math.min(...times)), to: new Date(Math.max(...times)) };
    const windows = groupBy(
      await maintenanceOf(
        tx,
        live.map((r) => r.check.id),
        around,
      ),
      (w) => w.checkId,
    );
    const windowsOf = (checkId: string) => (windows.get(checkId) ?? []).map((w) => w.window);
    const parentIds = [...new Set(live.flatMap((r) => (r.check.parentId ? [r.check.parentId] : [])))];
    const states = await statesOf(tx, parentIds);
    // Parents in this batch move first, so a router and the workstation behind it failing in the
    // same batch suppress the workstation's alert.
    const ordered = live.sort((x, y) => depth(x.check, locked) - depth(y.check, locked));
    const results: NewResultRow[] = [];
    const updates: RunUpdate[] = [];
    for (const run of ordered) {
      const step = await recordOne(tx, deps, practiceId, run, windowsOf(run.check.id), states, duties);
      results.push(step.result);
      updates.push(step.update);
      states.set(run.check.id, step.update.state);
    }
    await insertResults(tx, results);
    await addRollups(tx, rollupsOf(results));
    await updateRuns(tx, updates);
  });
}

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** How many of the check's ancestors are in `batch`: parents before children. */
function depth(check: CheckRow, batch: Map<string, CheckRow>): number {
  let n = 0;
  for (let at = check.parentId; at && batch.has(at) && n < batch.size; at = batch.get(at)!.parentId) n++;
  return n;
}

/** One run's state step, incident and audit entry; returns its result row and the check's update. */
async function recordOne(
  tx: Db,
  deps: RunDeps,
  practiceId: string,
  { check, outcome, at }: Run & { check: CheckRow },
  windows: MaintenanceRow[],
  states: Map<string, string>,
  duties: Map<string, OnDuty | null>,
): Promise<{ result: NewResultRow; update: RunUpdate }> {
  const s = { tx, clock: deps.clock, practiceId, origin: monitorOrigin };
  const inMaintenance = windows.some((w) => windowCovers(timesOf(w), at));
  const degraded = outcome.degraded ?? false;
  const { standing, alert, flap } = nextStanding(check, check, {
    ok: outcome.ok,
    degraded,
    inMaintenance,
    parentDown: check.parentId ? states.get(check.parentId) === 'down' : false,
  });
  let incidentTicketId = check.incidentTicketId;
  if (alert === 'down')
    incidentTicketId = await openIncident(s, deps, check, duties.get(check.id) ?? null, outcome.message);
  if (alert === 'up' && check.incidentTicketId) await resolveIncident(s, deps, check, check.stateSince);
  const changed = standing.state !== check.state;
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
  // Starting and stopping flapping are audited like a change of state (no one is notified).
  if (flap)
    await appendAudit(tx, {
      at,
      ...monitorOrigin,
      practiceId,
      action: `monitor.check_flapping_${flap}`,
      targetType: 'monitor_check',
      targetId: check.id,
      details: {
        state: standing.state,
        percentStateChange: percentStateChange(standing.flapHistory, standing.flapRuns),
        message: outcome.message,
        alert,
        incidentTicketId,
      },
    });
  const { latencyMs, message, ok } = outcome;
  return {
    result: { id: newId(), practiceId, checkId: check.id, at, ok, degraded, latencyMs, message, inMaintenance },
    update: {
      id: check.id,
      ...standing,
      stateSince: changed ? at : check.stateSince,
      flappingSince: !standing.flapping ? null : flap === 'started' ? at : check.flappingSince,
      incidentTicketId,
      lastCheckedAt: at,
      lastOk: ok,
      lastMessage: message,
      lastLatencyMs: latencyMs,
      nextRunAt: nextRunAfter(at, check.intervalSeconds),
    },
  };
}
