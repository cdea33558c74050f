/**
 * A wall-clock time read in a given IANA zone, not the browser's: a technician in another zone
 * schedules a practice's maintenance at the practice's 22:00. Intl only, so the web bundle does
 * not carry Luxon. A time the clock skips (spring forward) moves later by the gap, as Luxon (so the
 * server) resolves it; one the clock shows twice (fall back) is its first showing, whatever the
 * date today (Luxon's choice depends on the offset in force now).
 */

const dayMs = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at instant `t`, in milliseconds. */
function offsetAt(t: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(t).map((p) => [p.type, Number(p.value)]));
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

/**
 * The instant (ISO, UTC) of a `datetime-local` value ("YYYY-MM-DDTHH:mm", seconds optional) read in
 * `timeZone`; null when the text is not such a value.
 */
export function zonedToIso(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
  const wall = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  if (Number.isNaN(wall) || new Date(wall).getUTCDate() !== day) return null;
  // The offsets in force a day either side (no zone changes twice within two days): each that
  // maps back to the wall time gives a reading; none does when the clock skips the time.
  const offsets = [...new Set([offsetAt(wall - dayMs, timeZone), offsetAt(wall + dayMs, timeZone)])];
  const readings = offsets.map((o) => wall - o).filter((t) => offsetAt(t, timeZone) === wall - t);
  return new Date(readings.length > 0 ? Math.min(...readings) : wall - Math.min(...offsets)).toISOString();
}
