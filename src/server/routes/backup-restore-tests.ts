/**
 * Restore tests over HTTP: record one for a system, list and read them, attach an evidence file
 * (the request body is the file itself, its type one of a few, at most 5 MiB) and download it
 * (always as an attachment, so a browser never renders what was uploaded), and the period report
 * that an auditor prints.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import { periodReport } from '../../backup/period-report.ts';
import {
  attachEvidence,
  evidenceFile,
  readRestoreTest,
  readRestoreTests,
  recordRestoreTest,
} from '../../backup/restore-tests.ts';
import {
  evidenceTypes,
  maxEvidenceBytes,
  periodQuerySchema,
  periodReportSchema,
  restoreTestInputSchema,
  restoreTestPageSchema,
  restoreTestSchema,
} from '../../backup/schema.ts';
import { access, practiceAccess } from '../caller/access.ts';
import { actInPractice } from '../caller/acting.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { attachmentDisposition, plainFileName } from '../file-download.ts';
import { createdKey, keysetAfter, pageFromRows } from '../pagination.ts';
import { practiceParams } from './practices.ts';

const systemParams = practiceParams.extend({ systemId: z.uuid() });
const testParams = practiceParams.extend({ testId: z.uuid() });
const fileNameQuery = z.strictObject({ fileName: plainFileName });

export function backupRestoreTestRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['backups'];
  const base = '/api/v1/practices/:practiceId/backups';
  const read = access.practice('monitoring.read');
  const manage = access.practice('monitoring.manage');
  const act = <T>(request: FastifyRequest, work: Parameters<typeof actInPractice<T>>[3]) =>
    actInPractice(deps, request, practiceAccess(request), work);

  return async (app) => {
    app.post(
      `${base}/systems/:systemId/restore-tests`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record a restore test of a system (the RTO achieved is its finish less its start)',
          params: systemParams,
          body: restoreTestInputSchema,
          response: { 201: restoreTestSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await act(request, (s) => recordRestoreTest(s, request.params.systemId, request.body))),
    );

    app.get(
      `${base}/systems/:systemId/restore-tests`,
      {
        config: read,
        schema: {
          tags,
          summary: 'A system’s restore tests, newest first',
          params: systemParams,
          querystring: pageQuerySchema,
          response: { 200: restoreTestPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { limit } = request.query;
        const page = { after: keysetAfter(request.query), limit: limit + 1 };
        const { rows, tests } = await act(request, (s) => readRestoreTests(s, request.params.systemId, page));
        const byId = new Map(tests.map((t) => [t.id, t]));
        const { items, next } = pageFromRows(rows, limit, createdKey, (row) => byId.get(row.id)!);
        return { restoreTests: items, next };
      },
    );

    app.get(
      `${base}/restore-tests/:testId`,
      {
        config: read,
        schema: {
          tags,
          summary: 'One restore test',
          params: testParams,
          response: { 200: restoreTestSchema, ...errorResponses },
        },
      },
      async (request) => act(request, (s) => readRestoreTest(s, request.params.testId)),
    );

    app.get(
      `${base}/restore-tests/:testId/evidence`,
      {
        config: read,
        schema: {
          tags,
          summary: 'A restore test’s evidence file, as an attachment',
          params: testParams,
          response: { 200: z.string().describe('The file'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const file = await act(request, (s) => evidenceFile(s, request.params.testId));
        return (
          reply
            .header('content-type', file.contentType)
            .header('content-disposition', attachmentDisposition(file.fileName))
            // Fastify sends a Buffer as is, past the serializer; the schema documents the bytes it carries.
            .send(file.content as unknown as string)
        );
      },
    );

    app.get(
      `${base}/report`,
      {
        config: read,
        schema: {
          tags,
          summary: 'The backup evidence report for a period: RPO met, gaps and restore tests per system',
          params: practiceParams,
          querystring: periodQuerySchema,
          response: { 200: periodReportSchema, ...errorResponses },
        },
      },
      async (request) => act(request, (s) => periodReport(s, request.query)),
    );

    // The upload's body is the file: its own parser scope, so JSON and text are not parsed here.
    await app.register(async (files) => {
      files.removeAllContentTypeParsers();
      files.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxEvidenceBytes }, (_request, body, done) =>
        done(null, body),
      );
      files.withTypeProvider<ZodTypeProvider>().put(
        `${base}/restore-tests/:testId/evidence`,
        {
          config: manage,
          bodyLimit: maxEvidenceBytes,
          schema: {
            tags,
            summary: `Attach (or replace) a restore test’s evidence file: the body is the file (${evidenceTypes.join(', ')}; at most 5 MiB)`,
            params: testParams,
            querystring: fileNameQuery,
            response: { 200: restoreTestSchema, ...errorResponses },
          },
        },
        async (request) => {
          const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
          if (!(evidenceTypes as readonly string[]).includes(contentType))
            throw new AppError('unsupported_media_type', `Evidence must be one of: ${evidenceTypes.join(', ')}`, [
              { path: 'headers.content-type', message: `${contentType || 'none'} is not accepted` },
            ]);
          const content = request.body as Buffer | undefined;
          if (!content || content.length === 0)
            throw new AppError('validation_failed', 'The request is not valid', [
              { path: 'body', message: 'must be the file, not empty' },
            ]);
          const { fileName } = request.query;
          return act(request, (s) => attachEvidence(s, request.params.testId, { fileName, contentType, content }));
        },
      );
    });
  };
}
