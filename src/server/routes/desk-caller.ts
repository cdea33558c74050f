/**
 * Runs desk work (patient contacts, tickets) in the practice's transaction as the caller, with the
 * keyring for patient data and what the caller may do with tickets: the one way the desk's routes
 * build their step.
 */
import type { FastifyRequest } from 'fastify';
import type { TicketStep } from '../../desk/tickets.ts';
import { actInPractice } from '../caller/acting.ts';
import { practiceAccess } from '../caller/access.ts';
import { accessAllows, type PracticeAccess } from '../caller/guard.ts';
import type { ServerDeps } from '../deps.ts';

export function deskCaller(deps: ServerDeps) {
  return async function asCaller<T>(
    request: FastifyRequest,
    fn: (s: TicketStep, access: PracticeAccess) => Promise<T>,
  ): Promise<T> {
    const access = practiceAccess(request);
    const mayWork = accessAllows(access, 'tickets.work');
    const mayReadPhi = accessAllows(access, 'phi.read');
    return actInPractice(deps, request, access, (at) =>
      fn({ ...at, keyring: deps.keyring, mayWork, mayReadPhi }, access),
    );
  };
}
