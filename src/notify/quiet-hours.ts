/**
 * Quiet hours (issue 19, point 5): a weekly window in which a person's immediate emails are held
 * and sent when it ends. Local times in an IANA zone, computed with Luxon, so a window across a
 * change of clocks ends at the wall-clock time the person chose (22:00-07:00 is 8 hours on the
 * spring-forward night and 10 on the fall-back one), not a fixed number of hours after it began.
 *
 * Coverage wins over quiet: a person whose matrix party is on duty at that moment by its coverage
 * (a 24x7 NOC at 3 a.m., a business-hours team at noon) is working, so the window does not hold
 * their notices. The matrix names parties by side, not by account (desk/holder-people.ts), so a
 * person counts as on duty when any party of their side in the practice's agreed matrix is.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../core/db/database.ts';
import { memberships } from '../core/identity/tables.ts';
import type { Role } from '../core/permissions/permissions.ts';
import { practices } from '../core/tenancy/tables.ts';
import { sideOfRole } from '../core/permissions/sides.ts';
import { sidesOnDuty } from '../matrix/on-duty.ts';
import type { QuietHours } from './schema.ts';
import { quietHours } from './tables.ts';

/** Falls back to UTC for a notice with no practice to take a zone from (an account notice). */
const fallbackZone = 'UTC';

/**
 * When the window that `at` falls in ends, or null when `at` is outside every window. A window
 * opening on a listed day at `start` ends at the next `end` (the same day, or the next when `end`
 * comes before `start`). A start in a spring-forward gap (02:30 that night) opens as late as the
 * clocks jumped (03:30), as Temporal's "compatible" rule reads it.
 */
export function quietUntil(q: Omit<QuietHours, 'timeZone'>, zone: string, at: Date): Date | null {
  const local = DateTime.fromJSDate(at, { zone });
  const [sh, sm] = q.start.split(':').map(Number) as [number, number];
  const [eh, em] = q.end.split(':').map(Number) as [number, number];
  const overnight = q.end < q.start;
  // Only the window opening today or (overnight) yesterday can contain `at`.
  for (const back of overnight ? [1, 0] : [0]) {
    const day = local.startOf('day').minus({ days: back });
    if (!q.days.includes(day.weekday)) continue;
    const opens = day.set({ hour: sh, minute: sm });
    const closes = day.plus({ days: overnight ? 1 : 0 }).set({ hour: eh, minute: em });
    if (opens <= local && local < closes) return closes.toJSDate();
  }
  return null;
}

export async function quietHoursOf(db: Db, userId: string): Promise<QuietHours | null> {
  const [row] = await db.select().from(quietHours).where(eq(quietHours.userId, userId));
  return row ? { start: row.start, end: row.end, days: row.days, timeZone: row.timeZone } : null;
}

export async function setQuietHours(db: Db, userId: string, q: QuietHours | null, clock: Clock): Promise<void> {
  if (q === null) {
    await db.delete(quietHours).where(eq(quietHours.userId, userId));
    return;
  }
  const values = { userId, ...q, updatedAt: clock.now() };
  await db.insert(quietHours).values(values).onConflictDoUpdate({ target: quietHours.userId, set: values });
}

/**
 * For each of `userIds` in quiet hours at `at` and not on duty, when their hold ends. Read in the
 * caller's transaction (notify's), so it sees the matrix the change commits against; the matrix is
 * read only when someone is quiet, which is rare, so the common notice costs one indexed read.
 */
export async function heldUntil(
  tx: Db,
  practiceId: string | null,
  userIds: string[],
  at: Date,
): Promise<Map<string, Date>> {
  const held = new Map<string, Date>();
  if (userIds.length === 0) return held;
  const rows = await tx.select().from(quietHours).where(inArray(quietHours.userId, userIds));
  if (rows.length === 0) return held;
  const practice = practiceId
    ? (await tx.select({ timeZone: practices.timeZone }).from(practices).where(eq(practices.id, practiceId)))[0]
    : undefined;
  for (const r of rows) {
    const until = quietUntil(r, r.timeZone ?? practice?.timeZone ?? fallbackZone, at);
    if (until) held.set(r.userId, until);
  }
  if (held.size === 0 || practiceId === null) return held;
  for (const userId of await onDutyPeople(tx, practiceId, [...held.keys()], at)) held.delete(userId);
  return held;
}

/** Those of `userIds` whose side has a party on duty at `at` in the practice's agreed matrix. */
async function onDutyPeople(tx: Db, practiceId: string, userIds: string[], at: Date): Promise<string[]> {
  const working = await sidesOnDuty(tx, practiceId, at);
  if (working.size === 0) return [];
  const roles = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.practiceId, practiceId), inArray(memberships.userId, userIds)));
  return roles.filter((m) => working.has(sideOfRole(m.role as Role) ?? '')).map((m) => m.userId);
}
