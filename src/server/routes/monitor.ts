/**
 * Monitoring over HTTP: a practice's checks (create, list with state and uptime, read, change,
 * delete), each check's results and maintenance windows, the practice's windows on a check, a
 * device or a site, and the public push URL that backup jobs and cron entries call. Pointing a
 * check at private or loopback addresses needs a signed-in administrator (practice.update), as for
 * webhooks: a token must not be able to aim Tandem at the network it runs in.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { pageQuerySchema } from '../../core/page-schema.ts';
import {
  addMaintenance,
  addPracticeMaintenance,
  changeCheck,
  createCheck,
  existingCheck,
  literalHost,
  readCheck,
  readChecks,
  readMaintenance,
  removeCheck,
  removeMaintenance,
  removePracticeMaintenance,
  requestRun,
  rotateCheckToken,
} from '../../monitor/checks.ts';
import { applyCheckImport, previewCheckImport } from '../../monitor/check-import.ts';
import { recordHeartbeat } from '../../monitor/agent.ts';
import { recordPing } from '../../monitor/push.ts';
import { practiceCheckMetrics } from '../../monitor/metrics.ts';
import {
  agentHeartbeatSchema,
  agentReplySchema,
  checkImportApplyRequestSchema,
  checkImportPreviewRequestSchema,
  checkImportPreviewSchema,
  checkImportResultSchema,
  checkInputSchema,
  maxCheckImportChars,
  maxCheckImportRows,
  checkPageSchema,
  checkPatchSchema,
  checkSchema,
  createdCheckSchema,
  maintenanceInputSchema,
  maintenancePageSchema,
  maintenanceSchema,
  practiceMaintenanceInputSchema,
  resultPageSchema,
  rotatedUrlSchema,
  runRequestedSchema,
  type Probe,
} from '../../monitor/schema.ts';
import { listResults } from '../../monitor/store.ts';
import { access, practiceAccess } from '../caller/access.ts';
import { actInPractice } from '../caller/acting.ts';
import { accessAllows } from '../caller/guard.ts';
import type { ServerDeps } from '../deps.ts';
import { publicUrl } from '../links.ts';
import { errorResponses } from '../openapi.ts';
import { createdKey, keysetAfter, pageFromRows } from '../pagination.ts';
import { practiceParams } from './practices.ts';

const checkParams = practiceParams.extend({ checkId: z.uuid() });
const windowParams = checkParams.extend({ windowId: z.uuid() });

/** A CSV of maxCheckImportRows rows fits; a larger body is refused with 413 before it is read. */
const importBodyLimit = maxCheckImportChars * 2;

/** Only a signed-in administrator may aim a check at private targets: a token must not reach the network Tandem runs in. */
function mayAimPrivate(request: FastifyRequest): boolean {
  const caller = practiceAccess(request);
  return caller.principal.kind === 'user' && accessAllows(caller, 'practice.update');
}

/** Private targets need a signed-in administrator's allowance; without it a private literal is refused now. */
function checkTarget(request: FastifyRequest, probe: Probe | undefined, allowPrivate: boolean, aiming: boolean) {
  if (allowPrivate && aiming) {
    if (!mayAimPrivate(request))
      throw new AppError('forbidden', 'Only a signed-in administrator can aim a check at private targets', [
        { path: 'body.allowPrivateTargets', message: 'needs a practice administrator; API tokens cannot' },
      ]);
  }
  const literal = !allowPrivate && probe ? literalHost(probe) : undefined;
  if (literal)
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: 'body.probe', message: `${literal} is a private or reserved address (allowPrivateTargets allows it)` },
    ]);
}

