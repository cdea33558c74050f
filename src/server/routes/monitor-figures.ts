/**
 * A check's figures over a period, for the check page, charts, reports and scripts: uptime with
 * runs inside maintenance windows left out, and latency percentiles, read from the hourly and
 * daily rollups (monitor/uptime.ts); its uptime per day for the check page's bars; an agent
 * check's readings per hour (monitor/agent-readings.ts); and the practice's maintenance calendar,
 * its windows expanded into occurrences in a bounded period.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { maxReadingRows, readingKeepDays, readingsPeriod, readReadings } from '../../monitor/agent-readings.ts';
import { existingCheck } from '../../monitor/checks.ts';
import {
  agentReadingsSchema,
  calendarQuerySchema,
  checkFiguresSchema,
  maintenanceCalendarSchema,
  readingsDefaultDays,
  readingsMaxDays,
  readingsQuerySchema,
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
      '/api/v1/practices/:practiceId/monitor/checks/:checkId/readings',
      {
        config: access.practice('monitoring.read'),
        schema: {
          tags: ['monitoring'],
          summary: 'An agent check’s readings per hour (disk free, CPU, OS version, protection, boots)',
          description:
            `The hours overlapping from..to (default the last ${readingsDefaultDays} days, at most ${readingsMaxDays}), ` +
            `oldest first, at most ${maxReadingRows} rows, with the boots and changes of OS version or protection ` +
            `among them; empty for a check of another kind. Kept ${readingKeepDays} days.`,
          params: practiceParams.extend({ checkId: z.uuid() }),
          querystring: readingsQuerySchema,
          response: { 200: agentReadingsSchema, ...errorResponses },
        },
      },
      async (request) =>
        actInPractice(deps, request, practiceAccess(request), async (s) => {
          await existingCheck(s, request.params.checkId);
          const period = readingsPeriod(s.clock.now(), request.query);
          return readReadings(s, { checkId: request.params.checkId }, period);
        }),
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
