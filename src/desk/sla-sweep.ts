/**
 * SLA warnings, breaches and escalation as a recurring job (issue 18, point 4). Every minute the
 * sweep replays each open ticket's clocks (ticket-history.ts) and acts on each level that has come
 * due (sla-levels.ts): it tells the holding party's people (desk.sla_warning, desk.sla_breached;
 * no ticket text, which may be a patient's), hands the ticket to the next party of the matrix's
 * escalation path who is on duty now (onDuty: coverage hours, absences), raises its priority, and
 * records each as a ticket event and an audit entry.
 *
 * Once per ticket, clock and level: the level's row in ticket_sla_alerts is inserted in the
 * transaction that acts on it, so a restart, a retry or two sweeps at once cannot fire it twice,
 * and a sweep that fails part-way fires nothing it did not commit.
 *
 * Per practice in three steps, because onDuty opens its own transaction (and PGlite runs one at a
 * time): plan in one transaction, ask who is on duty, then act in another, re-reading each ticket.
 */
import { z } from 'zod';
import type { AuditOrigin } from '../core/audit/append.ts';
import type { Clock } from '../core/clock.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from '../core/db/database.ts';
import { defineJob } from '../core/jobs/job-type.ts';
import { findPractice } from '../core/tenancy/store.ts';
import { withTenant } from '../core/tenancy/with-tenant.ts';
import { onDuty, type OnDuty } from '../matrix/on-duty.ts';
import { notify, type Notifier } from '../notify/notify.ts';
import { addBusinessMinutes, businessMinutesBetween } from './business-time.ts';
import { holderPeople } from './holder-people.ts';
import type { Desk, Priority } from './desk-schema.ts';
import { presentDesk } from './desks.ts';
import { practiceDesks } from './desk-store.ts';
import type { DeskStep } from './patient-contacts.ts';
import { levelsDue, raised, slaLevels, type SlaClockName, type SlaLevel } from './sla-levels.ts';
import { replay, type HistoryEvent } from './ticket-history.ts';
import { ticketReference } from './ticket-schema.ts';
import type { Holder } from './ticket-routing.ts';
import {
  claimAlert,
  firedOnOpenTickets,
  historiesOfOpenTickets,
  findTicket,
  openTicketClocks,
  practicesWithOpenTickets,
  updateTicket,
  type TicketClockRow,
} from './ticket-store.ts';
import { auditTicket, recordEvent, refreshClocks } from './tickets.ts';

export const slaSweepJob = defineJob({
  name: 'desk.sla-sweep',
  data: z.object({}),
  retry: { limit: 2, delaySeconds: 30, backoff: true },
  timeoutSeconds: 600,
});
export const slaSweepCron = '* * * * *';

export interface SweepDeps {
  database: Database;
  clock: Clock;
  keyring: Keyring;
  notifier: Notifier;
  /** Where people open Tandem, for the notice's link. */
  publicUrl: string;
}

const origin: AuditOrigin = {
  actorType: 'system',
  actorId: null,
  actorLabel: 'SLA monitor',
  ip: null,
  userAgent: null,
  requestId: null,
};

/** A level that has come due on one of a ticket's clocks. */
interface Due {
  ticketId: string;
  activity: string | null;
  clock: SlaClockName;
  level: SlaLevel;
  /** Share of the target used, in whole percent. */
  percent: number;
  dueAt: Date;
}

/** A desk as the sweep reads it: with its policy's levels worked out once, not per ticket. */
type SweptDesk = Desk & { levels: SlaLevel[] };

function dueOnTicket(
  row: TicketClockRow,
  desk: SweptDesk,
  events: HistoryEvent[],
  fired: ReadonlySet<string>,
  now: Date,
): Due[] {
  const { calendar, sla, levels } = desk;
  const targets = sla[row.priority as Priority];
  // An incident escalates along the activity it was placed by (its check's), not its category's.
  const activity = row.activity ?? desk.categories.find((c) => c.id === row.category)?.activity ?? null;
  const due = (clock: SlaClockName, used: number, target: number, dueAt: Date) =>
    levelsDue(levels, used, target, fired, clock).map((level) => ({
      ticketId: row.id,
      activity,
      clock,
      level,
      percent: Math.floor((used * 100) / target),
      dueAt,
    }));
  const out: Due[] = [];
  if (!row.firstRespondedAt) {
    const target = targets.firstResponseMinutes;
    // Counting may stop past the last level's share (no level comes due beyond it), which spares a
    // long-breached ticket a walk over every day since it opened; the exact share is counted only
    // for the message of a level that comes due.
    const enough = (levels.at(-1)!.percent * target) / 100;
    let used = businessMinutesBetween(calendar, row.createdAt, now, enough);
    if (levelsDue(levels, used, target, fired, 'first_response').length > 0)
      used = businessMinutesBetween(calendar, row.createdAt, now);
    out.push(...due('first_response', used, target, addBusinessMinutes(calendar, row.createdAt, target)));
  }
  const target = targets.resolutionMinutes;
  const r = replay(calendar, sla.pauseOn, events, now, [target]);
  const dueAt = r.reached[0] ?? addBusinessMinutes(calendar, r.stoppedSince ?? now, target - r.resolutionMinutes);
  out.push(...due('resolution', r.resolutionMinutes, target, dueAt));
  return out;
}

const none: ReadonlySet<string> = new Set();

