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

/** The audit log's actor for a person acting on their own account (sign-in, MFA, passwords, joining). */
export function actingUser(user: { id: string; email: string }) {
  return { actorType: 'user' as const, actorId: user.id, actorLabel: user.email };
}
