/** The check state machine, step by step, with thresholds 2 (failures) and 2 (recoveries). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countedAfresh,
  nextStanding,
  percentStateChange,
  type Circumstances,
  type Standing,
} from '../../src/monitor/state.ts';

const limits = { failureThreshold: 2, recoveryThreshold: 2 };
const fresh: Standing = { state: 'pending', suppressed: false, incidentOpen: false, ...countedAfresh };
const ok: Circumstances = { ok: true, degraded: false, inMaintenance: false, parentDown: false };
const slow: Circumstances = { ...ok, degraded: true };
const fail: Circumstances = { ok: false, degraded: false, inMaintenance: false, parentDown: false };

function walk(from: Standing, steps: Circumstances[]) {
  const alerts: (string | null)[] = [];
  const flaps: (string | null)[] = [];
  let at = from;
  for (const step of steps) {
    const next = nextStanding(at, limits, step);
    alerts.push(next.alert);
    flaps.push(next.flap);
    at = next.standing;
  }
  return { at, alerts, flaps };
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

/** Outcomes from a string, oldest first: o = ok, x = failed. */
const runs = (pattern: string) => [...pattern].map((c) => (c === 'o' ? ok : fail));
/** The percent state change after these 21 outcomes (oldest first). */
const percentOf = (pattern: string) => {
  const { at } = walk(fresh, runs(pattern));
  return percentStateChange(at.flapHistory, at.flapRuns);
};
const nulls = (n: number) => Array<null>(n).fill(null);

