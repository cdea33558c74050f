/**
 * Devices' places as other modules may read them: whether any of a practice's devices is at a
 * site, the practice's sites, and `devicePlaces`, a subquery of each device's id, practice, name
 * and site that another module's statement may join on. The monitoring scheduler finds the
 * windows of a device's site in the same statement as the checks' own (monitor/store.ts
 * maintenanceOf, once per batch); PostgreSQL inlines the subquery, so the join uses the devices'
 * keys as a join on the table would. Sites are matched by their folded key (devices.site_key,
 * core/db/folded-text.ts), so the case and spacing people type them in do not make two sites.
 */
import { and, asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { foldedText } from '../core/db/folded-text.ts';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import type { Db } from '../core/db/database.ts';
import { devices } from './tables.ts';

export const devicePlaces = new QueryBuilder()
  .select({ id: devices.id, practiceId: devices.practiceId, name: devices.name, siteKey: devices.siteKey })
  .from(devices)
  .as('device_places');

/** Whether any of the practice's devices is at `site`, however its case and spacing are typed (foldedText). */
export async function siteInUse(tx: Db, practiceId: string, site: string): Promise<boolean> {
  const [row] = await tx
    .select({ one: sql`1` })
    .from(devices)
    .where(and(eq(devices.practiceId, practiceId), eq(devices.siteKey, foldedText(sql`${site}::text`))))
    .limit(1);
  return row !== undefined;
}

/**
 * The practice's sites, by name: spellings that fold alike ("Main St", "main st ") are one site,
 * shown as most of its devices write it (the first in sort order on a tie).
 */
export async function practiceSites(tx: Db, practiceId: string): Promise<string[]> {
  const spellings = await tx
    .select({ key: devices.siteKey, site: devices.site, count: sql<number>`count(*)::int` })
    .from(devices)
    .where(and(eq(devices.practiceId, practiceId), isNotNull(devices.site)))
    .groupBy(devices.siteKey, devices.site)
    .orderBy(devices.siteKey, desc(sql`count(*)`), asc(devices.site));
  const sites = new Map<string, string>();
  for (const s of spellings) if (!sites.has(s.key!)) sites.set(s.key!, s.site!);
  return [...sites.values()].sort((x, y) => x.localeCompare(y));
}
