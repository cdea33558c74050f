/**
 * A check's figures over a period, for the check page, charts, reports and scripts: uptime with
 * runs inside maintenance windows left out, and latency percentiles, read from the hourly and
 * daily rollups (monitor/uptime.ts); its uptime per day for the check page's bars; and the
 * practice's maintenance calendar, its windows expanded into occurrences in a bounded period.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  calendarQuerySchema,
  checkFiguresSchema,
  maintenanceCalendarSchema,
  uptimeDaysSchema,
  uptimeQuerySchema,
} from '../../monitor/schema.ts';
import { readCheckFigures, readUptimeDays } from '../../monitor/check-figures.ts';
import { maintenanceCalendar } from '../../monitor/maintenance-calendar.ts';
import { access, practiceAccess } from '../caller/access.ts';
import { actInPractice } from '../caller/acting.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { practiceParams } from './practices.ts';

export function monitorFigureRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/practices/:practiceId/monitor/checks/:checkId/uptime',
      {
        config: access.practice('monitoring.read'),
        schema: {
          tags: ['monitoring'],
          summary: 'A check’s uptime and latency percentiles (p50, p95, p99) over the last 24h, 7d, 30d or 90d',
          params: practiceParams.extend({ checkId: z.uuid() }),
          querystring: uptimeQuerySchema,
          response: { 200: checkFiguresSchema, ...errorResponses },
        },
      },
      async (request) =>
        actInPractice(deps, request, practiceAccess(request), (s) =>
          readCheckFigures(s, request.params.checkId, request.query.period),
        ),
    );

    app.get(
      '/api/v1/practices/:practiceId/monitor/checks/:checkId/uptime-days',
      {
        config: access.practice('monitoring.read'),
        schema: {
          tags: ['monitoring'],
          summary: 'A check’s uptime on each of the last 90 UTC days (maintenance marked and left out), and per period',
          params: practiceParams.extend({ checkId: z.uuid() }),
          response: { 200: uptimeDaysSchema, ...errorResponses },
        },
      },
      async (request) =>
        actInPractice(deps, request, practiceAccess(request), (s) => readUptimeDays(s, request.params.checkId)),
    );

    app.get(
      '/api/v1/practices/:practiceId/monitor/maintenance-calendar',
      {
        config: access.practice('monitoring.read'),
        schema: {
          tags: ['monitoring'],
          summary: 'The occurrences of every maintenance window between two local days (at most 42) of the practice',
          params: practiceParams,
          querystring: calendarQuerySchema,
          response: { 200: maintenanceCalendarSchema, ...errorResponses },
        },
      },
      async (request) =>
        actInPractice(deps, request, practiceAccess(request), (s) => maintenanceCalendar(s, request.query)),
    );
  };
}
