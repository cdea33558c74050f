import { Group, Loader, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { Attainment, SlaReport, SlaRow } from '../../../src/desk/report-schema.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { deskApi, reportKey } from './desk-api.ts';
import { sideLabels } from './desk-text.ts';

/** A side as people say it; time nobody held is the triage queue's. */
const sideText = (side: string) => (side === 'triage' ? 'Triage (no holder)' : (sideLabels[side] ?? side));

/** "3 of 4 met (75%)", or "none decided" while every clock is still running. */
function attainmentText(a: Attainment): string {
  const decided = a.met + a.missed;
  const pending = a.pending > 0 ? `, ${a.pending} pending` : '';
  return decided === 0 ? `none decided${pending}` : `${a.met} of ${decided} met (${a.percent}%)${pending}`;
}

function SlaTable({ title, rows, label }: { title: string; rows: SlaRow[]; label?: (r: SlaRow) => string }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text c="dimmed">No tickets were opened in these months.</Text>
      ) : (
        <Table aria-label={title} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Group</Table.Th>
              <Table.Th>Tickets</Table.Th>
              <Table.Th>First response</Table.Th>
              <Table.Th>Resolution</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td>{label ? label(r) : r.label}</Table.Td>
                <Table.Td>{r.tickets}</Table.Td>
                <Table.Td>{attainmentText(r.firstResponse)}</Table.Td>
                <Table.Td>{attainmentText(r.resolution)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

function OlaTable({ report }: { report: SlaReport }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="Time held by each side">
      <Title order={2} size="h4">
        Time held by each side (OLA)
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Business minutes each side held the tickets while their clock ran; within target when a side&apos;s time on a
        ticket stayed within the ticket&apos;s resolution target.
      </Text>
      <Table aria-label="Time held by each side" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Side</Table.Th>
            <Table.Th>Tickets held</Table.Th>
            <Table.Th>Business minutes</Table.Th>
            <Table.Th>Within target</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.ola.map((r) => (
            <Table.Tr key={r.side}>
              <Table.Td>{sideText(r.side)}</Table.Td>
              <Table.Td>{r.tickets}</Table.Td>
              <Table.Td>{Math.round(r.businessMinutes)}</Table.Td>
              <Table.Td>
                {r.withinTarget} of {r.tickets}
                {r.percent !== null && ` (${r.percent}%)`}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function BacklogAndCsat({ report }: { report: SlaReport }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="Backlog and satisfaction">
      <Title order={2} size="h4" mb="xs">
        Open backlog by age, and requester ratings
      </Title>
      <Table aria-label="Backlog and satisfaction" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Desk</Table.Th>
            <Table.Th>Open</Table.Th>
            <Table.Th>Under 1 day</Table.Th>
            <Table.Th>1-3 days</Table.Th>
            <Table.Th>3-7 days</Table.Th>
            <Table.Th>7-30 days</Table.Th>
            <Table.Th>Over 30 days</Table.Th>
            <Table.Th>Ratings (good / bad)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.backlog.map((b) => {
            const csat = report.csat.find((c) => c.deskId === b.deskId);
            return (
              <Table.Tr key={b.deskId}>
                <Table.Td>{b.desk}</Table.Td>
                <Table.Td>{b.open}</Table.Td>
                <Table.Td>{b.buckets.under_1_day}</Table.Td>
                <Table.Td>{b.buckets['1_to_3_days']}</Table.Td>
                <Table.Td>{b.buckets['3_to_7_days']}</Table.Td>
                <Table.Td>{b.buckets['7_to_30_days']}</Table.Td>
                <Table.Td>{b.buckets.over_30_days}</Table.Td>
                <Table.Td>
                  {csat && csat.percentGood !== null
                    ? `${csat.good} / ${csat.bad} (${csat.percentGood}% good)`
                    : 'no ratings yet'}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** This month and the five before it, as YYYY-MM. */
function defaultSpan(now: Date): { from: string; to: string } {
  const month = (d: Date) => d.toISOString().slice(0, 7);
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5, 1));
  return { from: month(from), to: month(now) };
}

/** /practice/desk/reports: SLA and OLA attainment split by internal IT vs MSP, with backlog and CSAT. */
export function DeskReportPage() {
  const practice = usePractice();
  const [params, setParams] = useSearchParams();
  const span = {
    ...defaultSpan(new Date()),
    ...Object.fromEntries(['from', 'to'].flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : []))),
  };
  const report = useQuery({
    queryKey: reportKey(practice.practiceId, span),
    queryFn: () => deskApi.slaReport(practice.practiceId, span),
  });
  const setMonth = (key: 'from' | 'to', value: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set(key, value);
      return next;
    });
  return (
    <Stack>
      <PageTitle
        title="Service desk reports"
        description="How the SLA was kept for tickets opened in these months, split by who held them: internal IT or the MSP. Figures come from each ticket's history in business time."
      />
      <Group align="flex-end">
        <TextInput
          label="From month"
          type="month"
          value={span.from}
          onChange={(e) => setMonth('from', e.currentTarget.value)}
        />
        <TextInput
          label="To month"
          type="month"
          value={span.to}
          onChange={(e) => setMonth('to', e.currentTarget.value)}
        />
      </Group>
      <ErrorAlert error={report.error} />
      {report.isPending && <Loader aria-label="Loading the report" />}
      {report.data && (
        <>
          <SlaTable title="SLA by holding side" rows={report.data.byHolder} label={(r) => sideText(r.key)} />
          <OlaTable report={report.data} />
          <SlaTable title="SLA by desk" rows={report.data.byDesk} />
          <SlaTable title="SLA by category" rows={report.data.byCategory} />
          <SlaTable title="SLA by month" rows={report.data.byMonth} />
          <BacklogAndCsat report={report.data} />
        </>
      )}
    </Stack>
  );
}
