/**
 * The status overviews' HTTP contract, shared with the web app: one practice's checks counted by
 * state with its open incidents and worst checks, and the MSP's page of such summaries, one per
 * practice it serves; and what the live stream (server-sent events) says when a check changes state.
 */
import { z } from 'zod';
import { listPageSchema } from '../core/page-schema.ts';
import { checkStates } from './schema.ts';

export const stateCountsSchema = z.object({
  down: z.number().int(),
  degraded: z.number().int(),
  up: z.number().int(),
  pending: z.number().int(),
  maintenance: z.number().int(),
  paused: z.number().int(),
});
export type StateCounts = z.infer<typeof stateCountsSchema>;

export const worstCheckSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  state: z.enum(checkStates).describe('down or degraded, or any state for a flapping check'),
  stateSince: z.iso.datetime(),
  suppressed: z.boolean().describe('Down because its parent is down: no incident of its own'),
  flapping: z.boolean().describe('Changing state too often to alert on (state.ts): no alerts until it settles'),
  lastMessage: z.string().nullable(),
});

export const practiceStatusSchema = z.object({
  practiceId: z.uuid(),
  practiceName: z.string(),
  counts: stateCountsSchema,
  openIncidents: z.number().int().describe('Incident tickets opened by checks and not yet resolved or closed'),
  flapping: z.number().int().describe('Checks flapping now (counted in their states too)'),
  worstChecks: z
    .array(worstCheckSchema)
    .describe('Up to 5 checks: down (longest first), then flapping, then degraded (longest first)'),
});
export type PracticeStatus = z.infer<typeof practiceStatusSchema>;

export const practiceStatusPageSchema = listPageSchema('practices', practiceStatusSchema);

/** One `state` event on a live stream: a check entered a new state. */
export const stateChangeSchema = z.object({
  practiceId: z.uuid(),
  checkId: z.uuid(),
  state: z.enum(checkStates),
  from: z.enum(checkStates).nullable(),
  at: z.iso.datetime(),
  /** Whether the check flaps (state.ts): an event also comes when only this changed. */
  flapping: z.boolean(),
});
export type StateChange = z.infer<typeof stateChangeSchema>;
