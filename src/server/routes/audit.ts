/** The audit log of one practice, for roles with audit.read: search and CSV export. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditPageSchema, auditSearchQuerySchema, type AuditSearchQuery } from '../../core/audit/schema.ts';
import { auditCsv, searchAudit, type AuditFilter } from '../../core/audit/search.ts';
import { withTenant } from '../../core/tenancy/with-tenant.ts';
import { requirePractice } from '../auth/guard.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { practiceParams } from './practices.ts';

const querySchema = auditSearchQuerySchema.omit({ practiceId: true });

function filterFor(practiceId: string, q: Omit<AuditSearchQuery, 'practiceId'>): AuditFilter {
  return {
    practiceIds: [practiceId],
    limit: q.limit,
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
      { schema: { tags, summary: 'Search the audit log, newest first', params: practiceParams, querystring: querySchema, response: { 200: auditPageSchema, ...errorResponses } } },
      async (request) => {
        const { practiceId } = request.params;
        await requirePractice(deps, request, practiceId, 'audit.read');
        return withTenant(deps.database.db, practiceId, (tx) => searchAudit(tx, filterFor(practiceId, request.query)));
      },
    );

    app.get(
      '/api/v1/practices/:practiceId/audit.csv',
      { schema: { tags, summary: 'The same search as CSV', params: practiceParams, querystring: querySchema, response: { 200: z.string(), ...errorResponses } } },
      async (request, reply) => {
        const { practiceId } = request.params;
        await requirePractice(deps, request, practiceId, 'audit.read');
        const page = await withTenant(deps.database.db, practiceId, (tx) => searchAudit(tx, filterFor(practiceId, request.query)));
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="tandem-audit.csv"')
          .send(auditCsv(page.entries));
      },
    );
  };
}
