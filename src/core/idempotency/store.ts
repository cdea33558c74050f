/** Idempotency keys of one practice (tables.ts); every call runs inside withTenant. */
import { and, eq, lte } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { idempotencyKeys } from './tables.ts';

/** How long a key is remembered. */
export const idempotencyKeyTtlMs = 24 * 3600 * 1000;

export interface KeyRef {
  practiceId: string;
  callerId: string;
  key: string;
}

export type Claim =
  /** First use: the request goes ahead, and its reply is stored with completeKey. */
  | { kind: 'claimed' }
  /** Used before for the same request: here is the reply it got. */
  | { kind: 'replay'; status: number; reply: string }
  /** Used before for another request. */
  | { kind: 'mismatch' }
  /** The first request with this key has not finished yet. */
  | { kind: 'in_progress' };

const where = (ref: KeyRef) =>
  and(
    eq(idempotencyKeys.practiceId, ref.practiceId),
    eq(idempotencyKeys.callerId, ref.callerId),
    eq(idempotencyKeys.key, ref.key),
  );

/**
 * Claims a key for a request, or says how it was used. Expired keys of the practice are dropped
 * first, so an old key is free again. A concurrent claim of the same key waits for this one's
 * transaction on the primary key, then sees it in progress.
 */
export async function claimKey(tx: Db, ref: KeyRef, requestHash: string, now: Date): Promise<Claim> {
  await tx
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.practiceId, ref.practiceId), lte(idempotencyKeys.expiresAt, now)));
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({ ...ref, requestHash, createdAt: now, expiresAt: new Date(now.getTime() + idempotencyKeyTtlMs) })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return { kind: 'claimed' };
  const [row] = await tx.select().from(idempotencyKeys).where(where(ref));
  if (!row) return { kind: 'in_progress' };
  if (row.requestHash !== requestHash) return { kind: 'mismatch' };
  if (row.status === null || row.reply === null) return { kind: 'in_progress' };
  return { kind: 'replay', status: row.status, reply: row.reply };
}

/** Stores the reply (already encrypted) of the request that claimed the key. */
export async function completeKey(tx: Db, ref: KeyRef, status: number, reply: string): Promise<void> {
  await tx.update(idempotencyKeys).set({ status, reply }).where(where(ref));
}

/** Frees a key whose request failed, so a retry runs it again. */
export async function releaseKey(tx: Db, ref: KeyRef): Promise<void> {
  await tx.delete(idempotencyKeys).where(where(ref));
}
