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
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { simpleParser } from 'mailparser';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { routeOf, type Route } from './addresses.ts';
import { deliver, inboundMessage } from './inbound.ts';
import type { ReceiveDeps } from './receive.ts';

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
    const mailFrom = session.envelope.mailFrom;
    const message = inboundMessage(await simpleParser(raw), raw, {
      envelopeFrom: mailFrom ? mailFrom.address : '',
      remoteAddress: session.remoteAddress ?? null,
    });
    const known = routes.get(session.id) ?? new Map<string, Route>();
    const targets = session.envelope.rcptTo.flatMap(({ address }) => {
      const route = known.get(address.toLowerCase());
      return route ? [{ recipient: address.toLowerCase(), route }] : [];
    });
    if (!(await deliver(deps, targets, message, log)))
      throw smtpError(451, 'Could not take the message now; try again later');
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
