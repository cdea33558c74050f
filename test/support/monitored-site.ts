/**
 * A site to monitor on 127.0.0.1: it answers every request with `status` and `body`, which a test
 * changes to make it fail (or answer `delayMs` late, or fail every other time) on demand, and counts
 * the requests it got.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class MonitoredSite {
  status = 200;
  body = 'all systems normal';
  delayMs = 0;
  /** Answer 200 and 500 by turns (each request the other), so a check on it flaps. */
  alternate = false;
  requests = 0;
  readonly url: string;
  private readonly server: Server;

  private constructor(server: Server, url: string) {
    this.server = server;
    this.url = url;
  }

  static async start(): Promise<MonitoredSite> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const site = new MonitoredSite(server, `http://127.0.0.1:${port}/health`);
    server.on('request', (_req, res) => {
      site.requests += 1;
      const status = site.alternate ? (site.requests % 2 === 1 ? 200 : 500) : site.status;
      const answer = () => res.writeHead(status, { 'content-type': 'text/plain' }).end(site.body);
      if (site.delayMs > 0) setTimeout(answer, site.delayMs);
      else answer();
    });
    return site;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
