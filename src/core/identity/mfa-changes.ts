/**
 * Changes to an enrolled second factor other than enrolling: new recovery codes, turning MFA off
 * for oneself, and an administrator's MFA reset of someone who lost their authenticator. Each
 * proves who asks (the person's password or current code; the administrator's right to act on
 * the account, accounts.ts), is audited, and tells the account holder in its own transaction
 * (the MfaAnnouncer), so a change they did not make is noticed.
 */
import { eq } from 'drizzle-orm';
import { mfaRequiredRoles } from '../permissions/permissions.ts';
import { appendAudit } from '../audit/append.ts';
import { decryptField } from '../crypto/field-encryption.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { unsafeWithSystemSending } from '../tenancy/with-tenant.ts';
import type { MfaAnnouncer } from './mfa-enrolment.ts';
import { verifyPassword } from './passwords.ts';
import { issueRecoveryCodes } from './recovery-codes.ts';
import type { RequestSource } from '../audit/append.ts';
import { actingUser, type IdentityDeps } from './request-context.ts';
import { claimTotpStep } from './sign-in.ts';
import { membershipsOf, type UserRow } from './store.ts';
import { recoveryCodes, users } from './tables.ts';
import { recordSuccess, reserveAttempt, secondFactorRules, throttleRules, type Rule } from './throttle.ts';
import { checkTotp } from './totp.ts';

/** What a person offers to prove it is them: their password, a current code, or both. */
export interface MfaProof {
  password?: string | undefined;
  code?: string | undefined;
}

export type MfaChangeOutcome<T> = { kind: 'throttled'; retryAfterMs: number } | { kind: 'done'; value: T };

/** The settings that turn MFA off: no secret, pending or in force, no last step. */
const mfaOff = { mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastStep: null };

function requireEnrolled(user: UserRow): string {
  if (!user.mfaEnabledAt || !user.mfaSecret)
    throw new AppError('conflict', 'Two-factor authentication is not on for your account');
  return user.mfaSecret;
}

/**
 * Checks each offered proof, counted on the throttle before it is checked (a password on the
 * sign-in keys, a code on the second factor's), outside any transaction so a refusal still counts.
 * Returns the rules to clear and the code's TOTP step (claimed later, in the change's
 * transaction), or the wait when throttled; throws naming each proof that is wrong.
 */
async function checkProof(
  deps: IdentityDeps,
  user: UserRow,
  proof: MfaProof,
  origin: RequestSource,
): Promise<{ retryAfterMs: number } | { rules: Rule[]; step: number | undefined }> {
  const rules = [
    ...(proof.password !== undefined ? throttleRules(user.email, origin.ip) : []),
    ...(proof.code !== undefined ? secondFactorRules(user.id, null) : []),
  ];
  const wait = await reserveAttempt(deps.db, rules, deps.clock);
  if (wait > 0) return { retryAfterMs: wait };
  const wrong: { path: string; message: string }[] = [];
  if (proof.password !== undefined) {
    const ok = user.passwordHash !== null && (await verifyPassword(user.passwordHash, proof.password));
    if (!ok) wrong.push({ path: 'body.password', message: 'is not your current password' });
  }
  let step: number | undefined;
  if (proof.code !== undefined) {
    step = await checkTotp(
      decryptField(deps.keyring, requireEnrolled(user)),
      proof.code,
      deps.clock.now(),
      user.mfaLastStep,
    );
    if (step === undefined) wrong.push({ path: 'body.code', message: codeWrong });
  }
  if (wrong.length > 0) throw new AppError('validation_failed', 'That does not prove it is you', wrong);
  return { rules, step };
}

const codeWrong = 'is not a current code from your authenticator app';

/**
 * Runs one self-service change: proof checked, then the change, its audit entry and the notice in
 * one transaction. A failed proof is audited too, so refusals show in the log.
 */
