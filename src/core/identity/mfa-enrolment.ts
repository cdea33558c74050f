/**
 * TOTP enrolment: start stores a fresh secret (encrypted) that is not yet in force; confirm
 * checks a code from the user's app, switches MFA on, issues recovery codes and, for a
 * password-only session, completes the sign-in under a fresh token.
 */
import { eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import { decryptField, encryptField } from '../crypto/field-encryption.ts';
import { AppError } from '../errors.ts';
import { unsafeWithSystem } from '../tenancy/with-tenant.ts';
import { issueRecoveryCodes } from './recovery-codes.ts';
import type { IdentityDeps, Origin } from './request-context.ts';
import { promoteSession, type SessionRow } from './sessions.ts';
import type { UserRow } from './store.ts';
import { users } from './tables.ts';
import { checkTotp, newTotpSecret, totpQrSvg, totpUri } from './totp.ts';

export async function startEnrolment(deps: IdentityDeps, user: UserRow): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const secret = newTotpSecret();
  // Replacing an enrolled secret needs a full session (enforced by the route); the old factor
  // stays in force until the new one is confirmed.
  await deps.db.update(users).set({ mfaSecret: encryptField(deps.keyring, secret) }).where(eq(users.id, user.id));
  const uri = totpUri(secret, user.email);
  return { secret, uri, qrSvg: await totpQrSvg(uri) };
}

export async function confirmEnrolment(
  deps: IdentityDeps,
  user: UserRow,
  session: SessionRow,
  code: string,
  origin: Origin,
): Promise<{ recoveryCodes: string[]; token: string | undefined }> {
  const { clock } = deps;
  if (!user.mfaSecret) throw new AppError('conflict', 'Start enrolment first: no authenticator secret is pending');
  const secret = decryptField(deps.keyring, user.mfaSecret);
  const step = await checkTotp(secret, code, clock.now(), null);
  if (step === undefined) {
    throw new AppError('validation_failed', 'That code does not match; check the time on your phone and try the current code', [
      { path: 'body.code', message: 'does not match' },
    ]);
  }
  return unsafeWithSystem(deps.db, async (tx) => {
    await tx.update(users).set({ mfaEnabledAt: clock.now(), mfaLastStep: step }).where(eq(users.id, user.id));
    const recoveryCodes = await issueRecoveryCodes(tx, user.id);
    const token = session.mfaVerified ? undefined : await promoteSession(tx, session.id);
    await appendAudit(tx, {
      at: clock.now(),
      actorType: 'user',
      actorId: user.id,
      actorLabel: user.email,
      ...origin,
      action: user.mfaEnabledAt ? 'auth.mfa.replaced' : 'auth.mfa.enrolled',
      targetType: 'user',
      targetId: user.id,
    });
    return { recoveryCodes, token };
  });
}
