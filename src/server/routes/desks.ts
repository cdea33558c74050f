/** The practice's desks over HTTP: listed for anyone who files tickets, changed by an administrator. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  deskListSchema,
  deskPatchSchema,
  deskPrivacyInputSchema,
  deskPrivacySchema,
  deskSchema,
} from '../../desk/desk-schema.ts';
import { changeDesk, ensureDesks, presentDesk } from '../../desk/desks.ts';
import { readPatientPrivacy, setPatientPrivacy } from '../../desk/patient-privacy.ts';
import { access } from '../caller/access.ts';
import { keepsAccess } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { deskCaller } from './desk-caller.ts';
import { practiceParams } from './practices.ts';

export function deskRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['service desk'];
  const base = '/api/v1/practices/:practiceId/desks';
  const asCaller = deskCaller(deps);

  return async (app) => {
    app.get(
      base,
      {
        config: access.practice('tickets.create'),
        schema: {
          tags,
          summary: "The practice's desks (IT, clinical, patient) with their categories, calendars and SLA policies",
          params: practiceParams,
          response: { 200: deskListSchema, ...errorResponses },
        },
      },
      async (request) => ({ desks: (await asCaller(request, ensureDesks)).map(presentDesk) }),
    );

    app.patch(
      `${base}/:deskId`,
      {
        config: { ...access.practice('practice.update'), ...keepsAccess },
        schema: {
          tags,
          summary: "Change a desk's name, categories, business calendar or SLA policy (each replaced whole)",
          params: practiceParams.extend({ deskId: z.uuid() }),
          body: deskPatchSchema,
          response: { 200: deskSchema, ...errorResponses },
        },
      },
      async (request) =>
        asCaller(request, async (s) => {
          await ensureDesks(s);
          return changeDesk(s, request.params.deskId, request.body);
        }),
    );

    const privacy = '/api/v1/practices/:practiceId/desk-privacy';
    app.get(
      privacy,
      {
        config: access.practice('tickets.create'),
        schema: {
          tags,
          summary: 'Whether MSP staff may see patient details on the service desk (off unless the practice grants it)',
          params: practiceParams,
          response: { 200: deskPrivacySchema, ...errorResponses },
        },
      },
      async (request) => asCaller(request, (s) => readPatientPrivacy(s.tx, s.practiceId)),
    );

    app.put(
      privacy,
      {
        config: { ...access.practice('phi.share'), ...keepsAccess },
        schema: {
          tags,
          summary:
            'Let MSP staff see patient details (patient-desk ticket text, patient contacts), or stop them; practice administrators only, audited',
          params: practiceParams,
          body: deskPrivacyInputSchema,
          response: { 200: deskPrivacySchema, ...errorResponses },
        },
      },
      async (request) => asCaller(request, (s) => setPatientPrivacy(s, request.body.mspSeesPatientDetails)),
    );
  };
}
