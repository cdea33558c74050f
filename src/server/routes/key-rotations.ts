/**
 * Key rotation as a job, for organisation administrators (the keys protect the whole
 * installation): start one, then read its status; the starter is told when it ends. The CLI's
 * `tandem keys rotate` is unchanged and has no starter to tell.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit } from '../../core/audit/append.ts';
import { findKeyRotation, startKeyRotation, type KeyRotationRow } from '../../core/crypto/rotation-runs.ts';
import { keyRotationSchema } from '../../core/crypto/schema.ts';
import { AppError } from '../../core/errors.ts';
import { actingUser } from '../../core/identity/request-context.ts';
import { unsafeWithSystem, unsafeWithSystemSending } from '../../core/tenancy/with-tenant.ts';
import { access } from '../caller/access.ts';
import { originOf } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { publicUrl } from '../links.ts';
import { errorResponses } from '../openapi.ts';
import { administrator } from './jobs.ts';

const tags = ['jobs'];

function present(row: KeyRotationRow) {
  return {
    ...row,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export function keyRotationRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/key-rotations',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'Start re-encrypting every value not under the current key, as a background job',
          description:
            "Organisation administrators only. Answers 202 with the rotation; follow it with GET /api/v1/key-rotations/{id}. When it ends, the starter is told (account.job_finished). It rotates to the working server's current key: putting a new key first is still the operator's step (docs/security.md).",
          response: { 202: keyRotationSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const user = administrator(request, 'rotate the encryption keys');
        const queue = deps.jobs;
        if (!queue) throw new AppError('unavailable', 'This server runs no job queue');
        const base = publicUrl(deps, request);
        const row = await unsafeWithSystemSending(deps.database.db, async (tx) => {
          const started = await startKeyRotation(
            tx,
            queue,
            user.id,
            deps.clock,
            (id) => `${base}/system/jobs?rotation=${id}`,
          );
          await appendAudit(tx, {
            at: deps.clock.now(),
            ...actingUser(user),
            ...originOf(request),
            action: 'keys.rotation_started',
            targetType: 'key_rotation',
            targetId: started.id,
          });
          return started;
        });
        return reply.status(202).send(present(row));
      },
    );

    app.get(
      '/api/v1/key-rotations/:rotationId',
      {
        config: access.user,
        schema: {
          tags,
          summary: 'A key rotation started from the API: its status and progress',
          params: z.strictObject({ rotationId: z.uuid() }),
          response: { 200: keyRotationSchema, ...errorResponses },
        },
      },
      async (request) => {
        administrator(request, 'follow a key rotation');
        const row = await unsafeWithSystem(deps.database.db, (tx) => findKeyRotation(tx, request.params.rotationId));
        if (!row) throw new AppError('not_found', 'No key rotation with that id');
        return present(row);
      },
    );
  };
}
