/**
 * Database sessions. The cookie carries a random token; the row holds its hash, so a database
 * read does not hand out live sessions. A session ends after the idle timeout without requests,
 * at the absolute timeout regardless, or when revoked (sign out, sign out everywhere).
 */
import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { newId } from '../ids.ts';
import { mfaRequiredRoles, type Role } from '../permissions/permissions.ts';
import type { UserRow } from './store.ts';
import { memberships, sessions, users } from './tables.ts';
import { newSecret, sha256 } from './tokens.ts';

export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

export type SessionRow = typeof sessions.$inferSelect;

/** last_seen_at is written at most this often, so reads do not each cost a write. */
const touchEveryMs = 30_000;

export async function createSession(
  db: Db,
  input: { userId: string; mfaVerified: boolean; ip: string | null; userAgent: string | null },
  clock: Clock,
  limits: SessionLimits,
): Promise<{ token: string; session: SessionRow }> {
  const now = clock.now();
  const token = newSecret();
  const [session] = await db
    .insert(sessions)
    .values({
      id: newId(),
      tokenHash: sha256(token),
      userId: input.userId,
      csrfToken: newSecret(),
      mfaVerified: input.mfaVerified,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + limits.absoluteHours * 3_600_000),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 500) ?? null,
    })
    .returning();
  if (!session) throw new Error('session insert returned no row');
  return { token, session };
}

/** What a session token leads to: the session, its user, and whether any of the user's roles requires MFA. */
export interface SessionLookup {
  session: SessionRow;
  user: UserRow;
  mfaRequired: boolean;
}

const mfaRoles = sql.join(
  [...mfaRequiredRoles].map((role) => sql`${role}`),
  sql`, `,
);

/**
 * One statement for what every authenticated request needs to know about its caller. The role in
 * a practice is looked up separately (roleIn), so the cost stays flat for an MSP administrator
 * with hundreds of practices.
 */
const byToken = prepared((db) =>
  db
    .select({
      session: sessions,
      user: users,
      mfaRequired: sql<boolean>`exists (select 1 from ${memberships} m where m.user_id = ${users.id} and m.role in (${mfaRoles}))`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder('hash')))
    .limit(1)
    .prepare('session_by_token'),
);

/** The session stored under a token hash, live or not. */
export async function findSession(db: Db, tokenHash: string): Promise<SessionLookup | undefined> {
  const [found] = await byToken(db).execute({ hash: tokenHash });
  return found;
}

const roleInPractice = prepared((db) =>
  db
    .select({ role: memberships.role })
    .from(memberships)
    .where(
      and(eq(memberships.userId, sql.placeholder('userId')), eq(memberships.practiceId, sql.placeholder('practiceId'))),
    )
    .prepare('role_in_practice'),
);

/** The user's role in one practice, or null: one primary-key lookup. */
export async function roleIn(db: Db, userId: string, practiceId: string): Promise<Role | null> {
  const [row] = await roleInPractice(db).execute({ userId, practiceId });
  return (row?.role as Role | undefined) ?? null;
}

/** Not revoked, user not disabled, and inside both the absolute and the idle timeout. */
export function isSessionLive({ session, user }: SessionLookup, nowMs: number, limits: SessionLimits): boolean {
  const idleDeadline = session.lastSeenAt.getTime() + limits.idleMinutes * 60_000;
  return !session.revokedAt && !user.disabledAt && nowMs < session.expiresAt.getTime() && nowMs < idleDeadline;
}

/**
 * Records activity for the idle timeout, at most every touchEveryMs. The row object (possibly the
 * one cached for every request of this session) is updated first, so concurrent requests write
 * once rather than each, and put back if the write fails.
 */
export async function touchSession(db: Db, session: SessionRow, nowMs: number): Promise<void> {
  const previous = session.lastSeenAt;
  if (nowMs - previous.getTime() < touchEveryMs) return;
  const seen = new Date(nowMs);
  session.lastSeenAt = seen;
  try {
    await db.update(sessions).set({ lastSeenAt: seen }).where(eq(sessions.id, session.id));
  } catch (err) {
    session.lastSeenAt = previous;
    throw err;
  }
}

/** The live session for a cookie token, refreshed; undefined when unknown, expired or revoked. */
export async function resolveSession(
  db: Db,
  token: string,
  clock: Clock,
  limits: SessionLimits,
): Promise<SessionLookup | undefined> {
  const found = await findSession(db, sha256(token));
  const now = clock.now().getTime();
  if (!found || !isSessionLive(found, now, limits)) return undefined;
  await touchSession(db, found.session, now);
  return found;
}

/** After the second factor: a fresh token (no session fixation) and the session marked verified. */
export async function promoteSession(db: Db, sessionId: string): Promise<string> {
  const token = newSecret();
  await db
    .update(sessions)
    .set({ tokenHash: sha256(token), mfaVerified: true })
    .where(eq(sessions.id, sessionId));
  return token;
}

export async function revokeSession(db: Db, userId: string, sessionId: string, clock: Clock): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: clock.now() })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Ends every live session of the user, but the one named in `except` (the caller's own). */
export async function revokeAllSessions(db: Db, userId: string, clock: Clock, except?: string): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: clock.now() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), except ? ne(sessions.id, except) : undefined))
    .returning({ id: sessions.id });
  return rows.length;
}

export async function listActiveSessions(
  db: Db,
  userId: string,
  clock: Clock,
  limits: SessionLimits,
): Promise<SessionRow[]> {
  const now = clock.now();
  const idleCutoff = new Date(now.getTime() - limits.idleMinutes * 60_000);
  return db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, idleCutoff),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
}
