/** Time zone choices in forms: the browser's zone by default, from the IANA list the browser knows. */

/** The zone the browser runs in: a practice is usually where the person setting it up sits. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'America/New_York';
}

/** The IANA zones to choose from, with `current` first among them if the list lacks it (UTC, say). */
export function timeZoneChoices(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}
