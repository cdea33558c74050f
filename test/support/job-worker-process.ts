/**
 * A worker process for the multi-process job tests: the real JobQueue (src/core/jobs) on the
 * PostgreSQL database named in argv, running one test job type that records each run in
 * job_runs (created by the test). A job with `hang` set waits forever on its first attempt, so
 * the test can kill the process mid-job. Run as: node --import tsx job-worker-process.ts <url> <name>
 */
import { z } from 'zod';
import { openDatabase } from '../../src/core/db/database.ts';
import { defineJob, jobWorker } from '../../src/core/jobs/job-type.ts';
import { JobQueue } from '../../src/core/jobs/queue.ts';

export const recordJob = defineJob({
  name: 'test.record',
  data: z.object({ n: z.number().int(), hang: z.boolean().optional() }),
  retry: { limit: 3, delaySeconds: 1, backoff: false },
  timeoutSeconds: 5,
});

async function main(url: string, name: string): Promise<void> {
  const database = await openDatabase({ kind: 'postgres', url, poolMax: 4 });
  const queue = await JobQueue.open(database, {
    postgresUrl: url,
    types: [recordJob],
    supervise: true,
    maintenanceIntervalSeconds: 1,
    pollingIntervalSeconds: 0.5,
    onError: (err) => process.stderr.write(`${err.message}\n`),
  });
  await queue.work([
    jobWorker(
      recordJob,
      async ({ n, hang }, run) => {
        await database.query('insert into job_runs (job_id, n, worker, retry_count) values ($1, $2, $3, $4)', [
          run.id,
          n,
          name,
          run.retryCount,
        ]);
        if (hang && run.retryCount === 0) {
          process.stdout.write(`started ${run.id}\n`);
          await new Promise(() => undefined);
        }
      },
      10,
    ),
  ]);
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void queue.stop().then(() => database.close());
  });
}

const [url, name] = process.argv.slice(2);
if (url && name) await main(url, name);
