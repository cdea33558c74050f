/**
 * A world whose notices are really delivered: a job queue working notify.deliver, and, when asked,
 * a real SMTP server (smtp-server) configured as the world's TANDEM_SMTP_URL. Without one, emails
 * go to the outbox, as in the embedded default.
 */
import { jobWorker, type JobType, type JobWorker } from '../../src/core/jobs/job-type.ts';
import { JobQueue } from '../../src/core/jobs/queue.ts';
import type { Config } from '../../src/core/config.ts';
import type { Database } from '../../src/core/db/database.ts';
import { deliverHandler, deliverNotice } from '../../src/notify/jobs.ts';
import { smtpMailer } from '../../src/notify/mailer.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';
import type { RunDeps } from '../../src/monitor/run-check.ts';
import { smallMatrix } from './matrix-fixture.ts';
import { as, buildWorld, type SignedIn, type World } from './world.ts';

export const noticePublicUrl = 'https://tandem.harbor.example';
/** The world's From address: its Message-IDs end in @harbor.example. */
const mailFrom = 'Tandem <tandem@harbor.example>';

export interface NoticeWorld {
  world: World;
  /** Absent for a world without an SMTP server. */
  smtp: SmtpSink | undefined;
  /** The world's job queue, for work a test runs itself that sends notices. */
  queue: JobQueue;
  stop(): Promise<void>;
}

export async function buildNoticeWorld(
  database: Database,
  postgresUrl: string | undefined,
  options: {
    smtp: boolean;
    /** More job types this world sends, and the workers for them (built once the world exists). */
    extra?: { types: JobType<unknown>[]; workers: (world: World, queue: JobQueue) => JobWorker[] };
    /** More configuration of the world's server (its TANDEM_MAIL_FROM is the mailer's). */
    config?: Partial<Config>;
  },
): Promise<NoticeWorld> {
  const smtp = options.smtp ? await startSmtpSink() : undefined;
  const queue = await JobQueue.open(database, {
    postgresUrl,
    types: [deliverNotice, ...(options.extra?.types ?? [])],
    supervise: true,
    pollingIntervalSeconds: 0.5,
  });
  const world = await buildWorld(database, {
    jobs: queue,
    config: { publicUrl: noticePublicUrl, mailFrom, ...(smtp ? { smtpUrl: smtp.url } : {}), ...options.config },
  });
  const mailer = smtp ? smtpMailer(smtp.url, mailFrom) : undefined;
  await queue.work([
    jobWorker(deliverNotice, deliverHandler({ db: database.db, mailer, clock: world.clock })),
    ...(options.extra?.workers(world, queue) ?? []),
  ]);
  return {
    world,
    smtp,
    queue,
    stop: async () => {
      await queue.stop();
      await smtp?.close();
    },
  };
}

/**
 * The monitoring tests' world: practice A's small matrix agreed (its administrator proposes, the
 * MSP's agrees), so incidents are placed by it, and what the scheduler's runs need, notices going
 * through the world's queue.
 */
export async function monitoringReady(
  harness: NoticeWorld,
  database: Database,
  sessions: { admin: SignedIn; msp: SignedIn },
): Promise<RunDeps> {
  const { world } = harness;
  const call = async (session: SignedIn, url: string, payload: object) => {
    const res = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.a}/matrix/versions${url}`,
      headers: as(session),
      payload,
    });
    if (res.statusCode >= 300) throw new Error(`POST matrix/versions${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { number: number };
  };
  const draft = await call(sessions.admin, '', { source: { kind: 'matrix', matrix: smallMatrix() } });
  await call(sessions.admin, `/${draft.number}/propose`, {});
  await call(sessions.msp, `/${draft.number}/agree`, {});
  return {
    database,
    clock: world.clock,
    keyring: world.keyring,
    notifier: { queue: harness.queue, clock: world.clock },
    publicUrl: noticePublicUrl,
  };
}
