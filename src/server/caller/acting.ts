/**
 * The caller of a practice route as core's InPractice (who acts, in which practice's transaction):
 * the one place a route builds it, so every audited write names the caller the same way.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditOrigin } from '../../core/audit/append.ts';
import type { InPractice } from '../../core/tenancy/acting.ts';
import { withTenant } from '../../core/tenancy/with-tenant.ts';
import type { ServerDeps } from '../deps.ts';
import type { PracticeAccess } from './guard.ts';
import { originOf } from './principal.ts';

/** The caller and where the request came from, as the audit log records them. */
export function auditOriginOf(request: FastifyRequest, access: Pick<PracticeAccess, 'actor'>): AuditOrigin {
  return { ...access.actor, ...originOf(request) };
}

/** Runs `work` in the practice's transaction (row-level security holds it there) as the caller. */
export function actInPractice<T>(
  deps: Pick<ServerDeps, 'database' | 'clock'>,
  request: FastifyRequest,
  access: PracticeAccess,
  work: (at: InPractice) => Promise<T>,
): Promise<T> {
  const { practiceId } = access;
  const origin = auditOriginOf(request, access);
  return withTenant(deps.database.db, practiceId, (tx) => work({ tx, clock: deps.clock, practiceId, origin }));
}
