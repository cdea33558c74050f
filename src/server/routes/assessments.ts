/** The sourcing advisor over HTTP: run and keep assessments per practice, list, read, compare, print. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { compareAssessments } from '../../advisor/compare.ts';
import { presentAssessment, presentSummary } from '../../advisor/present.ts';
import { runAssessment } from '../../advisor/run-assessment.ts';
import {
  assessmentInputSchema,
  assessmentInputWithPracticeSchema,
  assessmentListSchema,
  compareQuerySchema,
  comparisonSchema,
  storedAssessmentSchema,
  type AssessmentInput,
} from '../../advisor/schema.ts';
import { findAssessment, listAssessments } from '../../advisor/store.ts';
import { AppError } from '../../core/errors.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import { findPractice } from '../../core/tenancy/store.ts';
import { withTenantReads } from '../../core/tenancy/with-tenant.ts';
import { renderReportHtml } from '../../advisor/engine/report/report-html.ts';
import { access, practiceAccess } from '../caller/access.ts';
import { requirePractice, type PracticeAccess } from '../caller/guard.ts';
import { keepsAccess } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { createdKey, keysetAfter, pageFromRows } from '../pagination.ts';
import { practiceParams } from './practices.ts';
import { actInPractice } from '../caller/acting.ts';

const assessmentParams = practiceParams.extend({ assessmentId: z.uuid() });
const reportQuery = z.strictObject({ download: z.enum(['0', '1']).optional() });

export function assessmentRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { database } = deps;
  const tags = ['assessments'];

  /** One handler for both paths: the practice comes from the URL or from the body. */
  async function create(
    request: FastifyRequest,
    reply: FastifyReply,
    access: PracticeAccess,
    body: Required<Pick<AssessmentInput, 'iterations'>> & Omit<AssessmentInput, 'iterations'>,
  ) {
    const { practiceId } = access;
    const stored = await actInPractice(deps, request, access, async (at) => {
      const id = await runAssessment(at, body);
      return findAssessment(at.tx, practiceId, id);
    });
    return reply.status(201).send(presentAssessment(stored!));
  }

  async function load(practiceId: string, id: string) {
    const row = await withTenantReads(database.db, practiceId, (tx) => findAssessment(tx, practiceId, id));
    if (!row) throw new AppError('not_found', 'No assessment with that id in this practice');
    return presentAssessment(row);
  }

  return async (app) => {
    const created = { 201: storedAssessmentSchema, 413: errorResponses[400], ...errorResponses };
    app.post(
      '/api/v1/practices/:practiceId/assessments',
      {
        config: { ...access.practice('assessments.run'), ...keepsAccess },
        schema: {
          tags,
          summary: 'Run the sourcing advisor on a profile and keep the result',
          params: practiceParams,
          body: assessmentInputSchema,
          response: created,
        },
      },
      (request, reply) => create(request, reply, practiceAccess(request), request.body),
    );

    app.post(
      '/api/v1/assessments',
      {
        // The practice is in the body, which the access hook does not read: signed in there, the role here.
        config: { ...access.principal, ...keepsAccess },
        schema: {
          tags,
          summary: 'The same, naming the practice in the body',
          body: assessmentInputWithPracticeSchema,
          response: created,
        },
      },
      async (request, reply) => {
        const { practiceId, ...body } = request.body;
        return create(request, reply, await requirePractice(deps, request, practiceId, 'assessments.run'), body);
      },
    );

    app.get(
      '/api/v1/practices/:practiceId/assessments',
      {
        config: access.practice('assessments.read'),
        schema: {
          tags,
          summary: 'Past assessments, newest first',
          params: practiceParams,
          querystring: pageQuerySchema,
          response: { 200: assessmentListSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId } = request.params;
        const { limit } = request.query;
        const page = { after: keysetAfter(request.query), limit: limit + 1 };
        const rows = await withTenantReads(database.db, practiceId, (tx) => listAssessments(tx, practiceId, page));
        const { items, next } = pageFromRows(rows, limit, createdKey, presentSummary);
        return { assessments: items, next };
      },
    );

    app.get(
      '/api/v1/practices/:practiceId/assessments/compare',
      {
        config: access.practice('assessments.read'),
        schema: {
          tags,
          summary: 'Compare two assessments',
          params: practiceParams,
          querystring: compareQuerySchema,
          response: { 200: comparisonSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId } = request.params;
        return compareAssessments(await load(practiceId, request.query.a), await load(practiceId, request.query.b));
      },
    );

    app.get(
      '/api/v1/practices/:practiceId/assessments/:assessmentId',
      {
        config: access.practice('assessments.read'),
        schema: {
          tags,
          summary: 'One assessment with its profile and result',
          params: assessmentParams,
          response: { 200: storedAssessmentSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId, assessmentId } = request.params;
        return load(practiceId, assessmentId);
      },
    );

    app.get(
      '/api/v1/practices/:practiceId/assessments/:assessmentId/report.html',
      {
        config: access.practice('assessments.read'),
        schema: {
          tags,
          summary: 'The printable, self-contained HTML report',
          params: assessmentParams,
          querystring: reportQuery,
          response: { 200: z.string(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { practiceId, assessmentId } = request.params;
        const stored = await load(practiceId, assessmentId);
        // Titled with the practice's own name, not whatever the profile calls itself (issue 14.9).
        const practice = await withTenantReads(database.db, practiceId, (tx) => findPractice(tx, practiceId));
        const html = renderReportHtml(stored.result, { practiceName: practice?.name, runName: stored.name });
        const file = `tandem-assessment-${stored.createdAt.slice(0, 10)}.html`;
        return reply
          .header('content-type', 'text/html; charset=utf-8')
          .header(
            'content-disposition',
            `${request.query.download === '1' ? 'attachment' : 'inline'}; filename="${file}"`,
          )
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
          .send(html);
      },
    );
  };
}
