/** The maintenance form reads entered times in the practice's zone (zoned-time.ts) exactly as Luxon does on the server. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { zonedToIso } from '../../web/src/monitoring/zoned-time.ts';

describe('zonedToIso', () => {
  it('reads a wall time in the given zone, not the browser’s', () => {
    expect(zonedToIso('2026-07-01T22:00', 'Europe/Berlin')).toBe('2026-07-01T20:00:00.000Z');
    expect(zonedToIso('2026-12-05T22:00', 'America/Chicago')).toBe('2026-12-06T04:00:00.000Z');
    expect(zonedToIso('2026-12-05T22:00', 'Asia/Kolkata')).toBe('2026-12-05T16:30:00.000Z');
    expect(zonedToIso('2026-12-05T22:00:30', 'UTC')).toBe('2026-12-05T22:00:30.000Z');
  });

  it('agrees with Luxon, a skipped time moving later by the gap, and reads a repeated time as its first showing', () => {
    // Chicago springs forward at 02:00 on 8 March 2026 and falls back at 02:00 on 1 November.
    expect(zonedToIso('2026-03-08T02:30', 'America/Chicago')).toBe('2026-03-08T08:30:00.000Z');
    expect(zonedToIso('2026-11-01T01:30', 'America/Chicago')).toBe('2026-11-01T06:30:00.000Z');
    expect(zonedToIso('2026-10-25T01:30', 'Europe/London')).toBe('2026-10-25T00:30:00.000Z');
    const zones = ['America/Chicago', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    const days = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01', '2026-06-15'];
    for (const zone of zones)
      for (const day of days)
        for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
          const local = `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
          const mine = zonedToIso(local, zone)!;
          const luxon = DateTime.fromISO(local, { zone }).toUTC().toISO()!;
          if (mine === luxon) continue;
          // A time shown twice: both are readings of it, and this one is the first.
          const wall = (iso: string) => DateTime.fromISO(iso).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
          expect([wall(mine), wall(luxon)], `${local} ${zone}`).toEqual([local, local]);
          expect(Date.parse(mine), `${local} ${zone}`).toBeLessThan(Date.parse(luxon));
        }
  });

  it('refuses what is not a datetime-local value', () => {
    for (const bad of ['', '2026-12-05', '2026-02-30T10:00', '22:00', '2026-12-05T22:00Z'])
      expect(zonedToIso(bad, 'UTC')).toBeNull();
  });
});
