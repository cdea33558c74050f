/**
 * Webhook delivery as jobs (core/jobs): an event fans out, in the transaction of the change that
 * caused it, to a delivery per subscribed webhook and a job for each; the job signs and posts
 * the stored body once and records the attempt. Retries follow Tandem's own schedule
 * (`retrySchedule`), each a new job started later, so the schedule is exact and documented
 * (docs/webhooks.md); pg-boss's retry only covers a worker that died mid-attempt. Delivery is at
 * least once: receivers deduplicate by Tandem-Delivery.
 */
import { eq, sql } from 'drizzle-orm';
import { practices } from '../core/tenancy/tables.ts';
import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import { decryptField } from '../core/crypto/field-encryption.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Db } from '../core/db/database.ts';
import { executeRows } from '../core/db/rows.ts';
import { newId } from '../core/ids.ts';
import { unsafeWithSystemSending } from '../core/tenancy/with-tenant.ts';
import { defineJob, type JobHandler } from '../core/jobs/job-type.ts';
import type { JobQueue } from '../core/jobs/queue.ts';
import type { EventParams } from '../notify/events.ts';
import { postedBody } from './chat.ts';
import { eventData, isWebhookEvent, testEvent, type WebhookBody } from './events.ts';
import { isRetryable, isSuccess, sendOnce, type Attempt } from './send.ts';
import { signatureHeader } from './signature.ts';
import { addDelivery, subscribers, type DeliveryRow, type WebhookRow } from './store.ts';
import { webhookAttempts, webhookDeliveries, webhooks } from './tables.ts';

export const deliverWebhook = defineJob({
  name: 'webhooks.deliver',
  data: z.object({ deliveryId: z.uuid() }),
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  // The 10 s request timeout, with room for the database work around it.
  timeoutSeconds: 60,
});

/** Seconds before each retry: 8 retries over about 23.5 hours (docs/webhooks.md). */
export const retrySchedule: readonly number[] = [60, 300, 900, 3600, 7200, 14_400, 28_800, 28_800];

export interface WebhookSender {
  queue: JobQueue;
  clock: Clock;
}

/** Queues the delivery's job in `tx`, so it exists only if the delivery row commits. */
export async function queueDelivery(tx: Db, sender: WebhookSender, delivery: DeliveryRow): Promise<void> {
  await sender.queue.send(deliverWebhook, { deliveryId: delivery.id }, { tx });
}

/**
 * The deliveries of the practice's event to the webhooks of the organisation serving it, made by a
 * SECURITY DEFINER function (migration organization_webhooks): the practice's transaction may not
 * read the organisation's webhooks, yet their deliveries must commit or roll back with the change.
 */
async function organizationDeliveries(tx: Db, body: WebhookBody, at: Date): Promise<string[]> {
  const text = JSON.stringify(body);
  const rows = await executeRows<{ id: string }>(
    tx,
    sql`select f.id from tandem_webhook_organization_deliveries(${body.type}, ${body.id}, ${text}, ${at.toISOString()}::timestamptz) as f(id)`,
  );
  return rows.map((r) => r.id);
}

/**
 * An event of the practice to every active webhook that chose it: the practice's own and those of
 * the organisation serving it; a personal event to none. One body (one event id) for all of them.
 */
export async function fanOut<E extends keyof EventParams>(
  tx: Db,
  sender: WebhookSender,
  practiceId: string,
  event: E,
  params: EventParams[E],
): Promise<void> {
  if (!isWebhookEvent(event)) return;
  const now = sender.clock.now();
  const body: WebhookBody = {
    id: newId(),
    type: event,
    createdAt: now.toISOString(),
    practiceId,
    data: eventData(params as EventParams[typeof event]),
  };
  for (const webhook of await subscribers(tx, practiceId, event))
    await queueDelivery(tx, sender, await addDelivery(tx, webhook, body, sender.clock));
  for (const deliveryId of await organizationDeliveries(tx, body, now))
    await sender.queue.send(deliverWebhook, { deliveryId }, { tx });
}

/** The body of a test event an administrator sends by hand (an organisation's is about no practice). */
export function testBody(practiceId: string | null, by: string, clock: Clock): WebhookBody {
  return {
    id: newId(),
    type: testEvent,
    createdAt: clock.now().toISOString(),
    practiceId,
    data: { message: `A test event sent from Tandem by ${by}` },
  };
}

export interface WebhookDeliveryDeps {
  /** The owner's connection: delivery is system work across practices. */
  db: Db;
  keyring: Keyring;
  clock: Clock;
  queue: JobQueue;
  /** Tests shorten it; the length is the number of retries. */
  retrySchedule?: readonly number[];
}

