/**
 * Who is acting, in which practice's transaction: what every audited write inside a practice
 * needs, built once by the caller (a route from its request, the CLI from its operator) and
 * handed down whole instead of as positional arguments.
 */
import type { AuditOrigin } from '../audit/append.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';

export interface InPractice {
  /** The practice's transaction (withTenant): row-level security holds it to practiceId. */
  tx: Db;
  clock: Clock;
  practiceId: string;
  /** Who acts and from where, copied into every audit entry the work appends. */
  origin: AuditOrigin;
}

/** The account of the person acting, when a person acts (null for an API token or the system). */
export function actingUserId(origin: AuditOrigin): string | null {
  return origin.actorType === 'user' ? (origin.actorId ?? null) : null;
}
