import { Alert, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { can } from '../auth/permissions.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { deskApi, privacyKey } from './desk-api.ts';

/**
 * Whether MSP staff see patient details: the practice's decision (minimum necessary), changed by
 * its administrators only; others see what it is.
 */
export function PatientPrivacySetting() {
  const practice = usePractice();
  const client = useQueryClient();
  const key = privacyKey(practice.practiceId);
  const current = useQuery({ queryKey: key, queryFn: () => deskApi.privacy(practice.practiceId) });
  const change = useMutation({
    mutationFn: (on: boolean) => deskApi.setPrivacy(practice.practiceId, on),
    onSuccess: (saved) => client.setQueryData(key, saved),
  });
  const mayChange = can(practice, 'phi.share');
  const on = current.data?.mspSeesPatientDetails ?? false;
  return (
    <Paper withBorder p="md" component="section" aria-label="Patient details and MSP staff">
      <Stack gap="xs">
        <Title order={2} size="h4">
          Patient details and MSP staff
        </Title>
        <Text size="sm">
          Off, MSP technicians and administrators work patient-desk tickets without the patient&apos;s details (subject,
          description, replies) and cannot open patient contacts. On, they see them and each read is audited.
        </Text>
        <ErrorAlert error={current.error ?? change.error} />
        {current.data && (
          <Switch
            label="MSP staff may see patient details"
            checked={on}
            disabled={!mayChange || change.isPending}
            onChange={(e) => change.mutate(e.currentTarget.checked)}
          />
        )}
        {current.data && (
          <Text size="sm" data-testid="privacy-state">
            {on ? 'MSP staff see patient details' : 'Patient details are hidden from MSP staff'}
            {current.data.updatedAt && ` (changed ${formatDateTime(current.data.updatedAt)})`}
          </Text>
        )}
        {!mayChange && <Alert color="gray">Only the practice&apos;s administrators change this.</Alert>}
      </Stack>
    </Paper>
  );
}
