/**
 * The service desk report's charts, drawn with recharts and loaded with this file only, when the
 * report page's charts near the screen (DeskReportPage imports it lazily, inside ChartFigure's
 * NearScreen): neither the sign-in page nor a first load carries the library. Each picture is
 * hidden from screen readers; its figure's title and caption name it, and the report's tables
 * hold the same numbers as the text alternative. Every series has a legend entry and values are
 * labelled, so no meaning rests on colour alone; report-series.ts shapes the data.
 */
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { chartHeight, type Point, type Series } from './report-series.ts';

interface ChartProps {
  points: Point[];
  series: Series[];
}

/** A count's label on its bar; none on an empty bar, where a row of zeros would only be noise. */
const countLabel = (value: unknown) => (typeof value === 'number' && value > 0 ? String(value) : '');
const percentText = (value: unknown) => (typeof value === 'number' ? `${value}%` : 'none decided');

/** SLA attainment per month: a solid line per side for first response, a dashed one for resolution. */
export function SlaTrendChart({ points, series }: ChartProps) {
  return (
    <div aria-hidden="true" style={{ width: '100%', height: chartHeight }} data-testid="sla-trend-svg">
      <ResponsiveContainer>
        <LineChart data={points} margin={{ top: 16, right: 24, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis unit="%" domain={[0, 100]} width={56} />
          <Tooltip formatter={percentText} />
          <Legend iconType="plainline" iconSize={24} />
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeWidth={2}
              strokeDasharray={s.dashed ? '6 4' : undefined}
              // Dots, so a span of one month (or a month between gaps) still shows its value.
              dot={{ r: 4, fill: s.color }}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/**
 * Bars per category (`categoryKey`), one per series side by side, or stacked. `across` lays the
 * bars along the width with the categories down the side, where their names (the age buckets)
 * would not all fit under the bars of a half-width chart.
 */
function CountBars({
  points,
  series,
  categoryKey,
  stacked,
  across,
  testId,
}: ChartProps & { categoryKey: string; stacked?: boolean; across?: boolean; testId: string }) {
  return (
    <div aria-hidden="true" style={{ width: '100%', height: chartHeight }} data-testid={testId}>
      <ResponsiveContainer>
        <BarChart
          data={points}
          layout={across ? 'vertical' : 'horizontal'}
          margin={{ top: 16, right: 24, bottom: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={!!across} horizontal={!across} />
          {/* Not in fragments: recharts finds its axes among the chart's direct children. */}
          <XAxis
            {...(across ? { type: 'number' as const, allowDecimals: false } : { dataKey: categoryKey, interval: 0 })}
          />
          <YAxis
            {...(across
              ? { type: 'category' as const, dataKey: categoryKey, width: 96 }
              : { allowDecimals: false, width: 40 })}
          />
          <Tooltip />
          <Legend />
          {series.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              fill={s.color}
              stackId={stacked ? 'all' : undefined}
              maxBarSize={56}
              isAnimationActive={false}
            >
              <LabelList
                dataKey={s.key}
                position={stacked ? 'center' : across ? 'right' : 'top'}
                formatter={countLabel}
                fill={stacked ? 'white' : 'var(--mantine-color-text)'}
              />
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Open tickets per age bucket (down the side, youngest first), a bar per desk. */
export function BacklogChart(props: ChartProps) {
  return <CountBars {...props} categoryKey="bucket" across testId="backlog-svg" />;
}

/** Good and bad ratings per desk, stacked. */
export function CsatChart(props: ChartProps) {
  return <CountBars {...props} categoryKey="desk" stacked testId="csat-svg" />;
}
