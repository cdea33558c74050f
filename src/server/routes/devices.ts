/**
 * The device inventory over HTTP: list (filters, risk views, keyset pages), create, read, change,
 * delete, a device's history and its agents' readings, the risk counts, the CSV export and the CSV import (preview, then
 * apply). Reading is for every member of the practice (devices.read); writing for its
 * administrators, internal IT and the MSP's staff (devices.manage).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { devicesCsv } from '../../assets/device-export.ts';
import { applyImport, previewImport } from '../../assets/device-import.ts';
import {
  changeDevice,
  createDevice,
  existingDevice,
  presentDevice,
  readHistory,
  removeDevice,
  riskMoment,
} from '../../assets/devices.ts';
import {
  defaultNotSeenDays,
  deviceExportQuerySchema,
  deviceHistorySchema,
  deviceInputSchema,
  deviceListQuerySchema,
  devicePageSchema,
  devicePatchSchema,
  deviceSchema,
  importPreviewSchema,
  importRequestSchema,
  riskCountsSchema,
  riskQuerySchema,
} from '../../assets/schema.ts';
import { countRisks, listDevices } from '../../assets/store.ts';
import { deviceLinksSchema } from '../../assets/device-links-schema.ts';
import { maxReadingRows, readingKeepDays, readingsPeriod, readReadings } from '../../monitor/agent-readings.ts';
import {
  agentReadingsSchema,
  readingsDefaultDays,
  readingsMaxDays,
  readingsQuerySchema,
} from '../../monitor/schema.ts';
import type { Permission } from '../../core/permissions/permissions.ts';
import { accessAllows } from '../caller/guard.ts';
import { readDeviceLinks } from './device-links.ts';
import { access, practiceAccess } from '../caller/access.ts';
import { actInPractice } from '../caller/acting.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { createdKey, keysetAfter, pageFromRows } from '../pagination.ts';
import { practiceParams } from './practices.ts';

const deviceParams = practiceParams.extend({ deviceId: z.uuid() });

/** The most devices one export holds: a practice's whole inventory, with room to spare. */
const exportMaxRows = 100_000;
/** An import of maxImportRows rows of an RMM export with many columns. */
const importBodyLimit = 16 * 1024 * 1024;

