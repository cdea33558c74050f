/** The patient desk's contacts over HTTP: PHI in, encrypted at rest, decrypted and audited only for those who may read it. */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Permission } from '../../core/auth/permissions.ts';
import { withTenant } from '../../core/tenancy/with-tenant.ts';
import {
  changeContact,
  createContact,
  readContact,
  readContacts,
  removeContact,
  type DeskStep,
} from '../../desk/patient-contacts.ts';
import {
  patientContactInputSchema,
  patientContactListQuerySchema,
  patientContactListSchema,
  patientContactPatchSchema,
  patientContactSchema,
} from '../../desk/schema.ts';
import { requirePractice } from '../auth/guard.ts';
import { keepsAccess, originOf } from '../auth/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { practiceParams } from './practices.ts';

const contactParams = practiceParams.extend({ contactId: z.uuid() });

export function patientContactRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['patient desk'];
  const base = '/api/v1/practices/:practiceId/patient-contacts';

  /** Authorises, then runs the work in the practice's transaction as the caller. */
  async function asCaller<T>(
    request: FastifyRequest,
    practiceId: string,
    permission: Permission,
    fn: (s: DeskStep) => Promise<T>,
  ) {
    const access = await requirePractice(deps, request, practiceId, permission);
    const origin = { ...access.actor, ...originOf(request) };
    return withTenant(deps.database.db, practiceId, (tx) =>
      fn({ tx, clock: deps.clock, keyring: deps.keyring, practiceId, origin }),
    );
  }

  return async (app) => {
    app.post(
      base,
      {
        config: keepsAccess,
        schema: {
          tags,
          summary: 'Add a patient contact (PHI: stored encrypted)',
          params: practiceParams,
          body: patientContactInputSchema,
          response: { 201: patientContactSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const contact = await asCaller(request, request.params.practiceId, 'tickets.create', (s) =>
          createContact(s, request.body),
        );
        return reply.status(201).send(contact);
      },
    );

    app.get(
      base,
      {
        schema: {
          tags,
          summary: 'Patient contacts, newest first (each read is audited)',
          params: practiceParams,
          querystring: patientContactListQuerySchema,
          response: { 200: patientContactListSchema, ...errorResponses },
        },
      },
      async (request) => ({
        contacts: await asCaller(request, request.params.practiceId, 'phi.read', (s) =>
          readContacts(s, request.query.limit),
        ),
      }),
    );

    app.get(
      `${base}/:contactId`,
      {
        schema: {
          tags,
          summary: 'One patient contact (the read is audited)',
          params: contactParams,
          response: { 200: patientContactSchema, ...errorResponses },
        },
      },
      (request) =>
        asCaller(request, request.params.practiceId, 'phi.read', (s) => readContact(s, request.params.contactId)),
    );

    app.patch(
      `${base}/:contactId`,
      {
        config: keepsAccess,
        schema: {
          tags,
          summary: 'Change a patient contact; null clears a field',
          params: contactParams,
          body: patientContactPatchSchema,
          response: { 200: patientContactSchema, ...errorResponses },
        },
      },
      (request) =>
        asCaller(request, request.params.practiceId, 'tickets.work', (s) =>
          changeContact(s, request.params.contactId, request.body),
        ),
    );

    app.delete(
      `${base}/:contactId`,
      {
        config: keepsAccess,
        schema: {
          tags,
          summary: 'Remove a patient contact',
          params: contactParams,
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await asCaller(request, request.params.practiceId, 'tickets.work', (s) =>
          removeContact(s, request.params.contactId),
        );
        return reply.status(204).send(null);
      },
    );
  };
}
