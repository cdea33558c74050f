/**
 * A person's credentials and whether their account may sign in: changing one's own password, an
 * administrator's password reset, and disabling or enabling an account.
 *
 * An account is global (one person, one sign-in, roles in several practices), so an
 * administrator acts on it only when they administer every role it holds: for each practice the
 * account belongs to, the administrator holds a role there that may manage people and assign the
 * account's role. Otherwise the administrator of practice A could reset the password of someone
 * who also works for practice B and sign in to B as them. Organisation administrators (who may
 * create practices) are left to an organisation administrator of the same organisation.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { roleCan, type Role } from '../permissions/permissions.ts';
import { appendAudit } from '../audit/append.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { unsafeWithSystem, unsafeWithSystemSending } from '../tenancy/with-tenant.ts';
import { revokeTokensCreatedBy } from './api-tokens.ts';
import { clearMfaOf } from './mfa-changes.ts';
import type { MfaAnnouncer } from './mfa-enrolment.ts';
import { assignableRoles, assertNotLastAdmin, setPasswordLinkValidMs, type Actor } from './manage-users.ts';
import { issueLink } from './one-time-links.ts';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './passwords.ts';
import type { RequestSource } from '../audit/append.ts';
import { actingUser, type IdentityDeps } from './request-context.ts';
import { revokeAllSessions, type SessionRow } from './sessions.ts';
import { findUserById, membershipsOf, type UserRow } from './store.ts';
import { oneTimeTokens, users } from './tables.ts';
import { recordSuccess, reserveAttempt, throttleRules } from './throttle.ts';

export type ChangePasswordOutcome =
  { kind: 'throttled'; retryAfterMs: number } | { kind: 'changed'; otherSessionsEnded: number };

/**
 * Changes the signed-in person's password. The current one is required (a session left open is
 * not enough) and throttled like sign-in; every other session of theirs ends.
 */
export async function changePassword(
  deps: IdentityDeps,
  user: UserRow,
  session: SessionRow,
  input: { currentPassword: string; newPassword: string },
  origin: RequestSource,
): Promise<ChangePasswordOutcome> {
  const { db, clock } = deps;
  const rules = throttleRules(user.email, origin.ip);
  // Counted before the check, like sign-in, so parallel guesses cannot all be checked.
  const wait = await reserveAttempt(db, rules, clock);
  if (wait > 0) return { kind: 'throttled', retryAfterMs: wait };
  const valid = user.passwordHash !== null && (await verifyPassword(user.passwordHash, input.currentPassword));
  const audit = {
    at: clock.now(),
    ...actingUser(user),
    ...origin,
    targetType: 'user',
    targetId: user.id,
  };
  if (!valid) {
    await unsafeWithSystem(db, (tx) => appendAudit(tx, { ...audit, action: 'auth.password.change_failed' }));
    throw new AppError('validation_failed', 'Your current password is not right', [
      { path: 'body.currentPassword', message: 'is not your current password' },
    ]);
  }
  assertPasswordAcceptable(input.newPassword, user.email, 'body.newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  return unsafeWithSystem(db, async (tx) => {
    await recordSuccess(tx, rules);
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    const otherSessionsEnded = await revokeAllSessions(tx, user.id, clock, session.id);
    await appendAudit(tx, { ...audit, action: 'auth.password.changed', details: { otherSessionsEnded } });
    return { kind: 'changed', otherSessionsEnded } as const;
  });
}

/**
 * The account an administrator may act on from practiceId, with every role it holds; refused
 * unless the administrator administers all of them (see the file's comment).
 */
async function administeredAccount(tx: Db, actor: UserRow, practiceId: string, userId: string, what: string) {
  if (actor.id === userId)
    throw new AppError('conflict', `You cannot ${what} your own account here; use your account page`);
  const target = await findUserById(tx, userId);
  const held = target ? await membershipsOf(tx, target.id) : [];
  if (!target || !held.some((m) => m.practiceId === practiceId))
    throw new AppError('not_found', 'No member with that id in this practice');
  const mine = new Map((await membershipsOf(tx, actor.id)).map((m) => [m.practiceId, m.role]));
  const administers = (practice: string, role: Role) => {
    const actorRole = mine.get(practice);
    return actorRole !== undefined && roleCan(actorRole, 'users.manage') && assignableRoles(actorRole).includes(role);
  };
  if (!held.every((m) => administers(m.practiceId, m.role))) {
    throw new AppError(
      'forbidden',
      `This person also holds a role you do not administer, so you cannot ${what} their account`,
    );
  }
  if (target.orgAdmin && !(actor.orgAdmin && actor.organizationId === target.organizationId)) {
    throw new AppError(
      'forbidden',
      `This person is an organisation administrator: only one of their organisation's administrators can ${what} their account`,
    );
  }
  return { target, held };
}

