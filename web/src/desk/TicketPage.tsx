import {
  Alert,
  Anchor,
  Badge,
  Group,
  List,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { ticketReference, type TicketEvent } from '../../../src/desk/ticket-schema.ts';
import { can } from '../auth/permissions.ts';
import { useSession } from '../auth/session.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { deskApi, ticketKey, type Ticket } from './desk-api.ts';
import { eventText, holderText, routingText, statusText } from './desk-text.ts';
import type { OpenedState } from './NewTicketPage.tsx';
import { AssignForm, RatingForm, ReplyForm, StatusForm, TakeButton } from './TicketActions.tsx';
import { ClockText, PriorityBadge, pauseReason, useNow } from './TicketBits.tsx';
import { MergeSplitSection, TimeSection } from './TicketWork.tsx';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <div>{children}</div>
    </div>
  );
}

function Header({ ticket }: { ticket: Ticket }) {
  const now = useNow();
  return (
    <Paper withBorder p="md" aria-label="Ticket facts" component="section">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Fact label="Priority">
          <PriorityBadge ticket={ticket} />
        </Fact>
        <Fact label="Status">{statusText(ticket)}</Fact>
        <Fact label="Held by">
          {holderText(ticket)}
          {ticket.agent && `, worked by ${ticket.agent.label}`}
        </Fact>
        <Fact label="First response">
          <ClockText clock={ticket.firstResponse} now={now} />
        </Fact>
        <Fact label="Resolution">
          <ClockText clock={ticket.resolution} now={now} pausedBy={pauseReason(ticket)} />
        </Fact>
        <Fact label="Requester">
          {ticket.requester}, {formatDateTime(ticket.createdAt)}
        </Fact>
      </SimpleGrid>
    </Paper>
  );
}

function EventItem({ event, ticketId }: { event: TicketEvent; ticketId: string }) {
  const practice = usePractice();
  const note = event.kind === 'note';
  return (
    <Timeline.Item
      title={
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {eventText(event)}
          </Text>
          {note && (
            <Badge color="yellow" variant="light">
              Internal
            </Badge>
          )}
          {event.fromTicket !== null && <Badge variant="outline">From {ticketReference(event.fromTicket)}</Badge>}
        </Group>
      }
    >
      <Text size="xs" c="dimmed">
        {formatDateTime(event.at)}
      </Text>
      {event.body !== null && (
        <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
          {event.body}
        </Text>
      )}
      {event.attachments.length > 0 && (
        <List size="sm" aria-label="Files">
          {event.attachments.map((f) => (
            <List.Item key={f.id}>
              <Anchor href={deskApi.fileUrl(practice.practiceId, ticketId, f.id)} download>
                {f.fileName ?? 'File (name hidden: patient details)'}
              </Anchor>{' '}
              ({f.contentType}, {Math.ceil(f.size / 1024)} KB)
            </List.Item>
          ))}
        </List>
      )}
    </Timeline.Item>
  );
}

function TicketView({ ticket }: { ticket: Ticket }) {
  const practice = usePractice();
  const location = useLocation();
  const justOpened = (location.state as OpenedState | null)?.opened === true;
  const works = can(practice, 'tickets.work');
  const routing = routingText(ticket.events);
  const hidden = ticket.redacted !== null;
  const session = useSession();
  // The requester is named by their sign-in address (the label the server records).
  const mine = !!session.data && ticket.requester === session.data.user.email;
  const mayRate = mine && (ticket.status === 'resolved' || ticket.status === 'closed');
  return (
    <Stack>
      <PageTitle title={`Ticket ${ticketReference(ticket.number)}: ${ticket.title ?? 'patient details hidden'}`}>
        {works && (
          <Anchor component={Link} to="/practice/desk" size="sm">
            Back to the queue
          </Anchor>
        )}
      </PageTitle>
      {justOpened && (
        <Alert color="green" title="Ticket opened">
          {routing}
        </Alert>
      )}
      {!justOpened && routing && <Text data-testid="routing">{routing}</Text>}
      {ticket.mergedInto && (
        <Alert color="gray" title="Merged">
          This ticket was merged into{' '}
          <Anchor component={Link} to={`/practice/desk/tickets/${ticket.mergedInto.id}`}>
            {ticketReference(ticket.mergedInto.number)}
          </Anchor>
          ; work continues there.
        </Alert>
      )}
      {ticket.splitFrom && (
        <Text>
          Split from{' '}
          <Anchor component={Link} to={`/practice/desk/tickets/${ticket.splitFrom.id}`}>
            {ticketReference(ticket.splitFrom.number)}
          </Anchor>
        </Text>
      )}
      {hidden && (
        <Alert color="gray" title="Patient details hidden">
          {ticket.redacted === 'practice_setting'
            ? "Patient details hidden by the practice's setting: the practice has not let MSP staff see this ticket's subject, description and replies."
            : 'This is a patient-desk ticket and your role may not read patient data, so its subject, description and replies are not shown.'}
        </Alert>
      )}
      <Header ticket={ticket} />
      {ticket.description !== null && (
        <Paper withBorder p="md" component="section" aria-label="Description">
          <Text style={{ whiteSpace: 'pre-wrap' }}>{ticket.description}</Text>
        </Paper>
      )}
      {ticket.patient && (
        <Paper withBorder p="md" component="section" aria-label="Patient (from the request form)">
          <Text size="sm" fw={600}>
            Sent through the patient request form by {ticket.patient.name}
          </Text>
          <Text size="sm">
            {[
              ticket.patient.email,
              ticket.patient.phone,
              ticket.patient.birthDate && `born ${ticket.patient.birthDate}`,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </Paper>
      )}
      <section aria-labelledby="history">
        <Title order={2} size="h4" id="history" mb="sm">
          History
        </Title>
        <Timeline bulletSize={12} lineWidth={2}>
          {ticket.events.map((e) => (
            <EventItem key={e.id} event={e} ticketId={ticket.id} />
          ))}
        </Timeline>
      </section>
      {ticket.status !== 'closed' && <ReplyForm ticket={ticket} mayNote={works} />}
      {mayRate && <RatingForm ticket={ticket} />}
      {works && ticket.status !== 'closed' && ticket.agent?.id !== session.data?.user.id && (
        <TakeButton ticket={ticket} />
      )}
      {works && <StatusForm ticket={ticket} />}
      {works && ticket.status !== 'closed' && <AssignForm ticket={ticket} />}
      {works && <TimeSection ticket={ticket} />}
      {works && ticket.status !== 'closed' && <MergeSplitSection ticket={ticket} />}
    </Stack>
  );
}

/** /practice/desk/tickets/:ticketId: one ticket, its clocks and history, and what can be done to it. */
export function TicketPage() {
  const practice = usePractice();
  const { ticketId = '' } = useParams();
  const ticket = useQuery({
    queryKey: ticketKey(practice.practiceId, ticketId),
    queryFn: () => deskApi.ticket(practice.practiceId, ticketId),
  });
  if (ticket.data) return <TicketView ticket={ticket.data} />;
  return (
    <Stack>
      <PageTitle title="Ticket" />
      <ErrorAlert error={ticket.error} />
      {ticket.isPending && <Loader aria-label="Loading the ticket" />}
    </Stack>
  );
}
