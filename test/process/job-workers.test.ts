/**
 * The queue across real processes on PostgreSQL: a worker killed with SIGKILL mid-job (its job
 * runs again, once, in another process once its timeout passes) and two workers sharing 1,000
 * jobs (each runs exactly once).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { openDatabase, type Database } from '../../src/core/db/database.ts';
import { JobQueue } from '../../src/core/jobs/queue.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import { recordJob } from '../support/job-worker-process.ts';
import { repoRoot } from '../support/spawn-server.ts';
import { waitFor } from '../support/wait-for.ts';

const script = fileURLToPath(new URL('../support/job-worker-process.ts', import.meta.url));

interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<unknown>;
}

async function startWorker(url: string, name: string): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, name], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const worker = { child, output: () => out, exited };
  await waitFor(() => out.includes('ready\n') || child.exitCode !== null, { timeoutMs: 90_000, what: `${name} ready` });
  if (!out.includes('ready\n')) throw new Error(`worker ${name} did not start:\n${out}`);
  return worker;
}

describe.skipIf(!inject('postgresUrl'))('job workers in separate processes [postgres]', () => {
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let database: Database;
  let queue: JobQueue;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    created = await createPostgresDatabase();
    database = await openDatabase({ kind: 'postgres', url: created.url, poolMax: 4 });
    await database.query(
      'create table job_runs (job_id uuid not null, n int not null, worker text not null, retry_count int not null)',
    );
    // Sends only: the workers are the other processes.
    queue = await JobQueue.open(database, { postgresUrl: created.url, types: [recordJob], supervise: false });
  }, 120_000);
  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    await database.query('delete from job_runs');
  });
  afterAll(async () => {
    await queue?.stop();
    await database?.close();
    await created?.drop();
  });

  const runs = () =>
    database.query<{ job_id: string; worker: string; retry_count: number }>(
      'select job_id, worker, retry_count from job_runs order by retry_count',
    );

  test('a job whose worker is killed mid-run runs again, once, in another worker', async () => {
    const first = await startWorker(created.url, 'first');
    workers.push(first);
    const id = await queue.send(recordJob, { n: 1, hang: true });
    await waitFor(() => first.output().includes(`started ${id}`), { what: 'first attempt started' });
    first.child.kill('SIGKILL');
    await first.exited;

    workers.push(await startWorker(created.url, 'second'));
    // The attempt expires after the type's 5 s timeout; the second worker's maintenance retries it.
    await waitFor(async () => (await runs()).length === 2, { what: 'second run' });
    await waitFor(
      async () =>
        (await database.query<{ state: string }>(`select state from pgboss.job where id = $1`, [id])).at(0)?.state ===
        'completed',
      { what: 'job completed' },
    );
    // Past another timeout and a few maintenance rounds: still exactly two runs.
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    expect(await runs()).toEqual([
      { job_id: id, worker: 'first', retry_count: 0 },
      { job_id: id, worker: 'second', retry_count: 1 },
    ]);
  }, 240_000);

  test('two workers share 1,000 jobs and run each exactly once', async () => {
    workers.push(await startWorker(created.url, 'a'), await startWorker(created.url, 'b'));
    for (let n = 0; n < 1000; n += 1) await queue.send(recordJob, { n });
    await waitFor(
      async () => (await database.query<{ c: number }>('select count(*)::int as c from job_runs'))[0]!.c >= 1000,
      {
        timeoutMs: 180_000,
        what: '1,000 runs',
      },
    );
    const [summary] = await database.query<{ runs: number; distinct_n: number; a: number; b: number }>(
      `select count(*)::int as runs, count(distinct n)::int as distinct_n,
              count(*) filter (where worker = 'a')::int as a, count(*) filter (where worker = 'b')::int as b
         from job_runs`,
    );
    expect(summary).toMatchObject({ runs: 1000, distinct_n: 1000 });
    // Both polled while the jobs were queued, so both took a share.
    expect(summary!.a).toBeGreaterThan(0);
    expect(summary!.b).toBeGreaterThan(0);
  }, 300_000);
});
