/**
 * The public status page's contract, shared with the web app: the practice's settings (opt-in,
 * title, which checks under which public names) and the page as anyone with its address sees it.
 * The public page carries only what the practice published: the title, each published check's
 * public name, its state in plain terms and its uptime by day; no internal name, id or target.
 */
import { z } from 'zod';

export const statusPageDays = 90;

const publicName = z.string().trim().min(1).max(100);

export const statusPageInputSchema = z.strictObject({
  enabled: z.boolean().describe('Whether the page answers at its address; off, the address answers 404'),
  title: z.string().trim().min(1).max(120).describe('Shown at the top of the page, e.g. the practice’s public name'),
  checks: z
    .array(z.strictObject({ checkId: z.uuid(), publicName }))
    .max(50)
    .refine((list) => new Set(list.map((c) => c.checkId)).size === list.length, {
      message: 'names a check more than once',
    })
    .describe('The checks to publish, in the order shown, each under the name the public sees'),
});
export type StatusPageInput = z.infer<typeof statusPageInputSchema>;

export const statusPageSettingsSchema = statusPageInputSchema.extend({
  slug: z.string().nullable().describe('The page’s unguessable address, /status/{slug}; null until first saved'),
  updatedAt: z.iso.datetime().nullable(),
});
export type StatusPageSettings = z.infer<typeof statusPageSettingsSchema>;

/** What the public is told of a state: pending and paused checks say nothing yet. */
export const publicStates = ['operational', 'degraded', 'down', 'maintenance', 'unknown'] as const;

export const publicStatusPageSchema = z.object({
  title: z.string(),
  overall: z.enum(publicStates).describe('The worst state among the published checks'),
  generatedAt: z.iso.datetime(),
  services: z.array(
    z.object({
      name: z.string(),
      state: z.enum(publicStates),
      uptime: z.number().nullable().describe(`Share of runs that succeeded over the last ${statusPageDays} days`),
      days: z
        .array(z.object({ date: z.iso.date(), uptime: z.number().nullable() }))
        .describe(`${statusPageDays} UTC days, oldest first; null: no run that day (or before results were kept)`),
    }),
  ),
});
export type PublicStatusPage = z.infer<typeof publicStatusPageSchema>;