/**
 * An administrator's reset: the password stops working at once, every session ends, and a
 * one-time set-password link (72 hours; earlier ones stop working) is returned for the
 * administrator to hand to the person. The second factor stays: a reset alone does not let the
 * administrator sign in as someone who has one.
 */
export async function resetPassword(
  deps: IdentityDeps,
  actor: UserRow,
  input: { practiceId: string; userId: string },
  audit: Actor & RequestSource,
): Promise<string> {
  const { clock } = deps;
  return unsafeWithSystem(deps.db, async (tx) => {
    const { target } = await administeredAccount(tx, actor, input.practiceId, input.userId, 'reset the password of');
    await tx.update(users).set({ passwordHash: null }).where(eq(users.id, target.id));
    await tx
      .update(oneTimeTokens)
      .set({ usedAt: clock.now() })
      .where(
        and(
          eq(oneTimeTokens.userId, target.id),
          eq(oneTimeTokens.purpose, 'set_password'),
          isNull(oneTimeTokens.usedAt),
        ),
      );
    const sessionsEnded = await revokeAllSessions(tx, target.id, clock);
    const token = await issueLink(tx, 'set_password', target.id, setPasswordLinkValidMs, clock);
    await appendAudit(tx, {
      at: clock.now(),
      ...audit,
      practiceId: input.practiceId,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: target.id,
      details: { sessionsEnded },
    });
    return token;
  });
}

/**
 * An administrator's MFA reset, for a person who lost their authenticator and recovery codes:
 * the second factor is removed and every session ends, so the person signs in again with their
 * password and (when a role requires it) enrols a new authenticator. The account holder is told
 * by email; the administrator gains no way in (the password is unchanged and unknown to them).
 */
export async function resetMfa(
  deps: IdentityDeps,
  actor: UserRow,
  input: { practiceId: string; userId: string },
  audit: Actor & RequestSource,
  announce?: MfaAnnouncer,
): Promise<{ sessionsEnded: number }> {
  const { clock } = deps;
  return unsafeWithSystemSending(deps.db, async (tx) => {
    const { target } = await administeredAccount(
      tx,
      actor,
      input.practiceId,
      input.userId,
      'reset two-factor authentication of',
    );
    if (!target.mfaEnabledAt && !target.mfaPendingSecret)
      throw new AppError('conflict', 'This person has no two-factor authentication to reset');
    await clearMfaOf(tx, target, announce);
    const sessionsEnded = await revokeAllSessions(tx, target.id, clock);
    await appendAudit(tx, {
      at: clock.now(),
      ...audit,
      practiceId: input.practiceId,
      action: 'user.mfa_reset',
      targetType: 'user',
      targetId: target.id,
      details: { sessionsEnded },
    });
    return { sessionsEnded };
  });
}

/**
 * Disables an account (sign-in refused, every session ended, every API token it created revoked)
 * or enables it again. Disabling the last administrator of a practice is refused, like removing
 * them.
 */
export async function setDisabled(
  deps: IdentityDeps,
  actor: UserRow,
  input: { practiceId: string; userId: string; disabled: boolean },
  audit: Actor & RequestSource,
): Promise<UserRow> {
  const { clock } = deps;
  return unsafeWithSystem(deps.db, async (tx) => {
    const { target, held } = await administeredAccount(
      tx,
      actor,
      input.practiceId,
      input.userId,
      input.disabled ? 'disable' : 'enable',
    );
    if (input.disabled) for (const m of held) await assertNotLastAdmin(tx, m.practiceId, target.id);
    const [row] = await tx
      .update(users)
      .set({ disabledAt: input.disabled ? (target.disabledAt ?? clock.now()) : null })
      .where(eq(users.id, target.id))
      .returning();
    if (!row) throw new Error('user update returned no row');
    const ended = input.disabled
      ? {
          sessionsEnded: await revokeAllSessions(tx, target.id, clock),
          tokensRevoked: await revokeTokensCreatedBy(tx, target.id, null, clock),
        }
      : {};
    await appendAudit(tx, {
      at: clock.now(),
      ...audit,
      practiceId: input.practiceId,
      action: input.disabled ? 'user.disabled' : 'user.enabled',
      targetType: 'user',
      targetId: target.id,
      details: ended,
    });
    return row;
  });
}
