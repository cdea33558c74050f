/**
 * Ticket attachments over HTTP: upload (the request body is the file itself, at most the
 * configured TANDEM_ATTACHMENT_LIMIT, its type checked by content in desk/attachments.ts) onto
 * the ticket's opening, a reply or a note; download always as an attachment with nosniff, so a
 * browser never renders what was uploaded.
 */
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { attachFile, attachmentFile } from '../../desk/attachments.ts';
import { attachmentTypes } from '../../desk/attachment-types.ts';
import { ticketSchema } from '../../desk/ticket-schema.ts';
import { ticketFamily } from '../../desk/ticket-merge.ts';
import { access } from '../caller/access.ts';
import { keepsAccess } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { attachmentDisposition, fileUploadScope, plainFileName, uploadedFile } from '../file-download.ts';
import { errorResponses } from '../openapi.ts';
import { deskCaller } from './desk-caller.ts';
import { practiceParams } from './practices.ts';

const ticketParams = practiceParams.extend({ ticketId: z.uuid() });
const fileParams = ticketParams.extend({ attachmentId: z.uuid() });
const uploadQuery = z.strictObject({
  eventId: z.uuid().describe('The created, reply or note event of this ticket the file goes on'),
  fileName: plainFileName,
});

export function ticketAttachmentRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['service desk'];
  const base = '/api/v1/practices/:practiceId/tickets/:ticketId/attachments';
  const asCaller = deskCaller(deps);
  const limit = deps.config.attachmentLimit;

  return async (app) => {
    app.get(
      `${base}/:attachmentId`,
      {
        config: access.practice('tickets.create'),
        schema: {
          tags,
          summary:
            'Download a file of the ticket (or of a ticket merged into it), as an attachment; a note’s files only for those who work tickets, a patient-desk file only with phi.read (audited)',
          params: fileParams,
          response: { 200: z.string().describe('The file'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { ticketId, attachmentId } = request.params;
        const file = await asCaller(request, async (s) =>
          attachmentFile(s, await ticketFamily(s, ticketId), attachmentId),
        );
        return (
          reply
            .header(
              'content-type',
              file.contentType.startsWith('text/') ? `${file.contentType}; charset=utf-8` : file.contentType,
            )
            .header('content-disposition', attachmentDisposition(file.fileName))
            .header('x-content-type-options', 'nosniff')
            .header('cache-control', 'private, no-store')
            // Fastify sends a Buffer as is, past the serializer; the schema documents the bytes it carries.
            .send(file.content as unknown as string)
        );
      },
    );

    await fileUploadScope(app, limit, (files) => {
      files.withTypeProvider<ZodTypeProvider>().post(
        base,
        {
          config: { ...access.practice('tickets.create'), ...keepsAccess },
          bodyLimit: limit,
          schema: {
            tags,
            summary: `Attach a file to the ticket’s opening, a reply or a note: the body is the file (${attachmentTypes.join(', ')}, checked by content; at most TANDEM_ATTACHMENT_LIMIT, 10 MB by default)`,
            params: ticketParams,
            querystring: uploadQuery,
            response: { 200: ticketSchema, ...errorResponses },
          },
        },
        async (request) => {
          const { content, declaredType } = uploadedFile(request);
          const { eventId, fileName } = request.query;
          return asCaller(request, (s) =>
            attachFile(s, request.params.ticketId, eventId, { fileName, declaredType, content }),
          );
        },
      );
    });
  };
}
