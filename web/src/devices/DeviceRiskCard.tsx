import { Anchor, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { riskIds, riskLabels } from '../../../src/assets/schema.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { devicesApi, riskCountsKey } from './devices-api.ts';

/** The practice home's count of devices in each risk view, each linking to its filtered list. */
export function DeviceRiskCard({ practiceId }: { practiceId: string }) {
  const counts = useQuery({ queryKey: riskCountsKey(practiceId), queryFn: () => devicesApi.risks(practiceId) });
  return (
    <Card withBorder component="section" aria-labelledby="device-risks-heading">
      <Stack gap="xs">
        <Title order={2} size="h4" id="device-risks-heading">
          Device risks
        </Title>
        {counts.isPending && <Loader aria-label="Loading device risks" size="sm" />}
        <ErrorAlert error={counts.error} />
        {counts.data && (
          <>
            <Text size="sm">
              {counts.data.total} device{counts.data.total === 1 ? '' : 's'} in the inventory.
            </Text>
            {riskIds.map((risk) => (
              <Group key={risk} justify="space-between" data-testid={`home-risk-${risk}`}>
                <Anchor component={Link} to={`/practice/devices?risk=${risk}`} size="sm">
                  {risk === 'not_seen' ? `Not seen for ${counts.data.notSeenDays} days` : riskLabels[risk]}
                </Anchor>
                <Text fw={counts.data.counts[risk] > 0 ? 700 : 400}>{counts.data.counts[risk]}</Text>
              </Group>
            ))}
          </>
        )}
      </Stack>
    </Card>
  );
}
