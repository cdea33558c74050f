/**
 * The scheduler: a loop in every process that works jobs (`tandem serve --role all|worker`).
 * Each tick claims due checks from the database with FOR UPDATE SKIP LOCKED and a lease
 * (store.ts claimDue), probes them side by side, then records the batch (run-check.ts) in one
 * transaction per practice and schedules each check's next run. Several workers share the checks without coordination: a row one worker leased is
 * skipped by the others until its lease runs out, so no check runs twice at once, and the checks
 * of a worker that died are due again one lease later. A loop rather than pg-boss jobs: a job per
 * run would add a queue insert, fetch and completion to every check, and pg-boss's schedules
 * have minute resolution; the loop costs one claim query per batch (docs/benchmarks.md).
 */
import { randomUUID } from 'node:crypto';
import { unsafeWithSystem } from '../core/tenancy/with-tenant.ts';
import { pruneReadings } from './agent-readings.ts';
import { probeTimeoutMs } from './probes.ts';
import { probeCheck, recordRuns, type RunDeps } from './run-check.ts';
import { dayOf, dropExpiredResultDays, ensureResultDays } from './result-days.ts';
import { pruneRollups } from './rollups.ts';
import { runRequestedChannel } from './checks.ts';
import { claimDue } from './store.ts';

export interface SchedulerOptions {
  /** How long a claimed check stays this worker's: longer than any probe and its recording. */
  leaseMs: number;
  /** Checks claimed per query. */
  batch: number;
  /** Pause between ticks when nothing was due. */
  idleMs: number;
  /** Raw results are kept this many days (TANDEM_MONITOR_RESULT_DAYS); uptime reads the rollups. */
  keepDays: number;
}

export const defaultSchedulerOptions: SchedulerOptions = {
  leaseMs: 4 * probeTimeoutMs,
  batch: 50,
  idleMs: 1_000,
  keepDays: 31,
};

/** Claims what is due now and runs it; returns how many checks ran. */
export async function runDue(
  deps: RunDeps,
  owner: string,
  options: SchedulerOptions = defaultSchedulerOptions,
): Promise<number> {
  const now = deps.clock.now();
  // The days this batch's results may fall on must have their partitions (made once a day).
  await ensureResultDays(deps.database.db, [dayOf(now), dayOf(new Date(now.getTime() + options.leaseMs))]);
  const claimed = await unsafeWithSystem(deps.database.db, (tx) =>
    claimDue(tx, owner, now, new Date(now.getTime() + options.leaseMs), options.batch),
  );
  const runs = await Promise.all(claimed.map((row) => probeCheck(row, deps.clock)));
  await recordRuns(deps, owner, runs);
  return claimed.length;
}

export interface RunningScheduler {
  owner: string;
  /** Settles once the first LISTEN for run requests is in place or has failed (at once on an engine without it). */
  listening: Promise<void>;
  stop(): Promise<void>;
}

/** A lost LISTEN connection (PostgreSQL) is opened again this long after, meanwhile the idle tick serves. */
const relistenAfterMs = 30_000;

const upkeepEveryMs = 3_600_000;

/** Hourly: tomorrow's partition made ahead, expired days dropped, old rollups and agent readings deleted. */
export async function upkeep(deps: RunDeps, keepDays: number): Promise<void> {
  const now = deps.clock.now();
  await ensureResultDays(deps.database.db, [dayOf(now), dayOf(new Date(now.getTime() + 86_400_000))]);
  await dropExpiredResultDays(deps.database.db, now, keepDays);
  await unsafeWithSystem(deps.database.db, async (tx) => {
    await pruneRollups(tx, now);
    await pruneReadings(tx, now);
  });
}

/** Starts the loop; `onError` hears of a tick that failed (the loop carries on). */
export function startScheduler(
  deps: RunDeps,
  onError: (err: unknown) => void,
  options: SchedulerOptions = defaultSchedulerOptions,
): RunningScheduler {
  const owner = randomUUID();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  // Set by a run request; a request heard during a tick makes the loop claim again instead of idling.
  let nudged = false;
  const nudge = () => {
    nudged = true;
    wake?.();
  };
  let listening: 'no' | 'starting' | 'yes' = 'no';
  let listenAgainAt = 0;
  const listen = async () => {
    if (!deps.database.listen || listening !== 'no' || Date.now() < listenAgainAt) return;
    listening = 'starting';
    const lost = () => {
      listening = 'no';
      listenAgainAt = Date.now() + relistenAfterMs;
    };
    await deps.database.listen(runRequestedChannel, nudge, lost).then(() => {
      if (listening === 'starting') listening = 'yes';
    }, lost);
  };
  const firstListen = listen();
  let lastUpkeep = 0;
  const tick = async () => {
    let ran = 0;
    void listen();
    try {
      ran = await runDue(deps, owner, options);
      if (Date.now() - lastUpkeep > upkeepEveryMs) {
        lastUpkeep = Date.now();
        await upkeep(deps, options.keepDays);
      }
    } catch (err) {
      onError(err);
    }
    return ran;
  };
  const loop = (async () => {
    while (!stopped) {
      nudged = false;
      // A full batch means more may be due: claim again at once.
      if ((await tick()) >= options.batch || nudged) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, options.idleMs);
      });
    }
  })();
  return {
    owner,
    listening: firstListen,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
