/**
 * Who stands for a ticket's holder when someone must be told (an SLA warning, an incident). The
 * matrix names parties by side, not by account, so the people of that side who work the desk are
 * told: the MSP's administrators and technicians, the internal IT team, or the practice's
 * administrators. A vendor has no accounts here (its webhook hears of it), and a ticket nobody
 * holds (triage) concerns everyone who works tickets.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { memberships, users } from '../core/identity/tables.ts';
import type { Role } from '../core/permissions/permissions.ts';
import { rolesOfSide } from '../core/permissions/sides.ts';
import type { Recipient } from '../notify/notify.ts';

const triageRoles: Role[] = ['msp_admin', 'msp_technician', 'internal_it'];

/** The enabled accounts of the practice that stand for holders of these sides (null: triage). */
export async function holderPeople(tx: Db, practiceId: string, sides: (string | null)[]): Promise<Recipient[]> {
  const roles = [...new Set(sides.flatMap((side) => (side === null ? triageRoles : (rolesOfSide[side] ?? []))))];
  if (roles.length === 0) return [];
  return tx
    .select({ userId: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.practiceId, practiceId), inArray(memberships.role, roles), isNull(users.disabledAt)));
}
