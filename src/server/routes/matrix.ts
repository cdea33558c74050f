/** The responsibility matrix over HTTP: versions, their lifecycle, diff, exports, catalog and the routing lookup. */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findAssessment } from '../../advisor/store.ts';
import { upgradeStoredResult } from '../../advisor/upgrade-result.ts';
import { sideOf } from '../../core/permissions/permissions.ts';
import { AppError } from '../../core/errors.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import { findOrganization, findPractice } from '../../core/tenancy/store.ts';
import { unsafeWithSystem, withTenantReads } from '../../core/tenancy/with-tenant.ts';
import { ACTIVITY_CATALOG, toMatrixActivity } from '../../matrix/activity-catalog.ts';
import { matrixToCsv } from '../../matrix/csv.ts';
import { diffMatrices } from '../../matrix/diff.ts';
import { matrixToMarkdown } from '../../matrix/markdown.ts';
import { onDuty } from '../../matrix/on-duty.ts';
import { presentSummary, presentVersion } from '../../matrix/present.ts';
import { matrixToHtml } from '../../matrix/schedule-html.ts';
import type { Matrix } from '../../matrix/schema.ts';
import { findVersion, listVersions } from '../../matrix/store.ts';
import {
  catalogSchema,
  createDraftSchema,
  diffQuerySchema,
  diffSchema,
  exportQuerySchema,
  proposeSchema,
  routeQuerySchema,
  routeSchema,
  saveDraftSchema,
  versionListSchema,
  versionParams,
  versionViewSchema,
} from '../../matrix/version-schema.ts';
import {
  agreeVersion,
  createDraft,
  draftSource,
  proposeVersion,
  type AssessmentBasis,
  reviseVersion,
  saveDraft,
  type VersionStep,
} from '../../matrix/versions.ts';
import { FUNCTION_CATALOG } from '../../advisor/engine/model/function-catalog.ts';
import { practiceProfileSchema } from '../../advisor/engine/profile/profile-schema.ts';
import { access, practiceAccess } from '../caller/access.ts';
import type { PracticeAccess } from '../caller/guard.ts';
import { keepsAccess } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { matrixAnnouncer } from '../matrix-notices.ts';
import { errorResponses, errorSchema } from '../openapi.ts';
import { pageInMemory } from '../pagination.ts';
import { practiceParams } from './practices.ts';
import { actInPractice } from '../caller/acting.ts';

const EXPORT_TYPES = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  markdown: { type: 'text/markdown; charset=utf-8', ext: 'md' },
  html: { type: 'text/html; charset=utf-8', ext: 'html' },
} as const;

/**
 * The staff of a stored profile. It was valid when stored; should the schema have moved on since,
 * the draft falls back to an unnamed internal IT team rather than refusing to draft.
 */
function storedStaff(profile: unknown) {
  const staff = practiceProfileSchema.shape.staff.safeParse((profile as { staff?: unknown } | null)?.staff);
  return staff.success ? staff.data : [];
}