async function withProof<T>(
  deps: IdentityDeps,
  user: UserRow,
  proof: MfaProof,
  origin: RequestSource,
  action: string,
  work: (tx: Db) => Promise<T>,
): Promise<MfaChangeOutcome<T>> {
  const audit = { at: deps.clock.now(), ...actingUser(user), ...origin, targetType: 'user', targetId: user.id };
  const refused = async (err: unknown): Promise<never> => {
    if (err instanceof AppError && err.code === 'validation_failed')
      await unsafeWithSystemSending(deps.db, (tx) =>
        appendAudit(tx, { ...audit, action: 'auth.mfa.change_failed', details: { attempted: action } }),
      );
    throw err;
  };
  const checked = await checkProof(deps, user, proof, origin).catch(refused);
  if ('retryAfterMs' in checked) return { kind: 'throttled', retryAfterMs: checked.retryAfterMs };
  return unsafeWithSystemSending(deps.db, async (tx) => {
    // Claimed here: a code that proved one change cannot prove another, even at the same moment.
    if (checked.step !== undefined && !(await claimTotpStep(tx, user.id, checked.step)))
      throw new AppError('validation_failed', 'That code was already used', [
        { path: 'body.code', message: codeWrong },
      ]);
    await recordSuccess(tx, checked.rules);
    const value = await work(tx);
    await appendAudit(tx, { ...audit, action });
    return { kind: 'done', value } as const;
  });
}

/**
 * New recovery codes for the signed-in person, proved by their password or a current code. The
 * old codes stop working in the same transaction; the new ones are returned once.
 */
export async function regenerateRecoveryCodes(
  deps: IdentityDeps,
  user: UserRow,
  proof: MfaProof,
  origin: RequestSource,
  announce?: MfaAnnouncer,
): Promise<MfaChangeOutcome<string[]>> {
  requireEnrolled(user);
  return withProof(deps, user, proof, origin, 'auth.mfa.recovery_codes_regenerated', async (tx) => {
    const codes = await issueRecoveryCodes(tx, user.id);
    await announce?.(tx, user, 'recovery_codes');
    return codes;
  });
}

/**
 * The roles that keep a person from turning MFA off, as one sentence, or undefined when none
 * does. (Tandem has no per-practice MFA policy: the rule is per role, core/permissions/permissions.ts.)
 */
export async function whyMfaIsRequired(db: Db, user: UserRow): Promise<string | undefined> {
  const binding = (await membershipsOf(db, user.id)).filter((m) => mfaRequiredRoles.has(m.role));
  if (binding.length === 0) return undefined;
  const held = binding.map((m) => `${m.role.replaceAll('_', ' ')} in ${m.practiceName}`).join(', ');
  return `Your role requires two-factor authentication (${held}), so it cannot be turned off`;
}

/**
 * Turns MFA off for the signed-in person, proved by their password and a current code together;
 * refused when a role they hold requires it. Secrets and recovery codes are deleted.
 */
export async function turnOffMfa(
  deps: IdentityDeps,
  user: UserRow,
  proof: { password: string; code: string },
  origin: RequestSource,
  announce?: MfaAnnouncer,
): Promise<MfaChangeOutcome<null>> {
  requireEnrolled(user);
  const why = await whyMfaIsRequired(deps.db, user);
  if (why) throw new AppError('forbidden', why);
  return withProof(deps, user, proof, origin, 'auth.mfa.turned_off', async (tx) => {
    await tx.update(users).set(mfaOff).where(eq(users.id, user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await announce?.(tx, user, 'turned_off');
    return null;
  });
}

/**
 * An administrator's MFA reset (the person lost their authenticator and recovery codes), in the
 * transaction where accounts.ts checked the administrator may act on the account: secrets and
 * recovery codes deleted. The caller ends the person's sessions and audits; the person is told.
 */
export async function clearMfaOf(tx: Db, target: UserRow, announce?: MfaAnnouncer): Promise<void> {
  await tx.update(users).set(mfaOff).where(eq(users.id, target.id));
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, target.id));
  await announce?.(tx, target, 'reset_by_admin');
}
