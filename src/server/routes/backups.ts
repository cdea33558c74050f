/**
 * Backups over HTTP: a practice's protected systems (with their 3-2-1 status and restore-test
 * schedule) and backup jobs (with their freshness against the RPO and their reports), and the
 * public report URL a backup product's post-job script posts to. Restore tests and the period
 * report are in backup-restore-tests.ts. Reading needs monitoring.read, changing monitoring.manage:
 * backups are watched like checks, by the same people.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import {
  changeJob,
  createJob,
  rotateJobToken,
  presentReport,
  readJob,
  readJobs,
  readReports,
  removeJob,
} from '../../backup/backup-jobs.ts';
import { receiveReport } from '../../backup/push.ts';
import {
  createdJobSchema,
  rotatedReportUrlSchema,
  jobInputSchema,
  jobPageSchema,
  jobPatchSchema,
  jobSchema,
  reportInputSchema,
  reportPageSchema,
  systemInputSchema,
  systemPageSchema,
  systemPatchSchema,
  systemQuerySchema,
  systemSchema,
} from '../../backup/schema.ts';
import { changeSystem, createSystem, readSystem, readSystems, removeSystem } from '../../backup/systems.ts';
import { access, practiceAccess } from '../caller/access.ts';
import { actInPractice } from '../caller/acting.ts';
import type { ServerDeps } from '../deps.ts';
import { publicUrl } from '../links.ts';
import { errorResponses } from '../openapi.ts';
import { createdKey, keysetAfter, pageFromRows } from '../pagination.ts';
import { practiceParams } from './practices.ts';

const systemParams = practiceParams.extend({ systemId: z.uuid() });
const jobParams = practiceParams.extend({ jobId: z.uuid() });
/** A report is a few hundred bytes; its message at most 2,000 characters. */
const reportBodyLimit = 16 * 1024;

