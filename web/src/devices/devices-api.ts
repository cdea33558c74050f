import { z } from 'zod';
import {
  deviceHistorySchema,
  devicePageSchema,
  deviceSchema,
  importPreviewSchema,
  riskCountsSchema,
  type DeviceKind,
  type RiskId,
} from '../../../src/assets/schema.ts';
import { deviceLinksSchema } from '../../../src/assets/device-links-schema.ts';
import { agentReadingsSchema } from '../../../src/monitor/schema.ts';
import { allPages, apiRequest, withQuery } from '../api/client.ts';

export type { Device, ImportPreview } from '../../../src/assets/schema.ts';
export type { AgentReading, AgentReadings, ReadingChange } from '../../../src/monitor/schema.ts';

export const devicesKey = (practiceId: string) => ['practice', practiceId, 'devices'] as const;
export const deviceKey = (practiceId: string, deviceId: string) =>
  [...devicesKey(practiceId), 'one', deviceId] as const;
export const riskCountsKey = (practiceId: string) => [...devicesKey(practiceId), 'risks'] as const;

const base = (practiceId: string) => `/api/v1/practices/${practiceId}/devices`;

export interface DeviceFilter {
  risk?: RiskId | null;
  kind?: DeviceKind | null;
}

export const devicesApi = {
  page: (practiceId: string, filter: DeviceFilter, cursor?: string) =>
    apiRequest(devicePageSchema, base(practiceId), { query: { ...filter, limit: 100, cursor } }),
  /** Every device, page after page (a form's choices). */
  all: (practiceId: string) => allPages(devicePageSchema, base(practiceId), (page) => page.devices),
  get: (practiceId: string, deviceId: string) => apiRequest(deviceSchema, `${base(practiceId)}/${deviceId}`),
  history: (practiceId: string, deviceId: string) =>
    apiRequest(deviceHistorySchema, `${base(practiceId)}/${deviceId}/history`),
  /** The last 30 days (the server's default period) of the device's agent readings. */
  readings: (practiceId: string, deviceId: string) =>
    apiRequest(agentReadingsSchema, `${base(practiceId)}/${deviceId}/readings`),
  links: (practiceId: string, deviceId: string) =>
    apiRequest(deviceLinksSchema, `${base(practiceId)}/${deviceId}/links`),
  risks: (practiceId: string) => apiRequest(riskCountsSchema, `${base(practiceId)}/risks`),
  create: (practiceId: string, body: unknown) => apiRequest(deviceSchema, base(practiceId), { method: 'POST', body }),
  update: (practiceId: string, deviceId: string, body: unknown) =>
    apiRequest(deviceSchema, `${base(practiceId)}/${deviceId}`, { method: 'PATCH', body }),
  remove: (practiceId: string, deviceId: string) =>
    apiRequest(z.null(), `${base(practiceId)}/${deviceId}`, { method: 'DELETE' }),
  import: (practiceId: string, body: { csv: string; apply?: boolean; previewHash?: string }) =>
    apiRequest(importPreviewSchema, `${base(practiceId)}/import`, { method: 'POST', body }),
  /** The export's address: a plain link, so the browser downloads it with the session cookie. */
  exportUrl: (practiceId: string, filter: DeviceFilter) =>
    withQuery(`/api/v1/practices/${practiceId}/devices.csv`, { ...filter }),
};
