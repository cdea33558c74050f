import type { Clock } from '../clock.ts';
import type { Keyring } from '../crypto/keyring.ts';
import type { Db } from '../db/database.ts';
import type { SessionLimits } from './sessions.ts';

/** What identity operations need: the database, time, the PHI keyring and session limits. */
export interface IdentityDeps {
  db: Db;
  clock: Clock;
  keyring: Keyring;
  limits: SessionLimits;
}

/** Who asked and from where, for the audit log and throttling. */
export interface Origin {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}
