/**
 * Database sessions. The cookie carries a random token; the row holds its hash, so a database
 * read does not hand out live sessions. A session ends after the idle timeout without requests,
 * at the absolute timeout regardless, or when revoked (sign out, sign out everywhere).
 */
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { newId } from '../ids.ts';
import type { UserRow } from './store.ts';
import { sessions, users } from './tables.ts';
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

const byToken = prepared((db) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder('hash')))
    .limit(1)
    .prepare('session_by_token'),
);

/** The live session for a cookie token, refreshed; undefined when unknown, expired or revoked. */
export async function resolveSession(
  db: Db,
  token: string,
  clock: Clock,
  limits: SessionLimits,
): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const [found] = await byToken(db).execute({ hash: sha256(token) });
  if (!found) return undefined;
  const now = clock.now().getTime();
  const { session, user } = found;
  const idleDeadline = session.lastSeenAt.getTime() + limits.idleMinutes * 60_000;
  if (session.revokedAt || user.disabledAt || now >= session.expiresAt.getTime() || now >= idleDeadline) return undefined;
  if (now - session.lastSeenAt.getTime() >= touchEveryMs) {
    await db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, session.id));
  }
  return found;
}

/** After the second factor: a fresh token (no session fixation) and the session marked verified. */
export async function promoteSession(db: Db, sessionId: string): Promise<string> {
  const token = newSecret();
  await db.update(sessions).set({ tokenHash: sha256(token), mfaVerified: true }).where(eq(sessions.id, sessionId));
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

export async function revokeAllSessions(db: Db, userId: string, clock: Clock): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: clock.now() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length;
}

export async function listActiveSessions(db: Db, userId: string, clock: Clock, limits: SessionLimits): Promise<SessionRow[]> {
  const now = clock.now();
  const idleCutoff = new Date(now.getTime() - limits.idleMinutes * 60_000);
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleCutoff)))
    .orderBy(desc(sessions.lastSeenAt));
}
