/**
 * Runs Tandem as a process: open the database, migrate, start the job queue, listen, and on
 * SIGTERM/SIGINT stop accepting, let in-flight requests and running jobs finish (bounded by the
 * shutdown timeout), close the database and exit 0. The role says which of HTTP and job work a
 * process does (src/server/jobs.ts); a worker process does not listen at all.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import pino from 'pino';
import { systemClock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { loadAuditKeys, useAuditKeys } from '../core/audit/key.ts';
import { loadKeyring, type Keyring } from '../core/crypto/keyring.ts';
import { databaseTarget, openDatabase, type Database } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { issueSetupLink, needsSetup } from '../core/identity/setup.ts';
import type { JobQueue } from '../core/jobs/queue.ts';
import { buildServer } from './app.ts';
import { startCheckpoints } from './audit-checkpoints.ts';
import { loggableError } from './errors.ts';
import { openJobs, type ServeRole, type WorkerDeps } from './jobs.ts';
import { defaultSchedulerOptions, startScheduler, type RunningScheduler } from '../monitor/scheduler.ts';
import { startReceiver, type RunningReceiver } from '../mail/receiver.ts';
import { linkBase, receiveDeps, recordListening } from './mail-in.ts';

/** What a signal stops: a server or a worker. */
export interface Stoppable {
  log: FastifyBaseLogger;
  stop(): Promise<void>;
}

export interface RunningWorker extends Stoppable {
  database: Database;
  jobs: JobQueue;
}