/** Step 1: the levels come due on the practice's open tickets. */
async function plan(deps: SweepDeps, practiceId: string, now: Date): Promise<Due[]> {
  return withTenant(deps.database.db, practiceId, async (tx) => {
    const desks = new Map(
      (await practiceDesks(tx, practiceId)).map((row) => {
        const desk = presentDesk(row);
        return [desk.id, { ...desk, levels: slaLevels(desk.sla) }];
      }),
    );
    const open = await openTicketClocks(tx, practiceId);
    const [events, fired] = [
      await historiesOfOpenTickets(tx, practiceId, open),
      await firedOnOpenTickets(tx, practiceId),
    ];
    return open.flatMap((row) =>
      dueOnTicket(row, desks.get(row.deskId)!, events.get(row.id)!, fired.get(row.id) ?? none, now),
    );
  });
}

/** The party after the holder on the activity's escalation path, among those on duty now. */
function nextParty(duty: OnDuty | null | undefined, holderId: string | null): Holder | null {
  if (!duty) return null;
  const chain = [duty.route.responsible, ...duty.route.escalation].filter((p) => p !== null);
  // A holder off the path (off duty now, or placed by hand) hands to the first party on duty.
  const next = chain[chain.findIndex((p) => p.id === holderId) + 1] ?? null;
  return next && { partyId: next.id, name: next.name, side: next.side };
}

const clockWords = { first_response: 'first response', resolution: 'resolution' } as const;

/** Step 3: one level, once; returns whether it fired. */
async function act(deps: SweepDeps, s: DeskStep, due: Due, duty: OnDuty | null | undefined): Promise<boolean> {
  const now = s.clock.now();
  const claimed = await claimAlert(s.tx, {
    ticketId: due.ticketId,
    practiceId: s.practiceId,
    clock: due.clock,
    level: due.level.key,
    firedAt: now,
  });
  const row = claimed ? await findTicket(s.tx, s.practiceId, due.ticketId) : null;
  // Resolved or closed since the plan: the level stays claimed, with nothing left to do.
  if (!row || row.status === 'resolved' || row.status === 'closed') return false;
  const actions: string[] = [];
  let priority = row.priority;
  const why = `${clockWords[due.clock]} clock at ${due.percent}% of its target`;
  if (due.level.raisePriority && row.priority !== 'P1') {
    priority = raised(row.priority);
    await updateTicket(s.tx, row.id, { priority, updatedAt: now });
    await recordEvent(s, row, 'priority', { from: row.priority, to: priority, why });
    actions.push(`priority raised from ${row.priority} to ${priority}`);
  }
  const holder = row.assigneePartyId
    ? { partyId: row.assigneePartyId, name: row.assigneePartyName ?? '', side: row.assigneeSide ?? '' }
    : null;
  const next = due.level.reassign ? nextParty(duty, row.assigneePartyId) : null;
  if (next) {
    await updateTicket(s.tx, row.id, {
      assigneePartyId: next.partyId,
      assigneePartyName: next.name,
      assigneeSide: next.side,
      triageReason: null,
      updatedAt: now,
    });
    await recordEvent(s, row, 'assigned', { from: holder, to: next, reason: `Escalated: ${why}`, byMatrix: true });
    actions.push(`reassigned to ${next.name}, next on the escalation path and on duty`);
  } else if (due.level.reassign) actions.push('no party on the escalation path is on duty to take it');
  if (actions.length > 0) await refreshClocks(s, row.id);

  const kind = due.level.kind === 'warning' ? 'sla_warning' : 'sla_breached';
  await recordEvent(s, row, kind, {
    clock: due.clock,
    level: due.level.key,
    percent: due.percent,
    dueAt: due.dueAt.toISOString(),
    actions,
  });
  const practice = await findPractice(s.tx, s.practiceId);
  const desk = presentDesk((await practiceDesks(s.tx, s.practiceId)).find((d) => d.id === row.deskId)!);
  const params = {
    practiceName: practice?.name ?? 'your practice',
    deskName: desk.name,
    ticketId: row.id,
    ticketReference: ticketReference(row.number),
    priority,
    clock: clockWords[due.clock],
    percent: due.percent,
    dueAt: due.dueAt,
    url: `${deps.publicUrl}/practice/desk/tickets/${row.id}?practice=${s.practiceId}`,
  };
  const to = await holderPeople(s.tx, s.practiceId, [holder?.side ?? null, ...(next ? [next.side] : [])]);
  if (kind === 'sla_warning') await notify(s.tx, deps.notifier, s.practiceId, 'desk.sla_warning', params, to);
  else await notify(s.tx, deps.notifier, s.practiceId, 'desk.sla_breached', { ...params, actions }, to);
  await auditTicket(s, `ticket.${kind}`, row.id, { clock: due.clock, level: due.level.key, actions });
  return true;
}

/** One practice: plan, ask the matrix who is on duty for escalations that reassign, act. */
export async function sweepPractice(deps: SweepDeps, practiceId: string): Promise<number> {
  const now = deps.clock.now();
  const dues = await plan(deps, practiceId, now);
  if (dues.length === 0) return 0;
  const duties = new Map<string, OnDuty | null>();
  for (const d of dues)
    if (d.level.reassign && d.activity && !duties.has(d.activity))
      duties.set(d.activity, await onDuty(deps.database, practiceId, d.activity, now));
  return withTenant(deps.database.db, practiceId, async (tx) => {
    const s: DeskStep = { tx, clock: deps.clock, practiceId, origin, keyring: deps.keyring };
    let fired = 0;
    for (const d of dues) if (await act(deps, s, d, d.activity ? duties.get(d.activity) : null)) fired += 1;
    return fired;
  });
}

/** Every practice with open tickets; how many levels fired. */
export async function sweepSla(deps: SweepDeps): Promise<number> {
  let fired = 0;
  for (const practiceId of await practicesWithOpenTickets(deps.database.db))
    fired += await sweepPractice(deps, practiceId);
  return fired;
}
