/**
 * Matrix versions as they cross the API (issue 5, point 3): shared by the routes, the web app and
 * the tests. A practice's matrix moves draft -> proposed -> agreed; agreeing a new version
 * supersedes the one in force. Both sides sign: the practice always, the MSP whenever the matrix
 * names an MSP party.
 */
import { z } from 'zod';
import { FUNCTION_IDS } from '../advisor/engine/model/function-catalog.ts';
import { listPageSchema } from '../core/page-schema.ts';
import { activitySchema, findingSchema, matrixSchema } from './schema.ts';

export const versionStatuses = ['draft', 'proposed', 'agreed', 'superseded'] as const;
export type VersionStatus = (typeof versionStatuses)[number];
export const agreementSides = ['practice', 'msp'] as const;
export type AgreementSide = (typeof agreementSides)[number];

const actorSchema = z.object({ id: z.uuid(), displayName: z.string() }).nullable();
const signatureSchema = z.object({ by: actorSchema, at: z.iso.datetime() });

/** Where a new draft starts from. */
export const draftSourceSchema = z.discriminatedUnion('kind', [
  /** A copy of the version in force, or of any earlier version by number. */
  z.strictObject({ kind: z.literal('version'), number: z.int().min(1).optional() }),
  /** The sourcing advisor's split from a stored assessment. */
  z.strictObject({ kind: z.literal('assessment'), assessmentId: z.uuid() }),
  /** A matrix as JSON (an import through the API). */
  z.strictObject({ kind: z.literal('matrix'), matrix: z.unknown() }),
  /** A matrix as the CSV `tandem matrix export --format csv` writes. */
  z.strictObject({ kind: z.literal('csv'), csv: z.string().max(5_000_000) }),
  z.strictObject({ kind: z.literal('blank') }),
]);
export type DraftSource = z.infer<typeof draftSourceSchema>;

export const createDraftSchema = z.strictObject({
  source: draftSourceSchema.default({ kind: 'version' }),
  note: z.string().trim().max(500).optional(),
});

/** Saving a draft: the whole matrix, and the revision it was based on (a stale revision is a 409). */
export const saveDraftSchema = z.strictObject({
  revision: z.int().min(1),
  matrix: z.unknown(),
});

export const proposeSchema = z.strictObject({ note: z.string().trim().max(500).optional() });

export const versionSummarySchema = z.object({
  number: z.int().min(1),
  status: z.enum(versionStatuses),
  /** Bumped by every save of a draft. */
  revision: z.int().min(1),
  note: z.string().nullable(),
  createdAt: z.iso.datetime(),
  createdBy: actorSchema,
  updatedAt: z.iso.datetime(),
  proposed: signatureSchema.nullable(),
  /** The sides whose agreement the version needs. */
  requiredSides: z.array(z.enum(agreementSides)),
  agreements: z.object({ practice: signatureSchema.nullable(), msp: signatureSchema.nullable() }),
  agreedAt: z.iso.datetime().nullable(),
  supersededAt: z.iso.datetime().nullable(),
  activityCount: z.int(),
  partyCount: z.int(),
  errorCount: z.int(),
  warningCount: z.int(),
});
export type VersionSummary = z.infer<typeof versionSummarySchema>;

export const versionViewSchema = versionSummarySchema.extend({
  matrix: matrixSchema,
  findings: z.array(findingSchema),
});
export type VersionView = z.infer<typeof versionViewSchema>;

export const versionListSchema = listPageSchema('versions', versionSummarySchema);

export const versionParams = z.strictObject({ practiceId: z.uuid(), number: z.coerce.number().int().min(1) });

export const diffQuerySchema = z.strictObject({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
});

export const changeKinds = ['hours', 'party', 'activity', 'assignment', 'absence'] as const;
export const changeSchema = z.object({
  kind: z.enum(changeKinds),
  /** The party or activity id; for absences "party from..to"; empty for hours. */
  id: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  fields: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
  /** One readable line, e.g. `Patch workstations: Responsible MSP NOC -> Internal IT`. */
  summary: z.string(),
});
export type Change = z.infer<typeof changeSchema>;

export const diffSchema = z.object({
  from: versionSummarySchema,
  to: versionSummarySchema,
  changes: z.array(changeSchema),
});
export type MatrixDiff = z.infer<typeof diffSchema>;

export const exportQuerySchema = z.strictObject({
  format: z.enum(['csv', 'markdown', 'html']).default('csv'),
  download: z.enum(['0', '1']).optional(),
});

export const catalogSchema = z.object({
  functions: z.array(z.object({ id: z.enum(FUNCTION_IDS), name: z.string() })),
  activities: z.array(activitySchema),
});

export const routeQuerySchema = z.strictObject({
  activity: z.string().min(1).max(64),
  at: z.iso.datetime({ offset: true }).optional(),
});

const routedPartySchema = z.object({ id: z.string(), name: z.string() }).nullable();
export const routeSchema = z.object({
  version: z.int(),
  activity: z.string(),
  responsible: routedPartySchema,
  accountable: routedPartySchema,
  escalation: z.array(z.object({ id: z.string(), name: z.string() })),
  skipped: z.array(z.string()),
});
