/**
 * Runs Tandem as a process: open the database, migrate, listen, and on SIGTERM/SIGINT stop
 * accepting, let in-flight requests finish (bounded by the shutdown timeout), close the database
 * and exit 0.
 */
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { loadAuditKeys, useAuditKeys } from '../core/audit/key.ts';
import { loadKeyring, type Keyring } from '../core/crypto/keyring.ts';
import { databaseTarget, openDatabase, type Database } from '../core/db/database.ts';
import { issueSetupLink, needsSetup } from '../core/identity/setup.ts';
import { buildServer } from './app.ts';
import { startCheckpoints } from './audit-checkpoints.ts';
import { loggableError } from './errors.ts';

export interface Running {
  app: FastifyInstance;
  database: Database;
  /** The PHI keyring the routes use; a key rotation run through this server replaces its keys. */
  keyring: Keyring;
  url: string;
  /** Set when the database has no users yet: a one-time link to finish setup in the browser. */
  setupLink: string | undefined;
  stop(): Promise<void>;
}

export async function startServer(config: Config): Promise<Running> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  // Embedded: takes the folder's lock, so a second `tandem serve` on it refuses at once.
  const database = await openDatabase(databaseTarget(config, 'tandem serve', say));
  try {
    await database.migrate();
  } catch (err) {
    await database.close();
    throw err;
  }
  let keyring;
  let auditKeys;
  try {
    keyring = loadKeyring(config, database.mode, say);
    auditKeys = loadAuditKeys(config, database.mode, say);
    useAuditKeys(auditKeys);
  } catch (err) {
    await database.close();
    throw err;
  }
  const limits = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  const deps = { config, database, clock: systemClock, keyring, limits };
  const app = await buildServer(deps);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await database.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
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
    database,
    keyring,
    url,
    setupLink: setupToken ? `${config.publicUrl ?? url}/setup?token=${encodeURIComponent(setupToken)}` : undefined,
    stop: async () => {
      // close() stops accepting and resolves once in-flight requests have been answered.
      await app.close();
      // After the last reply: the final checkpoint covers every entry this process appended.
      await checkpoints.stop();
      await database.close();
    },
  };
}

/** Installs the signal handlers; the returned promise settles once the server has shut down. */
export function stopOnSignals(running: Running, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      running.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
      const timer = setTimeout(() => {
        running.app.log.error({ timeoutMs }, 'in-flight requests did not finish in time; exiting');
        process.exit(1);
      }, timeoutMs);
      timer.unref();
      running
        .stop()
        .then(() => {
          clearTimeout(timer);
          running.app.log.info('shut down cleanly');
          resolve();
        })
        .catch((err: unknown) => {
          running.app.log.error({ err: loggableError(err) }, 'error during shutdown');
          process.exitCode = 1;
          resolve();
        });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
}
