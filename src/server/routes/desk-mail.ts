/** The desks' inbound email addresses, for the desk settings page: made on first read. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ensureDesks, presentDesk } from '../../desk/desks.ts';
import { deskAddress } from '../../mail/addresses.ts';
import { deskMailSchema } from '../../mail/schema.ts';
import { access } from '../caller/access.ts';
import { keepsAccess } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { deskCaller } from './desk-caller.ts';
import { practiceParams } from './practices.ts';

export function deskMailRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const asCaller = deskCaller(deps);
  return async (app) => {
    app.get(
      '/api/v1/practices/:practiceId/desk-mail',
      {
        // Whoever may change the desks sees where their email goes; an address is made (and audited) on first read.
        config: { ...access.practice('practice.update'), ...keepsAccess },
        schema: {
          tags: ['service desk'],
          summary:
            "Each desk's inbound email address: mail to it opens a ticket there (made on first read), and whether this installation receives mail",
          params: practiceParams,
          response: { 200: deskMailSchema, ...errorResponses },
        },
      },
      async (request) =>
        asCaller(request, async (s) => {
          const desks = (await ensureDesks(s)).map(presentDesk);
          const addresses = [];
          for (const desk of desks)
            addresses.push({
              deskId: desk.id,
              name: desk.name,
              kind: desk.kind,
              address: await deskAddress(s, desk.id, deps.config.mailDomain),
            });
          return { receiving: deps.config.smtpListen !== undefined, desks: addresses };
        }),
    );
  };
}
