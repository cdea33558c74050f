import { Group, Loader, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, type ComponentType } from 'react';
import { useSearchParams } from 'react-router';
import { backlogBuckets, type Attainment, type SlaReport, type SlaRow } from '../../../src/desk/report-schema.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ChartFigure } from '../ui/ChartFigure.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { deskApi, reportKey } from './desk-api.ts';
import {
  backlogBars,
  bucketLabels,
  chartHeight,
  csatBars,
  sideText,
  slaTrend,
  type Point,
  type Series,
} from './report-series.ts';

/** The charts and recharts load only when a chart nears the screen (ChartFigure), never with the page. */
const charts = () => import('./DeskReportCharts.tsx');
const SlaTrendChart = lazy(async () => ({ default: (await charts()).SlaTrendChart }));
const BacklogChart = lazy(async () => ({ default: (await charts()).BacklogChart }));
const CsatChart = lazy(async () => ({ default: (await charts()).CsatChart }));

/** "3 of 4 met (75%)", or "none decided" while every clock is still running. */
function attainmentText(a: Attainment): string {
  const decided = a.met + a.missed;
  const pending = a.pending > 0 ? `, ${a.pending} pending` : '';
  return decided === 0 ? `none decided${pending}` : `${a.met} of ${decided} met (${a.percent}%)${pending}`;
}

function SlaTable<Row extends SlaRow>({
  title,
  rows,
  label,
}: {
  title: string;
  rows: Row[];
  label?: (r: Row) => string;
}) {
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
            {backlogBuckets.map((b) => (
              <Table.Th key={b}>{bucketLabels[b]}</Table.Th>
            ))}
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
                {backlogBuckets.map((bucket) => (
                  <Table.Td key={bucket}>{b.buckets[bucket]}</Table.Td>
                ))}
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

/**
 * One chart in its figure (title and caption as its accessible name and description), or, when
 * the data gives nothing to draw, a line saying so in the figure's place.
 */
function ReportChart({
  title,
  caption,
  empty,
  testId,
  data,
  Chart,
}: {
  title: string;
  caption: string;
  empty: string;
  testId: string;
  data: { points: Point[]; series: Series[] };
  Chart: ComponentType<{ points: Point[]; series: Series[] }>;
}) {
  if (data.points.length === 0)
    return (
      <Paper withBorder p="md" data-testid={testId}>
        <Text fw={600} mb="xs">
          {title}
        </Text>
        <Text c="dimmed">{empty}</Text>
      </Paper>
    );
  return (
    <ChartFigure title={title} caption={caption} testId={testId} height={chartHeight}>
      <Chart points={data.points} series={data.series} />
    </ChartFigure>
  );
}

function ReportCharts({ report }: { report: SlaReport }) {
  return (
    <Stack component="section" aria-label="Charts">
      <ReportChart
        title="SLA attainment by month: internal IT and MSP"
        caption="Percent of decided clocks met per month, for each side holding the tickets: solid lines first response, dashed lines resolution; a gap is a month with none decided. The table SLA by month and holding side below has the numbers."
        empty="Nothing to draw yet: no tickets were opened in these months."
        testId="sla-trend-chart"
        data={slaTrend(report)}
        Chart={SlaTrendChart}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ReportChart
          title="Open backlog by age"
          caption="Open tickets now in each age bucket, a bar per desk. The table Backlog and satisfaction below has the numbers."
          empty="Nothing to draw yet: no ticket is open."
          testId="backlog-chart"
          data={backlogBars(report.backlog)}
          Chart={BacklogChart}
        />
        <ReportChart
          title="Requester ratings by desk"
          caption="Tickets rated good and bad on each desk, stacked. The table Backlog and satisfaction below has the numbers."
          empty="Nothing to draw yet: no requester has rated a ticket."
          testId="csat-chart"
          data={csatBars(report.csat)}
          Chart={CsatChart}
        />
      </SimpleGrid>
    </Stack>
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
          <ReportCharts report={report.data} />
          <SlaTable title="SLA by holding side" rows={report.data.byHolder} label={(r) => sideText(r.key)} />
          <OlaTable report={report.data} />
          <SlaTable title="SLA by desk" rows={report.data.byDesk} />
          <SlaTable title="SLA by category" rows={report.data.byCategory} />
          <SlaTable title="SLA by month" rows={report.data.byMonth} />
          <SlaTable
            title="SLA by month and holding side"
            rows={report.data.byMonthAndHolder}
            label={(r) => `${r.month}, ${sideText(r.side)}`}
          />
          <BacklogAndCsat report={report.data} />
        </>
      )}
    </Stack>
  );
}
