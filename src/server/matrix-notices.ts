/**
 * Matrix lifecycle -> notices (issue 17): a version proposed, agreed or superseded tells the
 * administrators of the other side of the practice (msp_admin <-> practice_admin), each by
 * their own preference, with a link to see what changed. It runs inside the step's transaction,
 * so the notices exist only if the step commits.
 */
import type { FastifyRequest } from 'fastify';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { sideOf, type Role } from '../core/permissions/permissions.ts';
import type { Db } from '../core/db/database.ts';
import { memberships, users } from '../core/identity/tables.ts';
import { findPractice } from '../core/tenancy/store.ts';
import { listVersions } from '../matrix/store.ts';
import type { VersionEvent } from '../matrix/versions.ts';
import { notify, type Notifier } from '../notify/notify.ts';
import type { PracticeAccess } from './caller/guard.ts';
import type { ServerDeps } from './deps.ts';
import { publicUrl } from './links.ts';

const adminRole = { msp: 'msp_admin', practice: 'practice_admin' } as const;

async function adminsOf(tx: Db, practiceId: string, roles: Role[], except: string | undefined) {
  const rows = await tx
    .select({ userId: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.practiceId, practiceId), inArray(memberships.role, roles), isNull(users.disabledAt)));
  return rows.filter((r) => r.userId !== except);
}

/** The step's announce callback, or none when this server has no job queue to deliver with. */
export function matrixAnnouncer(
  deps: ServerDeps,
  request: FastifyRequest,
  access: PracticeAccess,
  tx: Db,
  practiceId: string,
): ((event: VersionEvent) => Promise<void>) | undefined {
  if (!deps.jobs) return undefined;
  const notifier: Notifier = { queue: deps.jobs, clock: deps.clock };
  const actorSide = access.role ? sideOf(access.role) : undefined;
  // An API token has no side: both sides' administrators hear of what it did.
  const roles: Role[] = actorSide ? [adminRole[actorSide === 'msp' ? 'practice' : 'msp']] : Object.values(adminRole);
  const actorId = access.actor.actorType === 'user' ? access.actor.actorId : undefined;
  const link = (number: number, previous: number | undefined) =>
    previous
      ? `${publicUrl(deps, request)}/responsibilities/diff?practice=${practiceId}&from=${previous}&to=${number}`
      : `${publicUrl(deps, request)}/responsibilities?practice=${practiceId}&version=${number}`;

  return async (event) => {
    const practice = await findPractice(tx, practiceId);
    const to = await adminsOf(tx, practiceId, roles, actorId);
    // No administrator to tell still leaves the practice's webhooks to hear of it (notify).
    if (!practice) return;
    const versions = await listVersions(tx, practiceId);
    const inForce = versions.find((v) => v.status === 'agreed' && v.number !== event.number)?.number;
    const base = { practiceName: practice.name, version: event.number, byName: access.actor.actorLabel };
    const by = event.kind === 'agreed' ? event.side : (actorSide ?? 'msp');
    if (event.kind === 'proposed') {
      const params = { ...base, by, url: link(event.number, inForce), note: event.note };
      return notify(tx, notifier, practiceId, 'matrix.proposed', params, to);
    }
    const superseded = versions.find(
      (v) =>
        v.status === 'superseded' &&
        v.supersededAt &&
        +v.supersededAt === +(versions.find((x) => x.number === event.number)?.agreedAt ?? 0),
    );
    await notify(
      tx,
      notifier,
      practiceId,
      'matrix.agreed',
      { ...base, by, inForce: event.inForce, url: link(event.number, superseded?.number ?? inForce) },
      to,
    );
    if (event.inForce && superseded) {
      const params = {
        practiceName: practice.name,
        version: superseded.number,
        newVersion: event.number,
        url: link(event.number, superseded.number),
      };
      await notify(tx, notifier, practiceId, 'matrix.superseded', params, to);
    }
  };
}
