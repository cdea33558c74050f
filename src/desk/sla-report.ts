/**
 * The SLA and OLA report (issue 18 item 8): for the tickets opened in a span of months, whether
 * each clock was met, split by the side holding the ticket (internal IT vs MSP), per desk, per
 * category and per month; each side's held time against the resolution target (OLA); the open
 * backlog by age; and the requesters' ratings (CSAT) per desk. Every figure comes from the
 * tickets' replayed clocks (ticket-clock.ts) under each desk's policy as it is now, as GET ticket
 * shows them, so the report and the ticket page never disagree.
 */
import { and, eq, gte, lt } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../core/db/database.ts';
import { inJsonList } from '../core/db/rows.ts';
import type { Desk, Priority } from './desk-schema.ts';
import { ensureDesks, presentDesk } from './desks.ts';
import {
  backlogBuckets,
  type Attainment,
  type BacklogRow,
  type CsatRow,
  type OlaRow,
  type SlaReport,
  type SlaReportQuery,
  type SlaRow,
} from './report-schema.ts';
import { clockView, replayedClocks } from './ticket-clock.ts';
import type { PartyTime } from './ticket-history.ts';
import { eventsOfMany, openTickets, ticketColumns, type TicketRow } from './ticket-store.ts';
import { ticketRatings, tickets } from './tables.ts';
import type { TicketStep } from './tickets.ts';

type Outcome = 'met' | 'missed' | 'pending';

/** One ticket as the report counts it. */
export interface ReportedTicket {
  desk: Pick<Desk, 'id' | 'name'>;
  category: string;
  month: string;
  holderSide: string;
  firstResponse: Outcome;
  resolution: Outcome;
  parties: PartyTime[];
  resolutionTargetMinutes: number;
}

const outcomeOf = (state: string): Outcome =>
  state === 'met' ? 'met' : state === 'missed' || state === 'breached' ? 'missed' : 'pending';

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((1000 * part) / whole) / 10);

/** How one ticket counts: its clocks replayed at `now` under its desk's policy. */
export function reportedTicket(row: TicketRow, desk: Desk, events: Parameters<typeof replayedClocks>[3], now: Date) {
  const targets = desk.sla[row.priority as Priority];
  const clocks = replayedClocks(
    desk.calendar,
    desk.sla,
    { priority: row.priority as Priority, createdAt: row.createdAt },
    events,
    now,
  );
  const first = clockView(
    desk.calendar,
    { dueAt: clocks.firstResponseDueAt, metAt: row.firstRespondedAt, targetMinutes: targets.firstResponseMinutes },
    now,
  );
  const resolution = clockView(
    desk.calendar,
    {
      dueAt: clocks.resolutionDueAt,
      metAt: row.resolvedAt,
      pausedSince: clocks.pausedSince,
      targetMinutes: targets.resolutionMinutes,
    },
    now,
  );
  return {
    desk: { id: desk.id, name: desk.name },
    category: row.category,
    month: DateTime.fromJSDate(row.createdAt, { zone: desk.calendar.timeZone }).toFormat('yyyy-MM'),
    holderSide: row.assigneeSide ?? 'triage',
    firstResponse: outcomeOf(first.state),
    resolution: outcomeOf(resolution.state),
    parties: clocks.parties,
    resolutionTargetMinutes: targets.resolutionMinutes,
  } satisfies ReportedTicket;
}

function attainment(outcomes: Outcome[]): Attainment {
  const met = outcomes.filter((o) => o === 'met').length;
  const missed = outcomes.filter((o) => o === 'missed').length;
  return { met, missed, pending: outcomes.length - met - missed, percent: percent(met, met + missed) };
}

/**
 * SLA rows grouped by `keyOf`, sorted by label. Whatever else `keyOf` returns besides key and
 * label (the month and side of byMonthAndHolder) is carried onto the group's row.
 */
