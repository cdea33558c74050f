/**
 * The quiet-hours window by hand-computed instants, across both changes of clocks in New York in
 * 2026 (spring forward Sunday 8 March 02:00 EST -> 03:00 EDT; fall back Sunday 1 November
 * 02:00 EDT -> 01:00 EST), and the input rules the API answers 400 with.
 */
import { describe, expect, it } from 'vitest';
import { quietUntil } from '../../src/notify/quiet-hours.ts';
import { quietHoursSchema } from '../../src/notify/schema.ts';

const nights = { start: '22:00', end: '07:00', days: [1, 2, 3, 4, 5, 6, 7] };
const ny = 'America/New_York';
const until = (at: string, q = nights, zone = ny) => quietUntil(q, zone, new Date(at))?.toISOString() ?? null;

describe('quietUntil', () => {
  it('holds inside an overnight window until its local end, and not outside it', () => {
    // Tuesday 1 December 2026, EST (UTC-5): 23:30 local is 04:30Z; 07:00 local is 12:00Z.
    expect(until('2026-12-02T04:30:00Z')).toBe('2026-12-02T12:00:00.000Z');
    // 06:59 local, still quiet; 07:00 local, not.
    expect(until('2026-12-02T11:59:00Z')).toBe('2026-12-02T12:00:00.000Z');
    expect(until('2026-12-02T12:00:00Z')).toBeNull();
    // 21:59 local, not yet; 22:00 local (03:00Z), quiet until the next morning.
    expect(until('2026-12-02T02:59:00Z')).toBeNull();
    expect(until('2026-12-02T03:00:00Z')).toBe('2026-12-02T12:00:00.000Z');
  });

  it('ends at 07:00 local on the spring-forward night: 8 hours after 22:00, not 9', () => {
    // Opens Saturday 7 March 22:00 EST = 8 March 03:00Z; closes Sunday 07:00 EDT (UTC-4) = 11:00Z.
    expect(until('2026-03-08T03:00:00Z')).toBe('2026-03-08T11:00:00.000Z');
    // 01:30 EST (06:30Z) and 03:30 EDT (07:30Z), either side of the jump.
    expect(until('2026-03-08T06:30:00Z')).toBe('2026-03-08T11:00:00.000Z');
    expect(until('2026-03-08T07:30:00Z')).toBe('2026-03-08T11:00:00.000Z');
    // 07:00 EDT is 11:00Z: over. (A fixed 9 hours would have held until 12:00Z.)
    expect(until('2026-03-08T11:00:00Z')).toBeNull();
  });

  it('ends at 07:00 local on the fall-back night: 10 hours after 22:00', () => {
    // Opens Saturday 31 October 22:00 EDT = 1 November 02:00Z; closes 07:00 EST = 12:00Z.
    expect(until('2026-11-01T02:00:00Z')).toBe('2026-11-01T12:00:00.000Z');
    // 01:30 happens twice: 05:30Z (EDT) and 06:30Z (EST); both quiet.
    expect(until('2026-11-01T05:30:00Z')).toBe('2026-11-01T12:00:00.000Z');
    expect(until('2026-11-01T06:30:00Z')).toBe('2026-11-01T12:00:00.000Z');
    expect(until('2026-11-01T11:59:00Z')).toBe('2026-11-01T12:00:00.000Z');
    expect(until('2026-11-01T12:00:00Z')).toBeNull();
  });

  it('opens a window starting in the spring-forward gap as late as the clocks jumped', () => {
    // 02:30 does not exist on 8 March in New York: the window opens at 03:30 EDT (07:30Z), as
    // Temporal's "compatible" rule reads a time in a gap; it closes at 06:00 EDT (10:00Z).
    const q = { start: '02:30', end: '06:00', days: [7] };
    expect(until('2026-03-08T07:29:00Z', q)).toBeNull();
    expect(until('2026-03-08T07:30:00Z', q)).toBe('2026-03-08T10:00:00.000Z');
  });

  it('opens only on the listed days, and an overnight window runs into the next day', () => {
    // Friday (5) nights only: Friday 4 December 23:00 EST quiet, Saturday 06:00 still quiet.
    const fridays = { ...nights, days: [5] };
    expect(until('2026-12-05T04:00:00Z', fridays)).toBe('2026-12-05T12:00:00.000Z');
    expect(until('2026-12-05T11:00:00Z', fridays)).toBe('2026-12-05T12:00:00.000Z');
    // Saturday 5 December 23:00 EST: not a Friday.
    expect(until('2026-12-06T04:00:00Z', fridays)).toBeNull();
    // A daytime window: 12:00-13:00 in London on Monday 7 December (GMT).
    const lunch = { start: '12:00', end: '13:00', days: [1] };
    expect(until('2026-12-07T12:30:00Z', lunch, 'Europe/London')).toBe('2026-12-07T13:00:00.000Z');
    expect(until('2026-12-07T13:00:00Z', lunch, 'Europe/London')).toBeNull();
  });
});

describe('quietHoursSchema', () => {
  const paths = (input: unknown) => {
    const r = quietHoursSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };
  it('names the field of bad input', () => {
    expect(paths({ start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' })).toEqual(['timeZone']);
    expect(paths({ start: '25:00', end: '07:00' })).toEqual(['start']);
    expect(paths({ start: '22:00', end: '22:00' })).toEqual(['end']);
    expect(paths({ start: '22:00', end: '07:00', days: [0] })).toEqual(['days.0']);
    expect(quietHoursSchema.parse({ start: '22:00', end: '07:00', days: [3, 1, 3] })).toEqual({
      start: '22:00',
      end: '07:00',
      days: [1, 3],
      timeZone: null,
    });
  });
});
