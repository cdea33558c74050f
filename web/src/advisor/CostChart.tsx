import { COST_COMPONENTS } from '../../../src/advisor/engine/model/cost-model.ts';
import type { PlanResult } from '../../../src/advisor/engine/assessment-schema.ts';
import { ChartFigure } from '../ui/ChartFigure.tsx';
import { BarChart } from './lazy-charts.tsx';
import {
  compactMoney,
  componentColors,
  componentLabels,
  lossColor,
  lossLabel,
  money,
  planLabels,
  planOrder,
} from './labels.ts';

const lossKey = 'expected_loss';
const height = 360;

/**
 * Yearly cost of each plan (the three pure options, today's arrangement and the recommended
 * mix), stacked by cost component, with the expected losses on top so each bar ends at the
 * plan's risk-adjusted cost.
 */
export function CostChart({ plans }: { plans: PlanResult[] }) {
  const ordered = planOrder.flatMap((id) => plans.filter((p) => p.id === id));
  const data = ordered.map((p) => ({
    plan: planLabels[p.id],
    ...p.components,
    [lossKey]: Math.max(0, p.riskAdjusted - p.cost),
  }));
  const used = COST_COMPONENTS.filter((c) => ordered.some((p) => Math.abs(p.components[c] ?? 0) >= 0.5));
  const series = [
    ...used.map((c) => ({ name: c, label: componentLabels[c], color: componentColors[c] })),
    { name: lossKey, label: lossLabel, color: lossColor },
  ];
  const caption = `Bars add up to each plan's risk-adjusted yearly cost: ${ordered
    .map((p) => `${planLabels[p.id]} ${money(p.riskAdjusted)} (of which ${money(p.cost)} cost)`)
    .join('; ')}.`;
  return (
    <ChartFigure title="Yearly cost by plan and component" caption={caption} testId="cost-chart" height={height}>
      <BarChart
        h={height}
        data={data}
        dataKey="plan"
        type="stacked"
        series={series}
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        valueFormatter={money}
        yAxisProps={{ tickFormatter: compactMoney, width: 70 }}
        maxBarWidth={72}
        aria-hidden
      />
    </ChartFigure>
  );
}
