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

function checkedId(id: string, path: 'practiceId' | 'organizationId'): string {
  // Routes validate ids first; this guards the literal, and answers 400 rather than 500 if one does not.
  if (!uuid.test(id))
    throw new AppError(
      'validation_failed',
      `A ${path === 'practiceId' ? 'practice' : 'organisation'} id must be a UUID`,
      [{ path, message: 'must be a UUID' }],
    );
  return id;
}

function tenantSettings(practiceId: string) {
  return { role: 'tandem_app', 'app.practice_id': checkedId(practiceId, 'practiceId') };
}

/** An organisation's own rows (its webhooks): no practice set, so no practice's rows are visible. */
function organizationSettings(organizationId: string) {
  return { role: 'tandem_app', 'app.organization_id': checkedId(organizationId, 'organizationId') };
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
 * Organisation-level work (an MSP's webhooks) as tandem_app with app.organization_id set: row-level
 * security shows the organisation's own rows and nothing of any practice.
 */
export async function withOrganization<T>(db: Db, organizationId: string, fn: (tx: Db) => Promise<T>): Promise<T> {
  return withLocalSettings(db, organizationSettings(organizationId), fn);
}

/** withOrganization for reads, each query read-only (like withTenantReads). */
export async function withOrganizationReads<T>(db: Db, organizationId: string, fn: (tx: Db) => Promise<T>): Promise<T> {
  return withLocalSettingsReads(db, organizationSettings(organizationId), fn);
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
