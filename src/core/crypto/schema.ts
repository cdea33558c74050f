/** HTTP shape of a key rotation started from the API (rotation-runs.ts). */
import { z } from 'zod';

export const keyRotationSchema = z.object({
  id: z.uuid(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  startedBy: z.uuid(),
  startedAt: z.iso.datetime(),
  /** The key values are re-encrypted to; null until the job starts. */
  keyId: z.string().nullable(),
  /** Values re-encrypted so far (saved after each batch). */
  reencrypted: z.number().int(),
  /** Values still under an older key when it ended; null until then, or when it failed. */
  remaining: z.number().int().nullable(),
  error: z.string().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});
