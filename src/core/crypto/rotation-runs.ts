/**
 * Key rotation as a background job (keys.rotate), started by an organisation administrator from
 * the API: a key_rotations row records who started it, its progress and how it ended, and the
 * job runs rotateKeys with the working process's keyring. Safe to repeat: rotation only touches
 * values not yet under the current key, so an attempt retried after a crash finishes the work.
 * The CLI (`tandem keys rotate`) keeps calling rotateKeys directly, with no row and no starter.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Database, Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import { unsafeWithSystemSending } from '../tenancy/with-tenant.ts';
import { defineJob } from '../jobs/job-type.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Keyring } from './keyring.ts';
import { rotateKeys, type RotateOptions } from './rotate.ts';
import { keyRotations } from './tables.ts';

export type KeyRotationRow = typeof keyRotations.$inferSelect;

export type RotateKeysData = { rotationId: string; link: string };

export const rotateKeysJob = defineJob<RotateKeysData>({
  name: 'keys.rotate',
  // link: where the starter's notice points (the status page), made where the request was.
  data: z.object({ rotationId: z.uuid(), link: z.url() }),
  // One retry, for a worker that died mid-way; a rotation that fails on its own is reported.
  retry: { limit: 1, delaySeconds: 30, backoff: false },
  timeoutSeconds: 3600,
});

/** Records a rotation started by userId and queues its job, in the caller's transaction. */
export async function startKeyRotation(
  tx: Db,
  queue: JobQueue,
  userId: string,
  clock: Clock,
  linkOf: (id: string) => string,
): Promise<KeyRotationRow> {
  const [row] = await tx
    .insert(keyRotations)
    .values({ id: newId(), startedBy: userId, startedAt: clock.now(), status: 'queued' })
    .returning();
  if (!row) throw new Error('key rotation insert returned no row');
  await queue.send(rotateKeysJob, { rotationId: row.id, link: linkOf(row.id) }, { tx });
  return row;
}

export async function findKeyRotation(db: Db, id: string): Promise<KeyRotationRow | undefined> {
  const [row] = await db.select().from(keyRotations).where(eq(keyRotations.id, id));
  return row;
}

/** Which way a rotation ended, for whoever tells its starter. */
export type RotationEnd = Pick<KeyRotationRow, 'status' | 'reencrypted' | 'remaining' | 'error'>;

export interface RotationRunDeps {
  database: Database;
  keyring: Keyring;
  clock: Clock;
  /** Tells the starter, in the transaction that records the end. */
  announce?: (tx: Db, end: RotationEnd & { id: string; startedBy: string }) => Promise<void>;
  rotate?: RotateOptions;
}

/**
 * Runs one rotation: marks it running, re-encrypts with progress saved after each batch, then
 * records the end and tells the starter in one transaction. A rotation that throws is recorded
 * as failed with its error (and told) rather than retried: the same error would recur.
 */
export async function runKeyRotation(deps: RotationRunDeps, rotationId: string): Promise<void> {
  const { database, keyring, clock } = deps;
  const db = database.db;
  const row = await findKeyRotation(db, rotationId);
  if (!row || row.status === 'succeeded' || row.status === 'failed') return; // ended: a repeat does nothing
  await db.update(keyRotations).set({ status: 'running', keyId: keyring.currentId }).where(eq(keyRotations.id, row.id));
  // rotateKeys counts per column; the row shows the total, saved in order after each batch.
  const perColumn = new Map<string, number>();
  const total = () => [...perColumn.values()].reduce((a, b) => a + b, 0);
  let saved = Promise.resolve();
  const onProgress: RotateOptions['onProgress'] = ({ table, column, reencrypted }) => {
    perColumn.set(`${table}.${column}`, reencrypted);
    const n = total();
    saved = saved.then(() => saveProgress(db, row.id, n));
  };
  let end: RotationEnd;
  try {
    const result = await rotateKeys(database, keyring, { ...deps.rotate, onProgress });
    end = { status: 'succeeded', reencrypted: result.reencrypted, remaining: result.remaining, error: null };
  } catch (err) {
    end = { status: 'failed', reencrypted: total(), remaining: null, error: (err as Error).message.slice(0, 1000) };
  }
  await saved.catch(() => undefined);
  await unsafeWithSystemSending(db, async (tx) => {
    await tx
      .update(keyRotations)
      .set({ ...end, finishedAt: clock.now() })
      .where(eq(keyRotations.id, row.id));
    await deps.announce?.(tx, { ...end, id: row.id, startedBy: row.startedBy });
  });
}

async function saveProgress(db: Db, id: string, reencrypted: number): Promise<void> {
  await db.update(keyRotations).set({ reencrypted }).where(eq(keyRotations.id, id));
}
