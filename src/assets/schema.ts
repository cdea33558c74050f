/**
 * The device inventory's HTTP contract, shared with the web app: a device as created, changed and
 * read (each fact with where it came from and when), the list's filters, the risk views and their
 * counts, and the CSV import's preview.
 */
import { z } from 'zod';
import { listPageSchema, pageQuerySchema } from '../core/page-schema.ts';

export const deviceKinds = [
  'workstation',
  'laptop',
  'server',
  'network',
  'tablet',
  'label_printer',
  'scanner',
  'fax',
  'signature_pad',
  'dental_sensor',
  'eprescribing_token',
  'other',
] as const;
export type DeviceKind = (typeof deviceKinds)[number];

export const deviceKindLabels: Record<DeviceKind, string> = {
  workstation: 'Workstation',
  laptop: 'Laptop',
  server: 'Server',
  network: 'Network',
  tablet: 'Tablet',
  label_printer: 'Label/wristband printer',
  scanner: 'Scanner',
  fax: 'Fax',
  signature_pad: 'Signature pad',
  dental_sensor: 'Dental imaging sensor',
  eprescribing_token: 'E-prescribing token',
  other: 'Other',
};

/** Yes, no, or not known: an unknown is a question to answer, not a yes. */
export const triStates = ['yes', 'no', 'unknown'] as const;
export type TriState = (typeof triStates)[number];

/** Where a fact came from: typed in, a CSV import, or monitoring's agent. */
export const factSources = ['manual', 'csv', 'agent'] as const;
export type FactSource = (typeof factSources)[number];

/** The facts a device holds, each with its own source and time (`sources`). */
export const deviceFields = [
  'kind',
  'name',
  'site',
  'room',
  'owner',
  'activity',
  'vendor',
  'model',
  'serial',
  'purchaseDate',
  'warrantyEnd',
  'endOfLife',
  'os',
  'osVersion',
  'diskEncryption',
  'endpointProtection',
  'lastSeenAt',
  'storesPatientData',
] as const;
export type DeviceField = (typeof deviceFields)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => text(max).nullable();
const day = z.iso.date().describe('A calendar day, YYYY-MM-DD');

/** Serials are compared as written, less surrounding spaces: a serial is an identifier, not prose. */
export const serialSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'must be printable ASCII without line breaks');

export const activityIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a matrix activity id');

/** Each fact's rule, for the API's bodies and for the CSV import's cells alike. */
export const deviceFieldSchemas = {
  kind: z.enum(deviceKinds),
  name: text(120),
  site: optionalText(120),
  room: optionalText(120),
  owner: optionalText(120).describe('The person or team the device belongs to'),
  activity: activityIdSchema.nullable().describe('The matrix activity whose party supports the device'),
  vendor: optionalText(120),
  model: optionalText(120),
  serial: serialSchema.nullable().describe('Unique within the practice'),
  purchaseDate: day.nullable(),
  warrantyEnd: day.nullable(),
  endOfLife: day.nullable().describe('When the vendor stops supporting the hardware'),
  os: optionalText(120).describe('Operating system, e.g. "Windows 11 Pro"'),
  osVersion: optionalText(120).describe('Version or patch level, e.g. "23H2 (22631.4460)"'),
  diskEncryption: z.enum(triStates),
  endpointProtection: z.enum(triStates),
  lastSeenAt: z.iso.datetime({ offset: true }).nullable(),
  storesPatientData: z.boolean().describe('Stores or shows patient data; visible to everyone who can see the device'),
};
const fields = deviceFieldSchemas;

export const deviceInputSchema = z.strictObject({
  ...fields,
  site: fields.site.default(null),
  room: fields.room.default(null),
  owner: fields.owner.default(null),
  activity: fields.activity.default(null),
  vendor: fields.vendor.default(null),
  model: fields.model.default(null),
  serial: fields.serial.default(null),
  purchaseDate: fields.purchaseDate.default(null),
  warrantyEnd: fields.warrantyEnd.default(null),
  endOfLife: fields.endOfLife.default(null),
  os: fields.os.default(null),
  osVersion: fields.osVersion.default(null),
  diskEncryption: fields.diskEncryption.default('unknown'),
  endpointProtection: fields.endpointProtection.default('unknown'),
  lastSeenAt: fields.lastSeenAt.default(null),
  storesPatientData: fields.storesPatientData.default(false),
});
export type DeviceInput = z.output<typeof deviceInputSchema>;

export const devicePatchSchema = z
  .strictObject(fields)
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'must change at least one field' });
export type DevicePatch = z.output<typeof devicePatchSchema>;

export const riskIds = [
  'unencrypted_phi',
  'end_of_life',
  'unsupported_os',
  'not_seen',
  'no_endpoint_protection',
] as const;
export type RiskId = (typeof riskIds)[number];

