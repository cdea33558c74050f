/**
 * Webhooks and their deliveries, read and written inside withTenant or, for an organisation's,
 * withOrganization (row-level security applies). The secret column is ciphertext (core/crypto);
 * only createWebhook and rotateSecret see the plain secret, to hand it back once.
 */
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import { encryptField } from '../core/crypto/field-encryption.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Db } from '../core/db/database.ts';
import { newestFirst, olderThan, type KeysetAfter } from '../core/db/keyset.ts';
import { newId } from '../core/ids.ts';
import { practices } from '../core/tenancy/tables.ts';
import type { WebhookBody, WebhookEvent } from './events.ts';
import type { WebhookInput, WebhookPatch } from './schema.ts';
import { newWebhookSecret } from './signature.ts';
import { webhookAttempts, webhookDeliveries, webhooks } from './tables.ts';

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

/** Whose webhooks: a practice's, or an organisation's (hearing every practice it serves). */
export type WebhookOwner =
  { practiceId: string; organizationId?: undefined } | { organizationId: string; practiceId?: undefined };

function ownsWebhook(owner: WebhookOwner): SQL {
  return owner.organizationId !== undefined
    ? eq(webhooks.organizationId, owner.organizationId)
    : eq(webhooks.practiceId, owner.practiceId);
}

/** A practice's deliveries are those to its own webhooks, not the organisation's about it. */
function ownsDelivery(owner: WebhookOwner): SQL {
  return owner.organizationId !== undefined
    ? eq(webhookDeliveries.organizationId, owner.organizationId)
    : and(eq(webhookDeliveries.practiceId, owner.practiceId), isNull(webhookDeliveries.organizationId))!;
}

export interface Page {
  after?: KeysetAfter;
  limit: number;
}

export async function createWebhook(
  tx: Db,
  owner: WebhookOwner,
  input: WebhookInput,
  keyring: Keyring,
  clock: Clock,
): Promise<{ row: WebhookRow; secret: string }> {
  const secret = newWebhookSecret();
  const now = clock.now();
  const [row] = await tx
    .insert(webhooks)
    .values({
      id: newId(),
      practiceId: owner.practiceId ?? null,
      organizationId: owner.organizationId ?? null,
      ...input,
      events: [...new Set(input.events)],
      secret: encryptField(keyring, secret),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return { row: row!, secret };
}

export async function listWebhooks(tx: Db, owner: WebhookOwner, page: Page): Promise<WebhookRow[]> {
  return tx
    .select()
    .from(webhooks)
    .where(and(ownsWebhook(owner), olderThan(webhooks.createdAt, webhooks.id, page.after)))
    .orderBy(...newestFirst(webhooks.createdAt, webhooks.id))
    .limit(page.limit);
}

export async function findWebhook(tx: Db, owner: WebhookOwner, id: string): Promise<WebhookRow | undefined> {
  const [row] = await tx
    .select()
    .from(webhooks)
    .where(and(ownsWebhook(owner), eq(webhooks.id, id)));
  return row;
}

export async function updateWebhook(
  tx: Db,
  owner: WebhookOwner,
  id: string,
  patch: WebhookPatch,
  clock: Clock,
): Promise<WebhookRow | undefined> {
  const events = patch.events ? { events: [...new Set(patch.events)] } : {};
  const [row] = await tx
    .update(webhooks)
    .set({ ...patch, ...events, updatedAt: clock.now() })
    .where(and(ownsWebhook(owner), eq(webhooks.id, id)))
    .returning();
  return row;
}

/**
 * A new secret; the replaced one keeps signing, beside it, for `overlapSeconds` (0: not at all).
 * A secret still in an earlier rotation's overlap is dropped: only the one just replaced stays.
 */
export async function rotateSecret(
  tx: Db,
  owner: WebhookOwner,
  id: string,
  overlapSeconds: number,
  keyring: Keyring,
  clock: Clock,
): Promise<{ row: WebhookRow; secret: string } | undefined> {
  const secret = newWebhookSecret();
  const now = clock.now();
  const overlap =
    overlapSeconds > 0
      ? { previousSecret: webhooks.secret, previousSecretExpiresAt: new Date(now.getTime() + overlapSeconds * 1000) }
      : { previousSecret: null, previousSecretExpiresAt: null };
  const [row] = await tx
    .update(webhooks)
    .set({ secret: encryptField(keyring, secret), ...overlap, updatedAt: now })
    .where(and(ownsWebhook(owner), eq(webhooks.id, id)))
    .returning();
  return row && { row, secret };
}

/** Deletes the webhook with its deliveries and attempts (cascade); false when there is none. */
export async function deleteWebhook(tx: Db, owner: WebhookOwner, id: string): Promise<boolean> {
  const gone = await tx
    .delete(webhooks)
    .where(and(ownsWebhook(owner), eq(webhooks.id, id)))
    .returning({ id: webhooks.id });
  return gone.length > 0;
}

/** The active webhooks of the practice itself that chose `event`. */
export async function subscribers(tx: Db, practiceId: string, event: WebhookEvent): Promise<WebhookRow[]> {
  return tx
    .select()
    .from(webhooks)
    .where(
      and(eq(webhooks.practiceId, practiceId), eq(webhooks.active, true), sql`${event} = any(${webhooks.events})`),
    );
}

/**
 * Records a pending delivery of `body` (as JSON text, kept to be sent byte for byte) about the
 * practice the body names (none: an organisation's test event).
 */
export async function addDelivery(
  tx: Db,
  webhook: Pick<WebhookRow, 'id' | 'organizationId'>,
  body: WebhookBody | string,
  clock: Clock,
): Promise<DeliveryRow> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const parsed = JSON.parse(text) as WebhookBody;
  const [row] = await tx
    .insert(webhookDeliveries)
    .values({
      id: newId(),
      webhookId: webhook.id,
      practiceId: parsed.practiceId,
      organizationId: webhook.organizationId,
      eventId: parsed.id,
      event: parsed.type,
      body: text,
      status: 'pending',
      createdAt: clock.now(),
    })
    .returning();
  return row!;
}

export async function findDelivery(
  tx: Db,
  owner: WebhookOwner,
  webhookId: string,
  id: string,
): Promise<DeliveryRow | undefined> {
  const [row] = await tx
    .select()
    .from(webhookDeliveries)
    .where(and(ownsDelivery(owner), eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.id, id)));
  return row;
}

