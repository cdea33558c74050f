/**
 * Time on a desk's business calendar: its weekly hours in its own IANA zone, minus its holidays,
 * or every minute for a 24x7 desk. SLA targets are business minutes, so a due time is "the
 * moment the Nth business minute after the start ends". Luxon resolves each local opening and
 * closing time to an instant in the desk's zone, so a day that springs forward or falls back
 * counts the hours the clock on the wall shows, whatever zone the server runs in.
 */
import { DateTime } from 'luxon';
import type { Calendar } from './desk-schema.ts';

const MINUTE = 60_000;
/** Beyond this many local days without enough business time, the calendar is treated as closed. */
const HORIZON_DAYS = 3 * 366;

interface Window {
  start: number;
  end: number;
}

/** The calendar's open windows on one local date, as epoch milliseconds, in order. */
function windowsOn(calendar: Calendar, day: DateTime): Window[] {
  if (calendar.always) return [{ start: day.toMillis(), end: day.plus({ days: 1 }).toMillis() }];
  if (calendar.holidays.includes(day.toISODate()!)) return [];
  const at = (hhmm: string) => {
    const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
    // "24:00" closes at the next midnight.
    return hour === 24 ? day.plus({ days: 1 }) : day.set({ hour, minute });
  };
  return calendar.hours
    .filter((h) => h.day === day.weekday)
    .map((h) => ({ start: at(h.start).toMillis(), end: at(h.end).toMillis() }))
    .sort((a, b) => a.start - b.start);
}

/** Local days from the one holding `from`: when each starts, with its open windows. */
function* days(calendar: Calendar, from: Date): Generator<{ start: number; windows: Window[] }> {
  let day = DateTime.fromJSDate(from, { zone: calendar.timeZone }).startOf('day');
  for (let i = 0; i < HORIZON_DAYS; i++, day = day.plus({ days: 1 }))
    yield { start: day.toMillis(), windows: windowsOn(calendar, day) };
}

/** The instant at which `minutes` business minutes after `from` have passed. */
export function addBusinessMinutes(calendar: Calendar, from: Date, minutes: number): Date {
  let left = minutes * MINUTE;
  const origin = from.getTime();
  if (left <= 0) return from;
  for (const { windows } of days(calendar, from)) {
    for (const w of windows) {
      const start = Math.max(w.start, origin);
      if (start >= w.end) continue;
      if (w.end - start >= left) return new Date(start + left);
      left -= w.end - start;
    }
  }
  throw new Error(`calendar has too little business time to add ${minutes} minutes`);
}

/**
 * Business minutes between two instants (0 when `to` is not after `from`). With `enough`, the
 * walk may stop once that many are counted (the answer is then at least `enough`): a caller
 * asking "fewer than N left?" need not walk every day to a due time weeks away.
 */
export function businessMinutesBetween(calendar: Calendar, from: Date, to: Date, enough = Infinity): number {
  const [origin, until] = [from.getTime(), to.getTime()];
  let total = 0;
  if (until <= origin) return 0;
  for (const day of days(calendar, from)) {
    if (day.start >= until || total >= enough * MINUTE) break;
    for (const w of day.windows) {
      total += Math.max(0, Math.min(w.end, until) - Math.max(w.start, origin));
    }
  }
  return total / MINUTE;
}