export const riskLabels: Record<RiskId, string> = {
  unencrypted_phi: 'Patient data, not known to be encrypted',
  end_of_life: 'End of life within 12 months or past',
  unsupported_os: 'Unsupported operating system',
  not_seen: 'Not seen lately',
  no_endpoint_protection: 'No endpoint protection',
};

export const factSchema = z.object({ source: z.enum(factSources), at: z.iso.datetime() });
export type Fact = z.infer<typeof factSchema>;

export const deviceSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(deviceKinds),
    name: z.string(),
    site: z.string().nullable(),
    room: z.string().nullable(),
    owner: z.string().nullable(),
    activity: z.string().nullable(),
    vendor: z.string().nullable(),
    model: z.string().nullable(),
    serial: z.string().nullable(),
    purchaseDate: z.iso.date().nullable(),
    warrantyEnd: z.iso.date().nullable(),
    endOfLife: z.iso.date().nullable(),
    os: z.string().nullable(),
    osVersion: z.string().nullable(),
    /** The day the named operating system's vendor support ended or ends (os-support.ts); null when not on the list. */
    osSupportEnds: z.iso.date().nullable(),
    diskEncryption: z.enum(triStates),
    endpointProtection: z.enum(triStates),
    lastSeenAt: z.iso.datetime().nullable(),
    storesPatientData: z.boolean(),
    /** Per fact: where its current value came from and when it was recorded. */
    sources: z.partialRecord(z.enum(deviceFields), factSchema),
    /** The risk views the device is in now. */
    risks: z.array(z.enum(riskIds)),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Device' });
export type Device = z.infer<typeof deviceSchema>;

export const devicePageSchema = listPageSchema('devices', deviceSchema);

export const defaultNotSeenDays = 30;

const notSeenDays = z.coerce
  .number()
  .int()
  .min(1)
  .max(3650)
  .default(defaultNotSeenDays)
  .describe('For not_seen: days since the device was last seen');

export const riskQuerySchema = z.strictObject({ notSeenDays });

export const deviceListQuerySchema = pageQuerySchema.extend({
  risk: z.enum(riskIds).optional().describe('Only devices in this risk view'),
  kind: z.enum(deviceKinds).optional(),
  notSeenDays,
});
export type DeviceListQuery = z.infer<typeof deviceListQuerySchema>;

export const deviceExportQuerySchema = deviceListQuerySchema.omit({ limit: true, cursor: true });
export type DeviceFilter = z.infer<typeof deviceExportQuerySchema>;

export const riskCountsSchema = z.object({
  total: z.int(),
  notSeenDays: z.int(),
  counts: z.record(z.enum(riskIds), z.int()),
});
export type RiskCounts = z.infer<typeof riskCountsSchema>;

export const importRequestSchema = z.strictObject({
  csv: z
    .string()
    .min(1)
    .max(16_000_000)
    .describe('The CSV text, header first (docs/architecture.md lists the headers)'),
  apply: z.boolean().default(false).describe('false: only preview; true: apply (with the preview’s previewHash)'),
  previewHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be the previewHash of a preview')
    .optional()
    .describe('Required with apply: the preview that was shown, so nothing else is applied'),
});
export type ImportRequest = z.infer<typeof importRequestSchema>;

export const importActions = ['create', 'update', 'unchanged', 'error'] as const;
export type ImportAction = (typeof importActions)[number];

export const importRowSchema = z.object({
  /** The line of the CSV file the row starts on (the header is line 1). */
  line: z.int(),
  action: z.enum(importActions),
  /** The device it matched (update, unchanged), or null. */
  deviceId: z.uuid().nullable(),
  matchedBy: z.enum(['serial', 'name']).nullable(),
  name: z.string().nullable(),
  serial: z.string().nullable(),
  /** The fields an update changes, or a create sets. */
  changes: z.array(z.enum(deviceFields)),
  errors: z.array(z.object({ column: z.string(), message: z.string() })),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export const importPreviewSchema = z.object({
  applied: z.boolean(),
  previewHash: z.string(),
  /** Which CSV header fed each device field. */
  columns: z.partialRecord(z.enum(deviceFields), z.string()),
  /** Headers the import does not use. */
  ignoredColumns: z.array(z.string()),
  summary: z.object({ create: z.int(), update: z.int(), unchanged: z.int(), error: z.int() }),
  /** Every row but the unchanged ones, in file order. */
  rows: z.array(importRowSchema),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const deviceHistoryEntrySchema = z.object({
  at: z.iso.datetime(),
  action: z.string(),
  actorLabel: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const deviceHistorySchema = z.object({ entries: z.array(deviceHistoryEntrySchema) });
export type DeviceHistory = z.infer<typeof deviceHistorySchema>;
