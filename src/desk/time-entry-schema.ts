/** Time entries as they cross the API (time-entries.ts). */
import { z } from 'zod';
import { slaReportQuerySchema } from './report-schema.ts';

export const billings = ['contract', 'billable'] as const;

export const timeEntryInputSchema = z.strictObject({
  /** The matrix party the work was done for: its side says whose time it was. */
  partyId: z.string().trim().min(1).max(64),
  workedOn: z.iso.date().describe('The day the work was done, YYYY-MM-DD'),
  minutes: z
    .int()
    .min(-1440)
    .max(1440)
    .refine((m) => m !== 0, 'must not be 0')
    .describe('Minutes worked; a negative entry corrects an earlier one'),
  billing: z.enum(billings).describe('contract: within the MSP contract; billable: beyond it'),
  note: z.string().trim().min(1).max(500).optional(),
});
export type TimeEntryInput = z.infer<typeof timeEntryInputSchema>;

const partySchema = z.object({ partyId: z.string(), name: z.string(), side: z.string() });

/** Contract and billable minutes. */
const minutesSchema = z.object({ contract: z.int(), billable: z.int() });
export type Minutes = z.infer<typeof minutesSchema>;

export const timeEntrySchema = z.object({
  id: z.uuid(),
  party: partySchema,
  workedOn: z.iso.date(),
  minutes: z.int(),
  billing: z.enum(billings),
  /** Null where the ticket's patient details are withheld from the caller. */
  note: z.string().nullable(),
  by: z.string(),
  createdAt: z.iso.datetime(),
});

export const ticketTimeSchema = z.object({
  entries: z.array(timeEntrySchema),
  byParty: z.array(partySchema.extend(minutesSchema.shape)),
  total: minutesSchema,
});
export type TicketTime = z.infer<typeof ticketTimeSchema>;

export const timeReportQuerySchema = slaReportQuerySchema;

export const timeReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** One row per month and party with time logged, months in order then party name. */
  rows: z.array(partySchema.extend({ month: z.string() }).extend(minutesSchema.shape)),
  total: minutesSchema,
});
export type TimeReport = z.infer<typeof timeReportSchema>;
