/**
 * The server's audit checkpoints (core/audit/checkpoints.ts): one at start, one every
 * TANDEM_AUDIT_CHECKPOINT_MINUTES when the chain head moved, and one on clean shutdown after the
 * last request. A plain timer (a job queue comes later); one checkpoint at a time. A refused
 * checkpoint (the chain no longer checks out) is logged as an error and retried next time.
 */
import type { FastifyBaseLogger } from 'fastify';
import { CheckpointRefused, writeCheckpoint } from '../core/audit/checkpoints.ts';
import type { AuditKeys } from '../core/audit/key.ts';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { loggableError } from './errors.ts';

export interface Checkpointer {
  /** Resolves when the checkpoint under way (if any) is done. */
  settled(): Promise<void>;
  /** Stops the timer, waits for a checkpoint under way, then writes the last one. */
  stop(): Promise<void>;
}

export function startCheckpoints(
  database: Database,
  keys: AuditKeys,
  clock: Clock,
  intervalMs: number,
  log: FastifyBaseLogger,
): Checkpointer {
  let running: Promise<void> = Promise.resolve();
  const once = () => {
    running = running.then(async () => {
      try {
        const outcome = await writeCheckpoint(database, keys, clock.now());
        if (outcome.written) log.info({ seq: outcome.checkpoint.seq }, 'audit checkpoint written');
      } catch (err) {
        if (err instanceof CheckpointRefused) log.error({ reason: err.message }, 'audit checkpoint refused');
        else log.error({ err: loggableError(err) }, 'audit checkpoint failed');
      }
    });
    return running;
  };
  void once();
  const timer = setInterval(() => void once(), intervalMs);
  timer.unref();
  return {
    settled: () => running,
    stop: async () => {
      clearInterval(timer);
      await once();
    },
  };
}
