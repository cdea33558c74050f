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

/**
 * The start of the occurrence that begins on local `day` (a DateTime at the start of a day in the
 * window's zone), or null when the window does not repeat that day or has not started or has ended.
 */
function occurrenceOn(w: WindowTimes & { repeat: Repeat }, first: DateTime, day: DateTime): number | null {
  const { every, weekdays, until } = w.repeat;
  if (every === 'week' && !weekdays.includes(day.weekday)) return null;
  const start = day
    .set({ hour: first.hour, minute: first.minute, second: first.second, millisecond: first.millisecond })
    .toMillis();
  if (start < w.startsAt.getTime() || (until && start >= until.getTime())) return null;
  return start;
}

export function windowCovers(w: WindowTimes, at: Date): boolean {
  const t = at.getTime();
  if (t < w.startsAt.getTime()) return false;
  if (!w.repeat) return t < w.endsAt.getTime();
  const repeating = { ...w, repeat: w.repeat };
  const first = DateTime.fromJSDate(w.startsAt, { zone: w.repeat.timeZone });
  const length = w.endsAt.getTime() - w.startsAt.getTime();
  const today = DateTime.fromJSDate(at, { zone: w.repeat.timeZone }).startOf('day');
  for (const day of [today, today.minus({ days: 1 })]) {
    const start = occurrenceOn(repeating, first, day);
    if (start !== null && start <= t && t < start + length) return true;
  }
  return false;
}

export interface Occurrence {
  startsAt: Date;
  endsAt: Date;
}

/**
 * The window's occurrences that overlap [from, to), oldest first: the one-off window itself, or
 * each local day's occurrence of a repeating one (the same walk as windowCovers, so the calendar
 * shows exactly what the scheduler honours). Starts one local day early, since an occurrence lasts
 * up to 24 hours and may reach into the period from the day before.
 */
export function occurrencesBetween(w: WindowTimes, from: Date, to: Date): Occurrence[] {
  const overlaps = (start: number, end: number) => start < to.getTime() && end > from.getTime();
  if (!w.repeat)
    return overlaps(w.startsAt.getTime(), w.endsAt.getTime()) ? [{ startsAt: w.startsAt, endsAt: w.endsAt }] : [];
  const repeating = { ...w, repeat: w.repeat };
  const first = DateTime.fromJSDate(w.startsAt, { zone: w.repeat.timeZone });
  const length = w.endsAt.getTime() - w.startsAt.getTime();
  const found: Occurrence[] = [];
  for (
    let day = DateTime.fromJSDate(from, { zone: w.repeat.timeZone }).startOf('day').minus({ days: 1 });
    day.toMillis() < to.getTime();
    day = day.plus({ days: 1 })
  ) {
    const start = occurrenceOn(repeating, first, day);
    if (start !== null && overlaps(start, start + length))
      found.push({ startsAt: new Date(start), endsAt: new Date(start + length) });
  }
  return found;
}
