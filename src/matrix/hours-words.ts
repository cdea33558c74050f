/**
 * Business hours and moments in words, for a schedule people sign: "Monday to Friday, 8:00 to
 * 18:00 America/Chicago" rather than ISO weekday numbers, and agreement times in the practice's
 * own zone (Luxon), whatever zone the server runs in.
 */
import { DateTime } from 'luxon';
import type { BusinessHours } from './schema.ts';

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "a, b and c" */
function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * ISO weekdays in words: runs of three or more days read "Monday to Friday", the rest are named
 * ("Monday, Wednesday and Friday"; "Monday to Wednesday and Saturday"); all seven are "every day".
 */
export function daysInWords(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return 'every day';
  const runs: number[][] = [];
  for (const d of sorted) {
    const run = runs.at(-1);
    if (run && run.at(-1) === d - 1) run.push(d);
    else runs.push([d]);
  }
  const name = (d: number) => DAY_NAMES[d - 1]!;
  return listInWords(
    runs.flatMap((run) => (run.length >= 3 ? [`${name(run[0]!)} to ${name(run.at(-1)!)}`] : run.map(name))),
  );
}

/** "08:00" -> "8:00" */
const clock = (hhmm: string) => hhmm.replace(/^0(\d)/, '$1');

export function hoursInWords(h: BusinessHours): string {
  return `${daysInWords(h.days)}, ${clock(h.start)} to ${clock(h.end)} ${h.timeZone}`;
}

/** An ISO instant as the practice reads it: "24 November 2026, 9:00 CST". */
export function momentInZone(iso: string, timeZone: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' })
    .setZone(timeZone)
    .toFormat('d MMMM yyyy, H:mm ZZZZ', { locale: 'en-US' });
}
