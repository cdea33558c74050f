/**
 * The audit log of one practice, for roles with audit.read: search and CSV export. Both show the
 * entries recorded in that practice and nothing else (core/audit/search.ts).
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditPageSchema, auditSearchQuerySchema, type AuditSearchQuery } from '../../core/audit/schema.ts';
import { auditExportMaxRows, exportAuditCsv, searchAudit, type AuditFilter } from '../../core/audit/search.ts';
import { withTenant } from '../../core/tenancy/with-tenant.ts';
import { access } from '../caller/access.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { practiceParams } from './practices.ts';

const querySchema = auditSearchQuerySchema.omit({ practiceId: true });
/** An export holds every matching entry (up to auditExportMaxRows): no page size, no cursor. */
const csvQuerySchema = auditSearchQuerySchema.omit({ practiceId: true, limit: true, cursor: true });

function filterFor(practiceId: string, q: Omit<AuditSearchQuery, 'practiceId' | 'limit'>): Omit<AuditFilter, 'limit'> {
  return {
    practiceIds: [practiceId],
    ...(q.actorId ? { actorId: q.actorId } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.from ? { from: new Date(q.from) } : {}),
    ...(q.to ? { to: new Date(q.to) } : {}),
    ...(q.cursor ? { cursor: q.cursor } : {}),
  };
}

export function auditRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['audit'];
  return async (app) => {
    app.get(
      '/api/v1/practices/:practiceId/audit',
      {
        config: access.practice('audit.read'),
        schema: {
          tags,
          summary: 'Search the audit log, newest first',
          params: practiceParams,
          querystring: querySchema,
          response: { 200: auditPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId } = request.params;
        const filter = { ...filterFor(practiceId, request.query), limit: request.query.limit };
        return withTenant(deps.database.db, practiceId, (tx) => searchAudit(tx, filter));
      },
    );

    app.get(
      '/api/v1/practices/:practiceId/audit.csv',
      {
        config: access.practice('audit.read'),
        schema: {
          tags,
          summary: 'Every entry the same search matches, as CSV',
          description:
            `Newest first, at most ${auditExportMaxRows} entries. When more match, the reply header ` +
            'X-Tandem-Export-Truncated is "true" and the last line says that older entries were left out.',
          params: practiceParams,
          querystring: csvQuerySchema,
          response: { 200: z.string(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { practiceId } = request.params;
        // Streamed a page at a time, each page in its own short tenant transaction.
        const csv = await exportAuditCsv(
          (fn) => withTenant(deps.database.db, practiceId, fn),
          filterFor(practiceId, request.query),
        );
        return (
          reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header('content-disposition', 'attachment; filename="tandem-audit.csv"')
            .header('x-tandem-export-limit', String(auditExportMaxRows))
            .header('x-tandem-export-truncated', String(csv.truncated))
            // Fastify pipes a stream as is, past the serializer; the schema documents the text it carries.
            .send(Readable.from(csv.chunks) as unknown as string)
        );
      },
    );
  };
}
