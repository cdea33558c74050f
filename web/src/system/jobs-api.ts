/** Dead jobs (failed after every retry) and a retry by hand, for organisation administrators. */
import { z } from 'zod';
import { deadJobPageSchema, type deadJobSchema } from '../../../src/core/jobs/schema.ts';
import { apiRequest } from '../api/client.ts';

export type DeadJob = z.infer<typeof deadJobSchema>;

export const deadJobsKey = ['jobs', 'dead'] as const;

export const jobsApi = {
  dead: (cursor: string | undefined) =>
    apiRequest(deadJobPageSchema, '/api/v1/jobs/dead', { query: { limit: 50, cursor } }),
  retry: (job: Pick<DeadJob, 'name' | 'id'>) =>
    apiRequest(z.null(), `/api/v1/jobs/dead/${encodeURIComponent(job.name)}/${job.id}/retry`, {
      method: 'POST',
      body: {},
    }),
};
