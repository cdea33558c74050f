import { Badge, Container, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { publicStatusPageSchema, type PublicStatusPage as Page } from '../../../src/monitor/status-page-schema.ts';
import { apiRequest } from '../api/client.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { useDocumentTitle } from '../ui/PageTitle.tsx';
import { DayBars, percent } from './DayBars.tsx';

type Service = Page['services'][number];

const looks: Record<Page['overall'], { label: string; color: string }> = {
  operational: { label: 'Operational', color: 'green' },
  degraded: { label: 'Degraded performance', color: 'orange' },
  down: { label: 'Outage', color: 'red' },
  maintenance: { label: 'Under maintenance', color: 'blue' },
  unknown: { label: 'No data yet', color: 'gray' },
};

/** One bar per day; the whole strip is one image whose label says what a screen reader needs. */
function UptimeBars({ service }: { service: Service }) {
  const short = service.days.filter((d) => d.uptime !== null && d.uptime < 0.999);
  const label =
    service.uptime === null
      ? 'No uptime data for the last 90 days'
      : `${percent(service.uptime)} uptime over the last 90 days; ${short.length} of them below 99.9 %` +
        (short.length ? `: ${short.map((d) => `${d.date} ${percent(d.uptime ?? 0)}`).join(', ')}` : '');
  return <DayBars days={service.days} label={label} />;
}

/** /status/:slug: a practice's public status page, for patients and staff, without signing in. */
export function PublicStatusPage() {
  const { slug = '' } = useParams();
  const page = useQuery({
    queryKey: ['status-page', slug],
    queryFn: () => apiRequest(publicStatusPageSchema, `/api/v1/status-pages/${encodeURIComponent(slug)}`),
    refetchInterval: 60_000,
  });
  useDocumentTitle(page.data ? `${page.data.title} status` : 'Status');
  const overall = page.data ? looks[page.data.overall] : undefined;
  return (
    <Container size="md" py="xl">
      <Stack>
        {page.isPending && <Loader aria-label="Loading status" />}
        <ErrorAlert error={page.error} />
        {page.data && overall && (
          <>
            <Group justify="space-between">
              <Title order={1} size="h2">
                {page.data.title}
              </Title>
              <Badge size="lg" color={overall.color} data-testid="overall-status">
                {overall.label}
              </Badge>
            </Group>
            {page.data.services.map((service) => (
              <Paper key={service.name} withBorder p="md">
                <Stack gap="xs">
                  <Group justify="space-between">
                    <Text fw={500}>{service.name}</Text>
                    <Badge color={looks[service.state].color}>{looks[service.state].label}</Badge>
                  </Group>
                  <UptimeBars service={service} />
                  <Group justify="space-between">
                    <Text size="xs" c="dimmed">
                      90 days ago
                    </Text>
                    <Text size="xs" c="dimmed">
                      {service.uptime === null ? 'no data' : `${percent(service.uptime)} uptime`}
                    </Text>
                    <Text size="xs" c="dimmed">
                      Today
                    </Text>
                  </Group>
                </Stack>
              </Paper>
            ))}
            <Text size="xs" c="dimmed">
              Updated {formatDateTime(page.data.generatedAt)}. Days are UTC.
            </Text>
          </>
        )}
      </Stack>
    </Container>
  );
}
