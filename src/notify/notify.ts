/**
 * The one way any module tells people something. In the caller's transaction it renders the
 * event's email, records a notice per recipient (honouring each person's preference) and queues
 * its delivery, so a notice exists exactly when the change it reports commits. The same event
 * goes to the practice's webhooks that chose it (src/webhooks), whoever the recipients are.
 * An immediate email to someone in their quiet hours (and not on duty) is held until they end
 * (quiet-hours.ts); the release job (jobs.ts) queues it then. Required events are never held.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../core/db/database.ts';
import { newId } from '../core/ids.ts';
import type { JobQueue } from '../core/jobs/queue.ts';
import { fanOut } from '../webhooks/delivery.ts';
import { deliverNotice } from './jobs.ts';
import {
  renderEmail,
  requiredEvents,
  templates,
  type EventParams,
  type MailHeaders,
  type NoticeEvent,
} from './events.ts';
import { heldUntil } from './quiet-hours.ts';
import { notices, notificationPreferences } from './tables.ts';

export interface Recipient {
  /** Absent for someone without an account yet (an invitation). */
  userId?: string;
  email: string;
}

/** What sending needs from the process: its queue and clock. */
export interface Notifier {
  queue: JobQueue;
  clock: Clock;
}

type Choice = { channel: 'email' | 'none'; cadence: 'immediate' | 'daily' };
const byDefault: Choice = { channel: 'email', cadence: 'immediate' };

async function choices(tx: Db, event: NoticeEvent, userIds: string[]): Promise<Map<string, Choice>> {
  if (userIds.length === 0 || requiredEvents.has(event)) return new Map();
  const rows = await tx
    .select()
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.event, event), inArray(notificationPreferences.userId, userIds)));
  return new Map(rows.map((r) => [r.userId, { channel: r.channel, cadence: r.cadence } as Choice]));
}

/**
 * Records and queues `event` for each recipient. practiceId is the practice the notice is about
 * (inside its withTenant), or null for an account notice, which only the owner connection
 * (unsafeWithSystem) may write.
 */
export async function notify<E extends NoticeEvent>(
  tx: Db,
  notifier: Notifier,
  practiceId: string | null,
  event: E,
  params: EventParams[E],
  recipients: Recipient[],
  /** Threading headers, for an email its recipient may answer (a ticket's). */
  headers?: MailHeaders,
): Promise<void> {
  // Webhooks belong to a practice; an account notice has none to tell.
  if (practiceId !== null) await fanOut(tx, notifier, practiceId, event, params);
  const email = renderEmail(templates[event](params));
  const chosen = await choices(
    tx,
    event,
    recipients.flatMap((r) => (r.userId ? [r.userId] : [])),
  );
  const now = notifier.clock.now();
  const wanted = recipients.flatMap((r) => {
    const choice = (r.userId && chosen.get(r.userId)) || byDefault;
    return choice.channel === 'none' ? [] : [{ ...r, choice }];
  });
  const quiet = requiredEvents.has(event)
    ? new Map<string, Date>()
    : await heldUntil(
        tx,
        practiceId,
        wanted.flatMap((r) => (r.userId && r.choice.cadence === 'immediate' ? [r.userId] : [])),
        now,
      );
  for (const { choice, ...recipient } of wanted) {
    const until = recipient.userId ? quiet.get(recipient.userId) : undefined;
    const id = newId();
    await tx.insert(notices).values({
      id,
      practiceId,
      userId: recipient.userId ?? null,
      recipient: recipient.email,
      event,
      subject: email.subject,
      textBody: email.text,
      htmlBody: email.html,
      headers: headers ?? null,
      status: choice.cadence === 'daily' || until ? 'held' : 'queued',
      heldUntil: until ?? null,
      createdAt: now,
    });
    if (choice.cadence === 'immediate' && !until) await notifier.queue.send(deliverNotice, { noticeId: id }, { tx });
  }
}
