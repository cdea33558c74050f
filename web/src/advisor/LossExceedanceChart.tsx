import { Text } from '@mantine/core';
import type { PlanResult } from '../../../src/advisor/engine/assessment-schema.ts';
import { ChartFigure } from '../ui/ChartFigure.tsx';
import { LineChart } from './lazy-charts.tsx';
import { compactMoney, money, percent, planColors, planLabels, planOrder } from './labels.ts';

const height = 320;

/** Round-number ticks on a log axis: powers of ten, and 2 and 5 times them over a narrow range. */
function logTicks(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const steps = hi - lo <= 3 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k++) for (const s of steps) ticks.push(s * 10 ** k);
  return ticks.filter((t) => t >= min && t <= max);
}

/**
 * Loss exceedance: for each plan, the simulated chance that losses exceed an amount. The engine
 * gives the points on a log-spaced grid; plans are merged by amount (a plan without a point at
 * an amount is bridged).
 */
export function LossExceedanceChart({ plans }: { plans: PlanResult[] }) {
  const ordered = planOrder.flatMap((id) => plans.filter((p) => p.id === id));
  const rows = new Map<number, Record<string, number>>();
  for (const p of ordered) {
    for (const point of p.simulated.lossExceedance) {
      if (!(point.loss > 0)) continue;
      const row = rows.get(point.loss) ?? { loss: point.loss };
      row[p.id] = point.probability;
      rows.set(point.loss, row);
    }
  }
  const data = [...rows.values()].sort((a, b) => (a.loss ?? 0) - (b.loss ?? 0));
  const min = data[0]?.loss ?? 1;
  const max = data[data.length - 1]?.loss ?? 10;
  const caption = `Each line is the chance that losses from breaches, disruption, outages and friction exceed the amount on the horizontal axis (a log scale). A 1-in-10 outcome (90th percentile of simulated losses): ${ordered
    .map((p) => `${planLabels[p.id]} ${money(p.simulated.loss.p90)}`)
    .join('; ')}.`;
  return (
    <ChartFigure title="Loss exceedance by plan" caption={caption} testId="loss-exceedance-chart" height={height}>
      {data.length === 0 ? (
        <Text size="sm" c="dimmed">
          The simulation gave no losses to plot.
        </Text>
      ) : (
        <LineChart
          h={height}
          data={data}
          dataKey="loss"
          series={ordered.map((p) => ({ name: p.id, label: planLabels[p.id], color: planColors[p.id] }))}
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          withDots={false}
          curveType="monotone"
          connectNulls
          valueFormatter={percent}
          // Wide enough that the axis title clears the widest tick label ("100%").
          yAxisProps={{ domain: [0, 1], width: 72 }}
          xAxisProps={{
            type: 'number',
            scale: 'log',
            domain: [min, max],
            ticks: logTicks(min, max),
            tickFormatter: compactMoney,
            allowDataOverflow: true,
          }}
          tooltipProps={{ labelFormatter: (value: unknown) => `Losses above ${money(Number(value))}` }}
          xAxisLabel="Loss (dollars, log scale)"
          yAxisLabel="Chance of exceeding"
          aria-hidden
        />
      )}
    </ChartFigure>
  );
}
