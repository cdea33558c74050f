/**
 * A chat channel's message made from a delivery's stored event: Slack's incoming webhooks take
 * `{ text }` in their mrkdwn; Microsoft Teams' workflows ("post to a channel when a webhook request
 * is received") take a message with an Adaptive Card. The words are the event's notice template
 * (notify/events.ts), the same an email says, so a chat message holds no more than an email: names
 * of practices, checks, jobs and tickets by number, never patient data.
 */
import { templates, type NoticeContent } from '../notify/events.ts';
import { testEvent, type WebhookBody, type WebhookEvent } from './events.ts';
import type { WebhookFormat } from './schema.ts';

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The event's fields as its template takes them: the stored JSON's timestamps as dates again. */
function paramsOf(body: WebhookBody): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body.data).map(([key, value]) => [
      key,
      typeof value === 'string' && isoDateTime.test(value) ? new Date(value) : value,
    ]),
  );
}

export function contentOf(body: WebhookBody): NoticeContent {
  const { type } = body;
  if (type === testEvent)
    return {
      subject: 'Tandem test event',
      paragraphs: [String(body.data.message ?? 'A test event sent from Tandem')],
      action: { label: 'Open Tandem', url: '' },
    };
  // The stored data is the event's own params (eventData), dates aside: paramsOf revives them.
  const template = templates[type as WebhookEvent] as (p: never) => NoticeContent;
  return template(paramsOf(body) as never);
}

/** Slack's three control characters in message text (its mrkdwn escaping). */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function slackMessage(content: NoticeContent): object {
  const link = content.action.url ? [`<${content.action.url}|${slackEscape(content.action.label)}>`] : [];
  return { text: [`*${slackEscape(content.subject)}*`, ...content.paragraphs.map(slackEscape), ...link].join('\n') };
}

function teamsMessage(content: NoticeContent): object {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: content.subject, weight: 'Bolder', size: 'Medium', wrap: true },
            ...content.paragraphs.map((text) => ({ type: 'TextBlock', text, wrap: true })),
          ],
          actions: content.action.url
            ? [{ type: 'Action.OpenUrl', title: content.action.label, url: content.action.url }]
            : [],
        },
      },
    ],
  };
}

/** What is posted for a delivery: the stored event itself, or the chat message made from it. */
export function postedBody(format: WebhookFormat, storedBody: string): string {
  if (format === 'tandem') return storedBody;
  const content = contentOf(JSON.parse(storedBody) as WebhookBody);
  return JSON.stringify(format === 'slack' ? slackMessage(content) : teamsMessage(content));
}
