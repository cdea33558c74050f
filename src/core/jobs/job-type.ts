/**
 * A kind of background job, declared by the module that owns it: a name, the shape of its data
 * (checked when it is sent and again when it runs, so a job queued by an older release cannot
 * reach a handler in a shape it does not expect) and its retry policy. The handler is attached
 * where the process is composed (src/server/jobs.ts), because it needs that process's database,
 * mailer and so on; the type alone is enough to send a job from anywhere.
 */
import type { z } from 'zod';

export interface RetryPolicy {
  /** Attempts after the first; when they are spent the job is dead (state failed) until retried by hand. */
  limit: number;
  /** Delay before the first retry; with backoff each later one doubles, with jitter (pg-boss). */
  delaySeconds: number;
  backoff: boolean;
}

export interface JobType<T> {
  /** `<module>.<what>`: also the pg-boss queue name, so never renamed once released. */
  readonly name: string;
  readonly data: z.ZodType<T>;
  readonly retry: RetryPolicy;
  /**
   * How long one attempt may stay active. Past it the attempt counts as failed: its handler is
   * abandoned, and a job whose worker died (kill -9, power loss) is retried after this long.
   */
  readonly timeoutSeconds: number;
}

export const defaultRetry: RetryPolicy = { limit: 5, delaySeconds: 10, backoff: true };

const namePattern = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

export function defineJob<T>(type: {
  name: string;
  data: z.ZodType<T>;
  retry?: Partial<RetryPolicy>;
  timeoutSeconds?: number;
}): JobType<T> {
  if (!namePattern.test(type.name)) throw new Error(`a job name is <module>.<what> in lower case: ${type.name}`);
  return {
    name: type.name,
    data: type.data,
    retry: { ...defaultRetry, ...type.retry },
    timeoutSeconds: type.timeoutSeconds ?? 300,
  };
}

/** What a handler learns about the attempt it runs. */
export interface JobRun {
  id: string;
  /** 0 on the first attempt. */
  retryCount: number;
}

export type JobHandler<T> = (data: T, run: JobRun) => Promise<void>;

/** A job type with the handler this process runs it with. */
export interface JobWorker<T = never> {
  type: JobType<T>;
  handle: JobHandler<T>;
  /** Jobs fetched per poll; the handler runs on each of them concurrently. */
  batchSize?: number;
}

/** Pairs a type with its handler, keeping the data type checked (a list of workers mixes types). */
export function jobWorker<T>(type: JobType<T>, handle: JobHandler<T>, batchSize?: number): JobWorker {
  return { type, handle, batchSize } as unknown as JobWorker;
}
