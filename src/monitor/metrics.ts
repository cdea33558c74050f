/**
 * Monitoring in Prometheus's text format (prom-client), for an MSP's existing dashboards and
 * alert rules: a practice's checks, one series per check (scraped with a practice API token),
 * and the install's check counts for the operator's /metrics (src/server/metrics.ts).
 */
import { and, lt, not, sql } from 'drizzle-orm';
import { Gauge, Registry } from 'prom-client';
import type { Db } from '../core/db/database.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { checkStates } from './schema.ts';
import { listChecks, type CheckRow } from './store.ts';
import { uptimeOf } from './uptime.ts';
import { monitorChecks } from './tables.ts';

/** A practice scrape reads at most this many checks (a page of the list API is 100). */
const maxChecks = 10_000;

async function allChecks(s: InPractice): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];
  let after: { createdAt: Date; id: string } | undefined;
  while (rows.length < maxChecks) {
    const page = await listChecks(s.tx, s.practiceId, { after, limit: 1000 });
    rows.push(...page);
    if (page.length < 1000) break;
    const last = page.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
  }
  return rows;
}

/** The practice's checks as Prometheus series, labelled by check id, name and kind. */
export async function practiceCheckMetrics(s: InPractice): Promise<{ text: string; contentType: string }> {
  const rows = await allChecks(s);
  const uptime = await uptimeOf(
    s.tx,
    rows.map((r) => r.id),
    '24h',
    s.clock.now(),
  );
  const registry = new Registry();
  const labelNames = ['check_id', 'check', 'kind'] as const;
  const gauge = (name: string, help: string, extra: string[] = []) =>
    new Gauge({ name, help, labelNames: [...labelNames, ...extra], registers: [registry] });
  const up = gauge(
    'tandem_check_up',
    '1 while the check is up or degraded, 0 while down; absent while pending, paused or in maintenance',
  );
  const state = gauge('tandem_check_state', '1 for the state the check is in', ['state']);
  const latency = gauge('tandem_check_latency_seconds', "The last run's latency");
  const lastRun = gauge('tandem_check_last_run_timestamp_seconds', 'When the check last ran (Unix time)');
  const uptimeDay = gauge(
    'tandem_check_uptime_ratio_24h',
    'Share of runs outside maintenance in the last 24 hours that succeeded',
  );
  for (const row of rows) {
    const labels = { check_id: row.id, check: row.name, kind: row.kind };
    for (const each of checkStates) state.set({ ...labels, state: each }, row.state === each ? 1 : 0);
    if (row.state === 'up' || row.state === 'degraded') up.set(labels, 1);
    if (row.state === 'down') up.set(labels, 0);
    if (row.lastLatencyMs !== null) latency.set(labels, row.lastLatencyMs / 1000);
    if (row.lastCheckedAt) lastRun.set(labels, row.lastCheckedAt.getTime() / 1000);
    const ratio = uptime.get(row.id);
    if (ratio !== undefined) uptimeDay.set(labels, ratio);
  }
  return { text: await registry.metrics(), contentType: registry.contentType };
}

/** Every practice's checks by state, and how many unpaused checks are late (the scheduler behind). */
export async function installCheckCounts(tx: Db, now: Date): Promise<{ byState: Map<string, number>; late: number }> {
  const states = await tx
    .select({ state: monitorChecks.state, count: sql<number>`count(*)::int` })
    .from(monitorChecks)
    .groupBy(monitorChecks.state);
  // Late: due more than a minute ago and not being run (no live lease). Uses the due index.
  const [late] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(monitorChecks)
    .where(
      and(
        not(monitorChecks.paused),
        lt(monitorChecks.nextRunAt, new Date(now.getTime() - 60_000)),
        sql`(${monitorChecks.leaseUntil} is null or ${monitorChecks.leaseUntil} < ${now})`,
      ),
    );
  return { byState: new Map(states.map((r) => [r.state, r.count])), late: late?.count ?? 0 };
}
