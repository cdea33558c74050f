/** Queries on patient requests (the intake form's tickets); all but the token lookup run inside withTenant. */
import { eq } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { patientRequests, ticketCounters } from './tables.ts';

export type PatientRequestRow = typeof patientRequests.$inferSelect;

export async function insertPatientRequest(tx: Db, row: PatientRequestRow): Promise<void> {
  await tx.insert(patientRequests).values(row);
}

export async function findPatientRequest(tx: Db, ticketId: string): Promise<PatientRequestRow | null> {
  const [row] = await tx.select().from(patientRequests).where(eq(patientRequests.ticketId, ticketId)).limit(1);
  return row ?? null;
}

/** The practice and ticket of a follow token's hash, read as the owner: the token is what names the practice. */
export async function unsafeRequestOfToken(
  db: Db,
  tokenHash: string,
): Promise<{ practiceId: string; ticketId: string } | null> {
  const [row] = await db
    .select({ practiceId: patientRequests.practiceId, ticketId: patientRequests.ticketId })
    .from(patientRequests)
    .where(eq(patientRequests.followTokenHash, tokenHash))
    .limit(1);
  return row ?? null;
}

/** The number the practice's next ticket would get, without taking it (the honeypot's answer). */
export async function peekNextNumber(tx: Db, practiceId: string): Promise<number> {
  const [row] = await tx.select().from(ticketCounters).where(eq(ticketCounters.practiceId, practiceId)).limit(1);
  return (row?.lastNumber ?? 0) + 1;
}
