/** The check state machine, step by step, with thresholds 2 (failures) and 2 (recoveries). */
import { describe, expect, it } from 'vitest';
import { nextStanding, type Circumstances, type Standing } from '../../src/monitor/state.ts';

const limits = { failureThreshold: 2, recoveryThreshold: 2 };
const fresh: Standing = { state: 'pending', failures: 0, successes: 0, suppressed: false };
const ok: Circumstances = { ok: true, degraded: false, inMaintenance: false, parentDown: false };
const slow: Circumstances = { ...ok, degraded: true };
const fail: Circumstances = { ok: false, degraded: false, inMaintenance: false, parentDown: false };

function walk(from: Standing, steps: Circumstances[]) {
  const alerts: (string | null)[] = [];
  let at = from;
  for (const step of steps) {
    const next = nextStanding(at, limits, step);
    alerts.push(next.alert);
    at = next.standing;
  }
  return { at, alerts };
}

describe('check state machine', () => {
  it('stays pending until a threshold is reached, then goes up without an alert', () => {
    expect(walk(fresh, [ok]).at.state).toBe('pending');
    expect(walk(fresh, [ok, ok])).toMatchObject({ at: { state: 'up' }, alerts: [null, null] });
  });

  it('goes down after two failures in a row, not after failures broken by a success', () => {
    const up = walk(fresh, [ok, ok]).at;
    expect(walk(up, [fail, ok, fail]).at.state).toBe('up');
    expect(walk(up, [fail, fail])).toMatchObject({ at: { state: 'down', failures: 2 }, alerts: [null, 'down'] });
  });

  it('alerts once while down, and recovers with an alert after two successes', () => {
    const down = walk(fresh, [fail, fail]).at;
    expect(walk(down, [fail, fail, ok, ok])).toMatchObject({ at: { state: 'up' }, alerts: [null, null, null, 'up'] });
  });

  it('goes down silently (suppressed) while the parent is down, and comes back silently', () => {
    const underDeadParent = { ...fail, parentDown: true };
    const down = walk(fresh, [underDeadParent, underDeadParent]);
    expect(down).toMatchObject({ at: { state: 'down', suppressed: true }, alerts: [null, null] });
    expect(walk(down.at, [fail, ok, ok])).toMatchObject({
      at: { state: 'up', suppressed: false },
      alerts: [null, null, null],
    });
  });

  it('is degraded at once on a worse-than-wanted success and up at once on a good one, with no alert', () => {
    const up = walk(fresh, [ok, ok]).at;
    expect(walk(up, [slow, slow, ok, slow])).toMatchObject({
      at: { state: 'degraded', successes: 6 },
      alerts: [null, null, null, null],
    });
    // Degraded counts as serving: failures still need the threshold to go down.
    const degraded = walk(up, [slow]).at;
    expect(walk(degraded, [fail]).at.state).toBe('degraded');
    expect(walk(degraded, [fail, fail])).toMatchObject({ at: { state: 'down' }, alerts: [null, 'down'] });
    // A new check that is slow from the start is degraded once the recovery threshold is met.
    expect(walk(fresh, [slow, slow])).toMatchObject({ at: { state: 'degraded' }, alerts: [null, null] });
  });

  it('recovers from down into degraded with the recovery alert', () => {
    const down = walk(fresh, [fail, fail]).at;
    expect(walk(down, [slow, slow])).toMatchObject({ at: { state: 'degraded' }, alerts: [null, 'up'] });
  });

  it('is in maintenance during a window, with no alert, and starts again as pending after it', () => {
    const up = walk(fresh, [ok, ok]).at;
    const maintenance = { ...fail, inMaintenance: true };
    const during = walk(up, [maintenance, maintenance, maintenance]);
    expect(during).toMatchObject({ at: { state: 'maintenance', failures: 0 }, alerts: [null, null, null] });
    expect(walk(during.at, [fail]).at).toMatchObject({ state: 'pending', failures: 1 });
    expect(walk(during.at, [fail, fail])).toMatchObject({ at: { state: 'down' }, alerts: [null, 'down'] });
  });
});