function slaRows<Extra extends object = object>(
  list: ReportedTicket[],
  keyOf: (t: ReportedTicket) => { key: string; label: string } & Extra,
): (SlaRow & Extra)[] {
  const groups = new Map<string, { head: { key: string; label: string } & Extra; items: ReportedTicket[] }>();
  for (const t of list) {
    const head = keyOf(t);
    const group = groups.get(head.key) ?? { head, items: [] };
    group.items.push(t);
    groups.set(head.key, group);
  }
  return [...groups.values()]
    .map(({ head, items }) => ({
      ...head,
      tickets: items.length,
      firstResponse: attainment(items.map((t) => t.firstResponse)),
      resolution: attainment(items.map((t) => t.resolution)),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Each side's held time per ticket (triage for time nobody held) against the resolution target. */
function olaRows(list: ReportedTicket[]): OlaRow[] {
  const sides = new Map<string, OlaRow>();
  for (const t of list) {
    const perSide = new Map<string, number>();
    for (const p of t.parties)
      perSide.set(p.side ?? 'triage', (perSide.get(p.side ?? 'triage') ?? 0) + p.businessMinutes);
    for (const [side, minutes] of perSide) {
      const row = sides.get(side) ?? {
        side,
        tickets: 0,
        businessMinutes: 0,
        withinTarget: 0,
        overTarget: 0,
        percent: null,
      };
      row.tickets += 1;
      row.businessMinutes += minutes;
      if (minutes > t.resolutionTargetMinutes) row.overTarget += 1;
      else row.withinTarget += 1;
      row.percent = percent(row.withinTarget, row.tickets);
      sides.set(side, row);
    }
  }
  return [...sides.values()].sort((a, b) => a.side.localeCompare(b.side));
}

const DAY_MS = 86_400_000;
const bucketOf = (ageMs: number): (typeof backlogBuckets)[number] =>
  ageMs < DAY_MS
    ? 'under_1_day'
    : ageMs < 3 * DAY_MS
      ? '1_to_3_days'
      : ageMs < 7 * DAY_MS
        ? '3_to_7_days'
        : ageMs < 30 * DAY_MS
          ? '7_to_30_days'
          : 'over_30_days';

/** Open tickets per desk by wall-clock age (how long the requester has waited). */
export function backlogRows(desks: Desk[], open: Pick<TicketRow, 'deskId' | 'createdAt'>[], now: Date): BacklogRow[] {
  return desks.map((d) => {
    const buckets = Object.fromEntries(backlogBuckets.map((b) => [b, 0])) as BacklogRow['buckets'];
    const mine = open.filter((t) => t.deskId === d.id);
    for (const t of mine) buckets[bucketOf(now.getTime() - t.createdAt.getTime())] += 1;
    return { deskId: d.id, desk: d.name, open: mine.length, buckets };
  });
}

export function csatRows(desks: Desk[], rated: { deskId: string; rating: string }[]): CsatRow[] {
  return desks.map((d) => {
    const mine = rated.filter((r) => r.deskId === d.id);
    const good = mine.filter((r) => r.rating === 'good').length;
    return { deskId: d.id, desk: d.name, good, bad: mine.length - good, percentGood: percent(good, mine.length) };
  });
}

/** The first instant of a YYYY-MM month, widened by a day each way later to cover every zone. */
const monthStart = (month: string) => new Date(`${month}-01T00:00:00Z`);
const nextMonth = (month: string) => DateTime.fromISO(`${month}-01`, { zone: 'utc' }).plus({ months: 1 }).toJSDate();

/** Tickets opened around the period (a day wider each side; each is then placed in its desk's zone). */
async function ticketsAround(tx: Db, practiceId: string, query: SlaReportQuery): Promise<TicketRow[]> {
  return tx
    .select(ticketColumns)
    .from(tickets)
    .where(
      and(
        eq(tickets.practiceId, practiceId),
        gte(tickets.createdAt, new Date(monthStart(query.from).getTime() - DAY_MS)),
        lt(tickets.createdAt, new Date(nextMonth(query.to).getTime() + DAY_MS)),
      ),
    );
}

async function ratingsOf(tx: Db, ticketIds: string[]) {
  if (ticketIds.length === 0) return [];
  return tx
    .select({ ticketId: ticketRatings.ticketId, rating: ticketRatings.rating })
    .from(ticketRatings)
    .where(inJsonList(ticketRatings.ticketId, ticketIds, 'uuid'));
}

export async function readSlaReport(s: TicketStep, query: SlaReportQuery): Promise<SlaReport> {
  const now = s.clock.now();
  const desks = (await ensureDesks(s)).map(presentDesk);
  const deskById = new Map(desks.map((d) => [d.id, d]));
  const rows = await ticketsAround(s.tx, s.practiceId, query);
  const histories = await eventsOfMany(
    s.tx,
    rows.map((r) => r.id),
  );
  const counted = rows
    .map((r) => ({ row: r, t: reportedTicket(r, deskById.get(r.deskId)!, histories.get(r.id)!, now) }))
    .filter(({ t }) => t.month >= query.from && t.month <= query.to);
  const list = counted.map((c) => c.t);
  const deskOf = new Map(counted.map((c) => [c.row.id, c.row.deskId]));
  const ratings = await ratingsOf(s.tx, [...deskOf.keys()]);
  return {
    from: query.from,
    to: query.to,
    generatedAt: now.toISOString(),
    byHolder: slaRows(list, (t) => ({ key: t.holderSide, label: t.holderSide })),
    byDesk: slaRows(list, (t) => ({ key: t.desk.id, label: t.desk.name })),
    byCategory: slaRows(list, (t) => ({ key: `${t.desk.id}/${t.category}`, label: `${t.desk.name}: ${t.category}` })),
    byMonth: slaRows(list, (t) => ({ key: t.month, label: t.month })),
    byMonthAndHolder: slaRows(list, (t) => ({
      key: `${t.month}/${t.holderSide}`,
      label: `${t.month} ${t.holderSide}`,
      month: t.month,
      side: t.holderSide,
    })),
    ola: olaRows(list),
    backlog: backlogRows(desks, await openTickets(s.tx, s.practiceId), now),
    csat: csatRows(
      desks,
      ratings.map((r) => ({ deskId: deskOf.get(r.ticketId)!, rating: r.rating })),
    ),
  };
}
