/**
 * Checks on request input that apply to every route, whatever its schema says. PostgreSQL cannot
 * store a NUL character in text or jsonb, so a NUL anywhere in the body, query or path would
 * otherwise fail deep in a write; it is refused up front with the field named.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';

/** The dotted path of the first string under `value` that holds a NUL character. */
function pathOfNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (!value || typeof value !== 'object' || depth > 64) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const here = `${path}.${key}`;
    if (key.includes('\u0000')) return here;
    const found = pathOfNul(inner, here, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export async function refuseNulCharacters(request: FastifyRequest): Promise<void> {
  const parts = { params: request.params, query: request.query, body: request.body } as const;
  for (const [name, value] of Object.entries(parts)) {
    const path = pathOfNul(value, name);
    if (path)
      throw new AppError('validation_failed', 'The request is not valid', [
        { path, message: 'must not contain a NUL character (\\u0000)' },
      ]);
  }
}
