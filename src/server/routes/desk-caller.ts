/** Runs desk work in the practice's transaction as the caller, with what the caller may do with tickets. */
import type { FastifyRequest } from 'fastify';
import { withTenant } from '../../core/tenancy/with-tenant.ts';
import type { TicketStep } from '../../desk/tickets.ts';
import { practiceAccess } from '../auth/access.ts';
import { accessAllows } from '../auth/guard.ts';
import { originOf } from '../auth/principal.ts';
import type { ServerDeps } from '../deps.ts';

export function deskCaller(deps: ServerDeps) {
  return async function asCaller<T>(request: FastifyRequest, fn: (s: TicketStep) => Promise<T>): Promise<T> {
    const access = practiceAccess(request);
    const { practiceId } = access;
    const origin = { ...access.actor, ...originOf(request) };
    const mayWork = accessAllows(access, 'tickets.work');
    const mayReadPhi = accessAllows(access, 'phi.read');
    return withTenant(deps.database.db, practiceId, (tx) =>
      fn({ tx, clock: deps.clock, keyring: deps.keyring, practiceId, origin, mayWork, mayReadPhi }),
    );
  };
}
