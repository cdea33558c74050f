/** What the inbound mail receiver and the ticket email it sends are built from, out of the process's config and services. */
import type { Clock } from '../core/clock.ts';
import { domainOf, type Config } from '../core/config.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from '../core/db/database.ts';
import type { JobQueue } from '../core/jobs/queue.ts';
import type { ReceiveDeps } from '../mail/receive.ts';
import type { RequesterMailDeps } from '../mail/requester-mail.ts';

export const linkBase = (config: Config) => config.publicUrl ?? `http://${config.host}:${config.port}`;

export function requesterMailDeps(
  config: Config,
  services: { keyring: Keyring; jobs: JobQueue; clock: Clock },
): RequesterMailDeps {
  return {
    keyring: services.keyring,
    notifier: { queue: services.jobs, clock: services.clock },
    publicUrl: linkBase(config),
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
    publicUrl: linkBase(config),
    mailDomain: config.mailDomain,
    own: { from: addressOf(config.mailFrom), messageIdDomain: domainOf(config.mailFrom) },
    attachmentLimit: config.attachmentLimit,
  };
}

/** The bare address of "Name <address>". */
function addressOf(from: string): string {
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();
}
