/**
 * Self-service "forgot password" by email (issue 17). Asking is public, so it must not tell
 * anyone whether an address has an account: every request is counted on the same throttle keys
 * and answered the same way before the account is even looked up (the lookup and the email run
 * after the answer; see requestPasswordReset). Only the holder of the address's mailbox gets the
 * link, a one-time token stored hashed that works for resetLinkValidMs.
 *
 * Completing the reset sets the password, ends every session of the account and spends its other
 * reset links. It does not touch the second factor: someone who can read the mailbox still needs
 * the authenticator (or a recovery code) to sign in to an account that has one.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { unsafeWithSystem, unsafeWithSystemSending } from '../tenancy/with-tenant.ts';
import { consumeLink, issueLink } from './one-time-links.ts';
import { assertPasswordAcceptable, hashPassword } from './passwords.ts';
import type { RequestSource } from '../audit/append.ts';
import { actingUser, type IdentityDeps } from './request-context.ts';
import { revokeAllSessions } from './sessions.ts';
import { findUserByEmail, findUserById, type UserRow } from './store.ts';
import { oneTimeTokens, users } from './tables.ts';
import { reserveAttempt, type Rule } from './throttle.ts';

/** 45 minutes: long enough to find the email, short enough that an old mailbox is not a key. */
export const resetLinkValidMs = 45 * 60_000;

const fifteenMinutes = 15 * 60_000;

/**
 * Per address: 3 requests, then 1 s, 2 s, 4 s ... up to 15 minutes between them, so nobody can
 * fill a person's mailbox. Per source address: 10, then the same. Counted for every address asked
 * about, with or without an account, so the throttle says nothing about accounts either.
 */
export function resetRequestRules(email: string, ip: string | null): Rule[] {
  const rules: Rule[] = [
    { key: `reset:${email.trim().toLowerCase()}`, freeFailures: 3, capMs: fifteenMinutes, onSuccess: 'reset' },
  ];
  if (ip) rules.push({ key: `reset-ip:${ip}`, freeFailures: 10, capMs: fifteenMinutes, onSuccess: 'reset' });
  return rules;
}

/** Sends the reset email (account.password_reset) in the transaction that issued the link. */
export type ResetAnnouncer = (tx: Db, user: UserRow, token: string, expiresAt: Date) => Promise<void>;

export type ResetRequestOutcome =
  { kind: 'throttled'; retryAfterMs: number } | { kind: 'accepted'; work: Promise<void> };

/**
 * Counts the request and, unless throttled, starts the work that issues and emails a link when
 * the address has an account that may sign in. The caller answers without waiting for `work`,
 * so the answer's timing does not depend on whether an account exists.
 */
export async function requestPasswordReset(
  deps: IdentityDeps,
  email: string,
  origin: RequestSource,
  announce: ResetAnnouncer,
): Promise<ResetRequestOutcome> {
  const wait = await reserveAttempt(deps.db, resetRequestRules(email, origin.ip), deps.clock);
  if (wait > 0) return { kind: 'throttled', retryAfterMs: wait };
  return { kind: 'accepted', work: issueReset(deps, email, origin, announce) };
}

async function issueReset(deps: IdentityDeps, email: string, origin: RequestSource, announce: ResetAnnouncer) {
  const { clock } = deps;
  await unsafeWithSystemSending(deps.db, async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user || user.disabledAt) return;
    const token = await issueLink(tx, 'password_reset', user.id, resetLinkValidMs, clock);
    await announce(tx, user, token, new Date(clock.now().getTime() + resetLinkValidMs));
    await appendAudit(tx, {
      at: clock.now(),
      actorType: 'anonymous',
      ...origin,
      action: 'auth.password_reset.requested',
      targetType: 'user',
      targetId: user.id,
    });
  });
}

const invalidLink = () =>
  new AppError(
    'not_found',
    'This reset link is not valid: it may have expired or been used already. Ask for a new one.',
  );

/**
 * Sets the password through a reset link. A password that is refused (400) leaves the link
 * usable: the transaction that spent it rolls back.
 */
export async function completePasswordReset(
  deps: IdentityDeps,
  token: string,
  password: string,
  origin: RequestSource,
): Promise<{ sessionsEnded: number }> {
  const { clock } = deps;
  return unsafeWithSystem(deps.db, async (tx) => {
    const link = await consumeLink(tx, 'password_reset', token, clock);
    const user = link?.userId ? await findUserById(tx, link.userId) : undefined;
    if (!user || user.disabledAt) throw invalidLink();
    assertPasswordAcceptable(password, user.email, 'body.password');
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(password) })
      .where(eq(users.id, user.id));
    const sessionsEnded = await revokeAllSessions(tx, user.id, clock);
    await tx
      .update(oneTimeTokens)
      .set({ usedAt: clock.now() })
      .where(
        and(
          eq(oneTimeTokens.userId, user.id),
          eq(oneTimeTokens.purpose, 'password_reset'),
          isNull(oneTimeTokens.usedAt),
        ),
      );
    await appendAudit(tx, {
      at: clock.now(),
      ...actingUser(user),
      ...origin,
      action: 'auth.password_reset.completed',
      targetType: 'user',
      targetId: user.id,
      details: { sessionsEnded },
    });
    return { sessionsEnded };
  });
}
