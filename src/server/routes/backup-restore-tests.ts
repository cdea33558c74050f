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
import { attachmentDisposition, fileUploadScope, plainFileName, uploadedFile } from '../file-download.ts';
import { sniffAttachment } from '../../desk/attachment-types.ts';
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

    await fileUploadScope(app, maxEvidenceBytes, (files) => {
      files.withTypeProvider<ZodTypeProvider>().put(
        `${base}/restore-tests/:testId/evidence`,
        {
          config: manage,
          bodyLimit: maxEvidenceBytes,
          schema: {
            tags,
            summary: `Attach (or replace) a restore test’s evidence file: the body is the file (${evidenceTypes.join(', ')}, checked by content; at most 5 MiB)`,
            params: testParams,
            querystring: fileNameQuery,
            response: { 200: restoreTestSchema, ...errorResponses },
          },
        },
        async (request) => {
          const { content, declaredType } = uploadedFile(request);
          const contentType = evidenceType(content, declaredType);
          const { fileName } = request.query;
          return act(request, (s) => attachEvidence(s, request.params.testId, { fileName, contentType, content }));
        },
      );
    });
  };
}

/**
 * The evidence file's type from its first bytes (desk/attachment-types.ts), not only from what
 * the uploader declared: an HTML page or a program named report.pdf is refused.
 */
function evidenceType(content: Buffer, declaredType: string): string {
  const sniffed = sniffAttachment(content, declaredType);
  if (sniffed && (evidenceTypes as readonly string[]).includes(sniffed)) return sniffed;
  throw new AppError('unsupported_media_type', `Evidence must be one of: ${evidenceTypes.join(', ')}`, [
    {
      path: 'body',
      message: sniffed
        ? `is ${sniffed}, which is not accepted as evidence`
        : `is not an accepted type, judged by its content (declared ${declaredType || 'as nothing'})`,
    },
  ]);
}
