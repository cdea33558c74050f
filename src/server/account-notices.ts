/**
 * Account notices (issue 17): emails about a person's own account, which belong to no practice
 * (notices.practice_id is null) and are written as the owner, in the transaction of the change
 * they report. Each is a required event: nobody can turn it off.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
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
