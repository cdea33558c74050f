/**
 * The practice's maintenance calendar: every window (on a check, a device or a site) expanded into
 * the occurrences that overlap a period of local days in the practice's time zone (so a month
 * starts at the practice's midnight, not UTC's), with Luxon doing the DST arithmetic as the
 * scheduler does (maintenance-windows.ts occurrencesBetween). It lists the practice's sites too,
 * for the form that adds a site's window.
 */
import { DateTime } from 'luxon';
import { AppError } from '../core/errors.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { findPractice } from '../core/tenancy/store.ts';
import { occurrencesBetween, timesOf } from './maintenance-windows.ts';
import type { CalendarQuery, MaintenanceCalendar } from './schema.ts';
import { practiceSites } from '../assets/sites.ts';
import { practiceMaintenanceOf } from './store.ts';
import { scopeOf } from './checks.ts';

export async function maintenanceCalendar(s: InPractice, query: CalendarQuery): Promise<MaintenanceCalendar> {
  const practice = await findPractice(s.tx, s.practiceId);
  if (!practice) throw new AppError('not_found', 'No such practice');
  const { timeZone } = practice;
  const from = DateTime.fromISO(query.from, { zone: timeZone }).toJSDate();
  const to = DateTime.fromISO(query.to, { zone: timeZone }).toJSDate();
  const rows = await practiceMaintenanceOf(s.tx, s.practiceId, { from, to });
  const occurrences = rows.flatMap(({ window, checkName, deviceName }) => {
    const scope = scopeOf(window, { checkName, deviceName });
    return occurrencesBetween(timesOf(window), from, to).map((o) => ({
      windowId: window.id,
      scope,
      checkId: window.checkId,
      checkName: window.checkId ? scope.name : null,
      startsAt: o.startsAt.toISOString(),
      endsAt: o.endsAt.toISOString(),
      reason: window.reason,
      repeats: window.repeatEvery !== null,
    }));
  });
  // ISO strings of one format sort as their instants do; the name breaks ties for a stable page.
  occurrences.sort((x, y) => x.startsAt.localeCompare(y.startsAt) || x.scope.name.localeCompare(y.scope.name));
  const sites = await practiceSites(s.tx, s.practiceId);
  return { timeZone, from: from.toISOString(), to: to.toISOString(), occurrences, sites };
}