describe('flap detection (Nagios: 21 results, weights 0.8 oldest .. 1.2 newest, 20% on, under 5% off)', () => {
  // Outcomes o0 (oldest) .. o20; the change x (1..20) is between o(x-1) and o(x) and weighs
  // 0.8 + 0.4 (x - 1) / 19; the percent is the weighted sum x 100 / 20.
  it('computes the weighted percent state change by hand', () => {
    // Alternating: all 20 changes; the weights pair up (x and 21 - x sum to 2.0): 20.0 -> 100%.
    expect(percentOf('oxoxoxoxoxoxoxoxoxoxo')).toBeCloseTo(100, 10);
    // Steady: no change -> 0%.
    expect(percentOf('ooooooooooooooooooooo')).toBe(0);
    expect(percentOf('xxxxxxxxxxxxxxxxxxxxx')).toBe(0);
    // Changes at x = 1, 2, 19, 20: 0.8 + 0.8211 + 1.1789 + 1.2 = 4.0 -> exactly 20%.
    expect(percentOf('oxoooooooooooooooooxo')).toBeCloseTo(20, 10);
    // Changes at x = 1, 2, 3, 19: 0.8 + 0.8211 + 0.8421 + 1.1789 = 3.6421 -> 18.21%.
    expect(percentOf('oxox' + 'xxxxxxxxxxxxxxx' + 'oo')).toBeCloseTo(18.2105, 3);
    // One change at x = 10: 0.8 + 0.4 x 9 / 19 = 0.9895 -> 4.947%, just under 5%.
    expect(percentOf('oooooooooo' + 'xxxxxxxxxxx')).toBeCloseTo(4.947, 3);
    // One change at x = 11: 1.0105 -> 5.05%, not under 5%.
    expect(percentOf('ooooooooooo' + 'xxxxxxxxxx')).toBeCloseTo(5.0526, 3);
    // Fewer than 21 results: not judged.
    expect(percentOf('oxoxoxoxox')).toBeNull();
  });

  it('starts flapping right at 20%, not at 18%, and never before 21 results', () => {
    expect(walk(fresh, runs('oxoooooooooooooooooxo'))).toMatchObject({
      at: { flapping: true },
      flaps: [...nulls(20), 'started'],
    });
    expect(walk(fresh, runs('oxox' + 'xxxxxxxxxxxxxxx' + 'oo')).at.flapping).toBe(false);
    expect(walk(fresh, runs('oxoxoxoxoxoxoxoxoxox')).at.flapping).toBe(false);
  });

  it('stops flapping only below 5%: at 5.05% it still flaps, at 4.95% it stops', () => {
    // 20 outcomes known, flapping, and (having gone down while flapping) no incident open; the
    // 21st, a failure, completes the window.
    const flappingAfter = (pattern: string) => ({
      ...walk(fresh, runs(pattern)).at,
      flapping: true,
      incidentOpen: false,
    });
    // 'o' x 11 + 'x' x 10: one change at x = 11 -> 5.05%, still flapping.
    expect(walk(flappingAfter('ooooooooooo' + 'xxxxxxxxx'), [fail])).toMatchObject({
      at: { flapping: true },
      alerts: [null],
      flaps: [null],
    });
    // 'o' x 10 + 'x' x 11: one change at x = 10 -> 4.95%: stops, and the check, down with no
    // incident open, alerts 'down' once.
    expect(walk(flappingAfter('oooooooooo' + 'xxxxxxxxxx'), [fail])).toMatchObject({
      at: { flapping: false, state: 'down', incidentOpen: true },
      alerts: ['down'],
      flaps: ['stopped'],
    });
  });

  it('alerts nothing while flapping, then down once when it settles down', () => {
    const up = walk(fresh, runs('ooooooooooooooooooooo'));
    expect(up.at).toMatchObject({ state: 'up', flapping: false });
    // Single failures (the failure threshold is 2): the state stays up, and flapping starts at the
    // fourth change (changes at x = 20, 19, 18, 17: 1.2 + 1.1789 + 1.1579 + 1.1368 = 4.67 -> 23.4%).
    const flapping = walk(up.at, runs('xoxoxoxoxo'));
    expect(flapping).toMatchObject({ at: { state: 'up', flapping: true }, alerts: nulls(10) });
    expect(flapping.flaps.indexOf('started')).toBe(3);
    // Settles down: down silently while still flapping; one 'down' when flapping stops (4.0%:
    // one change left, at x = 1).
    const settled = walk(flapping.at, runs('xxxxxxxxxxxxxxxxxxxxx'));
    expect(settled.alerts.filter((a) => a !== null)).toEqual(['down']);
    expect(settled.alerts.indexOf('down')).toBe(settled.flaps.indexOf('stopped'));
    expect(percentStateChange(walk(flapping.at, runs('xxxxxxxxxxxxxxxxxxxx')).at.flapHistory, 21)).toBeCloseTo(4, 10);
    expect(settled.at).toMatchObject({ state: 'down', flapping: false, incidentOpen: true });
  });

  it('resolves the incident opened before the flapping when it settles up, and keeps it when it settles down', () => {
    const down = walk(fresh, runs('ooooooooooooooooooooxx'));
    expect(down.at).toMatchObject({ state: 'down', incidentOpen: true });
    // Single successes (the recovery threshold is 2): still down, now flapping, incident open.
    const flapping = walk(down.at, runs('oxoxoxoxo'));
    expect(flapping).toMatchObject({ at: { state: 'down', flapping: true, incidentOpen: true }, alerts: nulls(9) });
    const up = walk(flapping.at, runs('ooooooooooooooooooooo'));
    expect(up.alerts.filter((a) => a !== null)).toEqual(['up']);
    expect(up.alerts.indexOf('up')).toBe(up.flaps.indexOf('stopped'));
    expect(up.at).toMatchObject({ state: 'up', flapping: false, incidentOpen: false });
    const stillDown = walk(flapping.at, runs('xxxxxxxxxxxxxxxxxxxxx'));
    expect(stillDown.alerts).toEqual(nulls(21));
    expect(stillDown.at).toMatchObject({ state: 'down', flapping: false, incidentOpen: true });
  });

  it('stops flapping silently in maintenance, clearing the history', () => {
    const flapping = walk(fresh, runs('oxoxoxoxoxoxoxoxoxoxo')).at;
    const during = walk(flapping, [{ ...ok, inMaintenance: true }]);
    expect(during).toMatchObject({ at: { flapping: false, flapRuns: 0 }, alerts: [null], flaps: ['stopped'] });
  });

  it('never alerts while flapping; an incident is open exactly while down (parent up, no maintenance)', () => {
    const outcome = fc.constantFrom(ok, fail, slow);
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 120 }), (steps) => {
        let at = fresh;
        for (const step of steps) {
          const next = nextStanding(at, limits, step);
          if (next.standing.flapping) expect(next.alert).toBeNull();
          if (next.alert === 'down') expect(at.incidentOpen).toBe(false);
          if (next.alert === 'up') expect(at.incidentOpen).toBe(true);
          if (!next.standing.flapping) expect(next.standing.incidentOpen).toBe(next.standing.state === 'down');
          at = next.standing;
        }
      }),
    );
  });
});
