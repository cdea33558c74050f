/** The HTTP contract of dead jobs (src/server/routes/jobs.ts); the web app imports these. */
import { z } from 'zod';
import { listPageSchema } from '../page-schema.ts';

export const deadJobSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  error: z.string(),
  attempts: z.number().int(),
  createdAt: z.iso.datetime(),
  failedAt: z.iso.datetime(),
});
export const deadJobPageSchema = listPageSchema('jobs', deadJobSchema);

/** A job type's name: module, dot, job (`notify.deliver`). */
export const jobNamePattern = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;
