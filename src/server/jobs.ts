/**
 * The job queue as this process uses it: every module's job types (declared in every process,
 * so any process may send any job) and, where the process works jobs, their handlers with the
 * process's dependencies. `tandem serve --role` decides whether a process works jobs.
 */
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from '../core/db/database.ts';
import type { JobType, JobWorker } from '../core/jobs/job-type.ts';
import { jobWorker } from '../core/jobs/job-type.ts';
import { JobQueue } from '../core/jobs/queue.ts';
import {
  deliverHandler,
  deliverNotice,
  digestCron,
  digestHandler,
  releaseCron,
  releaseDue,
  releaseHeld,
  sendDigests,
} from '../notify/jobs.ts';
import { smtpMailer } from '../notify/mailer.ts';
import { deliverWebhook, deliverWebhookHandler } from '../webhooks/delivery.ts';
import { rotateKeysJob } from '../core/crypto/rotation-runs.ts';
import { keyRotationHandler } from './key-rotation-notice.ts';
import { slaSweepCron, slaSweepJob, sweepSla } from '../desk/sla-sweep.ts';
import { evaluateRpo, rpoEvaluationCron, rpoEvaluationJob } from '../backup/rpo.ts';
import { sweepRestoreTests } from '../backup/restore-test-sweep.ts';
import { imapPollCron, imapPollJob, pollImap } from '../mail/imap-poll.ts';
import { followLinkSweepCron, followLinkSweepJob, sweepFollowLinks } from '../desk/follow-links.ts';
import { linkBase, receiveDeps } from './mail-in.ts';

export type ServeRole = 'all' | 'web' | 'worker';
export const serveRoles: readonly ServeRole[] = ['all', 'web', 'worker'];

/** What job handlers are built from. */
export interface WorkerDeps {
  config: Config;
  database: Database;
  clock: Clock;
  /** Decrypts webhook secrets to sign with. */
  keyring: Keyring;
  /** For handlers that report what they did (the IMAP poll). */
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** Every job type of every module. */
export const jobTypes: readonly JobType<unknown>[] = [
  deliverNotice,
  sendDigests,
  releaseHeld,
  deliverWebhook,
  rotateKeysJob,
  slaSweepJob,
  rpoEvaluationJob,
  imapPollJob,
  followLinkSweepJob,
] as JobType<unknown>[];

/** The handler of each job type, built on this process's dependencies and queue (to send retries). */
export function jobWorkers(deps: WorkerDeps, queue: JobQueue): JobWorker[] {
  const { smtpUrl, mailFrom } = deps.config;
  const delivery = {
    db: deps.database.db,
    mailer: smtpUrl ? smtpMailer(smtpUrl, mailFrom) : undefined,
    clock: deps.clock,
  };
  const webhooks = { db: deps.database.db, keyring: deps.keyring, clock: deps.clock, queue };
  const watching = {
    database: deps.database,
    clock: deps.clock,
    keyring: deps.keyring,
    notifier: { queue, clock: deps.clock },
    // Read at each use: the jobs start before the server listens (linkBase).
    get publicUrl() {
      return linkBase(deps.config);
    },
  };
  return [
    jobWorker(deliverNotice, deliverHandler(delivery), 10),
    jobWorker(sendDigests, digestHandler(delivery)),
    jobWorker(releaseHeld, async () => {
      await releaseDue({ db: deps.database.db, clock: deps.clock, queue });
    }),
    jobWorker(deliverWebhook, deliverWebhookHandler(webhooks), 10),
    jobWorker(rotateKeysJob, keyRotationHandler({ ...deps, queue })),
    jobWorker(slaSweepJob, async () => {
      await sweepSla(watching);
    }),
    jobWorker(rpoEvaluationJob, async () => {
      await evaluateRpo(watching);
      await sweepRestoreTests(watching);
    }),
    jobWorker(followLinkSweepJob, async () => {
      await sweepFollowLinks(watching);
    }),
    jobWorker(imapPollJob, async () => {
      const mailbox = deps.config.imap;
      // Scheduled only with TANDEM_IMAP_URL; a process started without it leaves the tick to others.
      if (!mailbox) return;
      const receiving = receiveDeps(deps.config, { ...deps, jobs: queue });
      await pollImap(receiving, mailbox, { maxBytes: deps.config.smtpMaxBytes }, deps.log);
    }),
  ];
}

/** Said on start, so an operator of a one-machine install knows where emails go. */
export function emailStatus(config: Config): string {
  return config.smtpUrl
    ? `Email: sent through ${new URL(config.smtpUrl).host} from ${config.mailFrom}.`
    : "Email: no SMTP server configured (TANDEM_SMTP_URL), so emails wait in each practice's outbox, which its administrators read in the web app under Practice > Outbox (/practice/outbox).";
}

/**
 * Installs the job queue's tables (pg-boss's schema) and every type's queue, as `tandem migrate`
 * does after the migrations: servers then find them in place instead of each creating them on its
 * first start, which took 1.5 s of CPU on the embedded database (docs/benchmarks.md). A server
 * still installs what is missing, so a database migrated by an older Tandem starts too.
 */
export async function installJobQueue(database: Database, config: Config): Promise<void> {
  const queue = await JobQueue.open(database, { postgresUrl: config.databaseUrl, types: jobTypes, supervise: false });
  await queue.stop(0);
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
  if (works) {
    await queue.schedule(sendDigests, digestCron, {});
    await queue.schedule(releaseHeld, releaseCron, {});
    await queue.schedule(slaSweepJob, slaSweepCron, {});
    await queue.schedule(rpoEvaluationJob, rpoEvaluationCron, {});
    await queue.schedule(followLinkSweepJob, followLinkSweepCron, {});
    // The schedule lives in the database: removed when the mailbox is, or polls would go on.
    if (deps.config.imap) await queue.schedule(imapPollJob, imapPollCron(deps.config.imapPollMinutes), {});
    else await queue.unschedule(imapPollJob);
    await queue.work(jobWorkers(deps, queue));
  }
  return queue;
}