export function backupRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['backups'];
  const base = '/api/v1/practices/:practiceId/backups';
  const read = access.practice('monitoring.read');
  const manage = access.practice('monitoring.manage');
  const act = <T>(request: FastifyRequest, work: Parameters<typeof actInPractice<T>>[3]) =>
    actInPractice(deps, request, practiceAccess(request), work);
  const reportUrl = (request: FastifyRequest, token: string) =>
    `${publicUrl(deps, request)}/api/v1/backup-reports/${token}`;
  // The same secret as the URL's: a product that can only email sends its report here (src/mail).
  const reportEmail = (token: string) => `backup+${token}@${deps.config.mailDomain}`;

  return async (app) => {
    app.get(
      `${base}/systems`,
      {
        config: read,
        schema: {
          tags,
          summary: 'The practice’s protected systems, newest first, with their 3-2-1 status and restore-test schedule',
          params: practiceParams,
          querystring: systemQuerySchema,
          response: { 200: systemPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { limit, restoreTestOverdue } = request.query;
        const page = { after: keysetAfter(request.query), limit: limit + 1 };
        const { rows, systems } = await act(request, (s) => readSystems(s, page, restoreTestOverdue === true));
        const byId = new Map(systems.map((x) => [x.id, x]));
        const { items, next } = pageFromRows(rows, limit, createdKey, (row) => byId.get(row.id)!);
        return { systems: items, next };
      },
    );

    app.post(
      `${base}/systems`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a protected system (restore tests default to quarterly when it stores patient data)',
          params: practiceParams,
          body: systemInputSchema,
          response: { 201: systemSchema, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await act(request, (s) => createSystem(s, request.body))),
    );

    app.get(
      `${base}/systems/:systemId`,
      {
        config: read,
        schema: {
          tags,
          summary: 'One protected system',
          params: systemParams,
          response: { 200: systemSchema, ...errorResponses },
        },
      },
      async (request) => act(request, (s) => readSystem(s, request.params.systemId)),
    );

    app.patch(
      `${base}/systems/:systemId`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a protected system',
          params: systemParams,
          body: systemPatchSchema,
          response: { 200: systemSchema, ...errorResponses },
        },
      },
      async (request) => act(request, (s) => changeSystem(s, request.params.systemId, request.body)),
    );

    app.delete(
      `${base}/systems/:systemId`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Delete a protected system with its jobs, reports and restore tests (incident tickets stay)',
          params: systemParams,
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await act(request, (s) => removeSystem(s, request.params.systemId));
        return reply.status(204).send(null);
      },
    );

    app.get(
      `${base}/jobs`,
      {
        config: read,
        schema: {
          tags,
          summary: 'The practice’s backup jobs, newest first, with their freshness against the RPO',
          params: practiceParams,
          querystring: pageQuerySchema,
          response: { 200: jobPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { limit } = request.query;
        const page = { after: keysetAfter(request.query), limit: limit + 1 };
        const { rows, jobs } = await act(request, (s) => readJobs(s, page));
        const byId = new Map(jobs.map((j) => [j.id, j]));
        const { items, next } = pageFromRows(rows, limit, createdKey, (row) => byId.get(row.id)!);
        return { jobs: items, next };
      },
    );

    app.post(
      `${base}/jobs`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a backup job to a system; its secret report URL is in this reply only',
          params: practiceParams,
          body: jobInputSchema,
          response: { 201: createdJobSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { job, token } = await act(request, (s) => createJob(s, request.body));
        return reply.status(201).send({ job, reportUrl: reportUrl(request, token), reportEmail: reportEmail(token) });
      },
    );

    app.post(
      `${base}/jobs/:jobId/rotate-token`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'A new secret report URL for a backup job, in this reply only; the old URL stops working',
          params: jobParams,
          response: { 200: rotatedReportUrlSchema, ...errorResponses },
        },
      },
      async (request) => {
        const token = await act(request, (s) => rotateJobToken(s, request.params.jobId));
        return { reportUrl: reportUrl(request, token), reportEmail: reportEmail(token) };
      },
    );

    app.get(
      `${base}/jobs/:jobId`,
      {
        config: read,
        schema: {
          tags,
          summary: 'One backup job',
          params: jobParams,
          response: { 200: jobSchema, ...errorResponses },
        },
      },
      async (request) => act(request, (s) => readJob(s, request.params.jobId)),
    );

    app.patch(
      `${base}/jobs/:jobId`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a backup job (its system stays); a new RPO moves its deadline',
          params: jobParams,
          body: jobPatchSchema,
          response: { 200: jobSchema, ...errorResponses },
        },
      },
      async (request) => act(request, (s) => changeJob(s, request.params.jobId, request.body)),
    );

    app.delete(
      `${base}/jobs/:jobId`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Delete a backup job with its reports (its incident ticket stays)',
          params: jobParams,
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await act(request, (s) => removeJob(s, request.params.jobId));
        return reply.status(204).send(null);
      },
    );

    app.get(
      `${base}/jobs/:jobId/reports`,
      {
        config: read,
        schema: {
          tags,
          summary: 'A backup job’s reports, newest first',
          params: jobParams,
          querystring: pageQuerySchema,
          response: { 200: reportPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { limit } = request.query;
        const page = { after: keysetAfter(request.query), limit: limit + 1 };
        const rows = await act(request, (s) => readReports(s, request.params.jobId, page));
        const { items, next } = pageFromRows(rows, limit, (r) => [r.receivedAt.toISOString(), r.id], presentReport);
        return { reports: items, next };
      },
    );

    app.post(
      '/api/v1/backup-reports/:token',
      {
        config: access.public,
        bodyLimit: reportBodyLimit,
        schema: {
          tags,
          summary: 'A backup run’s report: the job’s post-job script posts it to the job’s secret URL',
          params: z.object({ token: z.string().min(20).max(100) }),
          body: reportInputSchema,
          response: { 202: z.object({ ok: z.literal(true) }), ...errorResponses },
        },
      },
      async (request, reply) => {
        if (!(await receiveReport(deps.database, deps.clock, request.params.token, request.body)))
          throw new AppError('not_found', 'No active backup job has that report URL');
        return reply.status(202).send({ ok: true as const });
      },
    );
  };
}
