/**
 * Whether a maintenance window covers a moment, pure. A one-off window is its start and end. A
 * recurring one (a clinic's nightly or weekend patching) repeats its first occurrence's local
 * start time in its IANA zone every day, or on the weekdays it names, from its start until its
 * `until`, each occurrence lasting as long as the first (real time: a 4-hour window across a DST
 * change is still 4 hours). A start time the clock skips that day (spring forward) moves later by
 * the gap, as Luxon resolves it. Recurring windows last at most a day, so an occurrence covering a
 * moment started on its local day or the day before.
 */
import { DateTime } from 'luxon';
import type { Weekday } from './schema.ts';

export interface Repeat {
  every: 'day' | 'week';
  /** ISO weekdays (1 Monday ... 7 Sunday); every day when `every` is 'day'. */
  weekdays: readonly number[];
  timeZone: string;
  until: Date | null;
}

export interface WindowTimes {
  startsAt: Date;
  endsAt: Date;
  repeat: Repeat | null;
}

export const maxRecurringMs = 86_400_000;

export const weekdayNumbers: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** Weekdays as a bit set (bit n for ISO weekday n), the way the table stores them. */
export const weekdayBits = (days: readonly number[]) => days.reduce((bits, d) => bits | (1 << d), 0);
export const weekdaysOf = (bits: number) => [1, 2, 3, 4, 5, 6, 7].filter((d) => bits & (1 << d));

/** A stored window's times (the table's row, or the columns of it this needs). */
export function timesOf(row: {
  startsAt: Date;
  endsAt: Date;
  repeatEvery: string | null;
  repeatWeekdays: number | null;
  timeZone: string | null;
  repeatUntil: Date | null;
}): WindowTimes {
  const repeat: Repeat | null =
    row.repeatEvery && row.timeZone
      ? {
          every: row.repeatEvery === 'week' ? 'week' : 'day',
          weekdays: weekdaysOf(row.repeatWeekdays ?? 0),
          timeZone: row.timeZone,
          until: row.repeatUntil,
        }
      : null;
  return { startsAt: row.startsAt, endsAt: row.endsAt, repeat };
}

export function windowCovers(w: WindowTimes, at: Date): boolean {
  const t = at.getTime();
  if (t < w.startsAt.getTime()) return false;
  if (!w.repeat) return t < w.endsAt.getTime();
  const { every, weekdays, timeZone, until } = w.repeat;
  const first = DateTime.fromJSDate(w.startsAt, { zone: timeZone });
  const length = w.endsAt.getTime() - w.startsAt.getTime();
  const today = DateTime.fromJSDate(at, { zone: timeZone }).startOf('day');
  for (const day of [today, today.minus({ days: 1 })]) {
    if (every === 'week' && !weekdays.includes(day.weekday)) continue;
    const start = day
      .set({ hour: first.hour, minute: first.minute, second: first.second, millisecond: first.millisecond })
      .toMillis();
    if (start < w.startsAt.getTime() || (until && start >= until.getTime())) continue;
    if (start <= t && t < start + length) return true;
  }
  return false;
}
