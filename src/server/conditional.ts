/**
 * Conditional updates (optimistic concurrency without a version field in the body): a resource's
 * reply carries `ETag`, which changes with every change to it, and a change sent with `If-Match`
 * is refused with 412 when the resource has changed since, so a script cannot overwrite a change
 * it never saw. The route reads the current representation inside the same transaction that
 * changes it, so the check and the change see the same row.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import { canonicalJson } from '../core/canonical-json.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Replies carry ETag and changes honour If-Match (stated in the OpenAPI document). */
    etag?: boolean;
  }
}

/** Route config for a resource route that sends ETag and honours If-Match. */
export const conditional = { etag: true } as const;

/** What identifies a version of a resource: its id and the time of its last change. */
export interface Version {
  id: string;
  updatedAt: string;
}

/**
 * The entity tag of a version. It is made from the id and the change time, not from the content,
 * so it reveals nothing of fields a caller may not read (a patient contact's, for one).
 */
export function etagOf(version: Version): string {
  const text = canonicalJson({ id: version.id, updatedAt: version.updatedAt });
  return `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
}

/** Sends the version's ETag with the reply. */
export function sendEtag(reply: FastifyReply, version: Version): void {
  reply.header('etag', etagOf(version));
}

/** Refuses (412) a change whose If-Match names another version than `current`; no If-Match, no check. */
export function checkIfMatch(request: FastifyRequest, current: Version): void {
  const sent = request.headers['if-match'];
  if (sent === undefined) return;
  const tags = sent.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (tags.includes('*') || tags.includes(etagOf(current))) return;
  throw new AppError('precondition_failed', 'The resource has changed since you read it: read it again, then retry', [
    { path: 'headers.if-match', message: `does not match the current ETag ${etagOf(current)}` },
  ]);
}
