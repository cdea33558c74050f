/**
 * Where a ticket opened without a chosen category goes (by email, through the patient intake
 * form): the desk's first category, placed by the matrix now (ticket-routing.ts). Runs before the
 * write transaction, in transactions of its own: onDuty opens one, and the embedded engine runs
 * one at a time.
 */
import type { AuditOrigin } from '../core/audit/append.ts';
import type { Clock } from '../core/clock.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from '../core/db/database.ts';
import { withTenant } from '../core/tenancy/with-tenant.ts';
import { onDuty, partiesInForce } from '../matrix/on-duty.ts';
import type { DeskKind } from './desk-schema.ts';
import { ensureDesks, presentDesk } from './desks.ts';
import { placementOf, type Placement } from './ticket-routing.ts';

export interface PlacementDeps {
  database: Database;
  clock: Clock;
  keyring: Keyring;
}

/** The desk (by id, or the practice's desk of a kind) and where its first category's ticket goes now. */
export async function firstCategoryPlacement(
  deps: PlacementDeps,
  practiceId: string,
  origin: AuditOrigin,
  desk: { id: string } | { kind: DeskKind },
): Promise<{ deskId: string; placement: Placement }> {
  const { deskId, activity, agreed } = await withTenant(deps.database.db, practiceId, async (tx) => {
    const s = { tx, clock: deps.clock, practiceId, origin, keyring: deps.keyring };
    const row = (await ensureDesks(s)).find((d) => ('id' in desk ? d.id === desk.id : d.kind === desk.kind))!;
    return {
      deskId: row.id,
      activity: presentDesk(row).categories[0]!.activity,
      agreed: (await partiesInForce(tx, practiceId)) !== null,
    };
  });
  const duty = agreed ? await onDuty(deps.database, practiceId, activity, deps.clock.now()) : null;
  return { deskId, placement: placementOf(duty, activity, agreed) };
}
