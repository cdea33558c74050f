import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from '../core/db/database.ts';
import type { IdentityDeps } from '../core/identity/request-context.ts';
import type { SessionLimits } from '../core/identity/sessions.ts';
import type { JobQueue } from '../core/jobs/queue.ts';

/** What the HTTP layer is built from; tests pass their own database and clock. */
export interface ServerDeps {
  config: Config;
  database: Database;
  clock: Clock;
  keyring: Keyring;
  limits: SessionLimits;
  /**
   * The job queue (src/server/jobs.ts). Test servers for areas that send no jobs are built
   * without one; routes that need it answer 503 there.
   */
  jobs?: JobQueue;
  /** How often an event stream sends a heartbeat and checks its caller is still signed in (default 15 s). */
  liveHeartbeatMs?: number;
}

/** What the identity operations (core/identity) need, from the server's deps. */
export function identityDeps(deps: ServerDeps): IdentityDeps {
  return { db: deps.database.db, clock: deps.clock, keyring: deps.keyring, limits: deps.limits };
}
