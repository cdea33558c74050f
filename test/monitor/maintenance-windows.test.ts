/**
 * Maintenance windows against hand-worked times. New York leaves daylight time on Sunday
 * 2026-11-01 at 02:00 EDT (clocks back to 01:00 EST, UTC-5 after, UTC-4 before) and Berlin enters
 * it on Sunday 2027-03-28 at 02:00 CET (clocks on to 03:00 CEST, UTC+2 after, UTC+1 before).
 */
import { describe, expect, it } from 'vitest';
import {
  occurrencesBetween,
  timesOf,
  weekdayBits,
  windowCovers,
  type WindowTimes,
} from '../../src/monitor/maintenance-windows.ts';

const at = (iso: string) => new Date(iso);
const covers = (w: WindowTimes, ...isos: string[]) => isos.map((iso) => windowCovers(w, at(iso)));

describe('maintenance windows', () => {
  it('one-off: from its start, up to but not including its end', () => {
    const w = { startsAt: at('2026-12-01T10:00:00Z'), endsAt: at('2026-12-01T12:00:00Z'), repeat: null };
    expect(
      covers(w, '2026-12-01T09:59:59Z', '2026-12-01T10:00:00Z', '2026-12-01T11:59:59Z', '2026-12-01T12:00:00Z'),
    ).toEqual([false, true, true, false]);
  });

  it('weekly on Saturday 22:00 New York for 4 hours keeps the local start across the change to standard time', () => {
    // First occurrence: Saturday 2026-10-31 22:00 EDT = 02:00Z on 1 November, ending 06:00Z (01:00 EST).
    const w: WindowTimes = {
      startsAt: at('2026-11-01T02:00:00Z'),
      endsAt: at('2026-11-01T06:00:00Z'),
      repeat: { every: 'week', weekdays: [6], timeZone: 'America/New_York', until: null },
    };
    expect(
      covers(w, '2026-11-01T01:59:00Z', '2026-11-01T02:00:00Z', '2026-11-01T05:59:00Z', '2026-11-01T06:00:00Z'),
    ).toEqual([false, true, true, false]);
    // Next Saturday, 2026-11-07 22:00 EST = 03:00Z on 8 November, to 07:00Z.
    expect(
      covers(w, '2026-11-08T02:30:00Z', '2026-11-08T03:00:00Z', '2026-11-08T06:59:00Z', '2026-11-08T07:00:00Z'),
    ).toEqual([false, true, true, false]);
    // Not on Sunday evening.
    expect(covers(w, '2026-11-09T03:30:00Z')).toEqual([false]);
  });

  it('daily at 23:00 Berlin for 2 hours spans midnight, and a start the clock skips moves later', () => {
    const w: WindowTimes = {
      startsAt: at('2027-03-20T22:00:00Z'), // 23:00 CET
      endsAt: at('2027-03-21T00:00:00Z'),
      repeat: { every: 'day', weekdays: [], timeZone: 'Europe/Berlin', until: at('2027-04-01T00:00:00Z') },
    };
    // 00:30 CET on the 22nd is inside the window that began at 23:00 on the 21st.
    expect(covers(w, '2027-03-21T23:30:00Z', '2027-03-22T00:30:00Z')).toEqual([true, false]);
    // After the change, 23:00 CEST = 21:00Z.
    expect(covers(w, '2027-03-29T20:59:00Z', '2027-03-29T21:00:00Z', '2027-03-29T22:59:00Z')).toEqual([
      false,
      true,
      true,
    ]);
    // No occurrence starts at or after `until`: the 31st's 23:00 CEST (21:00Z) is the last.
    expect(covers(w, '2027-03-31T21:30:00Z', '2027-04-01T21:30:00Z')).toEqual([true, false]);

    const skipped: WindowTimes = {
      startsAt: at('2027-03-27T01:30:00Z'), // 02:30 CET on the 27th
      endsAt: at('2027-03-27T02:30:00Z'),
      repeat: { every: 'day', weekdays: [], timeZone: 'Europe/Berlin', until: null },
    };
    // 02:30 does not exist on the 28th: the occurrence starts at 03:30 CEST = 01:30Z, an hour long.
    expect(covers(skipped, '2027-03-28T01:29:00Z', '2027-03-28T01:30:00Z', '2027-03-28T02:29:00Z')).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('reads weekdays back from the stored bits', () => {
    const row = {
      startsAt: at('2026-12-05T03:00:00Z'),
      endsAt: at('2026-12-05T05:00:00Z'),
      repeatEvery: 'week',
      repeatWeekdays: weekdayBits([6, 7]),
      timeZone: 'UTC',
      repeatUntil: null,
    };
    expect(timesOf(row).repeat).toEqual({ every: 'week', weekdays: [6, 7], timeZone: 'UTC', until: null });
    // Saturday and Sunday 03:00-05:00 UTC; not Monday.
    expect(covers(timesOf(row), '2026-12-06T04:00:00Z', '2026-12-07T04:00:00Z', '2026-12-05T02:59:00Z')).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('lists the occurrences overlapping a period, one reaching in from the day before, none after until', () => {
    const iso = (list: { startsAt: Date; endsAt: Date }[]) =>
      list.map((o) => [o.startsAt.toISOString(), o.endsAt.toISOString()]);
    // Daily at 22:00 New York (EST, UTC-5) for 4 hours, until the start of 4 December (UTC).
    const w: WindowTimes = {
      startsAt: at('2026-12-01T03:00:00Z'),
      endsAt: at('2026-12-01T07:00:00Z'),
      repeat: { every: 'day', weekdays: [], timeZone: 'America/New_York', until: at('2026-12-04T00:00:00Z') },
    };
    // From 05:00Z on 2 December: the occurrence of 1 December 22:00 EST (03:00Z-07:00Z on the 2nd)
    // is still running; the one of 3 December 22:00 EST starts after until and is left out.
    expect(iso(occurrencesBetween(w, at('2026-12-02T05:00:00Z'), at('2026-12-10T00:00:00Z')))).toEqual([
      ['2026-12-02T03:00:00.000Z', '2026-12-02T07:00:00.000Z'],
      ['2026-12-03T03:00:00.000Z', '2026-12-03T07:00:00.000Z'],
    ]);
    // A one-off window is itself when it overlaps, and nothing when it does not.
    const once = { startsAt: at('2026-12-01T10:00:00Z'), endsAt: at('2026-12-01T12:00:00Z'), repeat: null };
    expect(iso(occurrencesBetween(once, at('2026-12-01T11:00:00Z'), at('2026-12-02T00:00:00Z')))).toHaveLength(1);
    expect(occurrencesBetween(once, at('2026-12-01T12:00:00Z'), at('2026-12-02T00:00:00Z'))).toEqual([]);
    // Every occurrence listed is one windowCovers honours.
    for (const o of occurrencesBetween(w, at('2026-11-30T00:00:00Z'), at('2026-12-10T00:00:00Z')))
      expect(windowCovers(w, o.startsAt)).toBe(true);
  });
});
