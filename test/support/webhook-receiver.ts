/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: it answers each request with the next
 * status of its script (then 200), keeps what it received, and checks each signature the way
 * docs/webhooks.md tells receivers to.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Statuses to answer with, in order; once spent, 200. */
  script: number[] = [];
  readonly url: string;
  private readonly server: Server;

  private constructor(server: Server, url: string) {
    this.server = server;
    this.url = url;
  }

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}/hook`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        receiver.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = receiver.script.shift() ?? 200;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${status}\r\nline two\u0007`);
      });
    });
    return receiver;
  }

  /**
   * What a receiver does first: recompute the signature over "<timestamp>.<raw body>" with the one
   * secret it holds and accept if any space-separated entry of Tandem-Signature matches.
   */
  static verifies(secret: string, got: Received): boolean {
    const timestamp = String(got.headers['tandem-timestamp']);
    const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${got.body}`).digest('hex')}`);
    return String(got.headers['tandem-signature'])
      .split(' ')
      .some((entry) => entry.length === expected.length && timingSafeEqual(Buffer.from(entry), expected));
  }

  forDelivery(deliveryId: string): Received[] {
    return this.received.filter((r) => r.headers['tandem-delivery'] === deliveryId);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
