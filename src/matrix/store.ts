/** Queries on matrix versions; every call runs inside withTenant, so row-level security applies. */
import { aliasedTable, and, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { users } from '../core/identity/tables.ts';
import { matrixVersions } from './tables.ts';
import type { VersionStatus } from './version-schema.ts';

export type VersionRow = typeof matrixVersions.$inferSelect;
export type VersionChange = Partial<typeof matrixVersions.$inferInsert>;

/** A version with the display names of the people who created, proposed and agreed it. */
export type VersionRowWithNames = VersionRow & {
  names: {
    createdBy: string | null;
    proposedBy: string | null;
    practiceAgreedBy: string | null;
    mspAgreedBy: string | null;
  };
};

const creator = aliasedTable(users, 'creator');
const proposer = aliasedTable(users, 'proposer');
const practiceSigner = aliasedTable(users, 'practice_signer');
const mspSigner = aliasedTable(users, 'msp_signer');

function selectWithNames(tx: Db) {
  return tx
    .select({
      row: matrixVersions,
      createdBy: creator.displayName,
      proposedBy: proposer.displayName,
      practiceAgreedBy: practiceSigner.displayName,
      mspAgreedBy: mspSigner.displayName,
    })
    .from(matrixVersions)
    .leftJoin(creator, eq(creator.id, matrixVersions.createdBy))
    .leftJoin(proposer, eq(proposer.id, matrixVersions.proposedBy))
    .leftJoin(practiceSigner, eq(practiceSigner.id, matrixVersions.practiceAgreedBy))
    .leftJoin(mspSigner, eq(mspSigner.id, matrixVersions.mspAgreedBy));
}

type Joined = Awaited<ReturnType<ReturnType<typeof selectWithNames>['limit']>>[number];
const withNames = ({ row, ...names }: Joined): VersionRowWithNames => ({ ...row, names });

export async function listVersions(tx: Db, practiceId: string): Promise<VersionRowWithNames[]> {
  const rows = await selectWithNames(tx)
    .where(eq(matrixVersions.practiceId, practiceId))
    .orderBy(desc(matrixVersions.number))
    .limit(1000);
  return rows.map(withNames);
}

export async function findVersion(tx: Db, practiceId: string, number: number): Promise<VersionRowWithNames | null> {
  const rows = await selectWithNames(tx)
    .where(and(eq(matrixVersions.practiceId, practiceId), eq(matrixVersions.number, number)))
    .limit(1);
  return rows[0] ? withNames(rows[0]) : null;
}

export async function findByStatus(
  tx: Db,
  practiceId: string,
  statuses: readonly VersionStatus[],
): Promise<VersionRow | null> {
  const rows = await tx
    .select()
    .from(matrixVersions)
    .where(and(eq(matrixVersions.practiceId, practiceId), inArray(matrixVersions.status, [...statuses])))
    .limit(1);
  return rows[0] ?? null;
}

/** The versions still in play (the open draft or proposal, the version in force), newest first. */
export async function currentVersions(tx: Db, practiceId: string): Promise<VersionRow[]> {
  return tx
    .select()
    .from(matrixVersions)
    .where(
      and(eq(matrixVersions.practiceId, practiceId), inArray(matrixVersions.status, ['draft', 'proposed', 'agreed'])),
    )
    .orderBy(desc(matrixVersions.number));
}

/** What identifies the agreed version in force and its content, without loading its matrix. */
export interface InForceStamp {
  id: string;
  number: number;
  updatedAt: Date;
}

/** The agreed version in force, as an id, number and last change (one indexed query). */
export async function inForceStamp(tx: Db, practiceId: string): Promise<InForceStamp | null> {
  const [row] = await tx
    .select({ id: matrixVersions.id, number: matrixVersions.number, updatedAt: matrixVersions.updatedAt })
    .from(matrixVersions)
    .where(and(eq(matrixVersions.practiceId, practiceId), eq(matrixVersions.status, 'agreed')))
    .limit(1);
  return row ?? null;
}

/** One version's matrix by its id. */
export async function versionMatrix(tx: Db, id: string): Promise<unknown> {
  const [row] = await tx
    .select({ matrix: matrixVersions.matrix })
    .from(matrixVersions)
    .where(eq(matrixVersions.id, id));
  return row?.matrix ?? null;
}

export async function nextVersionNumber(tx: Db, practiceId: string): Promise<number> {
  const [row] = await tx
    .select({ last: max(matrixVersions.number) })
    .from(matrixVersions)
    .where(eq(matrixVersions.practiceId, practiceId));
  return (row?.last ?? 0) + 1;
}

export async function insertVersion(tx: Db, row: typeof matrixVersions.$inferInsert): Promise<void> {
  await tx.insert(matrixVersions).values(row);
}

export async function updateVersion(tx: Db, id: string, change: VersionChange): Promise<void> {
  await tx.update(matrixVersions).set(change).where(eq(matrixVersions.id, id));
}

/**
 * Serialises lifecycle changes of one practice's matrix for the rest of the transaction (two
 * agreements, two new drafts), including the very first version, when there is no row to lock.
 */
export async function lockPracticeMatrix(tx: Db, practiceId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'matrix:' + practiceId}))`);
}
