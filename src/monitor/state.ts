/**
 * The check's state machine, pure: the state and counters it was in, plus one run's outcome, give
 * the next state and whether an alert goes out. A check turns down after `failureThreshold`
 * failures in a row and back up after `recoveryThreshold` successes in a row; a new check is
 * pending until either happens. A success that is worse than wanted (slow, a certificate near
 * expiry) makes an up check degraded at once, and a good one makes it up again: both count as
 * successes, neither alerts, and a down check recovering degraded is recovered. Inside a maintenance window the check is in maintenance, its
 * counters start again and nothing alerts. A check going down while its parent is down is down
 * but suppressed: no incident, no notice, and none when it recovers.
 *
 * Flap detection, as Nagios does it
 * (https://assets.nagios.com/downloads/nagioscore/docs/nagioscore/4/en/flapping.html): the last 21
 * outcomes (ok or failed; a degraded success is ok) give 20 possible changes; each change counts
 * with a weight rising linearly from 0.8 (oldest) to 1.2 (newest), and the weighted sum over 20 is
 * the percent state change. A check starts flapping when it reaches 20% and stops when it falls
 * below 5% (between the two it stays as it was). Choices where Nagios leaves room, as a network
 * operations centre would want them:
 * - Nothing is judged before 21 outcomes are known: a new check (or one back from maintenance or a
 *   pause, which start again as new with an empty history) cannot be flapping.
 * - While flapping the state still moves (the page shows it) but nothing alerts: no incident opens
 *   or resolves, nobody is notified. Starting and stopping are audited, not notified.
 * - When flapping stops, the check is settled and its state is told once: down with no incident
 *   open (and not suppressed by its parent) alerts 'down'; up or degraded with the incident from
 *   before the flapping still open alerts 'up' (resolves it); otherwise nothing. A check that was
 *   down with an incident before flapping and is down after it keeps that incident, silently.
 * - A maintenance window ends flapping silently and clears the history; an incident open before it
 *   stays open (`incidentOpen` is kept), as before.
 * `incidentOpen` is whether the last alert was 'down': set by a 'down' alert, cleared by 'up'.
 */
import type { CheckState } from './schema.ts';

/** Outcomes kept for flap detection: 21 give 20 possible state changes. */
export const flapWindow = 21;
/** Percent state change at which a check starts flapping, and below which it stops. */
export const flapHigh = 20;
export const flapLow = 5;

export interface Standing {
  state: CheckState;
  failures: number;
  successes: number;
  suppressed: boolean;
  /** The last `flapWindow` outcomes, newest in bit 0, 1 = ok. */
  flapHistory: number;
  /** How many outcomes `flapHistory` holds (at most `flapWindow`). */
  flapRuns: number;
  flapping: boolean;
  /** Whether the last alert was 'down' (an incident is open for the check). */
  incidentOpen: boolean;
}

/**
 * Nothing counted yet: no runs in a row, no flap history. A new check, and one back from a pause or
 * a maintenance window, start from this (checks.ts writes it; nextStanding moves from it).
 */
export const countedAfresh = { failures: 0, successes: 0, flapHistory: 0, flapRuns: 0, flapping: false } as const;

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

/** 'started'/'stopped': this run made the check start or stop flapping. */
export type FlapChange = 'started' | 'stopped' | null;

const fullMask = (1 << flapWindow) - 1;

/**
 * The weighted changes in `history` times 95 (an integer, so the thresholds compare exactly): the
 * change between outcomes x-1 and x (x = 1 oldest .. 20 newest) weighs 0.8 + 0.4 (x - 1) / 19,
 * which is (74 + 2x) / 95. The percent state change is this over 19 (x 100 / 20 / 95).
 */
function weightedChanges(history: number): number {
  let sum = 0;
  // Bits i and i+1 (i = 0 newest) hold the change x = 20 - i.
  for (let i = 0; i < flapWindow - 1; i++)
    if (((history >> i) & 1) !== ((history >> (i + 1)) & 1)) sum += 74 + 2 * (flapWindow - 1 - i);
  return sum;
}

/** The percent state change of the last 21 outcomes, or null before 21 are known. */
export function percentStateChange(history: number, runs: number): number | null {
  return runs < flapWindow ? null : weightedChanges(history) / 19;
}

/** Whether a check with this history is flapping, given whether it was. */
function flappingNow(history: number, runs: number, was: boolean): boolean {
  if (runs < flapWindow) return false;
  const s = weightedChanges(history);
  // 20% is 380/19, 5% is 95/19.
  return was ? s >= flapLow * 19 : s >= flapHigh * 19;
}

export function nextStanding(
  was: Standing,
  limits: Thresholds,
  now: Circumstances,
): { standing: Standing; alert: Alert; flap: FlapChange } {
  if (now.inMaintenance)
    return {
      standing: { state: 'maintenance', suppressed: false, ...countedAfresh, incidentOpen: was.incidentOpen },
      alert: null,
      flap: was.flapping ? 'stopped' : null,
    };
  // Back from maintenance (or paused), the check starts again as new, its history too.
  const fresh = was.state === 'maintenance' || was.state === 'paused';
  const from = fresh ? 'pending' : was.state;
  const flapHistory = (((fresh ? 0 : was.flapHistory) << 1) | (now.ok ? 1 : 0)) & fullMask;
  const flapRuns = Math.min(flapWindow, (fresh ? 0 : was.flapRuns) + 1);
  const wasFlapping = !fresh && was.flapping;
  const flapping = flappingNow(flapHistory, flapRuns, wasFlapping);
  const flap: FlapChange = flapping === wasFlapping ? null : flapping ? 'started' : 'stopped';
  const step = move(from, was, limits, now);
  let alert: Alert = step.alert;
  if (flapping) alert = null;
  else if (flap === 'stopped') {
    const serving = step.standing.state === 'up' || step.standing.state === 'degraded';
    alert =
      step.standing.state === 'down' && !step.standing.suppressed && !was.incidentOpen
        ? 'down'
        : serving && was.incidentOpen
          ? 'up'
          : null;
  }
  const incidentOpen = alert === 'down' ? true : alert === 'up' ? false : was.incidentOpen;
  return { standing: { ...step.standing, flapHistory, flapRuns, flapping, incidentOpen }, alert, flap };
}

type Moved = Pick<Standing, 'state' | 'failures' | 'successes' | 'suppressed'>;

/** The state step without flap detection. */
function move(
  from: CheckState,
  was: Standing,
  limits: Thresholds,
  now: Circumstances,
): { standing: Moved; alert: Alert } {
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

/**
 * Whether this outcome could alert (then the run asks who is on duty first): it could move the
 * check to another state, or a flapping check could stop flapping.
 */
export function mayAlert(was: Standing, ok: boolean): boolean {
  return was.flapping || (ok ? was.state === 'down' : was.state !== 'down');
}
