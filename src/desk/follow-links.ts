/**
 * How long a patient's follow links work, and their removal after (issue 18 item 5). All of a
 * ticket's links (the first, kept hashed on its request, and each emailed one in
 * patient_follow_tokens) end together: `followLinkDays` after the ticket they lead to was resolved
 * or closed, long enough to read the answer and the resolution, not a standing credential to a
 * patient's conversation. A reopened ticket's links work again (until swept). A daily job deletes
 * the expired ones; `followTarget` refuses them in the meantime, so the sweep's hour does not
 * matter.
 */
import { and, eq, inArray, isNotNull, lt } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../core/audit/append.ts';
import type { Clock } from '../core/clock.ts';
import type { Database, Db } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { defineJob } from '../core/jobs/job-type.ts';
import { unsafeWithSystem } from '../core/tenancy/with-tenant.ts';
import { patientFollowTokens, patientRequests, tickets } from './tables.ts';

/** Days after the ticket stopped (resolved or closed) that its follow links still open it. */
export const followLinkDays = 30;
const day = 86_400_000;

export const followLinkSweepJob = defineJob({
  name: 'desk.follow-link-sweep',
  data: z.object({}),
  retry: { limit: 3, delaySeconds: 300, backoff: true },
  timeoutSeconds: 600,
});
/** Daily, at a quiet hour (UTC). */
export const followLinkSweepCron = '40 3 * * *';

const stopped = ['resolved', 'closed'];

/** Whether links to a ticket in this state have expired at `now`. */
const expired = (ticket: { status: string; resolvedAt: Date | null }, now: Date) =>
  stopped.includes(ticket.status) &&
  ticket.resolvedAt !== null &&
  ticket.resolvedAt.getTime() <= now.getTime() - followLinkDays * day;

/**
 * The ticket a link to `id` leads to, read as the owner (the token named the practice): itself,
 * or the ticket it was merged into (and so on), where its conversation now goes on. A merged
 * ticket is closed, so without this its patient's links would end while the request is open.
 */
async function leadsTo(tx: Db, id: string) {
  let current = id;
  // A merged ticket cannot be merged again (ticket-merge.ts); the bound only guards a loop.
  for (let hop = 0; hop < 10; hop += 1) {
    const [row] = await tx
      .select({
        id: tickets.id,
        status: tickets.status,
        resolvedAt: tickets.resolvedAt,
        mergedInto: tickets.mergedIntoId,
      })
      .from(tickets)
      .where(eq(tickets.id, current))
      .limit(1);
    if (!row?.mergedInto) return row ?? null;
    current = row.mergedInto;
  }
  return null;
}

/**
 * The ticket a follow link found by its token leads to (the surviving one after a merge), or 404 once its links have expired (a
 * different message from a wrong token's: only the holder of a once-valid link sees it). Runs in
 * an owner transaction, as the token lookup does.
 */
export async function followTarget(
  tx: Db,
  found: { practiceId: string; ticketId: string },
  now: Date,
): Promise<{ practiceId: string; ticketId: string }> {
  const ticket = await leadsTo(tx, found.ticketId);
  if (!ticket || expired(ticket, now))
    throw new AppError(
      'not_found',
      `This follow link has expired: links stop working ${followLinkDays} days after the request is resolved. Send a new request if you need the practice again.`,
    );
  return { practiceId: found.practiceId, ticketId: ticket.id };
}

export interface FollowLinkSweepDeps {
  database: Database;
  clock: Clock;
}

/**
 * Deletes the expired links: the later tokens' rows and the first token's hash (the request and
 * its sealed details stay with the ticket). One audit entry per ticket whose links went, by the
 * system. Safe to repeat: a second run finds nothing.
 */
export async function sweepFollowLinks(deps: FollowLinkSweepDeps): Promise<{ tickets: number }> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - followLinkDays * day);
  return unsafeWithSystem(deps.database.db, async (tx) => {
    const stoppedBefore = and(inArray(tickets.status, stopped), lt(tickets.resolvedAt, cutoff));
    const later = await tx
      .selectDistinct({ ticketId: patientFollowTokens.ticketId, practiceId: patientFollowTokens.practiceId })
      .from(patientFollowTokens)
      .innerJoin(tickets, eq(tickets.id, patientFollowTokens.ticketId))
      .where(stoppedBefore);
    const first = await tx
      .select({ ticketId: patientRequests.ticketId, practiceId: patientRequests.practiceId })
      .from(patientRequests)
      .innerJoin(tickets, eq(tickets.id, patientRequests.ticketId))
      .where(and(isNotNull(patientRequests.followTokenHash), stoppedBefore));
    const gone = new Map([...later, ...first].map((t) => [t.ticketId, t.practiceId]));
    // A merged ticket's links live as long as the ticket it was merged into.
    for (const ticketId of [...gone.keys()]) {
      const target = await leadsTo(tx, ticketId);
      if (target && !expired(target, now)) gone.delete(ticketId);
    }
    if (gone.size === 0) return { tickets: 0 };
    const ids = [...gone.keys()];
    await tx.delete(patientFollowTokens).where(inArray(patientFollowTokens.ticketId, ids));
    await tx.update(patientRequests).set({ followTokenHash: null }).where(inArray(patientRequests.ticketId, ids));
    for (const [ticketId, practiceId] of gone)
      await appendAudit(tx, {
        at: now,
        actorType: 'system',
        actorId: null,
        actorLabel: 'Tandem (follow link expiry)',
        ip: null,
        userAgent: null,
        requestId: null,
        practiceId,
        action: 'desk.follow_links_expired',
        targetType: 'ticket',
        targetId: ticketId,
        details: { days: followLinkDays },
      });
    return { tickets: gone.size };
  });
}
