/**
 * Adding people to a practice, changing and removing their roles, and setting a password through
 * a one-time link. There is never a default password: a new account gets a link, valid 72 hours,
 * that its owner uses to choose one.
 */
import { and, eq, sql } from 'drizzle-orm';
import { sideOf, type Role } from '../auth/permissions.ts';
import { appendAudit, type AuditEvent } from '../audit/append.ts';
import type { Db } from '../db/database.ts';
import { executeRows } from '../db/rows.ts';
import { AppError } from '../errors.ts';
import { unsafeWithSystem } from '../tenancy/with-tenant.ts';
import { consumeLink, issueLink } from './one-time-links.ts';
import { hashPassword, passwordProblems } from './passwords.ts';
import type { IdentityDeps, Origin } from './request-context.ts';
import { revokeAllSessions } from './sessions.ts';
import { findUserById, practiceMembers, type MemberUser } from './store.ts';
import { memberships, users } from './tables.ts';

export const setPasswordLinkValidMs = 72 * 3_600_000;

type Actor = Pick<AuditEvent, 'actorType' | 'actorId' | 'actorLabel'>;

/** Which roles an actor may hand out: an MSP admin any; a practice admin only practice-side roles. */
export function assignableRoles(actorRole: Role): Role[] {
  if (actorRole === 'msp_admin') return ['msp_admin', 'msp_technician', 'internal_it', 'practice_admin', 'practice_staff', 'auditor'];
  if (actorRole === 'practice_admin') return ['internal_it', 'practice_admin', 'practice_staff', 'auditor'];
  return [];
}

function assertAssignable(actorRole: Role, role: Role): void {
  if (!assignableRoles(actorRole).includes(role)) {
    throw new AppError('forbidden', `A ${actorRole} cannot assign the ${role} role`, [{ path: 'body.role', message: 'not assignable by you' }]);
  }
}

/**
 * The account for an email, created without a password when there is none. Runs inside withTenant,
 * where row-level security hides accounts outside the practice, so through the database function
 * tandem_member_account (migration tenant_rls_gaps), which returns only the id.
 */
async function memberAccount(tx: Db, email: string, displayName: string, organizationId: string): Promise<{ userId: string; created: boolean }> {
  const [row] = await executeRows<{ user_id: string; created: boolean }>(
    tx,
    sql`select user_id, created from tandem_member_account(${email}, ${displayName}, ${organizationId})`,
  );
  if (!row) throw new Error('tandem_member_account returned no row');
  return { userId: row.user_id, created: row.created };
}

/** Adds a person (new or existing account) to the practice. Runs inside withTenant. */
export async function addMember(
  tx: Db,
  deps: Pick<IdentityDeps, 'clock'>,
  input: { practiceId: string; practiceOrganizationId: string; actorOrganizationId: string | null; email: string; displayName: string; role: Role },
  actorRole: Role,
  actor: Actor & Origin,
): Promise<{ user: MemberUser; setPasswordToken: string | null }> {
  assertAssignable(actorRole, input.role);
  const organizationId = sideOf(input.role) === 'msp' && input.actorOrganizationId ? input.actorOrganizationId : input.practiceOrganizationId;
  const account = await memberAccount(tx, input.email, input.displayName, organizationId);
  const inserted = await tx
    .insert(memberships)
    .values({ userId: account.userId, practiceId: input.practiceId, role: input.role })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) throw new AppError('conflict', `${input.email} already has a role in this practice`);
  // Row-level security shows the account, and accepts its link, only now that it is a member.
  const setPasswordToken = account.created ? await issueLink(tx, 'set_password', account.userId, setPasswordLinkValidMs, deps.clock) : null;
  const user = (await practiceMembers(tx, input.practiceId)).find((m) => m.user.id === account.userId)?.user;
  if (!user) throw new Error('a member just added is not visible');
  await appendAudit(tx, {
    at: deps.clock.now(),
    ...actor,
    practiceId: input.practiceId,
    action: 'membership.created',
    targetType: 'user',
    targetId: user.id,
    details: { email: user.email, role: { before: null, after: input.role }, newAccount: account.created },
  });
  return { user, setPasswordToken };
}

async function assertNotLastAdmin(tx: Db, practiceId: string, userId: string): Promise<void> {
  const members = await practiceMembers(tx, practiceId);
  const admins = members.filter((m) => m.role === 'msp_admin' || m.role === 'practice_admin');
  if (admins.length === 1 && admins[0]?.user.id === userId) {
    throw new AppError('conflict', 'This is the practice\'s last administrator; make someone else an administrator first');
  }
}

export async function changeRole(
  tx: Db,
  deps: Pick<IdentityDeps, 'clock'>,
  input: { practiceId: string; userId: string; role: Role },
  actorRole: Role,
  actor: Actor & Origin,
): Promise<Role> {
  const [current] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.practiceId, input.practiceId), eq(memberships.userId, input.userId)));
  if (!current) throw new AppError('not_found', 'No member with that id in this practice');
  assertAssignable(actorRole, current.role as Role);
  assertAssignable(actorRole, input.role);
  if (current.role === input.role) return input.role;
  if (input.role !== 'msp_admin' && input.role !== 'practice_admin') await assertNotLastAdmin(tx, input.practiceId, input.userId);
  await tx.update(memberships).set({ role: input.role }).where(and(eq(memberships.practiceId, input.practiceId), eq(memberships.userId, input.userId)));
  await appendAudit(tx, {
    at: deps.clock.now(),
    ...actor,
    practiceId: input.practiceId,
    action: 'membership.updated',
    targetType: 'user',
    targetId: input.userId,
    details: { role: { before: current.role, after: input.role } },
  });
  return input.role;
}

export async function removeMember(
  tx: Db,
  deps: Pick<IdentityDeps, 'clock'>,
  input: { practiceId: string; userId: string },
  actorRole: Role,
  actor: Actor & Origin,
): Promise<void> {
  const [current] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.practiceId, input.practiceId), eq(memberships.userId, input.userId)));
  if (!current) throw new AppError('not_found', 'No member with that id in this practice');
  assertAssignable(actorRole, current.role as Role);
  await assertNotLastAdmin(tx, input.practiceId, input.userId);
  await tx.delete(memberships).where(and(eq(memberships.practiceId, input.practiceId), eq(memberships.userId, input.userId)));
  await appendAudit(tx, {
    at: deps.clock.now(),
    ...actor,
    practiceId: input.practiceId,
    action: 'membership.deleted',
    targetType: 'user',
    targetId: input.userId,
    details: { role: { before: current.role, after: null } },
  });
}

export async function setPassword(deps: IdentityDeps, token: string, password: string, origin: Origin): Promise<void> {
  await unsafeWithSystem(deps.db, async (tx) => {
    const link = await consumeLink(tx, 'set_password', token, deps.clock);
    const user = link?.userId ? await findUserById(tx, link.userId) : undefined;
    if (!user) throw new AppError('not_found', 'This link is not valid: it may have expired or been used already');
    const problems = passwordProblems(password, { email: user.email });
    if (problems.length > 0) {
      throw new AppError('validation_failed', 'Choose a different password', problems.map((message) => ({ path: 'body.password', message })));
    }
    await tx.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, user.id));
    await revokeAllSessions(tx, user.id, deps.clock);
    await appendAudit(tx, {
      at: deps.clock.now(),
      actorType: 'user',
      actorId: user.id,
      actorLabel: user.email,
      ...origin,
      action: 'auth.password.set',
      targetType: 'user',
      targetId: user.id,
    });
  });
}
