/**
 * Closing the server also closes the connections that never carried a request. Browsers open
 * spare connections ahead of need (preconnect), and HTTP clients such as undici open one for a
 * request that another connection then carries. Node's close() with forceCloseConnections 'idle'
 * (app.ts) closes only connections between requests, so one such spare connection held a shutdown
 * until Node's headers timeout dropped it, 60 to 90 s later. A connection whose request has begun
 * but whose headers are not complete is closed too: nothing of it has been handled yet.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

export function closeSpareConnectionsOnClose(app: FastifyInstance): void {
  const spare = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    spare.add(socket);
    socket.once('close', () => spare.delete(socket));
  });
  app.server.on('request', (request: IncomingMessage) => spare.delete(request.socket));
  app.addHook('preClose', async () => {
    for (const socket of spare) socket.destroy();
  });
}
