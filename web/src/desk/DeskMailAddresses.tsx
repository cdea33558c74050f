import { Alert, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { deskMailSchema } from '../../../src/mail/schema.ts';
import { apiRequest } from '../api/client.ts';
import { usePractice } from '../practice/current-practice.ts';
import { CopyField } from '../ui/CopyField.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { deskKindLabels } from './desk-text.ts';

const deskMailKey = (practiceId: string) => ['practice', practiceId, 'desk-mail'] as const;

/**
 * Each desk's inbound email address (made on first read): mail to it opens a ticket there, and
 * replies to ticket emails come back to the ticket. Says so when this installation receives no mail.
 */
export function DeskMailAddresses() {
  const practice = usePractice();
  const mail = useQuery({
    queryKey: deskMailKey(practice.practiceId),
    queryFn: () => apiRequest(deskMailSchema, `/api/v1/practices/${practice.practiceId}/desk-mail`),
  });
  return (
    <Paper withBorder p="md" component="section" aria-label="Email to the desks">
      <Stack gap="xs">
        <Title order={2} size="h4">
          Email to the desks
        </Title>
        <Text size="sm">
          Email sent to a desk&apos;s address opens a ticket there for the sender, if they are someone of this practice;
          anyone else&apos;s email opens one marked as from an unknown sender. Forward your help address to it. Replies
          to Tandem&apos;s ticket emails land on their ticket.
        </Text>
        <ErrorAlert error={mail.error} />
        {mail.data && !mail.data.receiving && (
          <Alert color="yellow">
            This installation does not receive email yet (TANDEM_SMTP_LISTEN is not set): these addresses work once it
            does.
          </Alert>
        )}
        {mail.data?.desks.map((d) => (
          <CopyField
            key={d.deskId}
            label={`${deskKindLabels[d.kind as keyof typeof deskKindLabels]} desk`}
            value={d.address}
            testId={`desk-address-${d.kind}`}
          />
        ))}
      </Stack>
    </Paper>
  );
}
