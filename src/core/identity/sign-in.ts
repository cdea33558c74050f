/**
 * Password sign-in and the second factor. A password alone yields a session that can only finish
 * MFA (verify a code, or enrol when the user's roles require MFA and none is set up); the full
 * session comes after, under a fresh token.
 */
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { mfaRequiredRoles } from '../permissions/permissions.ts';
import { appendAudit } from '../audit/append.ts';
import { decryptField } from '../crypto/field-encryption.ts';
import type { Db } from '../db/database.ts';
import { unsafeWithSystem } from '../tenancy/with-tenant.ts';
import { sightDevice, type NewDeviceAnnouncer } from './known-devices.ts';
import { consumeRecoveryCode } from './recovery-codes.ts';
import type { RequestSource } from '../audit/append.ts';
import { actingUser, type IdentityDeps } from './request-context.ts';
import { createSession, promoteSession, type SessionRow } from './sessions.ts';
import { findUserByEmail, membershipsOf, type UserRow } from './store.ts';
import { users } from './tables.ts';
import { recordSuccess, reserveAttempt, secondFactorRules, throttleRules } from './throttle.ts';
import { checkTotp } from './totp.ts';
import { decoyHash, verifyPassword } from './passwords.ts';

export type SignInStatus = 'signed_in' | 'mfa_required' | 'mfa_enrolment_required';

export type SignInOutcome =
  | { kind: 'throttled'; retryAfterMs: number }
  | { kind: 'invalid' }
  | { kind: 'ok'; status: SignInStatus; token: string; session: SessionRow; user: UserRow };

export async function mfaRequiredFor(db: Db, user: UserRow): Promise<boolean> {
  const roles = await membershipsOf(db, user.id);
  return roles.some((m) => mfaRequiredRoles.has(m.role));
}

export async function signInStatus(db: Db, user: UserRow, session: SessionRow): Promise<SignInStatus> {
  if (session.mfaVerified) return 'signed_in';
  return user.mfaEnabledAt ? 'mfa_required' : 'mfa_enrolment_required';
}

/** The browser signing in: its tandem_device id, and who tells the account holder when it is new. */
export interface SigningDevice {
  id: string;
  announce: NewDeviceAnnouncer | undefined;
}

/**
 * Checks the password and opens a session. With a device, it is recorded for the account when the
 * password is accepted (before any second factor, so a stolen password alone is reported too), and
 * a device new to an account that has others is announced in the same transaction.
 */
export async function signIn(
  deps: IdentityDeps,
  email: string,
  password: string,
  origin: RequestSource,
  device?: SigningDevice,
): Promise<SignInOutcome> {
  const { db, clock } = deps;
  const rules = throttleRules(email, origin.ip);
  // Counted before the check, so concurrent guesses cannot all slip in under the limit.
  const wait = await reserveAttempt(db, rules, clock);
  if (wait > 0) return { kind: 'throttled', retryAfterMs: wait };

  const user = await findUserByEmail(db, email);
  // Verify against a decoy when there is no usable account, so timing does not reveal which.
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  const usable = valid && user !== undefined && user.passwordHash !== null && user.disabledAt === null;
  return unsafeWithSystem(db, async (tx) => {
    const audit = { at: clock.now(), ip: origin.ip, userAgent: origin.userAgent, requestId: origin.requestId };
    if (!usable) {
      await appendAudit(tx, {
        ...audit,
        actorType: user ? 'user' : 'anonymous',
        actorId: user?.id ?? null,
        actorLabel: email.slice(0, 200),
        action: 'auth.sign_in.failed',
        details: { reason: user ? (user.disabledAt ? 'disabled' : 'bad_password') : 'unknown_account' },
      });
      return { kind: 'invalid' } as const;
    }
    await recordSuccess(tx, rules);
    const needsMfa = user.mfaEnabledAt !== null || (await mfaRequiredFor(tx, user));
    const { token, session } = await createSession(
      tx,
      { userId: user.id, mfaVerified: !needsMfa, ...origin },
      clock,
      deps.limits,
    );
    const status = await signInStatus(tx, user, session);
    const verdict = device ? await sightDevice(tx, user, device.id, clock) : undefined;
    if (verdict === 'new') await device?.announce?.(tx, user);
    await appendAudit(tx, {
      ...audit,
      ...actingUser(user),
      action: status === 'signed_in' ? 'auth.sign_in.succeeded' : 'auth.sign_in.password_accepted',
      targetType: 'session',
      targetId: session.id,
      details: { next: status, ...(verdict ? { device: verdict } : {}) },
    });
    return { kind: 'ok', status, token, session, user } as const;
  });
}

/**
 * Marks a TOTP step used, unless it or a later one already was: one conditional update, so of
 * several requests carrying the same code at once exactly one wins (the user row read with the
 * session may be stale by then).
 */
export async function claimTotpStep(tx: Db, userId: string, step: number): Promise<boolean> {
  const claimed = await tx
    .update(users)
    .set({ mfaLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.mfaLastStep), lt(users.mfaLastStep, step))))
    .returning({ id: users.id });
  return claimed.length > 0;
}

/** Second factor on a password-only session: a TOTP code or a one-time recovery code. */
export async function verifySecondFactor(
  deps: IdentityDeps,
  session: SessionRow,
  user: UserRow,
  proof: { code?: string | undefined; recoveryCode?: string | undefined },
  origin: RequestSource,
): Promise<{ ok: true; token: string } | { ok: false; retryAfterMs?: number }> {
  const { db, clock } = deps;
  const rules = secondFactorRules(user.id, origin.ip);
  const wait = await reserveAttempt(db, rules, clock);
  if (wait > 0) return { ok: false, retryAfterMs: wait };
  return unsafeWithSystem(db, async (tx) => {
    let method: 'totp' | 'recovery_code' | undefined;
    if (proof.code && user.mfaSecret && user.mfaEnabledAt) {
      const step = await checkTotp(
        decryptField(deps.keyring, user.mfaSecret),
        proof.code,
        clock.now(),
        user.mfaLastStep,
      );
      if (step !== undefined && (await claimTotpStep(tx, user.id, step))) method = 'totp';
    } else if (proof.recoveryCode && user.mfaEnabledAt) {
      if (await consumeRecoveryCode(tx, user.id, proof.recoveryCode, clock)) method = 'recovery_code';
    }
    const audit = { at: clock.now(), ...actingUser(user), ...origin };
    if (!method) {
      await appendAudit(tx, { ...audit, action: 'auth.mfa.failed', targetType: 'session', targetId: session.id });
      return { ok: false };
    }
    await recordSuccess(tx, rules);
    const token = await promoteSession(tx, session.id);
    await appendAudit(tx, {
      ...audit,
      action: 'auth.sign_in.succeeded',
      targetType: 'session',
      targetId: session.id,
      details: { method },
    });
    return { ok: true, token };
  });
}
