import { leadText } from '../../../src/advisor/engine/format.ts';
import { Text } from '@mantine/core';
import type { FunctionAssessment } from '../../../src/advisor/engine/assessment-schema.ts';
import { ChartFigure } from '../ui/ChartFigure.tsx';
import { BarChart } from './lazy-charts.tsx';
import { compactMoney, optionLabels, signedMoney } from './labels.ts';
import { SENSITIVITY_SERIES } from '../../../src/advisor/engine/report/labels.ts';

function shorten(label: string, max = 60): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** The sentence under the tornado: the base lead, the biggest swing and any flips. */
export function tornadoSummary(fn: FunctionAssessment): string {
  const rows = fn.sensitivity;
  const lead =
    fn.margin === null || fn.runnerUp === null
      ? `${optionLabels[fn.recommended]} is the only option allowed for ${fn.name}.`
      : `${optionLabels[fn.recommended]} is ${leadText(fn.runnerUp, fn.margin, fn.marginCost)}.`;
  if (rows.length === 0) return `${lead} No uncertain input moves that lead by more than a dollar.`;
  const margin = fn.margin ?? 0;
  const top = rows[0];
  const flips = rows.flatMap((r) => [
    ...(r.flipsLow ? [`${r.label} at its low value (${optionLabels[r.flipsLow].toLowerCase()} wins)`] : []),
    ...(r.flipsHigh ? [`${r.label} at its high value (${optionLabels[r.flipsHigh].toLowerCase()} wins)`] : []),
  ]);
  return [
    lead,
    top
      ? `The biggest swing comes from ${top.label}: ${signedMoney(top.marginLow - margin)} at its low value, ${signedMoney(top.marginHigh - margin)} at its high value.`
      : '',
    flips.length > 0
      ? `The decision flips with ${flips.join('; ')}.`
      : 'No single input, at its 10th or 90th percentile, flips the decision.',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Tornado: how much the recommended option's lead over the next best changes when each
 * uncertain input is set to its 10th (low) or 90th (high) percentile, the rest at their means.
 * Bars left of zero shrink the lead; past the red line the decision flips.
 */
export function TornadoChart({ fn, testId = 'tornado-chart' }: { fn: FunctionAssessment; testId?: string }) {
  const margin = fn.margin ?? 0;
  const data = fn.sensitivity.map((r) => ({
    input: shorten(r.label),
    low: r.marginLow - margin,
    high: r.marginHigh - margin,
  }));
  const height = Math.max(180, 48 * data.length + 80);
  return (
    <ChartFigure
      title={`What moves the decision for ${fn.name}`}
      caption={tornadoSummary(fn)}
      testId={testId}
      height={height}
    >
      {data.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing to chart: the lead does not depend on any uncertain input.
        </Text>
      ) : (
        <BarChart
          h={height}
          data={data}
          dataKey="input"
          orientation="vertical"
          series={[
            { name: 'low', label: SENSITIVITY_SERIES.low.label, color: SENSITIVITY_SERIES.low.color },
            { name: 'high', label: SENSITIVITY_SERIES.high.label, color: SENSITIVITY_SERIES.high.color },
          ]}
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          valueFormatter={signedMoney}
          xAxisProps={{ tickFormatter: compactMoney }}
          yAxisProps={{ width: 300, tick: { fontSize: 11, fill: 'currentColor' } }}
          gridAxis="y"
          referenceLines={[
            { x: 0, color: 'gray.7' },
            ...(fn.margin !== null && fn.runnerUp !== null
              ? [{ x: -fn.margin, color: 'red.6', label: 'Decision flips', labelPosition: 'insideTopLeft' as const }]
              : []),
          ]}
          aria-hidden
        />
      )}
    </ChartFigure>
  );
}
