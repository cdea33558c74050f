/** The service desk's SLA/OLA report as it crosses the API (sla-report.ts builds it). */
import { z } from 'zod';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM');

export const slaReportQuerySchema = z
  .strictObject({
    from: month.describe('First month, YYYY-MM, in each desk’s time zone'),
    to: month.describe('Last month, YYYY-MM (included)'),
  })
  .refine((q) => q.from <= q.to, { message: 'must not be before from', path: ['to'] })
  .refine((q) => monthsBetween(q.from, q.to) < 24, { message: 'the report spans at most 24 months', path: ['to'] });
export type SlaReportQuery = z.infer<typeof slaReportQuerySchema>;

/** Months from `from` to `to`, not counting `from` (2026-01 to 2026-03: 2). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
}

/** Met, missed or not yet decided, and met / (met + missed) as a percentage (null when neither). */
const attainmentSchema = z.object({
  met: z.int(),
  missed: z.int(),
  pending: z.int(),
  percent: z.number().nullable(),
});
export type Attainment = z.infer<typeof attainmentSchema>;

const slaRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  tickets: z.int(),
  firstResponse: attainmentSchema,
  resolution: attainmentSchema,
});
export type SlaRow = z.infer<typeof slaRowSchema>;

/** A month's tickets held by one side (the two keys of byMonth and byHolder together), for the trend per side. */
const monthSideRowSchema = slaRowSchema.extend({ month: z.string(), side: z.string() });
export type MonthSideRow = z.infer<typeof monthSideRowSchema>;

/** One side's held time (OLA): within target when its business minutes on a ticket stayed within the resolution target. */
const olaRowSchema = z.object({
  side: z.string(),
  tickets: z.int(),
  businessMinutes: z.number(),
  withinTarget: z.int(),
  overTarget: z.int(),
  percent: z.number().nullable(),
});
export type OlaRow = z.infer<typeof olaRowSchema>;

export const backlogBuckets = ['under_1_day', '1_to_3_days', '3_to_7_days', '7_to_30_days', 'over_30_days'] as const;

const backlogRowSchema = z.object({
  deskId: z.uuid(),
  desk: z.string(),
  open: z.int(),
  buckets: z.record(z.enum(backlogBuckets), z.int()),
});
export type BacklogRow = z.infer<typeof backlogRowSchema>;

const csatRowSchema = z.object({
  deskId: z.uuid(),
  desk: z.string(),
  good: z.int(),
  bad: z.int(),
  percentGood: z.number().nullable(),
});
export type CsatRow = z.infer<typeof csatRowSchema>;

export const slaReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  generatedAt: z.iso.datetime(),
  /** Tickets opened in the period, by the side holding them now (or at resolution): internal IT vs MSP. */
  byHolder: z.array(slaRowSchema),
  byDesk: z.array(slaRowSchema),
  byCategory: z.array(slaRowSchema),
  byMonth: z.array(slaRowSchema),
  /** byMonth split by holding side: the month-by-month attainment of internal IT and of the MSP. */
  byMonthAndHolder: z.array(monthSideRowSchema),
  ola: z.array(olaRowSchema),
  /** Every ticket still open now, whenever opened, by age. */
  backlog: z.array(backlogRowSchema),
  csat: z.array(csatRowSchema),
});
export type SlaReport = z.infer<typeof slaReportSchema>;
