/** Queries on patient contacts (values stay encrypted here); every call runs inside withTenant. */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { newestFirst, olderThan, type KeysetAfter } from '../core/db/keyset.ts';
import { patientContacts } from './tables.ts';

export type PatientContactRow = typeof patientContacts.$inferSelect;

export async function insertContact(tx: Db, row: typeof patientContacts.$inferInsert): Promise<void> {
  await tx.insert(patientContacts).values(row);
}

/** The practice's contacts, newest first: `limit` of them after `after` (keyset pagination). */
export async function listContacts(
  tx: Db,
  practiceId: string,
  page: { after?: KeysetAfter; limit: number },
): Promise<PatientContactRow[]> {
  return tx
    .select()
    .from(patientContacts)
    .where(
      and(
        eq(patientContacts.practiceId, practiceId),
        olderThan(patientContacts.createdAt, patientContacts.id, page.after),
      ),
    )
    .orderBy(...newestFirst(patientContacts.createdAt, patientContacts.id))
    .limit(page.limit);
}

export async function findContact(tx: Db, practiceId: string, id: string): Promise<PatientContactRow | null> {
  const rows = await tx
    .select()
    .from(patientContacts)
    .where(and(eq(patientContacts.practiceId, practiceId), eq(patientContacts.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function updateContact(
  tx: Db,
  id: string,
  change: Partial<typeof patientContacts.$inferInsert>,
): Promise<void> {
  await tx.update(patientContacts).set(change).where(eq(patientContacts.id, id));
}

export async function deleteContact(tx: Db, id: string): Promise<void> {
  await tx.delete(patientContacts).where(eq(patientContacts.id, id));
}
