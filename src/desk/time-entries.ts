/**
 * Time worked on tickets, per party (issue 18 item 2): each entry is minutes on a day for a party
 * of the agreed matrix, within the MSP contract or billable beyond it. Entries are never changed;
 * a negative entry corrects one. Totals per ticket and party, and a report by month and party
 * for billing. Each entry is a `time_logged` event in the ticket's history and audited; its note
 * is encrypted on a patient-desk ticket like the ticket's other text.
 */
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { decryptField } from '../core/crypto/field-encryption.ts';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { partiesInForce } from '../matrix/on-duty.ts';
import { ticketTimeEntries } from './tables.ts';
import type { Minutes, TicketTime, TimeEntryInput, TimeReport } from './time-entry-schema.ts';
import { auditTicket, callerId, recordEvent, sealFor, visibleTicket, type TicketStep } from './tickets.ts';

type EntryRow = typeof ticketTimeEntries.$inferSelect;

const add = (sum: Minutes, billing: string, minutes: number) => {
  sum[billing === 'billable' ? 'billable' : 'contract'] += minutes;
};

/** The ticket's entries, with totals per party and overall. */
async function ticketTime(s: TicketStep, ticket: { id: string; phi: boolean }): Promise<TicketTime> {
  const rows = await s.tx
    .select()
    .from(ticketTimeEntries)
    .where(eq(ticketTimeEntries.ticketId, ticket.id))
    .orderBy(asc(ticketTimeEntries.createdAt));
  const total: Minutes = { contract: 0, billable: 0 };
  const parties = new Map<string, TicketTime['byParty'][number]>();
  for (const r of rows) {
    const party = parties.get(r.partyId) ?? {
      partyId: r.partyId,
      name: r.partyName,
      side: r.partySide,
      contract: 0,
      billable: 0,
    };
    add(party, r.billing, r.minutes);
    add(total, r.billing, r.minutes);
    parties.set(r.partyId, party);
  }
  const hidden = ticket.phi && !s.mayReadPhi;
  return {
    entries: rows.map((r: EntryRow) => ({
      id: r.id,
      party: { partyId: r.partyId, name: r.partyName, side: r.partySide },
      workedOn: r.workedOn,
      minutes: r.minutes,
      billing: r.billing as 'contract' | 'billable',
      note: r.note === null || hidden ? null : ticket.phi ? decryptField(s.keyring, r.note) : r.note,
      by: r.byLabel,
      createdAt: r.createdAt.toISOString(),
    })),
    byParty: [...parties.values()],
    total,
  };
}

export async function readTicketTime(s: TicketStep, id: string): Promise<TicketTime> {
  return ticketTime(s, await visibleTicket(s, id));
}

/** Logs time on the ticket for a party of the agreed matrix. */
export async function logTime(s: TicketStep, id: string, input: TimeEntryInput): Promise<TicketTime> {
  const ticket = await visibleTicket(s, id);
  const party = (await partiesInForce(s.tx, s.practiceId))?.find((p) => p.id === input.partyId);
  if (!party)
    throw new AppError('validation_failed', `The agreed matrix has no party "${input.partyId}"`, [
      { path: 'body.partyId', message: 'must be a party of the agreed matrix' },
    ]);
  const entryId = newId();
  await s.tx.insert(ticketTimeEntries).values({
    id: entryId,
    practiceId: s.practiceId,
    ticketId: id,
    partyId: party.id,
    partyName: party.name,
    partySide: party.side,
    workedOn: input.workedOn,
    minutes: input.minutes,
    billing: input.billing,
    note: input.note === undefined ? null : sealFor(s, ticket.phi, input.note),
    byId: callerId(s),
    byLabel: s.origin.actorLabel ?? 'unknown',
    createdAt: s.clock.now(),
  });
  const logged = { minutes: input.minutes, partyId: party.id, partyName: party.name, billing: input.billing };
  await recordEvent(s, ticket, 'time_logged', { ...logged, workedOn: input.workedOn });
  await auditTicket(s, 'ticket.time_logged', id, { entryId, ...logged, workedOn: input.workedOn });
  return ticketTime(s, ticket);
}

/** Minutes by month (of the day worked) and party, for the months from `from` to `to`. */
export async function readTimeReport(s: TicketStep, span: { from: string; to: string }): Promise<TimeReport> {
  const [ty, tm] = span.to.split('-').map(Number) as [number, number];
  const end = tm === 12 ? `${ty + 1}-01-01` : `${ty}-${String(tm + 1).padStart(2, '0')}-01`;
  const month = sql<string>`to_char(${ticketTimeEntries.workedOn}, 'YYYY-MM')`;
  const rows = await s.tx
    .select({
      month,
      partyId: ticketTimeEntries.partyId,
      name: sql<string>`min(${ticketTimeEntries.partyName})`,
      side: sql<string>`min(${ticketTimeEntries.partySide})`,
      contract: sql<number>`coalesce(sum(${ticketTimeEntries.minutes}) filter (where ${ticketTimeEntries.billing} = 'contract'), 0)::int`,
      billable: sql<number>`coalesce(sum(${ticketTimeEntries.minutes}) filter (where ${ticketTimeEntries.billing} = 'billable'), 0)::int`,
    })
    .from(ticketTimeEntries)
    .where(
      and(
        eq(ticketTimeEntries.practiceId, s.practiceId),
        gte(ticketTimeEntries.workedOn, `${span.from}-01`),
        lt(ticketTimeEntries.workedOn, end),
      ),
    )
    .groupBy(month, ticketTimeEntries.partyId)
    .orderBy(month, sql`min(${ticketTimeEntries.partyName})`);
  const total: Minutes = { contract: 0, billable: 0 };
  for (const r of rows) {
    total.contract += Number(r.contract);
    total.billable += Number(r.billable);
  }
  return {
    ...span,
    rows: rows.map((r) => ({ ...r, contract: Number(r.contract), billable: Number(r.billable) })),
    total,
  };
}