export function matrixRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { database, clock } = deps;
  const tags = ['matrix'];
  const base = '/api/v1/practices/:practiceId/matrix';
  const changed = { 200: versionViewSchema, 409: errorSchema, ...errorResponses };

  /** Runs lifecycle work in the practice's transaction, as the caller, for the audit log. */
  function inPractice<T>(request: FastifyRequest, access: PracticeAccess, fn: (s: VersionStep) => Promise<T>) {
    return actInPractice(deps, request, access, (at) =>
      fn({ ...at, announce: matrixAnnouncer(deps, request, access, at.tx, at.practiceId) }),
    );
  }

  /** The version as it stands after a step, read in the step's transaction for the reply. */
  async function readBack(s: VersionStep, number: number) {
    return presentVersion((await findVersion(s.tx, s.practiceId, number))!);
  }

  /**
   * The practice and, when an MSP administers it, the MSP: the parties a printed schedule names.
   * The practice is read under its row-level security; tandem_app has no privilege on
   * organizations, so the name of the one organisation that practice row points to is read as the
   * owner, and nothing else.
   */
  async function partiesOf(practiceId: string) {
    const practice = await withTenantReads(database.db, practiceId, (tx) => findPractice(tx, practiceId));
    if (!practice) return { practiceName: null, mspName: null };
    const org = await unsafeWithSystem(database.db, (tx) => findOrganization(tx, practice.organizationId));
    return { practiceName: practice.name, mspName: org?.kind === 'msp' ? org.name : null };
  }

  async function load(practiceId: string, number: number) {
    const row = await withTenantReads(database.db, practiceId, (tx) => findVersion(tx, practiceId, number));
    if (!row) throw new AppError('not_found', `There is no version ${number}`);
    return row;
  }

  return async (app) => {
    app.get(
      `${base}/catalog`,
      {
        config: access.practice('matrix.read'),
        schema: {
          tags,
          summary: 'The shipped activity catalog and the functions it is grouped by',
          params: practiceParams,
          response: { 200: catalogSchema, ...errorResponses },
        },
      },
      async () => {
        return {
          functions: FUNCTION_CATALOG.map((f) => ({ id: f.id, name: f.name })),
          activities: ACTIVITY_CATALOG.map(toMatrixActivity),
        };
      },
    );

    app.get(
      `${base}/versions`,
      {
        config: access.practice('matrix.read'),
        schema: {
          tags,
          summary: 'Every version of the matrix, newest first',
          params: practiceParams,
          querystring: pageQuerySchema,
          response: { 200: versionListSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId } = request.params;
        const rows = await withTenantReads(database.db, practiceId, (tx) => listVersions(tx, practiceId));
        const newest = { keyOf: (row: { number: number }) => [row.number], descending: true };
        const { items, next } = pageInMemory(rows, request.query, newest, presentSummary);
        return { versions: items, next };
      },
    );

    app.post(
      `${base}/versions`,
      {
        config: { ...access.practice('matrix.edit'), ...keepsAccess },
        schema: {
          tags,
          summary: 'Start a draft: a copy of a version, an advisor assessment, an import, or blank',
          params: practiceParams,
          body: createDraftSchema,
          response: { 201: versionViewSchema, 409: errorSchema, 413: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { practiceId } = request.params;
        const access = practiceAccess(request);
        const view = await inPractice(request, access, async (s) => {
          const loadAssessment = async (id: string): Promise<AssessmentBasis | null> => {
            const row = await findAssessment(s.tx, practiceId, id);
            const practice = await findPractice(s.tx, practiceId);
            if (!row || !practice) return null;
            return {
              assessment: upgradeStoredResult(row.result),
              // Business hours in the practice's own zone; the people are those of the profile assessed.
              context: { timeZone: practice.timeZone, staff: storedStaff(row.profile) },
            };
          };
          const source = await draftSource(s, request.body.source, loadAssessment);
          return readBack(s, await createDraft(s, { ...source, note: request.body.note }));
        });
        return reply.status(201).send(view);
      },
    );

    app.get(
      `${base}/versions/:number`,
      {
        config: access.practice('matrix.read'),
        schema: {
          tags,
          summary: 'One version with its matrix and findings',
          params: versionParams,
          response: { 200: versionViewSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId, number } = request.params;
        return presentVersion(await load(practiceId, number));
      },
    );

    app.put(
      `${base}/versions/:number`,
      {
        config: { ...access.practice('matrix.edit'), ...keepsAccess },
        schema: {
          tags,
          summary: 'Save a draft (the whole matrix, with the revision it was based on)',
          params: versionParams,
          body: saveDraftSchema,
          response: { ...changed, 413: errorSchema },
        },
      },
      async (request) => {
        const { number } = request.params;
        const access = practiceAccess(request);
        const { revision, matrix } = request.body;
        return inPractice(request, access, async (s) => {
          await saveDraft(s, number, revision, matrix);
          return readBack(s, number);
        });
      },
    );

    app.post(
      `${base}/versions/:number/propose`,
      {
        config: { ...access.practice('matrix.propose'), ...keepsAccess },
        schema: {
          tags,
          summary:
            "Propose a draft for agreement (it must have no errors); the proposer's side is recorded as agreeing to it",
          params: versionParams,
          body: proposeSchema,
          response: changed,
        },
      },
      async (request) => {
        const { number } = request.params;
        const access = practiceAccess(request);
        // The proposer's side agrees by proposing; an API token cannot sign, so it only proposes.
        const side = access.role ? sideOf(access.role) : null;
        return inPractice(request, access, async (s) => {
          await proposeVersion(s, number, request.body.note, side);
          return readBack(s, number);
        });
      },
    );

    app.post(
      `${base}/versions/:number/agree`,
      {
        config: { ...access.practice('matrix.agree'), ...keepsAccess },
        schema: {
          tags,
          summary: "Agree to a proposed version for the signer's side; with both sides it comes into force",
          params: versionParams,
          body: z.strictObject({}).optional(),
          response: changed,
        },
      },
      async (request) => {
        const { number } = request.params;
        const access = practiceAccess(request);
        if (!access.role)
          throw new AppError('forbidden', 'Agreeing to a matrix needs a signed-in person, not an API token');
        const side = sideOf(access.role);
        return inPractice(request, access, async (s) => {
          await agreeVersion(s, number, side);
          return readBack(s, number);
        });
      },
    );

    app.post(
      `${base}/versions/:number/revise`,
      {
        config: { ...access.practice('matrix.propose'), ...keepsAccess },
        schema: {
          tags,
          summary: 'Return a proposed version to draft; agreements given so far are withdrawn',
          params: versionParams,
          body: z.strictObject({}).optional(),
          response: changed,
        },
      },
      async (request) => {
        const { number } = request.params;
        const access = practiceAccess(request);
        return inPractice(request, access, async (s) => {
          await reviseVersion(s, number);
          return readBack(s, number);
        });
      },
    );

    app.get(
      `${base}/diff`,
      {
        config: access.practice('matrix.read'),
        schema: {
          tags,
          summary: 'What changed between two versions',
          params: practiceParams,
          querystring: diffQuerySchema,
          response: { 200: diffSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId } = request.params;
        const [from, to] = [await load(practiceId, request.query.from), await load(practiceId, request.query.to)];
        return {
          from: presentSummary(from),
          to: presentSummary(to),
          changes: diffMatrices(from.matrix as Matrix, to.matrix as Matrix),
        };
      },
    );

    app.get(
      `${base}/versions/:number/export`,
      {
        config: access.practice('matrix.read'),
        schema: {
          tags,
          summary: 'The version as CSV, Markdown or a printable HTML responsibility schedule',
          params: versionParams,
          querystring: exportQuerySchema,
          response: { 200: z.string(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { practiceId, number } = request.params;
        const view = presentVersion(await load(practiceId, number));
        const { format, download } = request.query;
        const title = `Responsibility schedule, version ${number} (${view.status})`;
        const body =
          format === 'csv'
            ? matrixToCsv(view.matrix)
            : format === 'markdown'
              ? matrixToMarkdown(view.matrix, view.findings)
              : matrixToHtml(view.matrix, view.findings, { title, version: view, ...(await partiesOf(practiceId)) });
        const file = `tandem-matrix-v${number}.${EXPORT_TYPES[format].ext}`;
        if (format === 'html') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
        return reply
          .header('content-type', EXPORT_TYPES[format].type)
          .header('content-disposition', `${download === '1' ? 'attachment' : 'inline'}; filename="${file}"`)
          .send(body);
      },
    );

    app.get(
      `${base}/route`,
      {
        config: access.practice('matrix.read'),
        schema: {
          tags,
          summary:
            'Who is Responsible, Accountable and next in escalation for an activity at a moment, by the agreed version',
          params: practiceParams,
          querystring: routeQuerySchema,
          response: { 200: routeSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { practiceId } = request.params;
        const at = request.query.at ? new Date(request.query.at) : clock.now();
        const routed = await onDuty(database, practiceId, request.query.activity, at);
        if (!routed)
          throw new AppError('not_found', `No agreed version routes the activity "${request.query.activity}"`);
        const party = (p: { id: string; name: string } | null) => (p ? { id: p.id, name: p.name } : null);
        const { route } = routed;
        return {
          version: routed.version,
          activity: route.activity,
          responsible: party(route.responsible),
          accountable: party(route.accountable),
          escalation: route.escalation.map((p) => ({ id: p.id, name: p.name })),
          skipped: route.skipped,
        };
      },
    );
  };
}
