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

interface Day {
  start: number;
  windows: Window[];
  /** When the next local day starts. */
  next: number;
}

/** Past this many entries a calendar's cache starts again, so a long-lived calendar stays small. */
const CACHED = 4096;
const HOUR = 3_600_000;

/**
 * What a calendar has resolved so far. Resolving a local time in a zone is Luxon's slow part (an
 * Intl call per offset), and a queue page walks the same few days for every ticket it lists, as
 * the SLA sweep does for every open ticket: so each calendar keeps its days by start, and for
 * each UTC hour it has started a walk in, the start of the local day it found. Calendars are
 * parsed settings, never changed in place.
 */
interface CalendarCache {
  days: Map<number, Day>;
  dayStartOfHour: Map<number, number>;
}
const caches = new WeakMap<Calendar, CalendarCache>();

function cacheOf(calendar: Calendar): CalendarCache {
  let cache = caches.get(calendar);
  if (!cache || cache.days.size >= CACHED || cache.dayStartOfHour.size >= CACHED)
    caches.set(calendar, (cache = { days: new Map(), dayStartOfHour: new Map() }));
  return cache;
}

/** The local day starting at `start`, with its windows. */
function dayAt(calendar: Calendar, cache: CalendarCache, start: number): Day {
  let day = cache.days.get(start);
  if (!day) {
    const local = DateTime.fromMillis(start, { zone: calendar.timeZone });
    day = { start, windows: windowsOn(calendar, local), next: local.plus({ days: 1 }).toMillis() };
    cache.days.set(start, day);
  }
  return day;
}

/**
 * The local day holding the instant `at`. A day found for another instant of the same UTC hour
 * is used only if it holds this one too (an hour with a local midnight in it holds two days).
 */
function dayHolding(calendar: Calendar, cache: CalendarCache, at: number): Day {
  const hour = Math.floor(at / HOUR);
  const known = cache.dayStartOfHour.get(hour);
  if (known !== undefined) {
    const day = dayAt(calendar, cache, known);
    if (day.start <= at && at < day.next) return day;
  }
  const day = dayAt(calendar, cache, DateTime.fromMillis(at, { zone: calendar.timeZone }).startOf('day').toMillis());
  cache.dayStartOfHour.set(hour, day.start);
  return day;
}

/** Local days from the one holding `from`: when each starts, with its open windows. */
function* days(calendar: Calendar, from: Date): Generator<Day> {
  const cache = cacheOf(calendar);
  let day = dayHolding(calendar, cache, from.getTime());
  for (let i = 0; i < HORIZON_DAYS; i++) {
    yield day;
    day = dayAt(calendar, cache, day.next);
  }
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
