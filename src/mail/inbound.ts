/**
 * What both ways mail comes in share (the SMTP receiver, receiver.ts, and the IMAP poll,
 * imap-poll.ts): a parsed message turned into what receive.ts acts on, and the message handed to
 * receive once per recipient with the log line each outcome gets. Threading, loops, automatic
 * mail and duplicates are receive's alone, whichever way the message arrived.
 */
import { createHash } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import type { Logger } from 'pino';
import type { Route } from './addresses.ts';
import { receive, type InboundMessage, type ReceiveDeps } from './receive.ts';

/** Who handed the message over: the envelope sender (empty for a bounce) and the client's address. */
export interface Envelope {
  envelopeFrom: string;
  remoteAddress: string | null;
}

function headerReader(parsed: ParsedMail) {
  return (name: string): string | undefined => {
    const value = parsed.headers.get(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object' && 'value' in value) return String(value.value);
    return String(value as unknown);
  };
}

const listOf = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : v.split(/\s+/));

/** What receive needs of a parsed message; one without a Message-ID gets one from its bytes, so a resend is still the same message. */
export function inboundMessage(parsed: ParsedMail, raw: Buffer, envelope: Envelope): InboundMessage {
  return {
    messageId: parsed.messageId ?? `<${createHash('sha256').update(raw).digest('hex')}@no-message-id>`,
    envelopeFrom: envelope.envelopeFrom,
    from: parsed.from?.value[0]?.address ?? null,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    references: [...listOf(parsed.inReplyTo), ...listOf(parsed.references)].filter((r) => r.length > 0),
    date: parsed.date ?? null,
    header: headerReader(parsed),
    remoteAddress: envelope.remoteAddress,
    attachments: parsed.attachments.map((a) => ({
      fileName: (a.filename ?? '').trim() || 'attachment',
      declaredType: a.contentType,
      content: a.content,
    })),
  };
}

/**
 * Acts on the message for each recipient, each in its own transaction (receive), logging each
 * outcome; false when any failed, for the caller to have it delivered again (the recipients
 * already done skip the new copy by its Message-ID).
 */
export async function deliver(
  deps: ReceiveDeps,
  targets: readonly { recipient: string; route: Route }[],
  message: InboundMessage,
  log: Pick<Logger, 'info' | 'warn' | 'error'>,
): Promise<boolean> {
  let failed = false;
  for (const { recipient, route } of targets) {
    try {
      const done = await receive(deps, route, recipient, message);
      const line = { to: route.kind, practiceId: route.practiceId, ...done };
      if (done.outcome.startsWith('dropped')) log.warn(line, 'inbound mail dropped');
      else log.info(line, 'inbound mail');
    } catch (err) {
      failed = true;
      log.error({ err, to: route.kind, practiceId: route.practiceId }, 'inbound mail failed');
    }
  }
  return !failed;
}
