/**
 * Changing and removing people's roles in a practice, and setting a password through the one-time
 * link of an administrator's reset. People join a practice by invitation (invitations.ts).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Role } from '../permissions/permissions.ts';
import { appendAudit, type AuditEvent } from '../audit/append.ts';
import type { Db } from '../db/database.ts';
import { executeRows } from '../db/rows.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../clock.ts';
import { unsafeWithSystem } from '../tenancy/with-tenant.ts';
import { revokeTokensCreatedBy } from './api-tokens.ts';
import { consumeLink } from './one-time-links.ts';
import { assertPasswordAcceptable, hashPassword } from './passwords.ts';
import type { RequestSource } from '../audit/append.ts';
import { actingUser, type IdentityDeps } from './request-context.ts';
import { revokeAllSessions } from './sessions.ts';
import { findUserById, practiceMembers } from './store.ts';
import { memberships, users } from './tables.ts';

/** How long an invitation or a password reset link stays valid. */
export const setPasswordLinkValidMs = 72 * 3_600_000;

export type Actor = Pick<AuditEvent, 'actorType' | 'actorId' | 'actorLabel'>;

/** Which roles an actor may hand out: an MSP admin any; a practice admin only practice-side roles. */
export function assignableRoles(actorRole: Role): Role[] {
  if (actorRole === 'msp_admin')
    return ['msp_admin', 'msp_technician', 'internal_it', 'practice_admin', 'practice_staff', 'auditor'];
  if (actorRole === 'practice_admin') return ['internal_it', 'practice_admin', 'practice_staff', 'auditor'];
  return [];
}

export function assertAssignable(actorRole: Role, role: Role): void {
  if (!assignableRoles(actorRole).includes(role)) {
    throw new AppError('forbidden', `A ${actorRole} cannot assign the ${role} role`, [
      { path: 'body.role', message: 'not assignable by you' },
    ]);
  }
}

/**
 * What a change to someone's role or membership takes away at once: every session of theirs
 * (sessions belong to a person, not a practice, so all of them end) and the API tokens they
 * created in the practice, which must not outlive the access they were made with.
 */
async function endMemberAccess(
  tx: Db,
  userId: string,
  practiceId: string,
  clock: Clock,
): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  // Sessions are not practice data: the database function ends them for a member of this practice
  // only (migration tenant_rls_gaps), so this runs while the membership still exists.
  const [ended] = await executeRows<{ n: number }>(
    tx,
    sql`select tandem_end_member_sessions(${userId}, ${clock.now().toISOString()}) as n`,
  );
  return {
    sessionsEnded: Number(ended?.n ?? 0),
    tokensRevoked: await revokeTokensCreatedBy(tx, userId, practiceId, clock),
  };
}

export async function assertNotLastAdmin(tx: Db, practiceId: string, userId: string): Promise<void> {
  const members = await practiceMembers(tx, practiceId);
  const admins = members.filter((m) => m.role === 'msp_admin' || m.role === 'practice_admin');
  if (admins.length === 1 && admins[0]?.user.id === userId) {
    throw new AppError(
      'conflict',
      "This is the practice's last administrator; make someone else an administrator first",
    );
  }
}

export async function changeRole(
  tx: Db,
  deps: Pick<IdentityDeps, 'clock'>,
  input: { practiceId: string; userId: string; role: Role },
  actorRole: Role,
  actor: Actor & RequestSource,
): Promise<Role> {
  const [current] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.practiceId, input.practiceId), eq(memberships.userId, input.userId)));
  if (!current) throw new AppError('not_found', 'No member with that id in this practice');
  assertAssignable(actorRole, current.role as Role);
  assertAssignable(actorRole, input.role);
  if (current.role === input.role) return input.role;
  if (input.role !== 'msp_admin' && input.role !== 'practice_admin')
    await assertNotLastAdmin(tx, input.practiceId, input.userId);
  await tx
    .update(memberships)
    .set({ role: input.role })
    .where(and(eq(memberships.practiceId, input.practiceId), eq(memberships.userId, input.userId)));
  const ended = await endMemberAccess(tx, input.userId, input.practiceId, deps.clock);
  await appendAudit(tx, {
    at: deps.clock.now(),
    ...actor,
    practiceId: input.practiceId,
    action: 'membership.updated',
    targetType: 'user',
    targetId: input.userId,
    details: { role: { before: current.role, after: input.role }, ...ended },
  });
  return input.role;
}

export async function removeMember(
  tx: Db,
  deps: Pick<IdentityDeps, 'clock'>,
  input: { practiceId: string; userId: string },
  actorRole: Role,
  actor: Actor & RequestSource,
): Promise<void> {
  const [current] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.practiceId, input.practiceId), eq(memberships.userId, input.userId)));
  if (!current) throw new AppError('not_found', 'No member with that id in this practice');
  assertAssignable(actorRole, current.role as Role);
  await assertNotLastAdmin(tx, input.practiceId, input.userId);
  const ended = await endMemberAccess(tx, input.userId, input.practiceId, deps.clock);
  await tx
    .delete(memberships)
    .where(and(eq(memberships.practiceId, input.practiceId), eq(memberships.userId, input.userId)));
  await appendAudit(tx, {
    at: deps.clock.now(),
    ...actor,
    practiceId: input.practiceId,
    action: 'membership.deleted',
    targetType: 'user',
    targetId: input.userId,
    details: { role: { before: current.role, after: null }, ...ended },
  });
}

export async function setPassword(
  deps: IdentityDeps,
  token: string,
  password: string,
  origin: RequestSource,
): Promise<void> {
  await unsafeWithSystem(deps.db, async (tx) => {
    const link = await consumeLink(tx, 'set_password', token, deps.clock);
    const user = link?.userId ? await findUserById(tx, link.userId) : undefined;
    if (!user) throw new AppError('not_found', 'This link is not valid: it may have expired or been used already');
    assertPasswordAcceptable(password, user.email);
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(password) })
      .where(eq(users.id, user.id));
    await revokeAllSessions(tx, user.id, deps.clock);
    await appendAudit(tx, {
      at: deps.clock.now(),
      ...actingUser(user),
      ...origin,
      action: 'auth.password.set',
      targetType: 'user',
      targetId: user.id,
    });
  });
}