/** A delivery with its attempts and the name of the practice it is about (null: none, or no longer served). */
/** The name of the practice a delivery is about, as the caller may see it (null: none, or hidden). */
export async function practiceNameOf(tx: Db, practiceId: string | null): Promise<string | null> {
  if (!practiceId) return null;
  const [row] = await tx.select({ name: practices.name }).from(practices).where(eq(practices.id, practiceId));
  return row?.name ?? null;
}

export type DeliveryWithAttempts = DeliveryRow & { attemptLog: AttemptRow[]; practiceName: string | null };

/** A page of the webhook's deliveries, newest first, each with its attempts, oldest first. */
export async function listDeliveries(
  tx: Db,
  owner: WebhookOwner,
  webhookId: string,
  page: Page,
): Promise<DeliveryWithAttempts[]> {
  const rows = await tx
    .select({ delivery: webhookDeliveries, practiceName: practices.name })
    .from(webhookDeliveries)
    .leftJoin(practices, eq(practices.id, webhookDeliveries.practiceId))
    .where(
      and(
        ownsDelivery(owner),
        eq(webhookDeliveries.webhookId, webhookId),
        olderThan(webhookDeliveries.createdAt, webhookDeliveries.id, page.after),
      ),
    )
    .orderBy(...newestFirst(webhookDeliveries.createdAt, webhookDeliveries.id))
    .limit(page.limit);
  if (rows.length === 0) return [];
  const attempts = await tx
    .select()
    .from(webhookAttempts)
    .where(
      inArray(
        webhookAttempts.deliveryId,
        rows.map((r) => r.delivery.id),
      ),
    )
    .orderBy(asc(webhookAttempts.attempt));
  return rows.map(({ delivery, practiceName }) => ({
    ...delivery,
    practiceName,
    attemptLog: attempts.filter((a) => a.deliveryId === delivery.id),
  }));
}
