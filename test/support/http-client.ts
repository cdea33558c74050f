/**
 * Requests over a real socket to a listening test server, from a chosen loopback source address
 * (any of 127.0.0.0/8 on Linux), so a test can play several clients or a proxy and a client.
 */
import http from 'node:http';

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test replies are checked field by field
}

export function request(
  base: string,
  method: string,
  path: string,
  options: { from?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<HttpReply> {
  const url = new URL(path, base);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        agent: false,
        localAddress: options.from ?? '127.0.0.1',
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The tandem_session cookie a reply set, as a Cookie header value. */
export function sessionCookieOf(reply: HttpReply): string {
  const value = /tandem_session=([^;]+)/.exec(String(reply.headers['set-cookie']))?.[1];
  if (!value) throw new Error(`no session cookie in reply ${reply.status}: ${reply.body}`);
  return `tandem_session=${value}`;
}
