/**
 * A push check's ping: a backup job or cron entry calls its secret URL to say it ran. The token
 * is looked up by its hash (the token itself is never stored), the ping time recorded, and the
 * check made due at once, so a down check comes back up without waiting out its period.
 */
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { unsafeWithSystem, withTenant } from '../core/tenancy/with-tenant.ts';
import { sha256 } from '../core/identity/tokens.ts';
import { findByPushTokenHash, updateCheck } from './store.ts';

/** Records a ping; false when no check has that token (or it is paused). */
export async function recordPing(database: Database, clock: Clock, token: string): Promise<boolean> {
  const check = await unsafeWithSystem(database.db, (tx) => findByPushTokenHash(tx, sha256(token)));
  if (!check || check.paused || check.kind !== 'push') return false;
  const now = clock.now();
  await withTenant(database.db, check.practiceId, (tx) =>
    updateCheck(tx, check.id, { lastPingAt: now, nextRunAt: now }),
  );
  return true;
}
