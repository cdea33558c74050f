import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from '../core/db/database.ts';
import type { SessionLimits } from '../core/identity/sessions.ts';

/** What the HTTP layer is built from; tests pass their own database and clock. */
export interface ServerDeps {
  config: Config;
  database: Database;
  clock: Clock;
  keyring: Keyring;
  limits: SessionLimits;
}
