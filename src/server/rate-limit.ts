/**
 * Per-caller rate limits on the API, announced on every reply the way scripts expect
 * (RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset: IETF draft-ietf-httpapi-ratelimit-headers)
 * and enforced with 429 and Retry-After. A caller is its credential (the bearer token or session
 * cookie, hashed, never stored) or, without one, its address; windows are fixed minutes of the
 * server's clock, counted in this process's memory. This bounds a runaway script; the sign-in
 * throttles (core/identity/throttle.ts) are what stand against password guessing.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import { sessionCookie } from './caller/principal.ts';

const windowMs = 60_000;

/** Fixed-window counters for the current window; the whole map is dropped when the window moves on. */
export class RateWindow {
  private start = -1;
  private readonly counts = new Map<string, number>();

  constructor(
    readonly limit: number,
    private readonly clock: Clock,
  ) {}

  /** Counts one request of `caller`: how many remain and the seconds until the window resets. */
  take(caller: string): { allowed: boolean; remaining: number; resetSeconds: number } {
    const now = this.clock.now().getTime();
    const start = now - (now % windowMs);
    if (start !== this.start) {
      this.start = start;
      this.counts.clear();
    }
    const used = (this.counts.get(caller) ?? 0) + 1;
    this.counts.set(caller, used);
    return {
      allowed: used <= this.limit,
      remaining: Math.max(0, this.limit - used),
      resetSeconds: Math.max(1, Math.ceil((start + windowMs - now) / 1000)),
    };
  }
}

/** Who is counted: a hash of the credential sent, else the client address. */
function callerKey(request: FastifyRequest): string {
  const auth = request.headers.authorization;
  const credential = typeof auth === 'string' && auth.length > 0 ? auth : request.cookies[sessionCookie];
  if (credential) return `c:${createHash('sha256').update(credential).digest('base64url')}`;
  return `a:${request.ip}`;
}

/** Counts and limits every request to /api/ before anything else runs for it. */
export function installRateLimit(app: FastifyInstance, limit: number, clock: Clock): void {
  const window = new RateWindow(limit, clock);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const taken = window.take(callerKey(request));
    reply.header('ratelimit-limit', String(limit));
    reply.header('ratelimit-remaining', String(taken.remaining));
    reply.header('ratelimit-reset', String(taken.resetSeconds));
    if (taken.allowed) return;
    reply.header('retry-after', String(taken.resetSeconds));
    throw new AppError(
      'too_many_requests',
      `More than ${limit} requests in a minute from this caller; try again in ${taken.resetSeconds} s`,
    );
  });
}

/** Refuses a request that a throttle (sign-in backoff, reset requests) holds back: 429 with Retry-After. */
export function refuseThrottled(reply: FastifyReply, retryAfterMs: number, what = 'failed attempts'): never {
  const seconds = Math.ceil(retryAfterMs / 1000);
  reply.header('retry-after', String(seconds));
  throw new AppError('too_many_requests', `Too many ${what}; try again in ${seconds} s`);
}