function headers(delivery: DeliveryRow, body: string, secrets: readonly string[], now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'user-agent': 'Tandem-Webhooks/1',
    'tandem-webhook-id': delivery.webhookId,
    'tandem-event': delivery.event,
    'tandem-delivery': delivery.id,
    'tandem-timestamp': String(timestamp),
    'tandem-signature': signatureHeader(secrets, timestamp, body),
  };
}

/** The secrets that sign at `now`: the current one, then the previous during a rotation's overlap. */
export function signingSecrets(webhook: WebhookRow, keyring: Keyring, now: Date): string[] {
  const current = decryptField(keyring, webhook.secret);
  const { previousSecret, previousSecretExpiresAt } = webhook;
  if (!previousSecret || !previousSecretExpiresAt || previousSecretExpiresAt <= now) return [current];
  return [current, decryptField(keyring, previousSecret)];
}

/**
 * Records an attempt and the delivery's new status, and queues the retry when there is one, in one
 * transaction: a crash (or a failing send) between them can neither lose the retry nor record the
 * attempt twice, since a rolled-back attempt leaves the delivery pending for pg-boss's own retry.
 */
async function record(
  deps: WebhookDeliveryDeps,
  delivery: DeliveryRow,
  outcome: Attempt,
  status: DeliveryRow['status'],
  at: Date,
  retryAt?: Date,
) {
  await unsafeWithSystemSending(deps.db, async (tx) => {
    await tx.insert(webhookAttempts).values({
      id: newId(),
      deliveryId: delivery.id,
      practiceId: delivery.practiceId,
      organizationId: delivery.organizationId,
      attempt: delivery.attempts + 1,
      ...outcome,
      at,
    });
    await tx
      .update(webhookDeliveries)
      .set({ status, attempts: sql`${webhookDeliveries.attempts} + 1` })
      .where(eq(webhookDeliveries.id, delivery.id));
    if (retryAt) await deps.queue.send(deliverWebhook, { deliveryId: delivery.id }, { tx, startAfter: retryAt });
  });
}

const notSent = (why: string): Attempt => ({
  statusCode: null,
  error: `not sent: ${why}`,
  latencyMs: 0,
  responseExcerpt: '',
});

/**
 * Why a pending delivery must not be sent now, if it must not: its webhook is off (a test event
 * goes anyway), or the webhook is an organisation's that no longer serves the practice the event
 * is about (checked at every attempt, so retries queued before the change stop too).
 */
function withheld(delivery: DeliveryRow, webhook: WebhookRow, servingOrganizationId: string | null): string | null {
  if (!webhook.active && delivery.event !== testEvent) return 'the webhook is disabled';
  if (delivery.organizationId && delivery.practiceId && servingOrganizationId !== delivery.organizationId)
    return 'the organisation no longer serves the practice';
  return null;
}

export function deliverWebhookHandler(deps: WebhookDeliveryDeps): JobHandler<{ deliveryId: string }> {
  const schedule = deps.retrySchedule ?? retrySchedule;
  return async ({ deliveryId }) => {
    const [found] = await deps.db
      .select({ delivery: webhookDeliveries, webhook: webhooks, servedBy: practices.organizationId })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .leftJoin(practices, eq(practices.id, webhookDeliveries.practiceId))
      .where(eq(webhookDeliveries.id, deliveryId));
    // Gone with its webhook, or already finished (a retry after a crash past the update).
    if (!found || found.delivery.status !== 'pending') return;
    const { delivery, webhook } = found;
    const at = deps.clock.now();
    const why = withheld(delivery, webhook, found.servedBy);
    if (why) return record(deps, delivery, notSent(why), 'failed', at);
    // A chat format posts a message made from the event; the Tandem headers (and signature over
    // what is posted) still go, for a relay that checks them.
    const posted = postedBody(webhook.format, delivery.body);
    const outcome = await sendOnce(
      { url: webhook.url, allowPrivate: webhook.allowPrivateTargets },
      headers(delivery, posted, signingSecrets(webhook, deps.keyring, at), at),
      posted,
    );
    const retryIn = isRetryable(outcome) ? schedule[delivery.attempts] : undefined;
    const status = isSuccess(outcome) ? 'succeeded' : retryIn === undefined ? 'failed' : 'pending';
    const retryAt =
      status === 'pending' && retryIn !== undefined ? new Date(deps.clock.now().getTime() + retryIn * 1000) : undefined;
    await record(deps, delivery, outcome, status, at, retryAt);
  };
}
