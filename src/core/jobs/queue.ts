/**
 * The job queue: pg-boss 10 on either engine (docs/architecture.md, "Background jobs").
 * - PostgreSQL: pg-boss keeps its own small pool on the same server, so polling workers never
 *   wait behind request transactions for a connection, and several processes share the queue
 *   (SELECT ... FOR UPDATE SKIP LOCKED hands each job to one of them).
 * - PGlite: pg-boss's `db` option sends its SQL through the process's one PGlite session.
 * A job sent with `tx` is inserted on that transaction's connection, so it exists only if the
 * request's work commits (no job for a rolled-back change, no change without its job).
 */
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Db, Database } from '../db/database.ts';
import type { JobRun, JobType, JobWorker } from './job-type.ts';

export interface JobQueueOptions {
  /** PostgreSQL server for pg-boss's own pool; absent, pg-boss goes through `database` (PGlite). */
  postgresUrl?: string;
  /** Every job type this process may send or run: each is a pg-boss queue, created or updated at start. */
  types: readonly JobType<unknown>[];
  /**
   * Expire stuck attempts, archive old jobs and turn schedules into jobs. Every worker process
   * does it; pg-boss takes an advisory lock, so one at a time does the work.
   */
  supervise: boolean;
  /** How often that supervision runs (pg-boss's default is 120 s; tests shorten it). */
  maintenanceIntervalSeconds?: number;
  /** How often an idle worker asks for jobs. */
  pollingIntervalSeconds?: number;
  /** Errors pg-boss reports outside any caller (a failed poll, maintenance). */
  onError?: (err: Error) => void;
}

export interface SendOptions {
  /** Send inside this transaction (from withLocalSettings): the job exists only if it commits. */
  tx?: Db;
  /** Run no earlier than this. */
  startAfter?: Date;
  /** At most one queued or active job with this key per type (pg-boss singletonKey). */
  singletonKey?: string;
}

/** A job whose retries are spent: what an administrator sees before pressing retry. */
export interface DeadJob {
  id: string;
  name: string;
  data: unknown;
  error: string;
  attempts: number;
  createdAt: Date;
  failedAt: Date;
}

/** Dead jobs stay retryable in the job table this long before pg-boss archives them. */
const deadJobDays = 14;

type Client = {
  query(
    query: string | { name: string; text: string; values?: unknown[] },
    values?: unknown[],
  ): Promise<{ rows: unknown[] }>;
};

const statementNames = new Map<string, string>();

/** A name per distinct SQL text, so node-postgres prepares pg-boss's insert once per connection. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) statementNames.set(text, (name = `pgboss_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`));
  return name;
}

/**
 * The connection a transaction from withLocalSettings runs on (both engines' Drizzle set
 * $client). On PostgreSQL the statement is named: planning pg-boss's insert each time was most
 * of a send's cost inside a request (docs/benchmarks.md).
 */
function transactionExecutor(tx: Db, prepare: boolean): PgBoss.Db {
  const client = (tx as unknown as { $client?: Client }).$client;
  if (!client) throw new Error('send({ tx }) needs a transaction from withLocalSettings');
  return {
    executeSql: (text, values) =>
      prepare ? client.query({ name: statementName(text), text, values }) : client.query(text, values),
  };
}

/**
 * Practice-scoped transactions run as tandem_app (core/tenancy/with-tenant.ts), which must be able
 * to insert a job there; pg-boss creates its tables as the connecting user, so the grant follows
 * each start (new pg-boss versions may add tables). Nothing else: reading or changing jobs stays
 * with the worker's own connection.
 */
