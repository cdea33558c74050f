/**
 * Delivery runs as jobs, never in the request: an SMTP server that is slow or down delays email,
 * not the change that caused it, and failures are retried with backoff (core/jobs). Delivery is
 * at least once: a worker killed between the SMTP server's acceptance and the status update
 * sends that email again on retry, which beats losing it.
 */
import { and, asc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../core/db/database.ts';
import { defineJob, type JobHandler } from '../core/jobs/job-type.ts';
import type { JobQueue } from '../core/jobs/queue.ts';
import { unsafeWithSystemSending } from '../core/tenancy/with-tenant.ts';
import { escapeHtml, type MailHeaders, type RenderedEmail } from './events.ts';
import type { Mailer } from './mailer.ts';
import { notices } from './tables.ts';

export const deliverNotice = defineJob({
  name: 'notify.deliver',
  data: z.object({ noticeId: z.uuid() }),
  retry: { limit: 6, delaySeconds: 30, backoff: true },
  timeoutSeconds: 120,
});

/** Daily, 07:00 UTC: one email per person with the notices they asked to receive as a digest. */
export const sendDigests = defineJob({
  name: 'notify.digest',
  data: z.object({}),
  retry: { limit: 3, delaySeconds: 300, backoff: true },
  timeoutSeconds: 1800,
});
export const digestCron = '0 7 * * *';

/**
 * Every minute: notices held for quiet hours that have ended are queued for delivery, one email
 * each, as they would have gone. Not a digest: a ticket's email carries its own threading headers
 * (replies go back to that ticket) and each notice stays one email with its own record; whoever
 * wants the night's notices in one email chooses the daily digest for those events.
 */
export const releaseHeld = defineJob({
  name: 'notify.release',
  data: z.object({}),
  retry: { limit: 2, delaySeconds: 30, backoff: true },
  timeoutSeconds: 300,
});
export const releaseCron = '* * * * *';

export interface DeliveryDeps {
  /** The owner's connection: delivery is system work across practices, not a practice's request. */
  db: Db;
  /** Absent when no SMTP server is configured: notices go to the outbox. */
  mailer: Mailer | undefined;
  clock: Clock;
}

function describe(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

export function deliverHandler(deps: DeliveryDeps): JobHandler<{ noticeId: string }> {
  return async ({ noticeId }) => {
    const [notice] = await deps.db.select().from(notices).where(eq(notices.id, noticeId));
    // Already delivered (a retry after a crash past the update), or held for a digest.
    if (!notice || (notice.status !== 'queued' && notice.status !== 'failed')) return;
    const email = { subject: notice.subject, text: notice.textBody, html: notice.htmlBody, headers: notice.headers };
    await deliver(deps, [notice.id], notice.recipient, email);
  };
}

/** Sends one email standing for `ids` and records the outcome on each; a failure is rethrown for the retry. */
async function deliver(
  deps: DeliveryDeps,
  ids: string[],
  to: string,
  email: RenderedEmail & { headers?: MailHeaders | null },
): Promise<void> {
  const attempted = { attempts: sql`${notices.attempts} + 1` };
  if (!deps.mailer) {
    await deps.db
      .update(notices)
      .set({ status: 'outbox', ...attempted })
      .where(inArray(notices.id, ids));
    return;
  }
  try {
    // One notice's email is known by the notice's id; a digest by its first notice's.
    await deps.mailer.send(to, { ...email, id: ids[0]! });
  } catch (err) {
    await deps.db
      .update(notices)
      .set({ status: 'failed', error: describe(err), ...attempted })
      .where(inArray(notices.id, ids));
    throw err;
  }
  await deps.db
    .update(notices)
    .set({ status: 'sent', error: null, deliveredAt: deps.clock.now(), ...attempted })
    .where(inArray(notices.id, ids));
}

export function digestHandler(deps: DeliveryDeps): JobHandler<Record<string, never>> {
  return async () => {
    const held = await deps.db
      .select()
      .from(notices)
      // Held for quiet hours (held_until set) is the release job's, not the digest's.
      .where(and(eq(notices.status, 'held'), isNull(notices.heldUntil)))
      .orderBy(asc(notices.recipient), asc(notices.createdAt));
    const byRecipient = new Map<string, (typeof held)[number][]>();
    for (const n of held)
      byRecipient.set(n.recipient.toLowerCase(), [...(byRecipient.get(n.recipient.toLowerCase()) ?? []), n]);
    for (const group of byRecipient.values()) {
      const email: RenderedEmail = {
        subject: `Tandem: ${group.length} ${group.length === 1 ? 'notice' : 'notices'} from the last day`,
        text: group.map((n) => `${n.subject}\n\n${n.textBody}`).join('\n\n====\n\n'),
        html: group.map((n) => `<h2>${escapeHtml(n.subject)}</h2>\n${n.htmlBody}`).join('\n<hr>\n'),
      };
      const ids = group.map((n) => n.id);
      // A person's digest fails alone: the others still go, and theirs stays held for the next one.
      await deliver(deps, ids, group[0]!.recipient, email).catch(async () =>
        deps.db
          .update(notices)
          .set({ status: 'held' })
          .where(and(inArray(notices.id, ids), eq(notices.status, 'failed'))),
      );
    }
  };
}

/**
 * Queues the notices whose quiet hours ended by the clock's now, in one transaction with the jobs
 * (a failed send leaves them held for the next minute); returns how many. The held_until stays on
 * the notice: its record shows it was held and until when.
 */
export async function releaseDue(deps: { db: Db; clock: Clock; queue: JobQueue }): Promise<number> {
  return unsafeWithSystemSending(deps.db, async (tx) => {
    const released = await tx
      .update(notices)
      .set({ status: 'queued' })
      .where(and(eq(notices.status, 'held'), isNotNull(notices.heldUntil), lte(notices.heldUntil, deps.clock.now())))
      .returning({ id: notices.id });
    for (const { id } of released) await deps.queue.send(deliverNotice, { noticeId: id }, { tx });
    return released.length;
  });
}
