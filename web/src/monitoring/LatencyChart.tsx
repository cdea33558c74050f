/**
 * A check's latency over its latest runs, drawn with recharts (loaded with this file only, from
 * the check page). The picture is hidden from screen readers: the History table below it lists the
 * same runs with their times and latencies, which is the text alternative.
 */
import { Text } from '@mantine/core';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDateTime } from '../ui/format.ts';
import type { CheckResult } from './monitor-api.ts';

const timeOf = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function LatencyChart({ results }: { results: CheckResult[] }) {
  const points = [...results].reverse().map((r) => ({ at: r.at, latency: r.ok ? r.latencyMs : null, failed: !r.ok }));
  if (points.length === 0) return <Text c="dimmed">No runs yet.</Text>;
  return (
    <figure style={{ margin: 0 }} aria-labelledby="latency-caption">
      <Text id="latency-caption" component="figcaption" fw={500} mb="xs">
        Latency of the last {points.length} runs (ms; failed runs leave a gap; each run is in History below)
      </Text>
      <div aria-hidden="true" style={{ width: '100%', height: 220 }} data-testid="latency-chart">
        <ResponsiveContainer>
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="at" tickFormatter={timeOf} minTickGap={40} />
            <YAxis unit=" ms" width={70} />
            <Tooltip labelFormatter={(at) => formatDateTime(String(at))} />
            <Line
              type="monotone"
              dataKey="latency"
              stroke="var(--mantine-color-blue-6)"
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
