/**
 * Devices' places as other modules may read them: whether any of a practice's devices is at a
 * site, the practice's sites, and `devicePlaces`, a subquery of each device's id, practice, name
 * and site that another module's statement may join on. The monitoring scheduler finds the
 * windows of a device's site in the same statement as the checks' own (monitor/store.ts
 * maintenanceOf, once per batch); PostgreSQL inlines the subquery, so the join uses the devices'
 * keys as a join on the table would.
 */
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import type { Db } from '../core/db/database.ts';
import { devices } from './tables.ts';

export const devicePlaces = new QueryBuilder()
  .select({ id: devices.id, practiceId: devices.practiceId, name: devices.name, site: devices.site })
  .from(devices)
  .as('device_places');

/** Whether any of the practice's devices is at `site`, as written there. */
export async function siteInUse(tx: Db, practiceId: string, site: string): Promise<boolean> {
  const [row] = await tx
    .select({ one: sql`1` })
    .from(devices)
    .where(and(eq(devices.practiceId, practiceId), eq(devices.site, site)))
    .limit(1);
  return row !== undefined;
}

/** The practice's distinct device sites, by name. */
export async function practiceSites(tx: Db, practiceId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ site: devices.site })
    .from(devices)
    .where(and(eq(devices.practiceId, practiceId), isNotNull(devices.site)))
    .orderBy(asc(devices.site));
  return rows.map((r) => r.site!);
}
