import { z } from 'zod';

export const healthSchema = z.object({ status: z.literal('ok') });

export const readySchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.enum(['current', 'pending', 'ahead', 'unknown']),
});

/** Runtime details: only for a signed-in caller, since versions tell an attacker which flaws to try. */
export const statusDetailsSchema = z.object({
  version: z.string(),
  database: z.object({
    mode: z.enum(['embedded', 'postgres']),
    reachable: z.boolean(),
    migrationLevel: z.string().nullable(),
    migrationsApplied: z.number().int(),
    migrationsKnown: z.number().int(),
    migrationsCurrent: z.boolean(),
  }),
  node: z.string(),
  uptimeSeconds: z.number(),
});

export const statusSchema = z.object({
  name: z.literal('Tandem'),
  status: z.literal('up'),
  details: statusDetailsSchema.optional(),
});

export type Status = z.infer<typeof statusSchema>;
