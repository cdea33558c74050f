import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { Database } from '../core/db/database.ts';

/** What the HTTP layer is built from; tests pass their own database and clock. */
export interface ServerDeps {
  config: Config;
  database: Database;
  clock: Clock;
}
