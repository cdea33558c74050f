/**
 * Closing the server with connections that never carried a request (src/server/spare-connections.ts):
 * a browser's preconnected socket, a request whose headers have not all arrived. Node's own timeouts
 * for them are turned off here, so without the fix close() would never resolve and the test would
 * time out; with it, the server drops them and closes, and a finished keep-alive connection closes too.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import type { Database } from '../../src/core/db/database.ts';
import { openMigratedMemoryDatabase } from '../support/pglite-snapshot.ts';
import { buildTestServer } from '../support/server.ts';

function openSocket(port: number, send?: string): Promise<{ socket: Socket; closed: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      if (send !== undefined) socket.write(send);
      resolve({ socket, closed });
    });
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    const closed = new Promise<string>((done) => socket.on('close', () => done(received)));
    socket.once('error', reject);
  });
}

describe('closing the server', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openMigratedMemoryDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('drops connections that sent no request or only part of one, and answers a whole one first', async () => {
    const { app } = await buildTestServer(database);
    await app.listen({ port: 0, host: '127.0.0.1' });
    app.server.headersTimeout = 0;
    app.server.requestTimeout = 0;
    app.server.keepAliveTimeout = 0;
    const { port } = app.server.address() as { port: number };
    const preconnected = await openSocket(port);
    const partial = await openSocket(port, 'GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n');
    const answered = await openSocket(port, 'GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
    await expect.poll(() => answered.socket.bytesRead).toBeGreaterThan(0);

    await app.close();
    expect(await preconnected.closed).toBe('');
    expect(await partial.closed).toBe('');
    expect(await answered.closed).toMatch(/^HTTP\/1\.1 200 OK/);
  });
});
