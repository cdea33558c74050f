/** Audit log shapes shared by the HTTP routes, the web app and the CLI. */
import { z } from 'zod';

export const auditActorTypes = ['user', 'api_token', 'system', 'anonymous'] as const;
export type AuditActorType = (typeof auditActorTypes)[number];

export const auditSearchMaxLimit = 500;

/**
 * What an auditor may ask for (query string of GET /api/v1/audit and the web viewer's form).
 * The route turns practiceId into the list of practices the caller may see (AuditFilter).
 */
export const auditSearchQuerySchema = z.strictObject({
  practiceId: z.guid().optional(),
  actorId: z.guid().optional(),
  action: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9_.]+$/, 'must be an action or its beginning, such as auth.sign_in')
    .optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(auditSearchMaxLimit).default(100),
  /** `next` of the previous page. */
  cursor: z.coerce.number().int().min(1).optional(),
});
export type AuditSearchQuery = z.infer<typeof auditSearchQuerySchema>;

/** An audit entry as it leaves the API: explicit fields, no hashes (they are for `audit verify`). */
export const auditEntrySchema = z
  .object({
    seq: z.number().int(),
    id: z.guid(),
    at: z.iso.datetime(),
    actorType: z.enum(auditActorTypes),
    actorId: z.guid().nullable(),
    actorLabel: z.string().nullable(),
    practiceId: z.guid().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  next: z.string().nullable().describe('Pass as `cursor` for the next (older) page; null on the last page'),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
