/**
 * Idempotent creates: a POST under a practice that answers 201 honours an `Idempotency-Key`
 * header, so a script that retries after a timeout does not create a twin. The first request with
 * a key claims it (core/idempotency), runs, and its reply is kept for 24 hours, encrypted; a retry
 * with the same key and the same request gets that reply again (with `Idempotent-Replayed: true`)
 * and nothing runs; the same key with a different request is refused (422), and one sent while
 * the first is still running is refused (409). A request that fails frees its key.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decryptField, encryptField } from '../core/crypto/field-encryption.ts';
import { AppError } from '../core/errors.ts';
import { claimKey, completeKey, releaseKey, type KeyRef } from '../core/idempotency/store.ts';
import { withTenant } from '../core/tenancy/with-tenant.ts';
import { canonicalJson } from '../core/canonical-json.ts';
import type { ServerDeps } from './deps.ts';

const keyPattern = /^[\x21-\x7e]{1,255}$/;

declare module 'fastify' {
  interface FastifyRequest {
    /** The idempotency key this request claimed, to store or free its reply. */
    idempotencyKey?: KeyRef;
  }
}

/**
 * Whether a route takes Idempotency-Key: a create (POST answering 201) in a practice. The OpenAPI
 * document lists the header by the same rule (openapi-document.ts).
 */
export function isIdempotentCreate(method: string, url: string, statuses: readonly string[]): boolean {
  return method.toUpperCase() === 'POST' && url.includes('practiceId') && statuses.includes('201');
}

function routeTakesKey(request: FastifyRequest): boolean {
  const { method, url, schema } = request.routeOptions;
  const statuses = Object.keys((schema?.response as object | undefined) ?? {});
  return typeof method === 'string' && url !== undefined && isIdempotentCreate(method, url, statuses);
}

function sentKey(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !keyPattern.test(key))
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: 'headers.idempotency-key', message: 'must be 1 to 255 printable ASCII characters without spaces' },
    ]);
  return key;
}

/** What makes two requests the same one: route, path and body. */
function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
    .digest('base64url');
}

export function installIdempotency(app: FastifyInstance, deps: ServerDeps): void {
  const { database, clock, keyring } = deps;

  app.addHook('preHandler', async (request, reply) => {
    const key = routeTakesKey(request) ? sentKey(request) : undefined;
    const practice = request.granted?.practice;
    if (key === undefined || !practice) return;
    const ref = { practiceId: practice.practiceId, callerId: practice.actor.actorId, key };
    const claim = await withTenant(database.db, ref.practiceId, (tx) =>
      claimKey(tx, ref, requestHash(request), clock.now()),
    );
    switch (claim.kind) {
      case 'claimed':
        request.idempotencyKey = ref;
        return;
      case 'replay':
        return reply
          .code(claim.status)
          .header('content-type', 'application/json; charset=utf-8')
          .header('idempotent-replayed', 'true')
          .send(decryptField(keyring, claim.reply));
      case 'mismatch':
        throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used for a different request', [
          { path: 'headers.idempotency-key', message: 'use a new key for a new request' },
        ]);
      case 'in_progress':
        throw new AppError('conflict', 'A request with this Idempotency-Key is still being processed; retry shortly');
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const ref = request.idempotencyKey;
    if (!ref) return payload;
    request.idempotencyKey = undefined;
    const succeeded = reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string';
    await withTenant(database.db, ref.practiceId, (tx) =>
      succeeded ? completeKey(tx, ref, reply.statusCode, encryptField(keyring, payload)) : releaseKey(tx, ref),
    );
    return payload;
  });
}
