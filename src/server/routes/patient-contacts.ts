/** The patient desk's contacts over HTTP: PHI in, encrypted at rest, decrypted and audited only for those who may read it. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageQuerySchema } from '../../core/page-schema.ts';
import { changeContact, createContact, readContact, readContacts, removeContact } from '../../desk/patient-contacts.ts';
import {
  patientContactInputSchema,
  patientContactListSchema,
  patientContactPatchSchema,
  patientContactReceiptSchema,
  patientContactSchema,
} from '../../desk/schema.ts';
import { refuseHiddenPatientDetails } from '../../desk/patient-privacy.ts';
import { findContact } from '../../desk/store.ts';
import { access } from '../caller/access.ts';
import { keepsAccess } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { checkIfMatch, conditional, sendEtag } from '../conditional.ts';
import { errorResponses } from '../openapi.ts';
import { encodeCursor, keysetAfter } from '../pagination.ts';
import { deskCaller } from './desk-caller.ts';
import { practiceParams } from './practices.ts';

const contactParams = practiceParams.extend({ contactId: z.uuid() });

export function patientContactRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['patient desk'];
  const base = '/api/v1/practices/:practiceId/patient-contacts';

  // In the practice's transaction as the caller (the route declared the permission).
  const asCaller = deskCaller(deps);

  return async (app) => {
    app.post(
      base,
      {
        config: { ...access.practice('tickets.create'), ...keepsAccess },
        schema: {
          tags,
          summary: 'Add a patient contact (PHI: stored encrypted)',
          params: practiceParams,
          body: patientContactInputSchema,
          response: { 201: patientContactSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const contact = await asCaller(request, (s) => createContact(s, request.body));
        return reply.status(201).send(contact);
      },
    );

    app.get(
      base,
      {
        config: access.practice('phi.read'),
        schema: {
          tags,
          summary: 'Patient contacts, newest first (each read is audited)',
          params: practiceParams,
          querystring: pageQuerySchema,
          response: { 200: patientContactListSchema, ...errorResponses },
        },
      },
      async (request) => {
        const page = { after: keysetAfter(request.query), limit: request.query.limit };
        const { contacts, more } = await asCaller(request, (s) => {
          refuseHiddenPatientDetails(s);
          return readContacts(s, page);
        });
        const last = contacts.at(-1);
        return { contacts, next: more && last ? encodeCursor([last.createdAt, last.id]) : null };
      },
    );

    app.get(
      `${base}/:contactId`,
      {
        config: { ...access.practice('phi.read'), ...conditional },
        schema: {
          tags,
          summary: 'One patient contact (the read is audited)',
          params: contactParams,
          response: { 200: patientContactSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const contact = await asCaller(request, (s) => {
          refuseHiddenPatientDetails(s);
          return readContact(s, request.params.contactId);
        });
        sendEtag(reply, contact);
        return contact;
      },
    );

    app.patch(
      `${base}/:contactId`,
      {
        config: { ...access.practice('tickets.work'), ...keepsAccess, ...conditional },
        schema: {
          tags,
          summary:
            'Change a patient contact; null clears a field. The reply holds the contact (an audited read) only for callers with phi.read, else a receipt',
          params: contactParams,
          body: patientContactPatchSchema,
          response: { 200: z.union([patientContactSchema, patientContactReceiptSchema]), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { contactId } = request.params;
        const changed = await asCaller(request, async (s) => {
          const current = await findContact(s.tx, s.practiceId, contactId);
          if (current) checkIfMatch(request, { id: current.id, updatedAt: current.updatedAt.toISOString() });
          return changeContact(s, contactId, request.body, s.mayReadPhi);
        });
        sendEtag(reply, changed);
        return changed;
      },
    );

    app.delete(
      `${base}/:contactId`,
      {
        config: { ...access.practice('tickets.work'), ...keepsAccess },
        schema: {
          tags,
          summary: 'Remove a patient contact',
          params: contactParams,
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await asCaller(request, (s) => removeContact(s, request.params.contactId));
        return reply.status(204).send(null);
      },
    );
  };
}
