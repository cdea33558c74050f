/** Queries on stored assessments; every call runs inside withTenant, so row-level security applies. */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { newestFirst, olderThan, type KeysetAfter } from '../core/db/keyset.ts';
import { users } from '../core/identity/tables.ts';
import { assessments } from './tables.ts';

export type AssessmentRow = typeof assessments.$inferSelect;
export type AssessmentRowWithAuthor = AssessmentRow & { authorName: string | null };

export async function insertAssessment(tx: Db, row: typeof assessments.$inferInsert): Promise<void> {
  await tx.insert(assessments).values(row);
}

const withAuthor = { row: assessments, authorName: users.displayName };

/** The practice's assessments, newest first: `limit` of them after `after` (keyset pagination). */
export async function listAssessments(
  tx: Db,
  practiceId: string,
  page: { after?: KeysetAfter; limit: number },
): Promise<AssessmentRowWithAuthor[]> {
  const rows = await tx
    .select(withAuthor)
    .from(assessments)
    .leftJoin(users, eq(users.id, assessments.createdBy))
    .where(and(eq(assessments.practiceId, practiceId), olderThan(assessments.createdAt, assessments.id, page.after)))
    .orderBy(...newestFirst(assessments.createdAt, assessments.id))
    .limit(page.limit);
  return rows.map((r) => ({ ...r.row, authorName: r.authorName }));
}

/** Whether the practice has run any assessment yet (the home page's first step). */
export async function hasAssessment(tx: Db, practiceId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: assessments.id })
    .from(assessments)
    .where(eq(assessments.practiceId, practiceId))
    .limit(1);
  return rows.length > 0;
}

/** The practice id is checked here as well as by the policy: an id from another practice is simply not found. */
export async function findAssessment(tx: Db, practiceId: string, id: string): Promise<AssessmentRowWithAuthor | null> {
  const rows = await tx
    .select(withAuthor)
    .from(assessments)
    .leftJoin(users, eq(users.id, assessments.createdBy))
    .where(eq(assessments.id, id))
    .limit(1);
  const r = rows[0];
  return r && r.row.practiceId === practiceId ? { ...r.row, authorName: r.authorName } : null;
}
