/**
 * Uptime per day as a strip of bars, one per day, coloured by that day's uptime: the public status
 * page's and the check page's. The strip itself is a picture; each page gives it its text (the
 * status page a label listing the short days, the check page a table of every day).
 */

export interface DayBar {
  date: string;
  uptime: number | null;
  /** A maintenance window covered part of the day (its runs are left out of the uptime). */
  maintenance?: boolean;
}

export const percent = (share: number) => `${(share * 100).toFixed(2)} %`;

export function barColor(day: DayBar): string {
  if (day.uptime === null) return day.maintenance ? 'var(--mantine-color-blue-4)' : 'var(--mantine-color-gray-3)';
  if (day.uptime >= 0.999) return 'var(--mantine-color-green-6)';
  return day.uptime >= 0.95 ? 'var(--mantine-color-orange-6)' : 'var(--mantine-color-red-7)';
}

/** What one bar says: the day, its uptime, and whether maintenance was left out of it. */
export function dayText(day: DayBar): string {
  const uptime = day.uptime === null ? (day.maintenance ? 'maintenance' : 'no data') : percent(day.uptime);
  return `${day.date}: ${uptime}${day.maintenance && day.uptime !== null ? ' (maintenance left out)' : ''}`;
}

export function DayBars({
  days,
  label,
  testId,
}: {
  days: DayBar[];
  /** The strip's text for screen readers; without it the strip is hidden from them (the page lists the days). */
  label?: string;
  testId?: string;
}) {
  return (
    <div
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}
      data-testid={testId}
      style={{ display: 'flex', gap: 1, height: 28 }}
    >
      {days.map((day) => (
        <span
          key={day.date}
          title={dayText(day)}
          data-maintenance={day.maintenance ? 'true' : undefined}
          style={{
            flex: 1,
            borderRadius: 1,
            background: barColor(day),
            // Maintenance days with runs keep their colour, striped at the foot so they stand out.
            boxShadow: day.maintenance && day.uptime !== null ? 'inset 0 -6px var(--mantine-color-blue-4)' : undefined,
          }}
        />
      ))}
    </div>
  );
}
