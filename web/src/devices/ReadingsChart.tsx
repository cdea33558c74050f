/**
 * A device's disk free and CPU per hour, drawn with recharts (loaded with this file only, from the
 * device page's Readings section, as the check page loads LatencyChart). The picture is hidden from
 * screen readers: the table beside it gives the same readings per day, which is the text
 * alternative.
 */
import { Text } from '@mantine/core';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDate, formatDateTime } from '../ui/format.ts';
import type { AgentReading } from './devices-api.ts';

export function ReadingsChart({ readings }: { readings: AgentReading[] }) {
  const points = readings.map((r) => ({
    hour: r.hour,
    disk: r.diskFreePercent?.mean ?? null,
    cpu: r.cpuPercent?.mean ?? null,
  }));
  return (
    <figure style={{ margin: 0 }} aria-labelledby="readings-caption">
      <Text id="readings-caption" component="figcaption" fw={500} mb="xs">
        Disk free and CPU (% per hour, mean over the hour's heartbeats; each day is in the table below)
      </Text>
      <div aria-hidden="true" style={{ width: '100%', height: 220 }} data-testid="readings-chart">
        <ResponsiveContainer>
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="hour" tickFormatter={(hour) => formatDate(String(hour))} minTickGap={40} />
            <YAxis unit="%" domain={[0, 100]} width={50} />
            <Tooltip labelFormatter={(hour) => formatDateTime(String(hour))} />
            <Legend />
            <Line
              name="Disk free"
              type="monotone"
              dataKey="disk"
              stroke="var(--mantine-color-blue-6)"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              name="CPU"
              type="monotone"
              dataKey="cpu"
              stroke="var(--mantine-color-orange-7)"
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
