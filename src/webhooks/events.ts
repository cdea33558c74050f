/**
 * What a webhook may subscribe to: the notify events (src/notify/events.ts, the one list), less
 * the account events (an invitation's accept link, a password reset, an MFA change: they are about
 * one person and may carry a link meant for them alone), plus the test event
 * an administrator sends by hand. The body holds the event's declared fields only, so no patient
 * data can reach a receiver.
 */
import { noticeEvents, patientEvents, type EventParams, type NoticeEvent } from '../notify/events.ts';

export type WebhookEvent = Exclude<NoticeEvent, `account.${string}` | `desk.intake_${string}`>;

/**
 * Account events are a person's, not the practice's, and a patient's emails (the intake receipt,
 * a reply's and the resolution's) carry their follow link: they never leave by webhook.
 */
export const webhookEvents = noticeEvents.filter(
  (e): e is WebhookEvent => !e.startsWith('account.') && !patientEvents.has(e),
) as [WebhookEvent, ...WebhookEvent[]];

export const testEvent = 'webhook.test';

export function isWebhookEvent(event: NoticeEvent): event is WebhookEvent {
  return (webhookEvents as readonly string[]).includes(event);
}

/** The JSON body of a delivery, as the receiver sees it (docs/webhooks.md). */
export interface WebhookBody {
  id: string;
  type: WebhookEvent | typeof testEvent;
  createdAt: string;
  /** The practice the event is about; null only in an organisation webhook's test event. */
  practiceId: string | null;
  data: Record<string, unknown>;
}

/** The event's fields as JSON: dates as ISO text, absent fields left out. */
export function eventData<E extends WebhookEvent>(params: EventParams[E]): Record<string, unknown> {
  return JSON.parse(JSON.stringify(params)) as Record<string, unknown>;
}
