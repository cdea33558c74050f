import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import type { Role } from '../permissions/permissions.ts';
import { practices } from '../tenancy/tables.ts';
import { memberships, users } from './tables.ts';

export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** Every practice the user holds a role in, with that role. */
export async function membershipsOf(
  db: Db,
  userId: string,
): Promise<{ practiceId: string; practiceName: string; role: Role }[]> {
  const rows = await db
    .select({ practiceId: memberships.practiceId, practiceName: practices.name, role: memberships.role })
    .from(memberships)
    .innerJoin(practices, eq(practices.id, memberships.practiceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(practices.name));
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

/**
 * What tandem_app may read of a member's account (migration tenant_rls_gaps grants these columns
 * only): never the password hash or the TOTP secrets.
 */
const memberColumns = {
  id: users.id,
  organizationId: users.organizationId,
  email: users.email,
  displayName: users.displayName,
  orgAdmin: users.orgAdmin,
  passwordSet: users.passwordSet,
  mfaEnabledAt: users.mfaEnabledAt,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
};

export type MemberUser = { [K in keyof typeof memberColumns]: UserRow[K] };

/** Members of one practice; runs inside withTenant so row-level security applies. */
export async function practiceMembers(tx: Db, practiceId: string): Promise<{ user: MemberUser; role: Role }[]> {
  const rows = await tx
    .select({ user: memberColumns, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.practiceId, practiceId))
    .orderBy(asc(users.displayName));
  return rows.map((r) => ({ user: r.user, role: r.role as Role }));
}
