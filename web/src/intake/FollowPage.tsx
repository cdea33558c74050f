import { Badge, Button, Card, Group, Loader, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocation } from 'react-router';
import {
  followTokenHeader,
  followViewSchema,
  maxRequestLength,
  type FollowView,
} from '../../../src/desk/intake-schema.ts';
import { apiRequest } from '../api/client.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { tokenOfLocation } from './follow-link.ts';

/** The ticket's status in a patient's words. */
const statusWords: Record<FollowView['status'], string> = {
  new: 'Received',
  triaged: 'Received',
  in_progress: 'Being worked on',
  waiting: 'Waiting',
  reopened: 'Being worked on',
  resolved: 'Resolved',
  closed: 'Closed',
};

/**
 * /follow#token=..., public: a patient's request as the follow link shows it (its status, their
 * messages and the practice's public replies), with a reply box while it is open.
 */
export function FollowPage() {
  const token = tokenOfLocation(useLocation().hash);
  const client = useQueryClient();
  const headers = { [followTokenHeader]: token };
  const key = ['follow', token];
  const view = useQuery({
    queryKey: key,
    queryFn: () => apiRequest(followViewSchema, '/api/v1/follow', { headers }),
    enabled: token !== '',
    retry: false,
  });
  const [body, setBody] = useState('');
  const answer = useMutation({
    mutationFn: () =>
      apiRequest(followViewSchema, '/api/v1/follow/replies', { method: 'POST', body: { body }, headers }),
    onSuccess: (saved) => {
      client.setQueryData(key, saved);
      setBody('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    answer.mutate();
  };

  if (token === '')
    return (
      <Stack>
        <PageTitle title="Follow your request" />
        <Text role="alert">This address has no follow link in it: open the link you were given or emailed.</Text>
      </Stack>
    );
  if (view.isPending) return <Loader aria-label="Loading your request" />;
  if (view.error)
    return (
      <Stack>
        <PageTitle title="Follow your request" />
        <ErrorAlert error={view.error} />
      </Stack>
    );
  const v = view.data;
  return (
    <Stack>
      <PageTitle
        title={`Your request ${v.ticketReference}`}
        description={`At ${v.practiceName}, sent ${formatDateTime(v.openedAt)}`}
      />
      <Group>
        <Text size="sm">Status:</Text>
        <Badge data-testid="follow-status">{statusWords[v.status]}</Badge>
      </Group>
      <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Messages">
        {v.messages.map((m) => (
          <Card withBorder component="li" key={`${m.at}-${m.from}`} padding="sm">
            <Text size="xs" c="dimmed">
              {m.from === 'you' ? 'You' : v.practiceName}, {formatDateTime(m.at)}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {m.body}
            </Text>
          </Card>
        ))}
      </Stack>
      {v.status !== 'closed' && (
        <form onSubmit={submit} noValidate>
          <Stack gap="xs">
            <ErrorAlert error={answer.error} fields={['body']} />
            <Textarea
              label="Your reply"
              autosize
              minRows={3}
              maxLength={maxRequestLength}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              error={fieldErrorsOf(answer.error).body}
            />
            <Button type="submit" loading={answer.isPending} disabled={!body.trim()}>
              Send reply
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
