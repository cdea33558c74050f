import { afterAll, beforeAll, expect, test } from 'vitest';
import { z } from 'zod';
import { withTenant } from '../../src/core/tenancy/with-tenant.ts';
import { newId } from '../../src/core/ids.ts';
import { defineJob, jobWorker, type JobRun } from '../../src/core/jobs/job-type.ts';
import { JobQueue } from '../../src/core/jobs/queue.ts';
import { describeEachEngine } from '../support/databases.ts';
import { waitFor } from '../support/wait-for.ts';

const greet = defineJob({ name: 'test.greet', data: z.object({ to: z.string().min(1) }) });
const flaky = defineJob({
  name: 'test.flaky',
  data: z.object({ failTimes: z.number().int() }),
  retry: { limit: 2, delaySeconds: 0, backoff: false },
});

describeEachEngine('job queue', (db, _engine, postgresUrl) => {
  let queue: JobQueue;
  const greeted: string[] = [];
  const flakyRuns: JobRun[] = [];

  beforeAll(async () => {
    queue = await JobQueue.open(db(), {
      postgresUrl: postgresUrl(),
      types: [greet, flaky],
      supervise: true,
      pollingIntervalSeconds: 0.5,
    });
    await queue.work([
      jobWorker(greet, async ({ to }) => void greeted.push(to)),
      jobWorker(flaky, async ({ failTimes }, run) => {
        flakyRuns.push(run);
        if (run.retryCount < failTimes) throw new Error(`attempt ${run.retryCount + 1} failed on purpose`);
      }),
    ]);
  });
  afterAll(async () => {
    await queue?.stop();
  });

  test('a job sent is run by the worker with its typed data', async () => {
    await queue.send(greet, { to: 'Dr Ada' });
    await waitFor(() => greeted.includes('Dr Ada'));
  });

  test('data that does not fit the type is refused when sent', async () => {
    await expect(queue.send(greet, { to: '' })).rejects.toThrow(/too_small|at least 1/);
  });

  test('a job sent in a practice transaction (as tandem_app) exists only if the transaction commits', async () => {
    const practiceId = newId();
    await expect(
      withTenant(db().db, practiceId, async (tx) => {
        await queue.send(greet, { to: 'rolled back' }, { tx });
        throw new Error('abandon the request');
      }),
    ).rejects.toThrow('abandon the request');
    await withTenant(db().db, practiceId, (tx) => queue.send(greet, { to: 'committed' }, { tx }));
    await waitFor(() => greeted.includes('committed'));
    const rows = await db().query<{ n: number }>(
      `select count(*)::int as n from pgboss.job where name = 'test.greet' and data->>'to' = 'rolled back'`,
    );
    expect(rows[0]?.n).toBe(0);
    expect(greeted).not.toContain('rolled back');
  });

  test('a failing job is retried up to its limit, then dead with its error, and a retry by hand runs it again', async () => {
    flakyRuns.length = 0;
    // Fails on attempts 1, 2 and 3 (retryCount 0..2): the limit of 2 retries is spent.
    const id = await queue.send(flaky, { failTimes: 3 });
    await waitFor(async () => (await queue.deadJobs()).some((job) => job.id === id));
    expect(flakyRuns.map((run) => run.retryCount)).toEqual([0, 1, 2]);
    const dead = (await queue.deadJobs()).find((job) => job.id === id);
    expect(dead).toMatchObject({ name: 'test.flaky', attempts: 3, error: 'Error: attempt 3 failed on purpose' });

    // retry() grants one more attempt (retryCount 3), which passes failTimes.
    expect(await queue.retryDead('test.flaky', id!)).toBe(true);
    await waitFor(() => flakyRuns.length === 4);
    await waitFor(async () => !(await queue.deadJobs()).some((job) => job.id === id));
    expect(flakyRuns[3]?.retryCount).toBe(3);
    expect(await queue.retryDead('test.flaky', id!)).toBe(false);
  });

  test('a recurring job is stored with its cron and time zone', async () => {
    await queue.schedule(greet, '0 7 * * 1', { to: 'Monday digest' }, 'America/Chicago');
    const rows = await db().query<{ cron: string; timezone: string }>(
      `select cron, timezone from pgboss.schedule where name = 'test.greet'`,
    );
    expect(rows).toEqual([{ cron: '0 7 * * 1', timezone: 'America/Chicago' }]);
  });
});