async function grantSending(db: PgBoss.Db): Promise<void> {
  await db.executeSql(
    `do $$ begin
       if exists (select 1 from pg_roles where rolname = 'tandem_app') then
         grant usage on schema pgboss to tandem_app;
         grant select on pgboss.queue to tandem_app;
         grant select, insert on pgboss.job to tandem_app;
       end if;
     end $$`,
    [],
  );
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * What pg-boss records as the failed jobs' output (its `message`): a job's own error when it
 * failed alone, else each failed job's error by id, since one output is written to all of them.
 * No stack: the output is shown to administrators, and the stack says nothing they can act on.
 */
function batchFailure(failures: { id: string; error: string }[]): Error {
  const message =
    failures.length === 1
      ? failures[0]!.error
      : failures
          .map((f) => `${f.id}: ${f.error}`)
          .join('; ')
          .slice(0, 4000);
  const failure = new Error(message);
  failure.stack = undefined;
  return failure;
}

export class JobQueue {
  private readonly boss: PgBoss;
  private readonly types = new Map<string, JobType<unknown>>();
  private readonly onPostgres: boolean;

  private constructor(boss: PgBoss, types: readonly JobType<unknown>[], onPostgres: boolean) {
    this.boss = boss;
    this.onPostgres = onPostgres;
    for (const type of types) this.types.set(type.name, type);
  }

  static async open(database: Database, options: JobQueueOptions): Promise<JobQueue> {
    const connection: PgBoss.ConstructorOptions = options.postgresUrl
      ? { connectionString: options.postgresUrl, max: 4, application_name: 'tandem-jobs' }
      : { db: { executeSql: (text, values) => database.executeSql(text, values) } };
    const boss = new PgBoss({
      ...connection,
      supervise: options.supervise,
      schedule: options.supervise,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
      archiveFailedAfterSeconds: deadJobDays * 86_400,
    });
    boss.on('error', (err: Error) => options.onError?.(err));
    await boss.start();
    const queue = new JobQueue(boss, options.types, database.mode === 'postgres');
    try {
      await grantSending(boss.getDb());
      for (const type of options.types) await queue.declare(type);
    } catch (err) {
      await boss.stop({ graceful: false });
      throw err;
    }
    return queue;
  }

  /** Creates the type's queue, or brings its retry policy up to date with the code. */
  private async declare(type: JobType<unknown>): Promise<void> {
    const policy: PgBoss.Queue = {
      name: type.name,
      policy: 'standard',
      retryLimit: type.retry.limit,
      retryDelay: type.retry.delaySeconds,
      retryBackoff: type.retry.backoff,
      expireInSeconds: type.timeoutSeconds,
    };
    if (await this.boss.getQueue(type.name)) await this.boss.updateQueue(type.name, policy);
    else await this.boss.createQueue(type.name, policy);
  }

  private known<T>(type: JobType<T>): void {
    if (this.types.get(type.name) !== (type as unknown))
      throw new Error(`job type ${type.name} was not declared to the queue`);
  }

  /** Queues a job; null when singletonKey matched a job already queued. */
  async send<T>(type: JobType<T>, data: T, options: SendOptions = {}): Promise<string | null> {
    this.known(type);
    const checked = type.data.parse(data) as object;
    return this.boss.send(type.name, checked, {
      startAfter: options.startAfter,
      singletonKey: options.singletonKey,
      db: options.tx ? transactionExecutor(options.tx, this.onPostgres) : undefined,
    });
  }

  /** A recurring job: `cron` (five fields) in time zone `tz`; one schedule per type. */
  async schedule<T>(type: JobType<T>, cron: string, data: T, tz = 'UTC'): Promise<void> {
    this.known(type);
    await this.boss.schedule(type.name, cron, type.data.parse(data) as object, { tz });
  }

  /** Removes the type's recurring schedule, if it has one (a feature turned off in the configuration). */
  async unschedule<T>(type: JobType<T>): Promise<void> {
    this.known(type);
    await this.boss.unschedule(type.name);
  }

  /**
   * Starts polling for each worker's type. A batch's failed jobs fail alone: the others are
   * completed first, then the callback throws and pg-boss fails what is still active. Failing a
   * job from inside the callback instead would race pg-boss's own completion of the batch: a job
   * failed with no retry delay can be fetched again before that completion lands, and the stale
   * completion would then mark the new attempt completed while it runs.
   */
  async work(workers: readonly JobWorker[]): Promise<void> {
    for (const worker of workers) {
      const type = worker.type as JobType<unknown>;
      this.known(type);
      const runOne = async (job: PgBoss.JobWithMetadata<unknown>): Promise<string | undefined> => {
        try {
          const run: JobRun = { id: job.id, retryCount: job.retryCount };
          await worker.handle(type.data.parse(job.data) as never, run);
          return undefined;
        } catch (err) {
          return errorMessage(err);
        }
      };
      const batchSize = worker.batchSize ?? 1;
      let workerId = '';
      workerId = await this.boss.work<unknown>(type.name, { batchSize, includeMetadata: true }, async (jobs) => {
        const errors = await Promise.all(jobs.map(runOne));
        const failed = jobs.filter((_, i) => errors[i] !== undefined);
        if (failed.length > 0) {
          const done = jobs.filter((_, i) => errors[i] === undefined).map((job) => job.id);
          if (done.length > 0) await this.boss.complete(type.name, done);
          throw batchFailure(failed.map((job) => ({ id: job.id, error: errors[jobs.indexOf(job)]! })));
        }
        // A full batch suggests more are waiting: fetch again at once instead of after the polling interval.
        if (jobs.length >= batchSize) this.boss.notifyWorker(workerId);
      });
    }
  }

  /** Dead jobs, newest first. */
  async deadJobs(limit = 100): Promise<DeadJob[]> {
    const { rows } = await this.boss.getDb().executeSql(
      `select id, name, data, output, retry_count, created_on, completed_on
         from pgboss.job where state = 'failed' order by completed_on desc, id limit $1`,
      [limit],
    );
    return (rows as Record<string, unknown>[]).map((row) => ({
      id: String(row.id),
      name: String(row.name),
      data: row.data,
      error: String((row.output as { message?: unknown } | null)?.message ?? 'no error recorded'),
      attempts: Number(row.retry_count) + 1,
      createdAt: new Date(row.created_on as string),
      failedAt: new Date(row.completed_on as string),
    }));
  }

  /** How many jobs are dead (for the operator's metrics). */
  async deadJobCount(): Promise<number> {
    const { rows } = await this.boss
      .getDb()
      .executeSql(`select count(*)::int as count from pgboss.job where state = 'failed'`, []);
    return Number((rows[0] as { count: number }).count);
  }

  /** Puts a dead job back in the queue for one more attempt; false if it is not dead (any more). */
  async retryDead(name: string, id: string): Promise<boolean> {
    const before = await this.boss.getJobById(name, id);
    if (before?.state !== 'failed') return false;
    await this.boss.retry(name, id);
    return (await this.boss.getJobById(name, id))?.state === 'retry';
  }

  /** Stops polling, waits up to `timeoutMs` for running jobs, fails what is left (to be retried). */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
  }
}
