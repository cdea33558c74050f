/**
 * Runs desk work (patient contacts, tickets) in the practice's transaction as the caller, with the
 * keyring for patient data and what the caller may do with tickets: the one way the desk's routes
 * build their step. Whether the caller may read patient details is `phi.read` narrowed by the
 * practice's choice for MSP staff (desk/patient-privacy.ts).
 */
import type { FastifyRequest } from 'fastify';
import { sideOf } from '../../core/permissions/permissions.ts';
import { patientSight } from '../../desk/patient-privacy.ts';
import type { TicketStep } from '../../desk/tickets.ts';
import { actInPractice } from '../caller/acting.ts';
import { practiceAccess } from '../caller/access.ts';
import { accessAllows, type PracticeAccess } from '../caller/guard.ts';
import { practiceRole } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';

/**
 * Which side the caller acts for: a person's role, or for an API token the role of whoever made
 * it (an MSP administrator's token is the MSP's). A token whose maker is gone counts as the MSP's,
 * the side that sees less.
 */
async function callerSide(deps: ServerDeps, access: PracticeAccess): Promise<'msp' | 'practice'> {
  if (access.role) return sideOf(access.role);
  const maker = access.principal.kind === 'token' ? access.principal.token.createdBy : null;
  const role = maker ? await practiceRole(deps, maker, access.practiceId) : null;
  return role ? sideOf(role) : 'msp';
}

export function deskCaller(deps: ServerDeps) {
  return async function asCaller<T>(
    request: FastifyRequest,
    fn: (s: TicketStep, access: PracticeAccess) => Promise<T>,
  ): Promise<T> {
    const access = practiceAccess(request);
    const mayWork = accessAllows(access, 'tickets.work');
    const maySeeIncidents = accessAllows(access, 'monitoring.read');
    const holdsPhiRead = accessAllows(access, 'phi.read');
    const side = holdsPhiRead ? await callerSide(deps, access) : 'practice';
    return actInPractice(deps, request, access, async (at) => {
      const sight = await patientSight(at.tx, access.practiceId, { holdsPhiRead, side });
      return fn({ ...at, keyring: deps.keyring, mayWork, maySeeIncidents, ...sight }, access);
    });
  };
}
