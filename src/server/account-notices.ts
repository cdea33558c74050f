/**
 * Account notices (issue 17): emails about a person's own account, which belong to no practice
 * (notices.practice_id is null) and are written as the owner, in the transaction of the change
 * they report. Each is a required event: nobody can turn it off.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import type { NewDeviceAnnouncer } from '../core/identity/known-devices.ts';
import type { MfaAnnouncer } from '../core/identity/mfa-enrolment.ts';
import { describeUserAgent } from '../core/identity/user-agent.ts';
import type { ResetAnnouncer } from '../core/identity/password-reset.ts';
import { notify, type Notifier } from '../notify/notify.ts';
import type { ServerDeps } from './deps.ts';
import { originOf } from './caller/principal.ts';
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

/**
 * Tells the account holder of a sign-in from a browser their account has not used before
 * (account.new_device): when, which browser and system, from which address, and a link to their
 * sessions to end it; none from a server without a job queue.
 */
export function newDeviceAnnouncer(deps: ServerDeps, request: FastifyRequest): NewDeviceAnnouncer | undefined {
  if (!deps.jobs) return undefined;
  const notifier = notifierOf(deps);
  const sessionsUrl = `${publicUrl(deps, request)}/account/sessions`;
  const { ip, userAgent } = originOf(request);
  return async (tx, user) => {
    const params = { at: deps.clock.now(), browser: describeUserAgent(userAgent), ip, sessionsUrl };
    await notify(tx, notifier, null, 'account.new_device', params, [{ userId: user.id, email: user.email }]);
  };
}
