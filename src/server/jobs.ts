/**
 * The job queue as this process uses it: every module's job types (declared in every process,
 * so any process may send any job) and, where the process works jobs, their handlers with the
 * process's dependencies. `tandem serve --role` decides whether a process works jobs.
 */
import type { Config } from '../core/config.ts';
import type { Database } from '../core/db/database.ts';
import type { JobType, JobWorker } from '../core/jobs/job-type.ts';
import { JobQueue } from '../core/jobs/queue.ts';

export type ServeRole = 'all' | 'web' | 'worker';
export const serveRoles: readonly ServeRole[] = ['all', 'web', 'worker'];

/** What job handlers are built from. */
export interface WorkerDeps {
  config: Config;
  database: Database;
}

/** Every job type of every module. */
export const jobTypes: readonly JobType<unknown>[] = [];

/** The handler of each job type, built on this process's dependencies. */
export function jobWorkers(deps: WorkerDeps): JobWorker[] {
  void deps;
  return [];
}

/** Opens the queue; a process whose role works jobs also supervises it and starts its handlers. */
export async function openJobs(deps: WorkerDeps, role: ServeRole, onError: (err: Error) => void): Promise<JobQueue> {
  const works = role !== 'web';
  const queue = await JobQueue.open(deps.database, {
    postgresUrl: deps.config.databaseUrl,
    types: jobTypes,
    supervise: works,
    onError,
  });
  if (works) await queue.work(jobWorkers(deps));
  return queue;
}
