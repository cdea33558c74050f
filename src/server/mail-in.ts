/** What the inbound mail receiver and the ticket email it sends are built from, out of the process's config and services. */
import type { Clock } from '../core/clock.ts';
import { domainOf, type Config } from '../core/config.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from '../core/db/database.ts';
import type { JobQueue } from '../core/jobs/queue.ts';
import type { ReceiveDeps } from '../mail/receive.ts';
import type { RequesterMailDeps } from '../mail/requester-mail.ts';

/** The address each server process listens on, by its config (a test process runs several). */
const listening = new WeakMap<Config, string>();

/** Said by startServer once it listens: before that, port 0 names no port anyone can reach. */
export function recordListening(config: Config, url: string): void {
  listening.set(config, url);
}

/**
 * Where links Tandem hands out point: TANDEM_PUBLIC_URL, else the address the server listens on
 * (the real port, also for --port 0), else (a worker, which does not listen) the configured
 * host and port. Read when a link is made, never kept, since deps are built before listening.
 */
export const linkBase = (config: Config) =>
  config.publicUrl ?? listening.get(config) ?? `http://${config.host}:${config.port}`;

export function requesterMailDeps(
  config: Config,
  services: { keyring: Keyring; jobs: JobQueue; clock: Clock },
): RequesterMailDeps {
  return {
    keyring: services.keyring,
    notifier: { queue: services.jobs, clock: services.clock },
    get publicUrl() {
      return linkBase(config);
    },
    mailDomain: config.mailDomain,
    messageIdDomain: domainOf(config.mailFrom),
  };
}

export function receiveDeps(
  config: Config,
  services: { database: Database; keyring: Keyring; jobs: JobQueue; clock: Clock },
): ReceiveDeps {
  return {
    database: services.database,
    clock: services.clock,
    keyring: services.keyring,
    notifier: { queue: services.jobs, clock: services.clock },
    get publicUrl() {
      return linkBase(config);
    },
    mailDomain: config.mailDomain,
    own: { from: addressOf(config.mailFrom), messageIdDomain: domainOf(config.mailFrom) },
    attachmentLimit: config.attachmentLimit,
  };
}

/** The bare address of "Name <address>". */
function addressOf(from: string): string {
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();
}
