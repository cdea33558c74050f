/**
 * Practice-scoped work runs in a transaction as the role tandem_app with app.practice_id set, so
 * PostgreSQL's row-level security (migration 0001) holds every query to that one practice, on
 * top of the application's own checks. Both settings are transaction-local and vanish at commit.
 */
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { withLocalSettings, withLocalSettingsReads } from '../db/settings-transaction.ts';

/** The id may travel as a literal (settingsStatement in settings-transaction.ts), so it must be a UUID and nothing else. */
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function tenantSettings(practiceId: string) {
  // Routes validate ids first; this guards the literal, and answers 400 rather than 500 if one does not.
  if (!uuid.test(practiceId))
    throw new AppError('validation_failed', 'A practice id must be a UUID', [
      { path: 'practiceId', message: 'must be a UUID' },
    ]);
  return { role: 'tandem_app', 'app.practice_id': practiceId };
}

export async function withTenant<T>(db: Db, practiceId: string, fn: (tx: Db) => Promise<T>): Promise<T> {
  return withLocalSettings(db, tenantSettings(practiceId), fn);
}

/**
 * Reads for one practice under the same row-level security, each query read-only and possibly in a
 * transaction of its own (withLocalSettingsReads): for reads that need no shared snapshot.
 */
export async function withTenantReads<T>(db: Db, practiceId: string, fn: (tx: Db) => Promise<T>): Promise<T> {
  return withLocalSettingsReads(db, tenantSettings(practiceId), fn);
}

/**
 * System work (sign-in, setup) that must see across practices runs as the owner, explicitly. No
 * settings, but the same transaction as withTenant (on PostgreSQL: no round trips of its own).
 */
export async function unsafeWithSystem<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return withLocalSettings(db, {}, fn);
}

/**
 * unsafeWithSystem for work that also queues jobs (an account notice): a job is sent on the
 * transaction's own connection, which withLocalSettings provides. Still the owner, with no
 * practice set.
 */
export async function unsafeWithSystemSending<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return withLocalSettings(db, { 'app.practice_id': '' }, fn);
}
