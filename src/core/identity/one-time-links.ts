/**
 * One-time links: the first-run setup link, a set-password link and a forgotten password's reset link. The link carries
 * a random token; the row holds its hash, an expiry and when it was used.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import { oneTimeTokens } from './tables.ts';
import { newSecret, sha256 } from './tokens.ts';

export type LinkPurpose = 'setup' | 'set_password' | 'password_reset';

export async function issueLink(
  db: Db,
  purpose: LinkPurpose,
  userId: string | null,
  validMs: number,
  clock: Clock,
): Promise<string> {
  const token = newSecret();
  await db.insert(oneTimeTokens).values({
    id: newId(),
    tokenHash: sha256(token),
    purpose,
    userId,
    expiresAt: new Date(clock.now().getTime() + validMs),
  });
  return token;
}

/** Marks the link used and returns its user id (null for setup); undefined when invalid. */
export async function consumeLink(
  db: Db,
  purpose: LinkPurpose,
  token: string,
  clock: Clock,
): Promise<{ userId: string | null } | undefined> {
  const [row] = await db
    .update(oneTimeTokens)
    .set({ usedAt: clock.now() })
    .where(
      and(
        eq(oneTimeTokens.tokenHash, sha256(token)),
        eq(oneTimeTokens.purpose, purpose),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, clock.now()),
      ),
    )
    .returning({ userId: oneTimeTokens.userId });
  return row;
}

export async function peekLink(db: Db, purpose: LinkPurpose, token: string, clock: Clock): Promise<boolean> {
  const [row] = await db
    .select({ id: oneTimeTokens.id })
    .from(oneTimeTokens)
    .where(
      and(
        eq(oneTimeTokens.tokenHash, sha256(token)),
        eq(oneTimeTokens.purpose, purpose),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, clock.now()),
      ),
    )
    .limit(1);
  return row !== undefined;
}
