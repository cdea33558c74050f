/**
 * Server-sent events (text/event-stream) for signed-in callers. The reply is taken over from
 * Fastify (hijack): it stays open, outside compression, and writes one event per change. Every
 * `heartbeatMs` a comment line keeps proxies from closing an idle connection, and the caller's
 * session or token is read again, bypassing the per-process cache: a stream ends within one
 * heartbeat of signing out, of the session's idle or absolute expiry, of the account being
 * disabled or of the token being revoked, as the next request would be refused. Streams end when
 * the server closes, so a shutdown does not wait on them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findApiToken, isApiTokenLive } from '../core/identity/api-tokens.ts';
import { findSession, isSessionLive } from '../core/identity/sessions.ts';
import type { Principal } from './caller/principal.ts';
import type { ServerDeps } from './deps.ts';

export const defaultHeartbeatMs = 15_000;

export interface EventStream {
  send(event: string, data: unknown): void;
  /** Runs once when the stream ends, for whatever reason. */
  onClose(fn: () => void): void;
  close(reason: string): void;
}

/** Whether the principal that opened the stream would still be let in. */
async function stillSignedIn(deps: ServerDeps, principal: Principal): Promise<boolean> {
  const now = deps.clock.now().getTime();
  if (principal.kind === 'token') {
    const row = await findApiToken(deps.database.db, principal.token.tokenHash);
    return row !== undefined && isApiTokenLive(row, now);
  }
  const found = await findSession(deps.database.db, principal.session.tokenHash);
  return found !== undefined && isSessionLive(found, now, deps.limits);
}

const openStreams = new WeakMap<FastifyInstance, Set<EventStream>>();

/** Ends every open stream before the server closes (call once, when the routes are registered). */
export function closeStreamsOnShutdown(app: FastifyInstance): void {
  const streams = new Set<EventStream>();
  app.addHook('preClose', async () => {
    for (const stream of [...streams]) stream.close('server_closing');
  });
  openStreams.set(app, streams);
}

export function openEventStream(
  deps: ServerDeps,
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  principal: Principal,
): EventStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // nginx and similar proxies buffer replies unless told otherwise.
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  // How long a browser's EventSource waits before reconnecting after the stream drops.
  res.write('retry: 5000\n\n');
  const closers: (() => void)[] = [];
  const streams = openStreams.get(app);
  let open = true;
  const heartbeat = setInterval(() => {
    stillSignedIn(deps, principal).then(
      (yes) => (yes ? res.write(': heartbeat\n\n') : stream.close('signed_out')),
      () => stream.close('error'),
    );
  }, deps.liveHeartbeatMs ?? defaultHeartbeatMs);
  const stream: EventStream = {
    send(event, data) {
      if (open && !res.destroyed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    onClose(fn) {
      closers.push(fn);
    },
    close(reason) {
      if (!open) return;
      stream.send('end', { reason });
      open = false;
      clearInterval(heartbeat);
      streams?.delete(stream);
      res.end();
      for (const fn of closers) fn();
    },
  };
  streams?.add(stream);
  request.raw.on('close', () => stream.close('client_gone'));
  return stream;
}
