import { describe, expect, it } from 'vitest';
import type { Output } from './io.ts';
import { duration, progressFrame, startProgress } from './progress.ts';

/** A stream standing in for stderr, with a clock the test moves by hand. */
function terminal(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  let now = 0;
  const stream: Output = {
    isTTY,
    write: (text: string) => writes.push(text),
    ...(columns !== undefined ? { columns } : {}),
  };
  return { stream, writes, clock: () => now, at: (ms: number) => (now = ms) };
}

const erase = '\r\x1b[K';

describe('duration', () => {
  it('gives seconds, then minutes and seconds, then hours and minutes', () => {
    expect(duration(0)).toBe('0s');
    expect(duration(59_400)).toBe('59s');
    expect(duration(59_500)).toBe('1m00s'); // rounds to 60 s
    expect(duration(65_000)).toBe('1m05s');
    expect(duration(7_380_000)).toBe('2h03m');
  });
});

describe('progressFrame', () => {
  it('draws the bar, the percentage, the time elapsed and the time left', () => {
    // 42% after 3 s: 3 s * 0.58 / 0.42 = 4.14 s left; 30 cells, floor(12.6) = 12 filled.
    expect(progressFrame('simulating', 0.42, 3000, 80)).toBe(
      `simulating [${'#'.repeat(12)}${'.'.repeat(18)}] 42% (3s elapsed, 4s left)`,
    );
  });

  it('says 100% only when finished, and no time left before the first unit', () => {
    expect(progressFrame('verifying', 0.999, 10_000, 80)).toContain('] 99% (10s elapsed, 0s left)');
    expect(progressFrame('verifying', 0, 2000, 80)).toBe(`verifying [${'.'.repeat(30)}] 0% (2s elapsed)`);
  });

  it('narrows the bar to fit the terminal, down to ten cells', () => {
    // 50 columns: 50 - 1 - "simulating [" (12) - "] 42% (3s elapsed, 4s left)" (27) = 10 cells, 4 filled.
    const narrow = progressFrame('simulating', 0.42, 3000, 50);
    expect(narrow).toBe(`simulating [####......] 42% (3s elapsed, 4s left)`);
    expect(narrow.length).toBe(49);
    expect(progressFrame('simulating', 0.42, 3000, 20)).toContain('[####......]');
  });
});

describe('startProgress', () => {
  it('draws nothing when the stream is not a terminal, or when hidden (--json)', () => {
    const piped = terminal(false);
    const bar = startProgress(piped.stream, { label: 'verifying', delayMs: 0, now: piped.clock });
    expect(bar.visible).toBe(false);
    bar.update(1, 2);
    bar.finish();
    expect(piped.writes).toEqual([]);

    const json = terminal(true);
    const hidden = startProgress(json.stream, { label: 'verifying', hidden: true, delayMs: 0, now: json.clock });
    expect(hidden.visible).toBe(false);
    hidden.update(1, 2);
    hidden.finish();
    expect(json.writes).toEqual([]);
  });

  it('waits for the delay, redraws at most once an interval, and clears the line when done', () => {
    const tty = terminal(true, 80);
    const bar = startProgress(tty.stream, { label: 'verifying', now: tty.clock });
    expect(bar.visible).toBe(true);
    tty.at(500);
    bar.update(1, 10); // before the 1 s delay
    expect(tty.writes).toEqual([]);
    tty.at(1000);
    bar.update(5, 10); // 50% after 1 s: 1 s left; 15 of 30 cells
    tty.at(1050);
    bar.update(6, 10); // 50 ms after the last frame: skipped
    tty.at(1100);
    bar.update(10, 10);
    bar.finish();
    expect(tty.writes).toEqual([
      `\rverifying [${'#'.repeat(15)}${'.'.repeat(15)}] 50% (1s elapsed, 1s left)\x1b[K`,
      `\rverifying [${'#'.repeat(30)}] 100% (1s elapsed, 0s left)\x1b[K`,
      erase,
    ]);
  });

  it('leaves the terminal untouched when the work ends within the delay', () => {
    const tty = terminal(true);
    const bar = startProgress(tty.stream, { label: 'simulating', now: tty.clock });
    tty.at(999);
    bar.update(1, 1);
    bar.finish();
    expect(tty.writes).toEqual([]);
  });

  it('fits an 80-column line when the stream does not say its width or says 0, and treats a total of 0 as not started', () => {
    for (const columns of [undefined, 0]) {
      const tty = terminal(true, columns);
      const bar = startProgress(tty.stream, { label: 'rotating', delayMs: 0, intervalMs: 0, now: tty.clock });
      bar.update(0, 0);
      expect(tty.writes).toEqual([`\rrotating [${'.'.repeat(30)}] 0% (0s elapsed)\x1b[K`]);
    }
  });
});
