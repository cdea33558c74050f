/** The service desk's words (web/src/desk/desk-text.ts): clocks, statuses, holders and why a ticket went where it did. */
import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../src/desk/ticket-schema.ts';
import { clockText, eventText, fromNow, holderText, routingText, statusText } from '../../web/src/desk/desk-text.ts';

const now = new Date('2026-12-07T15:00:00Z');
const exact = (iso: string) => `[${iso}]`;
const event = (kind: TicketEvent['kind'], data: Record<string, unknown>, actor = 'Toni Tech'): TicketEvent => ({
  id: '00000000-0000-4000-8000-000000000001',
  kind,
  at: '2026-12-07T15:00:00.000Z',
  actor,
  body: null,
  data,
  attachments: [],
  fromTicket: null,
});
const msp = { partyId: 'msp-desk', name: 'MSP service desk', side: 'msp' };

describe('desk words', () => {
  it('says how far away a time is, in minutes, hours and minutes, or days', () => {
    expect(fromNow(new Date('2026-12-07T15:00:20Z'), now)).toBe('now');
    expect(fromNow(new Date('2026-12-07T15:45:00Z'), now)).toBe('in 45 minutes');
    expect(fromNow(new Date('2026-12-07T17:05:00Z'), now)).toBe('in 2 h 5 min');
    expect(fromNow(new Date('2026-12-07T12:00:00Z'), now)).toBe('3 h ago');
    expect(fromNow(new Date('2026-12-10T15:00:00Z'), now)).toBe('in 3 days');
  });

  it('says each clock state in words, a breach included, with the exact time', () => {
    const due = '2026-12-07T16:00:00.000Z';
    expect(clockText({ dueAt: due, metAt: null, state: 'running' }, now, exact)).toBe(`Due in 1 h ([${due}])`);
    expect(clockText({ dueAt: due, metAt: null, state: 'due_soon' }, now, exact)).toBe(`Due soon: in 1 h ([${due}])`);
    const past = '2026-12-07T14:30:00.000Z';
    expect(clockText({ dueAt: past, metAt: null, state: 'breached' }, now, exact)).toBe(
      `Breached: was due 30 minutes ago ([${past}])`,
    );
    expect(clockText({ dueAt: due, metAt: past, state: 'met' }, now, exact)).toBe(`Met [${past}]`);
    expect(clockText({ dueAt: past, metAt: due, state: 'missed' }, now, exact)).toBe(
      `Missed: met [${due}], due [${past}]`,
    );
    expect(clockText({ dueAt: due, metAt: null, state: 'paused' }, now, exact, 'waiting on requester')).toBe(
      'Paused: waiting on requester',
    );
  });

  it('names the status with its waiting reason, and the holder with its organisation', () => {
    expect(statusText({ status: 'waiting', waitingReason: 'on_vendor' })).toBe('Waiting (waiting on vendor)');
    expect(statusText({ status: 'in_progress', waitingReason: null })).toBe('In progress');
    expect(holderText({ assignee: msp })).toBe('MSP service desk (MSP)');
    expect(holderText({ assignee: null })).toBe('Triage (no holder)');
  });

  it('says why the matrix placed the ticket: on duty, cover for an absent party, or triage', () => {
    const reason = 'Responsible for "accounts" in matrix version 1';
    const created = event('created', { priority: 'P2' });
    expect(
      routingText([created, event('assigned', { from: null, to: msp, reason, skipped: [], byMatrix: true })]),
    ).toBe(`Routed to MSP service desk (MSP), on duty: ${reason}.`);
    const away = 'Dana (office IT) is away (2026-12-06 to 2026-12-08)';
    expect(routingText([event('assigned', { from: null, to: msp, reason, skipped: [away], byMatrix: true })])).toBe(
      `Routed to MSP service desk (MSP) as cover, because ${away}.`,
    );
    const none = 'The practice has no agreed responsibility matrix';
    expect(routingText([event('assigned', { from: null, to: null, reason: none, skipped: [], byMatrix: true })])).toBe(
      `In triage: ${none}`,
    );
    expect(routingText([created])).toBeNull();
  });

  it('reads each event of the history, marking a reassignment across organisations', () => {
    const dana = { partyId: 'dana', name: 'Dana (office IT)', side: 'internal_it' };
    expect(
      eventText(
        event('assigned', { from: dana, to: msp, reason: 'Needs tier 2', crossesOrganisation: true, byMatrix: false }),
      ),
    ).toBe('Toni Tech reassigned it to MSP service desk (MSP), to the other organisation. Reason: Needs tier 2');
    expect(eventText(event('status', { from: 'new', to: 'waiting', waitingReason: 'on_requester' }))).toBe(
      'Toni Tech changed the status to Waiting (waiting on requester)',
    );
    expect(
      eventText(event('status', { from: 'waiting', to: 'in_progress', why: 'The requester replied' }, 'Dr Lee')),
    ).toBe('Dr Lee changed the status to In progress: The requester replied');
    expect(eventText(event('note', {}))).toBe('Toni Tech added an internal note');
  });

  it('reads corrections, priority raises and SLA events, and says when a reason is hidden', () => {
    const hidden = { from: msp, to: null, reason: null, crossesOrganisation: false, byMatrix: false };
    expect(eventText(event('assigned', hidden))).toBe(
      'Toni Tech reassigned it to triage. Reason hidden: it may hold patient details.',
    );
    expect(
      eventText(event('status_corrected', { eventId: 'e1', waitingReason: 'on_vendor', reason: 'Was the vendor' })),
    ).toBe('Toni Tech corrected an earlier wait to waiting on vendor. Reason: Was the vendor');
    expect(eventText(event('priority', { from: 'P2', to: 'P1', why: 'resolution breached' }))).toBe(
      'The priority was raised from P2 to P1: resolution breached',
    );
    expect(eventText(event('sla_warning', { clock: 'first_response', percent: 75, actions: [] }))).toBe(
      'SLA warning: the first response clock has used 75% of its target.',
    );
    expect(
      eventText(
        event('sla_breached', { clock: 'resolution', percent: 100, actions: ['priority raised from P2 to P1'] }),
      ),
    ).toBe(
      'SLA breached: the resolution clock has used 100% of its target. Escalation: priority raised from P2 to P1.',
    );
  });
});
