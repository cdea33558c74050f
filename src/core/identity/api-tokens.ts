/**
 * API tokens for integrations and agents: `tdm_` + 43 random characters, shown once, stored as
 * SHA-256, scoped to one practice and a set of permissions, with optional expiry and revocation.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Permission } from '../permissions/permissions.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { newestFirst, olderThan, type KeysetAfter } from '../db/keyset.ts';
import { prepared } from '../db/prepared.ts';
import { newId } from '../ids.ts';
import { apiTokens } from './tables.ts';
import { newSecret, sha256 } from './tokens.ts';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export const tokenPrefix = 'tdm_';
/** Token use is audited and last_used_at written at most this often per token. */
export const tokenUseAuditEveryMs = 3_600_000;

export async function createApiToken(
  tx: Db,
  input: {
    practiceId: string;
    name: string;
    permissions: Permission[];
    expiresAt: Date | null;
    createdBy: string | null;
  },
  clock: Clock,
): Promise<{ token: string; row: ApiTokenRow }> {
  const token = newSecret(tokenPrefix);
  const [row] = await tx
    .insert(apiTokens)
    .values({
      id: newId(),
      practiceId: input.practiceId,
      name: input.name,
      tokenHash: sha256(token),
      prefix: token.slice(0, tokenPrefix.length + 6),
      permissions: input.permissions,
      createdBy: input.createdBy,
      createdAt: clock.now(),
      expiresAt: input.expiresAt,
    })
    .returning();
  if (!row) throw new Error('token insert returned no row');
  return { token, row };
}

const byHash = prepared((db) =>
  db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, sql.placeholder('hash')))
    .limit(1)
    .prepare('api_token_by_hash'),
);

/** The token row stored under a token hash, live or not. */
export async function findApiToken(db: Db, tokenHash: string): Promise<ApiTokenRow | undefined> {
  const [row] = await byHash(db).execute({ hash: tokenHash });
  return row;
}

export function isApiTokenLive(row: ApiTokenRow, nowMs: number): boolean {
  return !row.revokedAt && !(row.expiresAt && row.expiresAt.getTime() <= nowMs);
}

export async function markTokenUsed(db: Db, id: string, clock: Clock): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: clock.now() }).where(eq(apiTokens.id, id));
}

/** The practice's tokens, newest first: `limit` of them after `after` (keyset pagination). */
export async function listApiTokens(
  tx: Db,
  practiceId: string,
  page: { after?: KeysetAfter; limit: number },
): Promise<ApiTokenRow[]> {
  return tx
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.practiceId, practiceId), olderThan(apiTokens.createdAt, apiTokens.id, page.after)))
    .orderBy(...newestFirst(apiTokens.createdAt, apiTokens.id))
    .limit(page.limit);
}

export async function revokeApiToken(
  tx: Db,
  practiceId: string,
  id: string,
  clock: Clock,
): Promise<ApiTokenRow | undefined> {
  const [row] = await tx
    .update(apiTokens)
    .set({ revokedAt: clock.now() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.practiceId, practiceId)))
    .returning();
  return row;
}

/**
 * Revokes the live tokens a person created, in one practice or (null) in every practice: a token
 * must not outlive its creator's access. Returns how many were revoked.
 */
export async function revokeTokensCreatedBy(
  tx: Db,
  userId: string,
  practiceId: string | null,
  clock: Clock,
): Promise<number> {
  const rows = await tx
    .update(apiTokens)
    .set({ revokedAt: clock.now() })
    .where(
      and(
        eq(apiTokens.createdBy, userId),
        isNull(apiTokens.revokedAt),
        practiceId ? eq(apiTokens.practiceId, practiceId) : undefined,
      ),
    )
    .returning({ id: apiTokens.id });
  return rows.length;
}
