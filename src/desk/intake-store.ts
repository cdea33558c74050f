/** Queries on patient requests (the intake form's tickets); all but the token lookup run inside withTenant. */
import { eq } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { patientFollowTokens, patientRequests, ticketCounters } from './tables.ts';

export type PatientRequestRow = typeof patientRequests.$inferSelect;

export async function insertPatientRequest(tx: Db, row: PatientRequestRow): Promise<void> {
  await tx.insert(patientRequests).values(row);
}

export async function findPatientRequest(tx: Db, ticketId: string): Promise<PatientRequestRow | null> {
  const [row] = await tx.select().from(patientRequests).where(eq(patientRequests.ticketId, ticketId)).limit(1);
  return row ?? null;
}

/** A later follow token's hash (one emailed with a reply or the resolution), beside the first. */
export async function insertFollowToken(tx: Db, row: typeof patientFollowTokens.$inferInsert): Promise<void> {
  await tx.insert(patientFollowTokens).values(row);
}

/**
 * The practice and ticket of a follow token's hash, read as the owner: the token is what names the
 * practice. The first token is on the request; later ones, emailed with news, in their own table.
 */
export async function unsafeRequestOfToken(
  db: Db,
  tokenHash: string,
): Promise<{ practiceId: string; ticketId: string } | null> {
  const [first] = await db
    .select({ practiceId: patientRequests.practiceId, ticketId: patientRequests.ticketId })
    .from(patientRequests)
    .where(eq(patientRequests.followTokenHash, tokenHash))
    .limit(1);
  if (first) return first;
  const [later] = await db
    .select({ practiceId: patientFollowTokens.practiceId, ticketId: patientFollowTokens.ticketId })
    .from(patientFollowTokens)
    .where(eq(patientFollowTokens.tokenHash, tokenHash))
    .limit(1);
  return later ?? null;
}

/** The number the practice's next ticket would get, without taking it (the honeypot's answer). */
export async function peekNextNumber(tx: Db, practiceId: string): Promise<number> {
  const [row] = await tx.select().from(ticketCounters).where(eq(ticketCounters.practiceId, practiceId)).limit(1);
  return (row?.lastNumber ?? 0) + 1;
}
