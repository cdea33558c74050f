/**
 * Business time on desk calendars, against hand-worked values. The zones are not the server's
 * (tests run in UTC), so a due time that ignored the desk's zone or its DST change would differ.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween } from '../../src/desk/business-time.ts';
import { calendarSchema } from '../../src/desk/desk-schema.ts';

const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));
// New York office hours, with Thanksgiving 2026 (Thursday 26 November) off.
const newYork = calendarSchema.parse({
  timeZone: 'America/New_York',
  hours: weekdays('09:00', '17:00'),
  holidays: ['2026-11-26'],
});
const at = (iso: string) => new Date(iso);

describe('addBusinessMinutes', () => {
  it('skips a holiday: Wednesday 16:00 + 2 h is Friday 10:00 (Thursday is Thanksgiving)', () => {
    // 16:00 EST = 21:00Z; one hour on Wednesday, none on Thursday, one on Friday from 09:00 EST.
    expect(addBusinessMinutes(newYork, at('2026-11-25T21:00:00Z'), 120)).toEqual(at('2026-11-27T15:00:00Z'));
  });

  it('crosses the autumn DST change: Friday 16:00 EDT + 2 h is Monday 10:00 EST', () => {
    // Friday 30 October 16:00 EDT = 20:00Z; clocks fall back on Sunday 1 November; Monday 10:00 EST = 15:00Z.
    expect(addBusinessMinutes(newYork, at('2026-10-30T20:00:00Z'), 120)).toEqual(at('2026-11-02T15:00:00Z'));
  });

  it('crosses the spring DST change: Friday 16:30 EST + 1 h is Monday 09:30 EDT', () => {
    // Friday 6 March 16:30 EST = 21:30Z; clocks spring forward on Sunday 8 March; 09:30 EDT = 13:30Z.
    expect(addBusinessMinutes(newYork, at('2026-03-06T21:30:00Z'), 60)).toEqual(at('2026-03-09T13:30:00Z'));
  });

  it('starts at the next opening when created out of hours', () => {
    // Saturday 21 November; the clock starts Monday 09:00 EST (14:00Z); 15 minutes later.
    expect(addBusinessMinutes(newYork, at('2026-11-21T12:00:00Z'), 15)).toEqual(at('2026-11-23T14:15:00Z'));
  });

  it('counts every minute on a 24x7 calendar, holidays included', () => {
    const always = calendarSchema.parse({ timeZone: 'America/Chicago', always: true, holidays: ['2026-11-26'] });
    expect(addBusinessMinutes(always, at('2026-11-25T23:00:00Z'), 240)).toEqual(at('2026-11-26T03:00:00Z'));
  });
});

describe('businessMinutesBetween', () => {
  it('counts a pause across a weekend: Friday 16:30 to Monday 09:30 is one hour', () => {
    expect(businessMinutesBetween(newYork, at('2026-11-20T21:30:00Z'), at('2026-11-23T14:30:00Z'))).toBe(60);
  });

  it('counts the wall clock on DST days: a whole Sunday is 25 h in autumn, 23 h in spring (London)', () => {
    const sundays = calendarSchema.parse({
      timeZone: 'Europe/London',
      hours: [{ day: 7, start: '00:00', end: '24:00' }],
    });
    // Sunday 25 October 2026, BST ends; Sunday 29 March 2026, BST starts.
    expect(businessMinutesBetween(sundays, at('2026-10-24T12:00:00Z'), at('2026-10-26T12:00:00Z'))).toBe(25 * 60);
    expect(businessMinutesBetween(sundays, at('2026-03-28T12:00:00Z'), at('2026-03-30T12:00:00Z'))).toBe(23 * 60);
  });

  it('is zero for an empty or reversed span, and inverts addBusinessMinutes', () => {
    const from = at('2026-11-25T21:00:00Z');
    expect(businessMinutesBetween(newYork, from, from)).toBe(0);
    expect(businessMinutesBetween(newYork, from, at('2026-11-20T00:00:00Z'))).toBe(0);
    expect(businessMinutesBetween(newYork, from, addBusinessMinutes(newYork, from, 600))).toBe(600);
  });

  it('stops at the end of the day that reached `enough`, instead of walking to a far due time', () => {
    // Monday 23 November 09:00 EST (14:00Z) to New Year's Eve: the whole of Monday (480) is at least 60.
    const [from, to] = [at('2026-11-23T14:00:00Z'), at('2026-12-31T22:00:00Z')];
    expect(businessMinutesBetween(newYork, from, to, 60)).toBe(480);
    // Unbounded: 29 weekdays from 23 November to Thursday 31 December (22:00Z is 17:00 EST), less Thanksgiving.
    expect(businessMinutesBetween(newYork, from, to)).toBe(28 * 480);
  });
});

describe('the per-calendar day cache', () => {
  // Hours with a lunch break and a late Friday into Saturday, so a day has several windows and some
  // run to midnight; London's local
  // midnight falls on a UTC hour, Adelaide's (+09:30, +10:30 in summer) inside one, so a day found
  // for one instant of an hour is sometimes not the day of another instant of that hour.
  const calendarIn = (timeZone: string) =>
    calendarSchema.parse({
      timeZone,
      hours: [
        ...weekdays('08:30', '12:30'),
        ...weekdays('13:30', '18:00'),
        { day: 5, start: '20:00', end: '24:00' },
        { day: 6, start: '00:00', end: '12:00' },
      ],
      holidays: ['2026-05-04'],
    });
  const zones = ['Europe/London', 'Australia/Adelaide'];
  const warm = new Map(zones.map((zone) => [zone, calendarIn(zone)]));
  // Instants in the three days from the Friday before one of 2026's clock changes (London 29 March
  // and 25 October, Adelaide 5 April and 4 October) or an ordinary weekend, so walks share hours.
  const starts = ['2026-03-27', '2026-04-03', '2026-10-02', '2026-10-23', '2026-06-12'].map((d) =>
    Date.parse(`${d}T00:00:00Z`),
  );
  const instant = fc
    .tuple(fc.constantFrom(...starts), fc.integer({ min: 0, max: 3 * 24 * 60 }))
    .map(([start, minute]) => start + minute * 60_000);

  it('keeps the two days of an hour that holds a local midnight apart', () => {
    // Adelaide is at +10:30 on Friday 23 October 2026, so its midnight is 13:30Z. A walk from
    // 13:40Z (Saturday 00:10) is made first; the one from 13:10Z (Friday 23:40) must still start
    // on Friday and count the 20 minutes left of its 20:00-24:00 hours.
    const adelaide = calendarIn('Australia/Adelaide');
    expect(businessMinutesBetween(adelaide, at('2026-10-23T13:40:00Z'), at('2026-10-23T13:50:00Z'))).toBe(10);
    expect(businessMinutesBetween(adelaide, at('2026-10-23T13:10:00Z'), at('2026-10-23T13:30:00Z'))).toBe(20);
  });

  it('answers as a calendar seen for the first time does, however warm it is', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        instant,
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        fc.integer({ min: 0, max: 3_000 }),
        (zone, a, span, minutes) => {
          const [from, to] = [new Date(a), new Date(a + span)];
          // A fresh parse is a new object, so its cache starts empty.
          const [hot, cold] = [warm.get(zone)!, calendarIn(zone)];
          expect(businessMinutesBetween(hot, from, to)).toBe(businessMinutesBetween(cold, from, to));
          expect(addBusinessMinutes(hot, from, minutes).getTime()).toBe(
            addBusinessMinutes(cold, from, minutes).getTime(),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('calendarSchema', () => {
  it('refuses an unknown zone, a closing before opening, and a calendar with no hours', () => {
    const issues = (input: unknown) => calendarSchema.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ timeZone: 'Mars/Olympus', hours: weekdays('09:00', '17:00') })).toEqual(['timeZone']);
    expect(issues({ timeZone: 'UTC', hours: [{ day: 1, start: '17:00', end: '09:00' }] })).toEqual(['hours.0.end']);
    expect(issues({ timeZone: 'UTC' })).toEqual(['hours']);
  });
});
