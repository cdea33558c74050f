/**
 * What refers to a device (issue 20 item 4), for its page: the tickets about it, the checks that
 * watch it (an agent check with its last heartbeat) and the backups of the systems it is. A
 * section the caller's role may not read is null, not empty.
 */
import { z } from 'zod';
import { agentFactsSchema, checkStates } from '../monitor/schema.ts';

export const deviceLinksSchema = z.object({
  tickets: z
    .array(
      z.object({
        id: z.uuid(),
        number: z.int(),
        /** Null on a patient-desk ticket (its title is patient data). */
        title: z.string().nullable(),
        status: z.string(),
        priority: z.string(),
        createdAt: z.iso.datetime(),
      }),
    )
    .nullable(),
  checks: z
    .array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        kind: z.string(),
        state: z.enum(checkStates),
        lastMessage: z.string().nullable(),
        agent: agentFactsSchema.nullable(),
      }),
    )
    .nullable(),
  backups: z
    .array(
      z.object({
        systemId: z.uuid(),
        name: z.string(),
        jobs: z.array(
          z.object({
            id: z.uuid(),
            name: z.string(),
            lastResult: z.string().nullable(),
            lastGoodAt: z.iso.datetime().nullable(),
            overdue: z.boolean(),
          }),
        ),
      }),
    )
    .nullable(),
});
export type DeviceLinks = z.infer<typeof deviceLinksSchema>;
