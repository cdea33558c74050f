/**
 * The service desk's SLA/OLA report over HTTP. Counts only, no ticket text, so it needs no PHI
 * permission; it is for those who read the responsibility matrix (both organisations' staff who
 * work or oversee it, and the auditor), since it reports how each side of that split performs.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { slaReportQuerySchema, slaReportSchema } from '../../desk/report-schema.ts';
import { readSlaReport } from '../../desk/sla-report.ts';
import { readTimeReport } from '../../desk/time-entries.ts';
import { timeReportQuerySchema, timeReportSchema } from '../../desk/time-entry-schema.ts';
import { access } from '../caller/access.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { deskCaller } from './desk-caller.ts';
import { practiceParams } from './practices.ts';

export function deskReportRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const asCaller = deskCaller(deps);
  return async (app) => {
    app.get(
      '/api/v1/practices/:practiceId/desk-reports/sla',
      {
        config: access.practice('matrix.read'),
        schema: {
          tags: ['service desk'],
          summary:
            'SLA and OLA attainment of the tickets opened in a span of months, by holding side (internal IT vs MSP), desk, category and month; the open backlog by age; CSAT per desk',
          params: practiceParams,
          querystring: slaReportQuerySchema,
          response: { 200: slaReportSchema, ...errorResponses },
        },
      },
      async (request) => asCaller(request, (s) => readSlaReport(s, request.query)),
    );

    app.get(
      '/api/v1/practices/:practiceId/desk-reports/time',
      {
        config: access.practice('matrix.read'),
        schema: {
          tags: ['service desk'],
          summary:
            'Time logged on tickets by month (of the day worked) and party: minutes within the MSP contract and billable beyond it',
          params: practiceParams,
          querystring: timeReportQuerySchema,
          response: { 200: timeReportSchema, ...errorResponses },
        },
      },
      async (request) => asCaller(request, (s) => readTimeReport(s, request.query)),
    );
  };
}
