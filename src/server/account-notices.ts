/**
 * Account notices (issue 17): emails about a person's own account, which belong to no practice
 * (notices.practice_id is null) and are written as the owner, in the transaction of the change
 * they report. Each is a required event: nobody can turn it off.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import type { MfaAnnouncer } from '../core/identity/mfa-enrolment.ts';
import type { ResetAnnouncer } from '../core/identity/password-reset.ts';
import { notify, type Notifier } from '../notify/notify.ts';
import type { ServerDeps } from './deps.ts';
import { publicUrl } from './links.ts';

function notifierOf(deps: ServerDeps): Notifier {
  if (!deps.jobs) throw new AppError('unavailable', 'This server runs no job queue, so it cannot send email');
  return { queue: deps.jobs, clock: deps.clock };
}

/** Emails the reset link (account.password_reset) to the account's own address. */
export function passwordResetAnnouncer(deps: ServerDeps, request: FastifyRequest): ResetAnnouncer {
  const notifier = notifierOf(deps);
  const base = publicUrl(deps, request);
  return async (tx, user, token, expiresAt) => {
    const resetUrl = `${base}/reset-password?token=${encodeURIComponent(token)}`;
    const params = { resetUrl, expiresAt, mfaEnabled: user.mfaEnabledAt !== null };
    await notify(tx, notifier, null, 'account.password_reset', params, [{ userId: user.id, email: user.email }]);
  };
}

/**
 * Tells the account holder their second factor changed (account.mfa_changed), with a link to
 * their sessions; none from a server without a job queue (test servers for other areas).
 */
export function mfaChangedAnnouncer(deps: ServerDeps, request: FastifyRequest): MfaAnnouncer | undefined {
  if (!deps.jobs) return undefined;
  const notifier = notifierOf(deps);
  const sessionsUrl = `${publicUrl(deps, request)}/account/sessions`;
  return async (tx, user, change) => {
    const params = { change, at: deps.clock.now(), sessionsUrl };
    await notify(tx, notifier, null, 'account.mfa_changed', params, [{ userId: user.id, email: user.email }]);
  };
}