export function monitorRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['monitoring'];
  const base = '/api/v1/practices/:practiceId/monitor/checks';
  const read = access.practice('monitoring.read');
  const manage = access.practice('monitoring.manage');
  const act = <T>(request: FastifyRequest, work: Parameters<typeof actInPractice<T>>[3]) =>
    actInPractice(deps, request, practiceAccess(request), work);
  /** Agents post to their own path (the body is their facts); push checks are pinged at theirs. */
  const pushUrl = (request: FastifyRequest, kind: string, token: string) =>
    `${publicUrl(deps, request)}/api/v1/monitor/${kind === 'agent' ? 'agent' : 'push'}/${token}`;

  return async (app) => {
    app.get(
      base,
      {
        config: read,
        schema: {
          tags,
          summary: 'The practice’s checks, newest first, with their state, last result and uptime',
          params: practiceParams,
          querystring: pageQuerySchema,
          response: { 200: checkPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { limit } = request.query;
        const page = { after: keysetAfter(request.query), limit: limit + 1 };
        const { rows, checks } = await act(request, (s) => readChecks(s, page));
        const byId = new Map(checks.map((c) => [c.id, c]));
        const { items, next } = pageFromRows(rows, limit, createdKey, (row) => byId.get(row.id)!);
        return { checks: items, next };
      },
    );

    app.get(
      '/api/v1/practices/:practiceId/monitor/metrics',
      {
        config: read,
        schema: {
          tags,
          summary: "The practice's checks in Prometheus's text format, for a scraper holding a practice API token",
          description:
            'Per check (labels check_id, check, kind): tandem_check_up, tandem_check_state{state}, ' +
            'tandem_check_latency_seconds, tandem_check_last_run_timestamp_seconds, tandem_check_uptime_ratio_24h.',
          params: practiceParams,
          response: { 200: z.string(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { text, contentType } = await act(request, (s) => practiceCheckMetrics(s));
        return reply.header('content-type', contentType).send(text);
      },
    );

    app.post(
      base,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Create a check; a push check’s secret URL is in this reply only',
          params: practiceParams,
          body: checkInputSchema,
          response: { 201: createdCheckSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        checkTarget(request, request.body.probe, request.body.allowPrivateTargets, request.body.allowPrivateTargets);
        const { check, pushToken } = await act(request, (s) => createCheck(s, request.body));
        const url = pushToken ? pushUrl(request, check.probe.kind, pushToken) : null;
        return reply.status(201).send({ check, pushUrl: url });
      },
    );

    // The import reads the CSV as JSON ({"csv": ...}) or as the file itself (text/csv), in a
    // parser scope of its own so that no other route takes text/csv.
    await app.register(async (scope) => {
      const imports = scope.withTypeProvider<ZodTypeProvider>();
      imports.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: importBodyLimit }, (_r, body, done) =>
        done(null, { csv: body }),
      );
      const importDescription =
        'The body is the CSV as JSON ({"csv": "..."}) or the file itself (Content-Type: text/csv); ' +
        `at most ${maxCheckImportRows} rows. A row updates the check of the same name (case-insensitive), or adds one; ` +
        'empty cells keep what the check has. docs/api.md lists the columns.';
      imports.post(
        `${base}/import/preview`,
        {
          config: manage,
          bodyLimit: importBodyLimit,
          schema: {
            tags,
            summary: 'Preview a checks CSV: what each row would create, update or leave unchanged, or its errors',
            description: importDescription,
            params: practiceParams,
            body: checkImportPreviewRequestSchema,
            response: { 200: checkImportPreviewSchema, ...errorResponses },
          },
        },
        async (request) => act(request, (s) => previewCheckImport(s, request.body.csv, mayAimPrivate(request))),
      );
      imports.post(
        `${base}/import`,
        {
          config: manage,
          bodyLimit: importBodyLimit,
          schema: {
            tags,
            summary:
              'Apply a previewed checks CSV, all rows or none; new push and agent checks’ URLs are in this reply only',
            description:
              `${importDescription} With the JSON body, previewHash is the preview's; it is refused with 409 when ` +
              'the import would now do anything else, and with 400 when a row has an error.',
            params: practiceParams,
            body: checkImportApplyRequestSchema,
            response: { 200: checkImportResultSchema, ...errorResponses },
          },
        },
        async (request) => {
          const result = await act(request, (s) => applyCheckImport(s, request.body, mayAimPrivate(request)));
          return {
            ...result,
            checks: result.checks.map(({ pushToken, kind, ...check }) => ({
              ...check,
              pushUrl: pushToken ? pushUrl(request, kind, pushToken) : null,
            })),
          };
        },
      );
    });

    app.get(
      `${base}/:checkId`,
      {
        config: read,
        schema: {
          tags,
          summary: 'One check with its state, last result and uptime',
          params: checkParams,
          response: { 200: checkSchema, ...errorResponses },
        },
      },
      async (request) => act(request, (s) => readCheck(s, request.params.checkId)),
    );

    app.patch(
      `${base}/:checkId`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a check (its kind stays); pausing stops its runs, resuming starts it again as new',
          params: checkParams,
          body: checkPatchSchema,
          response: { 200: checkSchema, ...errorResponses },
        },
      },
      async (request) =>
        act(request, async (s) => {
          const row = await existingCheck(s, request.params.checkId);
          const allow = request.body.allowPrivateTargets ?? row.allowPrivateTargets;
          const aiming = request.body.allowPrivateTargets === true || (allow && request.body.probe !== undefined);
          checkTarget(request, request.body.probe, allow, aiming);
          return changeCheck(s, row.id, request.body);
        }),
    );

    app.delete(
      `${base}/:checkId`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Delete a check with its results and maintenance windows (its incident ticket stays)',
          params: checkParams,
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await act(request, (s) => removeCheck(s, request.params.checkId));
        return reply.status(204).send(null);
      },
    );

    app.post(
      `${base}/:checkId/run`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Run a check now instead of at its next interval (audited); 409 when it is paused',
          params: checkParams,
          response: { 202: runRequestedSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const due = await act(request, (s) => requestRun(s, request.params.checkId));
        return reply.status(202).send({ nextRunAt: due.toISOString() });
      },
    );

    app.post(
      `${base}/:checkId/rotate-token`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'A new secret URL for a push or agent check, in this reply only; the old URL stops working',
          params: checkParams,
          response: { 200: rotatedUrlSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { kind, token } = await act(request, async (s) => ({
          kind: (await existingCheck(s, request.params.checkId)).kind,
          token: await rotateCheckToken(s, request.params.checkId),
        }));
        return { url: pushUrl(request, kind, token) };
      },
    );

    app.get(
      `${base}/:checkId/results`,
      {
        config: read,
        schema: {
          tags,
          summary: 'A check’s results, newest first (kept TANDEM_MONITOR_RESULT_DAYS days, 31 by default)',
          params: checkParams,
          querystring: pageQuerySchema,
          response: { 200: resultPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { limit } = request.query;
        const page = { after: keysetAfter(request.query), limit: limit + 1 };
        const rows = await act(request, async (s) => {
          await existingCheck(s, request.params.checkId);
          return listResults(s.tx, request.params.checkId, page);
        });
        const { items, next } = pageFromRows(
          rows,
          limit,
          (r) => [r.at.toISOString(), r.id],
          (r) => ({
            id: r.id,
            at: r.at.toISOString(),
            ok: r.ok,
            latencyMs: r.latencyMs,
            message: r.message,
            degraded: r.degraded,
            inMaintenance: r.inMaintenance,
          }),
        );
        return { results: items, next };
      },
    );

    app.get(
      `${base}/:checkId/maintenance`,
      {
        config: read,
        schema: {
          tags,
          summary: 'The maintenance windows that apply to a check, newest first: its own, its device’s and its site’s',
          params: checkParams,
          querystring: pageQuerySchema,
          response: { 200: maintenancePageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { limit } = request.query;
        const page = { after: keysetAfter(request.query), limit: limit + 1 };
        const { rows, windows } = await act(request, (s) => readMaintenance(s, request.params.checkId, page));
        const byId = new Map(windows.map((w) => [w.id, w]));
        const { items, next } = pageFromRows(rows, limit, createdKey, (row) => byId.get(row.id)!);
        return { windows: items, next };
      },
    );

    app.post(
      `${base}/:checkId/maintenance`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a one-off maintenance window: no alerts, and left out of uptime, while it lasts',
          params: checkParams,
          body: maintenanceInputSchema,
          response: { 201: maintenanceSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const window = await act(request, (s) => addMaintenance(s, request.params.checkId, request.body));
        return reply.status(201).send(window);
      },
    );

    app.delete(
      `${base}/:checkId/maintenance/:windowId`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Remove a maintenance window',
          params: windowParams,
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await act(request, (s) => removeMaintenance(s, request.params.checkId, request.params.windowId));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/v1/practices/:practiceId/monitor/maintenance',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Add a maintenance window on a check, a device (its checks) or a site (its devices’ checks): no alerts, and left out of uptime, while it lasts',
          params: practiceParams,
          body: practiceMaintenanceInputSchema,
          response: { 201: maintenanceSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const window = await act(request, (s) => addPracticeMaintenance(s, request.body));
        return reply.status(201).send(window);
      },
    );

    app.delete(
      '/api/v1/practices/:practiceId/monitor/maintenance/:windowId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Remove a maintenance window, whatever it covers',
          params: practiceParams.extend({ windowId: z.uuid() }),
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await act(request, (s) => removePracticeMaintenance(s, request.params.windowId));
        return reply.status(204).send(null);
      },
    );

    for (const method of ['GET', 'POST'] as const)
      app.route({
        method,
        url: '/api/v1/monitor/push/:token',
        config: access.public,
        schema: {
          tags,
          summary: 'A push check’s ping: call its secret URL (GET or POST) each time the job it watches runs',
          params: z.object({ token: z.string().min(20).max(100) }),
          response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
        },
        handler: async (request) => {
          const { token } = request.params as { token: string };
          if (!(await recordPing(deps.database, deps.clock, token)))
            throw new AppError('not_found', 'No active push check has that URL');
          return { ok: true as const };
        },
      });

    app.post(
      '/api/v1/monitor/agent/:token',
      {
        config: access.public,
        bodyLimit: 16 * 1024,
        schema: {
          tags,
          summary: 'An endpoint agent’s heartbeat with its facts, posted to its agent check’s secret URL',
          params: z.object({ token: z.string().min(20).max(100) }),
          body: agentHeartbeatSchema,
          response: { 200: agentReplySchema, ...errorResponses },
        },
      },
      async (request) => {
        const device = await recordHeartbeat(deps.database, deps.clock, request.params.token, request.body);
        if (!device) throw new AppError('not_found', 'No active agent check has that URL');
        return { ok: true as const, deviceId: device.deviceId, deviceCreated: device.created };
      },
    );
  };
}
