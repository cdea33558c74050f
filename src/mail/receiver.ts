/**
 * Tandem's SMTP receiver (smtp-server, parsed with mailparser): the practice's mail server
 * forwards mail for TANDEM_MAIL_DOMAIN here. Recipients are checked at RCPT time, so mail to an
 * address Tandem did not hand out is refused there (550) and stays the sending server's problem;
 * a message over the size limit is refused (552) without being kept. Each accepted recipient's
 * work is one transaction (receive.ts); if any fails, the client is told to try again (451), and
 * the recipients already done skip the resent copy by its Message-ID.
 *
 * Plain SMTP without authentication or TLS: it is meant to listen on an address only the
 * practice's own mail server reaches (127.0.0.1 or a private network), as Zammad's and
 * Request Tracker's mail gateways do.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { routeOf, type Route } from './addresses.ts';
import { receive, type InboundMessage, type ReceiveDeps } from './receive.ts';

export interface ReceiverOptions {
  host: string;
  port: number;
  maxBytes: number;
}

export interface RunningReceiver {
  port: number;
  stop(): Promise<void>;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/** The message's bytes, or null once past `max` (the rest is read and dropped, so the client gets an answer). */
async function readAtMost(stream: Readable, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= max) chunks.push(chunk);
  }
  return size > max ? null : Buffer.concat(chunks);
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
export function inboundMessage(parsed: ParsedMail, raw: Buffer, session: SMTPServerSession): InboundMessage {
  const mailFrom = session.envelope.mailFrom;
  return {
    messageId: parsed.messageId ?? `<${createHash('sha256').update(raw).digest('hex')}@no-message-id>`,
    envelopeFrom: mailFrom ? mailFrom.address : '',
    from: parsed.from?.value[0]?.address ?? null,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    references: [...listOf(parsed.inReplyTo), ...listOf(parsed.references)].filter((r) => r.length > 0),
    date: parsed.date ?? null,
    header: headerReader(parsed),
    remoteAddress: session.remoteAddress ?? null,
    attachments: parsed.attachments.map((a) => ({
      fileName: (a.filename ?? '').trim() || 'attachment',
      declaredType: a.contentType,
      content: a.content,
    })),
  };
}

export async function startReceiver(
  deps: ReceiveDeps,
  options: ReceiverOptions,
  log: Pick<Logger, 'info' | 'warn' | 'error'>,
): Promise<RunningReceiver> {
  /** Where each recipient a session's RCPT accepted leads, read again at DATA for the envelope's recipients. */
  const routes = new Map<string, Map<string, Route>>();
  const server: SMTPServer = new SMTPServer({
    name: deps.mailDomain,
    banner: 'Tandem',
    size: options.maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    maxClients: 50,
    logger: false,
    onConnect(session, callback) {
      routes.set(session.id, new Map());
      callback();
    },
    onClose(session) {
      routes.delete(session.id);
    },
    onRcptTo(address, session, callback) {
      const recipient = address.address.toLowerCase();
      routeOf(deps.database.db, address.address, deps.mailDomain)
        .then((route) => {
          if (!route) return callback(smtpError(550, `No mailbox here for ${recipient}`));
          routes.get(session.id)?.set(recipient, route);
          callback();
        })
        .catch((err: unknown) => {
          log.error({ err }, 'inbound mail: recipient lookup failed');
          callback(smtpError(451, 'Try again later'));
        });
    },
    onData(stream, session, callback) {
      handle(stream, session)
        .then(() => callback())
        .catch((err: Error & { responseCode?: number }) => callback(err));
    },
  });

  async function handle(stream: Readable, session: SMTPServerSession): Promise<void> {
    const raw = await readAtMost(stream, options.maxBytes);
    if (raw === null) throw smtpError(552, `Message larger than ${options.maxBytes} bytes`);
    const message = inboundMessage(await simpleParser(raw), raw, session);
    const known = routes.get(session.id) ?? new Map<string, Route>();
    let failed = false;
    for (const { address } of session.envelope.rcptTo) {
      const recipient = address.toLowerCase();
      const route = known.get(recipient);
      if (!route) continue;
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
    if (failed) throw smtpError(451, 'Could not take the message now; try again later');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ err }, 'inbound mail: server error'));
  const { port } = server.server.address() as AddressInfo;
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
