import { Alert, Checkbox, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { IntakeSettingsInput } from '../../../src/desk/intake-schema.ts';
import { can } from '../auth/permissions.ts';
import { usePractice } from '../practice/current-practice.ts';
import { CopyField } from '../ui/CopyField.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { deskApi, intakeKey } from './desk-api.ts';

/**
 * The public patient intake form: off until a practice administrator opens it; once open, its
 * address to copy onto the practice's website or letters. Others see whether it is open.
 */
export function PatientIntakeSetting() {
  const practice = usePractice();
  const client = useQueryClient();
  const key = intakeKey(practice.practiceId);
  const current = useQuery({ queryKey: key, queryFn: () => deskApi.intake(practice.practiceId) });
  const change = useMutation({
    mutationFn: (body: IntakeSettingsInput) => deskApi.setIntake(practice.practiceId, body),
    onSuccess: (saved) => client.setQueryData(key, saved),
  });
  const mayChange = can(practice, 'phi.share');
  const settings = current.data;
  const link = settings?.formId ? `${window.location.origin}/intake/${settings.formId}` : null;
  return (
    <Paper withBorder p="md" component="section" aria-label="Patient request form">
      <Stack gap="xs">
        <Title order={2} size="h4">
          Patient request form
        </Title>
        <Text size="sm">
          A public page where patients send a request to the patient desk without an account. Each request becomes a
          patient-desk ticket; the patient gets a link to follow it and answer replies.
        </Text>
        <ErrorAlert error={current.error ?? change.error} />
        {settings && (
          <>
            <Switch
              label="Patients may send requests through the public form"
              checked={settings.enabled}
              disabled={!mayChange || change.isPending}
              onChange={(e) =>
                change.mutate({ enabled: e.currentTarget.checked, asksBirthDate: settings.asksBirthDate })
              }
            />
            <Checkbox
              label="Ask for the patient's date of birth"
              checked={settings.asksBirthDate}
              disabled={!mayChange || change.isPending || !settings.enabled}
              onChange={(e) => change.mutate({ enabled: settings.enabled, asksBirthDate: e.currentTarget.checked })}
            />
            {settings.enabled && link ? (
              <CopyField value={link} label="Form address" testId="intake-link" />
            ) : (
              <Text size="sm" data-testid="intake-state">
                The form is closed.
              </Text>
            )}
          </>
        )}
        {!mayChange && <Alert color="gray">Only the practice&apos;s administrators open or close the form.</Alert>}
      </Stack>
    </Paper>
  );
}
