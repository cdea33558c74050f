/**
 * TOTP enrolment: start stores a fresh secret (encrypted) as pending, next to the one in force;
 * confirm checks a code from the user's app against the pending secret, moves it into force,
 * switches MFA on, issues recovery codes and, for a password-only session, completes the sign-in
 * under a fresh token. Until then a user who already has MFA keeps signing in with the old app,
 * so an abandoned re-enrolment locks nobody out.
 */
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import { decryptField, encryptField } from '../crypto/field-encryption.ts';
import { AppError } from '../errors.ts';
import type { Db } from '../db/database.ts';
import { unsafeWithSystemSending } from '../tenancy/with-tenant.ts';
import { issueRecoveryCodes } from './recovery-codes.ts';
import type { RequestSource } from '../audit/append.ts';
import { actingUser, type IdentityDeps } from './request-context.ts';
import { promoteSession, type SessionRow } from './sessions.ts';
import type { UserRow } from './store.ts';
import { users } from './tables.ts';
import { enrolmentRules, recordSuccess, reserveAttempt } from './throttle.ts';
import { checkTotp, newTotpSecret, totpQrSvg, totpUri } from './totp.ts';

export async function startEnrolment(
  deps: IdentityDeps,
  user: UserRow,
): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const secret = newTotpSecret();
  // Only the pending secret changes: the one in force (mfa_secret) keeps working until a code
  // from the new app is confirmed. Starting again replaces an earlier pending secret. Replacing
  // an enrolled factor needs a full session (enforced by the route).
  await deps.db
    .update(users)
    .set({ mfaPendingSecret: encryptField(deps.keyring, secret) })
    .where(eq(users.id, user.id));
  const uri = totpUri(secret, user.email);
  return { secret, uri, qrSvg: await totpQrSvg(uri) };
}

/** What changed about a person's second factor (the account.mfa_changed notice says which). */
export type MfaChange = 'enrolled' | 'replaced' | 'recovery_codes' | 'turned_off' | 'reset_by_admin';

/** Tells the account holder of a change to their second factor, in the transaction that made it. */
export type MfaAnnouncer = (tx: Db, user: UserRow, change: MfaChange) => Promise<void>;

export async function confirmEnrolment(
  deps: IdentityDeps,
  user: UserRow,
  session: SessionRow,
  code: string,
  origin: RequestSource,
  announce?: MfaAnnouncer,
): Promise<{ recoveryCodes: string[]; token: string | undefined } | { retryAfterMs: number }> {
  const { clock } = deps;
  const pending = user.mfaPendingSecret;
  if (!pending) throw new AppError('conflict', 'Start enrolment first: no authenticator secret is pending');
  const rules = enrolmentRules(user.id, origin.ip);
  // Counted before the check, as at sign-in, so parallel guesses cannot slip under the limit.
  const wait = await reserveAttempt(deps.db, rules, clock);
  if (wait > 0) return { retryAfterMs: wait };
  const step = await checkTotp(decryptField(deps.keyring, pending), code, clock.now(), null);
  if (step === undefined) {
    throw new AppError(
      'validation_failed',
      'That code does not match; check the time on your phone and try the current code',
      [{ path: 'body.code', message: 'does not match' }],
    );
  }
  return unsafeWithSystemSending(deps.db, async (tx) => {
    // Only the secret the code was checked against: an enrolment started again meanwhile (another
    // tab) has put a different one in its place, and that one needs its own code.
    const moved = await tx
      .update(users)
      .set({ mfaSecret: pending, mfaPendingSecret: null, mfaEnabledAt: clock.now(), mfaLastStep: step })
      .where(and(eq(users.id, user.id), eq(users.mfaPendingSecret, pending)))
      .returning({ id: users.id });
    if (moved.length === 0) {
      throw new AppError(
        'conflict',
        'The enrolment changed meanwhile (started again elsewhere?): try again with the newest QR code',
      );
    }
    await recordSuccess(tx, rules);
    const recoveryCodes = await issueRecoveryCodes(tx, user.id);
    const token = session.mfaVerified ? undefined : await promoteSession(tx, session.id);
    await appendAudit(tx, {
      at: clock.now(),
      ...actingUser(user),
      ...origin,
      action: user.mfaEnabledAt ? 'auth.mfa.replaced' : 'auth.mfa.enrolled',
      targetType: 'user',
      targetId: user.id,
    });
    await announce?.(tx, user, user.mfaEnabledAt ? 'replaced' : 'enrolled');
    return { recoveryCodes, token };
  });
}
