/**
 * The keys.rotate job as this process runs it: rotation with the process's keyring, and at its
 * end (succeeded or failed) the starter is told (account.job_finished, an account notice under
 * their preferences) with a link to the rotation's status.
 */
import type { Clock } from '../core/clock.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import { runKeyRotation, type RotateKeysData, type RotationEnd } from '../core/crypto/rotation-runs.ts';
import type { Database, Db } from '../core/db/database.ts';
import type { JobHandler } from '../core/jobs/job-type.ts';
import type { JobQueue } from '../core/jobs/queue.ts';
import { findUserById } from '../core/identity/store.ts';
import { notify } from '../notify/notify.ts';

function outcomeOf(end: RotationEnd): string {
  if (end.status === 'failed')
    return `It stopped after re-encrypting ${end.reencrypted} values. The error: ${end.error}`;
  const left =
    end.remaining === 0
      ? 'No value is left under an older key.'
      : `${end.remaining} values are still under an older key (busy or written by a server without the new key): start it again.`;
  return `${end.reencrypted} values were re-encrypted under the current key. ${left}`;
}

export function keyRotationHandler(deps: {
  database: Database;
  keyring: Keyring;
  clock: Clock;
  queue: JobQueue;
}): JobHandler<RotateKeysData> {
  const notifier = { queue: deps.queue, clock: deps.clock };
  const announce = async (tx: Db, end: RotationEnd & { id: string; startedBy: string; link: string }) => {
    const starter = await findUserById(tx, end.startedBy);
    if (!starter) return;
    const params = {
      job: 'Encryption key rotation',
      succeeded: end.status === 'succeeded',
      outcome: outcomeOf(end),
      at: deps.clock.now(),
      url: end.link,
    };
    await notify(tx, notifier, null, 'account.job_finished', params, [{ userId: starter.id, email: starter.email }]);
  };
  return async ({ rotationId, link }) =>
    runKeyRotation({ ...deps, announce: (tx, end) => announce(tx, { ...end, link }) }, rotationId);
}
