/**
 * The check's state machine, pure: the state and counters it was in, plus one run's outcome, give
 * the next state and whether an alert goes out. A check turns down after `failureThreshold`
 * failures in a row and back up after `recoveryThreshold` successes in a row; a new check is
 * pending until either happens. A success that is worse than wanted (slow, a certificate near
 * expiry) makes an up check degraded at once, and a good one makes it up again: both count as
 * successes, neither alerts, and a down check recovering degraded is recovered. Inside a maintenance window the check is in maintenance, its
 * counters start again and nothing alerts. A check going down while its parent is down is down
 * but suppressed: no incident, no notice, and none when it recovers.
 */
import type { CheckState } from './schema.ts';

export interface Standing {
  state: CheckState;
  failures: number;
  successes: number;
  suppressed: boolean;
}

export interface Thresholds {
  failureThreshold: number;
  recoveryThreshold: number;
}

export interface Circumstances {
  ok: boolean;
  /** A success worse than wanted; ignored for failures. */
  degraded: boolean;
  inMaintenance: boolean;
  parentDown: boolean;
}

/** `down`/`up`: an incident opens or resolves and the on-duty party hears of it; null: nothing to tell. */
export type Alert = 'down' | 'up' | null;

export function nextStanding(
  was: Standing,
  limits: Thresholds,
  now: Circumstances,
): { standing: Standing; alert: Alert } {
  if (now.inMaintenance)
    return { standing: { state: 'maintenance', failures: 0, successes: 0, suppressed: false }, alert: null };
  // Back from maintenance (or paused), the check starts again as new.
  const from = was.state === 'maintenance' || was.state === 'paused' ? 'pending' : was.state;
  const failures = now.ok ? 0 : was.failures + 1;
  const successes = now.ok ? was.successes + 1 : 0;
  if (from !== 'down' && failures >= limits.failureThreshold) {
    const suppressed = now.parentDown;
    return { standing: { state: 'down', failures, successes, suppressed }, alert: suppressed ? null : 'down' };
  }
  const serving = now.degraded ? 'degraded' : 'up';
  const wasServing = from === 'up' || from === 'degraded';
  if (!wasServing && successes >= limits.recoveryThreshold) {
    const alert = from === 'down' && !was.suppressed ? 'up' : null;
    return { standing: { state: serving, failures, successes, suppressed: false }, alert };
  }
  if (wasServing && now.ok)
    return { standing: { state: serving, failures, successes, suppressed: false }, alert: null };
  return { standing: { state: from, failures, successes, suppressed: from === 'down' && was.suppressed }, alert: null };
}

/** Whether this outcome could move the check to another state (then the run asks who is on duty first). */
export function mayAlert(was: Standing, ok: boolean): boolean {
  return ok ? was.state === 'down' : was.state !== 'down';
}
