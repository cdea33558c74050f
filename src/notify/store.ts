/** Reads of notices (inside withTenant: row-level security applies) and a person's preferences. */
import { and, eq, isNull } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../core/db/database.ts';
import { newestFirst, olderThan, type KeysetAfter } from '../core/db/keyset.ts';
import { noticeEvents, patientEvents, requiredEvents, type NoticeEvent } from './events.ts';
import { notices, notificationPreferences } from './tables.ts';

export type NoticeRow = typeof notices.$inferSelect;

/** Whose notices: a practice's, or one person's account notices (no practice). */
export type NoticeScope = { practiceId: string } | { accountOf: string };

const inScope = (scope: NoticeScope) =>
  'practiceId' in scope
    ? eq(notices.practiceId, scope.practiceId)
    : and(isNull(notices.practiceId), eq(notices.userId, scope.accountOf));

/**
 * A page of notices, newest first (keyset: docs/api.md). A practice's are read inside its
 * withTenant; a person's account notices only as the owner (tandem_app never sees them).
 */
export async function listNotices(
  tx: Db,
  scope: NoticeScope,
  status: string | undefined,
  page: { after?: KeysetAfter; limit: number },
): Promise<NoticeRow[]> {
  return tx
    .select()
    .from(notices)
    .where(
      and(
        inScope(scope),
        status ? eq(notices.status, status) : undefined,
        olderThan(notices.createdAt, notices.id, page.after),
      ),
    )
    .orderBy(...newestFirst(notices.createdAt, notices.id))
    .limit(page.limit);
}

export interface Preference {
  event: NoticeEvent;
  channel: 'email' | 'none';
  cadence: 'immediate' | 'daily';
  required: boolean;
}

/** Every event with the person's choice, or the default (email, immediately). */
export async function preferencesOf(db: Db, userId: string): Promise<Preference[]> {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  return noticeEvents
    .filter((event) => !patientEvents.has(event))
    .map((event) => {
    const row = rows.find((r) => r.event === event);
    const required = requiredEvents.has(event);
    return {
      event,
      channel: (!required && row?.channel === 'none' ? 'none' : 'email') as Preference['channel'],
      cadence: (!required && row?.cadence === 'daily' ? 'daily' : 'immediate') as Preference['cadence'],
      required,
    };
  });
}

export async function setPreference(
  db: Db,
  userId: string,
  event: NoticeEvent,
  choice: Pick<Preference, 'channel' | 'cadence'>,
  clock: Clock,
): Promise<void> {
  const values = { userId, event, ...choice, updatedAt: clock.now() };
  await db
    .insert(notificationPreferences)
    .values(values)
    .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.event], set: values });
}
