/**
 * The service desk report's figures shaped for its charts (DeskReportCharts.tsx): plain data, so
 * what each chart draws is tested without a browser (test/web/desk-report-series.test.ts).
 */
import {
  backlogBuckets,
  monthsBetween,
  type BacklogRow,
  type CsatRow,
  type MonthSideRow,
} from '../../../src/desk/report-schema.ts';
import { sideLabels } from './desk-text.ts';

/** A holding side as people say it; time nobody held is the triage queue's. */
export const sideText = (side: string) => (side === 'triage' ? 'Triage (no holder)' : (sideLabels[side] ?? side));

/** The backlog's age buckets as the table heads and the chart's axis say them. */
export const bucketLabels: Record<(typeof backlogBuckets)[number], string> = {
  under_1_day: 'Under 1 day',
  '1_to_3_days': '1-3 days',
  '3_to_7_days': '3-7 days',
  '7_to_30_days': '7-30 days',
  over_30_days: 'Over 30 days',
};

/** Each chart's height in pixels; the page holds it while the chart loads, so nothing below moves. */
export const chartHeight = 280;

export interface Series {
  /** The data key of the series in each point (with "/", never ".", which recharts reads as a path). */
  key: string;
  /** What the legend and the tooltip call it: the meaning never rests on the colour alone. */
  label: string;
  color: string;
  /** Drawn dashed (resolution), so the two clocks of a side differ in more than colour. */
  dashed?: boolean;
}

export type Point = Record<string, string | number | null>;

/** Every month of the span, YYYY-MM, oldest first (months without tickets still get a place on the axis). */
export function monthsOf(from: string, to: string): string[] {
  const [year, month] = from.split('-').map(Number) as [number, number];
  return Array.from({ length: monthsBetween(from, to) + 1 }, (_, i) => {
    const m = month - 1 + i;
    return `${year + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
}

/** Internal IT and the MSP first (the split the report is about), then any other side, triage last. */
const sideOrder = ['internal_it', 'msp', 'practice', 'vendor', 'triage'];
const sideColors: Record<string, string> = {
  internal_it: 'var(--mantine-color-blue-7)',
  msp: 'var(--mantine-color-orange-8)',
  practice: 'var(--mantine-color-grape-7)',
  vendor: 'var(--mantine-color-teal-8)',
  triage: 'var(--mantine-color-gray-7)',
};
const rank = (side: string) => (sideOrder.includes(side) ? sideOrder.indexOf(side) : sideOrder.length);

/**
 * SLA attainment (% met of decided) per month, two lines per holding side: first response (solid)
 * and resolution (dashed). A month where a side decided no clock has null, which the chart draws
 * as a gap rather than as 0%. Empty (nothing to draw) when no ticket was opened in the span.
 */
export function slaTrend(report: { from: string; to: string; byMonthAndHolder: MonthSideRow[] }): {
  points: Point[];
  series: Series[];
} {
  const rows = report.byMonthAndHolder;
  if (rows.length === 0) return { points: [], series: [] };
  const sides = [...new Set(rows.map((r) => r.side))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const series = sides.flatMap((side) => [
    { key: `${side}/firstResponse`, label: `${sideText(side)}: first response`, color: sideColors[side] ?? 'gray' },
    {
      key: `${side}/resolution`,
      label: `${sideText(side)}: resolution`,
      color: sideColors[side] ?? 'gray',
      dashed: true,
    },
  ]);
  const points = monthsOf(report.from, report.to).map((month) => {
    const point: Point = { month };
    for (const side of sides) {
      const row = rows.find((r) => r.month === month && r.side === side);
      point[`${side}/firstResponse`] = row?.firstResponse.percent ?? null;
      point[`${side}/resolution`] = row?.resolution.percent ?? null;
    }
    return point;
  });
  return { points, series };
}

const deskColors = ['var(--mantine-color-blue-7)', 'var(--mantine-color-orange-8)', 'var(--mantine-color-grape-7)'];

/**
 * Open tickets per age bucket, one bar per desk in each bucket (a desk per series, so the bars
 * of a bucket add up to its open tickets). Empty when nothing is open.
 */
export function backlogBars(backlog: BacklogRow[]): { points: Point[]; series: Series[] } {
  if (backlog.every((b) => b.open === 0)) return { points: [], series: [] };
  const series = backlog.map((b, i) => ({ key: b.deskId, label: b.desk, color: deskColors[i % deskColors.length]! }));
  const points = backlogBuckets.map((bucket) => ({
    bucket: bucketLabels[bucket],
    ...Object.fromEntries(backlog.map((b) => [b.deskId, b.buckets[bucket]])),
  }));
  return { points, series };
}

/** Good and bad ratings per desk, stacked, so a bar is a desk's ratings. Empty when nobody has rated yet. */
export function csatBars(csat: CsatRow[]): { points: Point[]; series: Series[] } {
  if (csat.every((c) => c.good + c.bad === 0)) return { points: [], series: [] };
  return {
    points: csat.map((c) => ({ desk: c.desk, good: c.good, bad: c.bad })),
    series: [
      { key: 'good', label: 'Rated good', color: 'var(--mantine-color-teal-8)' },
      { key: 'bad', label: 'Rated bad', color: 'var(--mantine-color-red-8)' },
    ],
  };
}