export interface Running extends Stoppable {
  app: FastifyInstance;
  database: Database;
  jobs: JobQueue;
  /** The PHI keyring the routes use; a key rotation run through this server replaces its keys. */
  keyring: Keyring;
  url: string;
  /** Set when the database has no users yet: a one-time link to finish setup in the browser. */
  setupLink: string | undefined;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * The embedded database lives in one process's memory, so its one process must do everything;
 * splitting roles needs the shared PostgreSQL server.
 */
function checkRole(config: Config, role: ServeRole): void {
  if (role !== 'all' && !config.databaseUrl)
    throw new AppError(
      'bad_request',
      `--role ${role} needs DATABASE_URL: the embedded database serves a single process, which runs with --role all`,
    );
}

/**
 * Processes that work jobs also run the monitoring scheduler (src/monitor/scheduler.ts): each
 * claims due checks from the shared database, so adding workers spreads the checks.
 */
function startMonitoring(
  config: Config,
  services: { database: Database; keyring: Keyring; jobs: JobQueue },
  role: ServeRole,
  onError: (err: Error) => void,
): RunningScheduler | undefined {
  if (role === 'web') return undefined;
  const notifier = { queue: services.jobs, clock: systemClock };
  return startScheduler(
    {
      ...services,
      clock: systemClock,
      notifier,
      // Started before the server listens: the link base is read at each use.
      get publicUrl() {
        return linkBase(config);
      },
    },
    (err) => onError(err instanceof Error ? err : new Error(String(err))),
    { ...defaultSchedulerOptions, keepDays: config.monitorResultDays },
  );
}

/**
 * The inbound SMTP receiver (src/mail), where TANDEM_SMTP_LISTEN asks for it, in processes that
 * work jobs: like the monitoring scheduler it is background intake, and a web-only process
 * stays a plain HTTP server. The IMAP mailbox (TANDEM_IMAP_URL) is polled by a job (jobs.ts);
 * here it is only announced.
 */
async function startMailIn(
  config: Config,
  services: { database: Database; keyring: Keyring; jobs: JobQueue },
  role: ServeRole,
  log: FastifyBaseLogger,
): Promise<RunningReceiver | undefined> {
  if (role === 'web') return undefined;
  if (config.imap) {
    const { secure, user, host, port, mailbox } = config.imap;
    // Never the password.
    say(
      `Inbound email: polling ${secure ? 'imaps' : 'imap'}://${user}@${host}:${port}/${mailbox} every ${config.imapPollMinutes} min for @${config.mailDomain}.`,
    );
  }
  if (!config.smtpListen) return undefined;
  const receiver = await startReceiver(
    receiveDeps(config, { ...services, clock: systemClock }),
    { ...config.smtpListen, maxBytes: config.smtpMaxBytes },
    log,
  );
  say(`Inbound email: listening on ${config.smtpListen.host}:${receiver.port} for @${config.mailDomain}.`);
  return receiver;
}

/** Database (migrated), keys, and the job queue for the role; all closed again if any step fails. */
async function openServices(
  config: Config,
  role: ServeRole,
  onJobError: (err: Error) => void,
  jobLog: WorkerDeps['log'],
) {
  checkRole(config, role);
  // Embedded: takes the folder's lock, so a second `tandem serve` on it refuses at once.
  const database = await openDatabase(databaseTarget(config, 'tandem serve', say));
  try {
    await database.migrate();
    const keyring = loadKeyring(config, database.mode, say);
    const auditKeys = loadAuditKeys(config, database.mode, say);
    useAuditKeys(auditKeys);
    const jobs = await openJobs({ config, database, clock: systemClock, keyring, log: jobLog }, role, onJobError);
    const monitoring = startMonitoring(config, { database, keyring, jobs }, role, onJobError);
    return { database, keyring, auditKeys, jobs, monitoring };
  } catch (err) {
    await database.close();
    throw err;
  }
}

/** A process that only works jobs: no HTTP (`tandem serve --role worker`). */
export async function startWorker(config: Config): Promise<RunningWorker> {
  const log = pino({ level: config.logLevel });
  const { database, keyring, jobs, monitoring } = await openServices(
    config,
    'worker',
    (err) => log.error({ err: loggableError(err) }, 'job queue error'),
    log,
  );
  const mailIn = await startMailIn(config, { database, keyring, jobs }, 'worker', log).catch(async (err: unknown) => {
    await monitoring?.stop();
    await jobs.stop(0);
    await database.close();
    throw err;
  });
  return {
    log,
    database,
    jobs,
    stop: async () => {
      await mailIn?.stop();
      await monitoring?.stop();
      await jobs.stop(config.shutdownTimeoutMs);
      await database.close();
    },
  };
}

export async function startServer(config: Config, role: Exclude<ServeRole, 'worker'> = 'all'): Promise<Running> {
  let log: FastifyBaseLogger | undefined;
  // Jobs may run before the app (and its logger) exists; their lines go to it once it does.
  const jobLog: WorkerDeps['log'] = {
    info: (...args: Parameters<FastifyBaseLogger['info']>) => log?.info(...args),
    warn: (...args: Parameters<FastifyBaseLogger['warn']>) => log?.warn(...args),
    error: (...args: Parameters<FastifyBaseLogger['error']>) => log?.error(...args),
  } as WorkerDeps['log'];
  const { database, keyring, auditKeys, jobs, monitoring } = await openServices(
    config,
    role,
    (err) => log?.error({ err: loggableError(err) }, 'job queue error'),
    jobLog,
  );
  const limits = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  const deps = { config, database, clock: systemClock, keyring, limits, jobs };
  let app: FastifyInstance | undefined;
  let mailIn: RunningReceiver | undefined;
  try {
    app = await buildServer(deps);
    log = app.log;
    await app.listen({ port: config.port, host: config.host });
    mailIn = await startMailIn(config, { database, keyring, jobs }, role, app.log);
  } catch (err) {
    await app?.close();
    await monitoring?.stop();
    await jobs.stop(0);
    await database.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  recordListening(config, url);
  database.lock?.update({ url });
  const setupToken = (await needsSetup(database.db)) ? await issueSetupLink(database.db, systemClock) : undefined;
  const checkpoints = startCheckpoints(
    database,
    auditKeys,
    systemClock,
    config.auditCheckpointMinutes * 60_000,
    app.log,
  );
  return {
    app,
    log: app.log,
    database,
    jobs,
    keyring,
    url,
    setupLink: setupToken ? `${config.publicUrl ?? url}/setup?token=${encodeURIComponent(setupToken)}` : undefined,
    stop: async () => {
      // close() stops accepting and resolves once in-flight requests have been answered.
      await app.close();
      // No new inbound mail; a message being taken is finished by then (close waits for its connection).
      await mailIn?.stop();
      // Checks being run are recorded before the queue and database close.
      await monitoring?.stop();
      // Running jobs get what is left of the shutdown time; pg-boss fails the rest, to be retried.
      await jobs.stop(config.shutdownTimeoutMs);
      // After the last reply: the final checkpoint covers every entry this process appended.
      await checkpoints.stop();
      await database.close();
    },
  };
}

/** Installs the signal handlers; the returned promise settles once the server has shut down. */
export function stopOnSignals(running: Stoppable, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      running.log.info({ signal }, 'shutting down: finishing in-flight requests');
      const timer = setTimeout(() => {
        running.log.error({ timeoutMs }, 'in-flight requests did not finish in time; exiting');
        process.exit(1);
      }, timeoutMs);
      timer.unref();
      running
        .stop()
        .then(() => {
          clearTimeout(timer);
          running.log.info('shut down cleanly');
          resolve();
        })
        .catch((err: unknown) => {
          running.log.error({ err: loggableError(err) }, 'error during shutdown');
          process.exitCode = 1;
          resolve();
        });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
}
