/** The throttle's refusal: 429 with Retry-After, for every route that checks a password or code. */
import type { FastifyReply } from 'fastify';
import { AppError } from '../../core/errors.ts';

export function tooMany(reply: FastifyReply, retryAfterMs: number, what = 'failed attempts'): never {
  reply.header('retry-after', String(Math.ceil(retryAfterMs / 1000)));
  throw new AppError('too_many_requests', `Too many ${what}; try again in ${Math.ceil(retryAfterMs / 1000)} s`);
}