export function deviceRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['devices'];
  const base = '/api/v1/practices/:practiceId/devices';
  const read = access.practice('devices.read');
  const manage = access.practice('devices.manage');
  const act = <T>(request: FastifyRequest, work: Parameters<typeof actInPractice<T>>[3]) =>
    actInPractice(deps, request, practiceAccess(request), work);
  const moment = (notSeenDays = defaultNotSeenDays) => riskMoment(deps, notSeenDays);

  return async (app) => {
    app.get(
      base,
      {
        config: read,
        schema: {
          tags,
          summary: 'The practice’s devices, newest first; filter by kind or by a risk view',
          params: practiceParams,
          querystring: deviceListQuerySchema,
          response: { 200: devicePageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { limit, notSeenDays } = request.query;
        const m = moment(notSeenDays);
        const page = { after: keysetAfter(request.query), limit: limit + 1 };
        const rows = await act(request, (s) => listDevices(s.tx, s.practiceId, request.query, m, page));
        const { items, next } = pageFromRows(rows, limit, createdKey, (row) => presentDevice(row, m));
        return { devices: items, next };
      },
    );

    app.post(
      base,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a device by hand (its facts’ source is manual)',
          params: practiceParams,
          body: deviceInputSchema,
          response: { 201: deviceSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const device = await act(request, (s) => createDevice(s, request.body, moment()));
        return reply.status(201).send(device);
      },
    );

    app.get(
      `${base}/risks`,
      {
        config: read,
        schema: {
          tags,
          summary: 'How many devices are in each risk view, and in all',
          params: practiceParams,
          querystring: riskQuerySchema,
          response: { 200: riskCountsSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { notSeenDays } = request.query;
        const counts = await act(request, (s) => countRisks(s.tx, s.practiceId, moment(notSeenDays)));
        return { ...counts, notSeenDays };
      },
    );

    app.get(
      '/api/v1/practices/:practiceId/devices.csv',
      {
        config: read,
        schema: {
          tags,
          summary: 'The devices the same filters list, as CSV (headers the import reads)',
          description: `At most ${exportMaxRows} devices, newest first.`,
          params: practiceParams,
          querystring: deviceExportQuerySchema,
          response: { 200: z.string(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const m = moment(request.query.notSeenDays);
        const rows = await act(request, (s) =>
          listDevices(s.tx, s.practiceId, request.query, m, { limit: exportMaxRows }),
        );
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="devices${request.query.risk ? `-${request.query.risk}` : ''}.csv"`,
          )
          .send(devicesCsv(rows.map((row) => presentDevice(row, m))));
      },
    );

    app.post(
      `${base}/import`,
      {
        config: manage,
        bodyLimit: importBodyLimit,
        schema: {
          tags,
          summary:
            'Preview a device CSV (what it would create, update, leave unchanged; errors by line and column), or apply a preview',
          description:
            'Post the CSV to get a preview and its previewHash; post it again with apply: true and that previewHash to ' +
            'apply it, all rows or none. A row matches a device by serial, then by name. Empty cells change nothing.',
          params: practiceParams,
          body: importRequestSchema,
          response: { 200: importPreviewSchema, ...errorResponses },
        },
      },
      async (request) =>
        act(request, (s) => (request.body.apply ? applyImport(s, request.body) : previewImport(s, request.body.csv))),
    );

    app.get(
      `${base}/:deviceId`,
      {
        config: read,
        schema: {
          tags,
          summary: 'One device with each fact’s source and time, and the risk views it is in',
          params: deviceParams,
          response: { 200: deviceSchema, ...errorResponses },
        },
      },
      async (request) =>
        act(request, async (s) => presentDevice(await existingDevice(s, request.params.deviceId), moment())),
    );

    app.patch(
      `${base}/:deviceId`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a device’s facts (their source becomes manual)',
          params: deviceParams,
          body: devicePatchSchema,
          response: { 200: deviceSchema, ...errorResponses },
        },
      },
      async (request) => act(request, (s) => changeDevice(s, request.params.deviceId, request.body, moment())),
    );

    app.delete(
      `${base}/:deviceId`,
      {
        config: manage,
        schema: {
          tags,
          summary: 'Delete a device (its history stays in the audit log)',
          params: deviceParams,
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await act(request, (s) => removeDevice(s, request.params.deviceId));
        return reply.status(204).send(null);
      },
    );

    app.get(
      `${base}/:deviceId/history`,
      {
        config: read,
        schema: {
          tags,
          summary: 'A device’s history from the audit log, newest first (its last 100 changes)',
          params: deviceParams,
          response: { 200: deviceHistorySchema, ...errorResponses },
        },
      },
      async (request) => act(request, (s) => readHistory(s, request.params.deviceId)),
    );

    app.get(
      `${base}/:deviceId/readings`,
      {
        config: read,
        schema: {
          tags,
          summary:
            'A device’s readings from its monitoring agents per hour (disk free, CPU, OS version, protection, boots)',
          description:
            `The hours overlapping from..to (default the last ${readingsDefaultDays} days, at most ${readingsMaxDays}), ` +
            `oldest first, at most ${maxReadingRows} rows (the newest when there are more), with the boots and ` +
            `changes of OS version or protection among them. Kept ${readingKeepDays} days.`,
          params: deviceParams,
          querystring: readingsQuerySchema,
          response: { 200: agentReadingsSchema, ...errorResponses },
        },
      },
      async (request) =>
        act(request, async (s) => {
          await existingDevice(s, request.params.deviceId);
          const period = readingsPeriod(s.clock.now(), request.query);
          return readReadings(s, { deviceId: request.params.deviceId }, period);
        }),
    );

    app.get(
      `${base}/:deviceId/links`,
      {
        config: read,
        schema: {
          tags,
          summary:
            'What refers to a device: its tickets, the checks watching it, its backups (null where your role may not read them)',
          params: deviceParams,
          response: { 200: deviceLinksSchema, ...errorResponses },
        },
      },
      async (request) => {
        const caller = practiceAccess(request);
        const reader = {
          may: (permission: Permission) => accessAllows(caller, permission),
          userId: caller.principal.kind === 'user' ? caller.principal.user.id : null,
        };
        return act(request, (s) => readDeviceLinks(s, request.params.deviceId, reader));
      },
    );
  };
}
