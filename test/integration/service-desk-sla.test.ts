/**
 * The SLA sweep on both engines with the world's clock (no sleeping): warnings, the breach and a
 * further escalation level, each fired once per ticket, clock and level, as ticket events and
 * notices to the holding side's people, with the reassignment following the matrix's escalation
 * path among those on duty.
 *
 * The IT desk (Chicago, Mon-Fri 08:00-18:00) gets a P2 policy of 60 / 480 business minutes, a
 * warning at 75 % and escalation at 100 % (notify) and 150 % (reassign and raise the priority).
 * The ticket is opened Tuesday 24 November 2026 09:00 CST (15:00Z) and lands with Dana (internal IT).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JobQueue } from '../../src/core/jobs/queue.ts';
import { sweepPractice, type SweepDeps } from '../../src/desk/sla-sweep.ts';
import type { Desk } from '../../src/desk/desk-schema.ts';
import type { Ticket } from '../../src/desk/ticket-schema.ts';
import { deliverNotice } from '../../src/notify/jobs.ts';
import { deliverWebhook } from '../../src/webhooks/delivery.ts';
import { describeEachEngine } from '../support/databases.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('service desk SLA sweep', (db, _engine, postgresUrl) => {
  let queue: JobQueue;
  let world: World;
  let deps: SweepDeps;
  let ticket: Ticket;
  let tech: SignedIn;

  const post = async <T>(who: SignedIn, url: string, payload: object, method: 'POST' | 'PATCH' = 'POST') => {
    const res = await world.app.inject({
      method,
      url: `/api/v1/practices/${world.practices.a}${url}`,
      headers: as(who),
      payload,
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  /** Sweeps the practice at `iso`; how many levels fired. */
  const sweepAt = (iso: string) => {
    world.clock.set(new Date(iso));
    return sweepPractice(deps, world.practices.a);
  };
  const rows = <T extends Record<string, unknown>>(query: string) => db().query<T>(query);
  const alerts = () =>
    rows<{ kind: string; data: { clock: string; level: string; percent: number; actions: string[] } }>(
      `select kind, data from ticket_events where ticket_id = '${ticket.id}' and kind in ('sla_warning', 'sla_breached') order by at`,
    );
  const noticesOf = (event: string) =>
    rows<{ recipient: string; subject: string; text_body: string }>(
      `select recipient, subject, text_body from notices where event = '${event}' order by created_at, recipient`,
    );

  beforeAll(async () => {
    queue = await JobQueue.open(db(), {
      postgresUrl: postgresUrl(),
      types: [deliverNotice, deliverWebhook],
      supervise: false,
    });
    world = await buildWorld(db(), { jobs: queue, config: { publicUrl: 'https://tandem.example' } });
    deps = {
      database: db(),
      clock: world.clock,
      keyring: world.keyring,
      notifier: { queue, clock: world.clock },
      publicUrl: 'https://tandem.example',
    };
    world.clock.set(new Date('2026-11-24T14:50:00Z'));
    const { practiceAdmin, mspAdmin, staff, technician } = world.users;
    const admin = await signInAs(world, practiceAdmin);
    const msp = await signInAs(world, mspAdmin);
    const frontDesk = await signInAs(world, staff);
    tech = await signInAs(world, technician);
    const draft = await post<{ number: number }>(admin, '/matrix/versions', {
      source: { kind: 'matrix', matrix: smallMatrix() },
    });
    await post(admin, `/matrix/versions/${draft.number}/propose`, {});
    await post(msp, `/matrix/versions/${draft.number}/agree`, {});
    const list = await world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${world.practices.a}/desks`,
      headers: as(admin),
    });
    const it = (list.json() as { desks: Desk[] }).desks.find((d) => d.kind === 'it')!;
    await post(
      admin,
      `/desks/${it.id}`,
      {
        sla: {
          ...it.sla,
          P2: { firstResponseMinutes: 60, resolutionMinutes: 480 },
          warnAt: [75],
          escalation: [{ atPercent: 100 }, { atPercent: 150, reassign: true, raisePriority: true }],
        },
      },
      'PATCH',
    );
    world.clock.set(new Date('2026-11-24T15:00:00Z'));
    ticket = await post<Ticket>(frontDesk, '/tickets', {
      deskId: it.id,
      category: 'accounts',
      impact: 'medium',
      urgency: 'high',
      title: 'New starter needs an account',
      description: 'Starts Monday',
    });
  });

  afterAll(async () => {
    await queue.stop();
  });

  it('opens as P2 with Dana', () => {
    expect(ticket.priority).toBe('P2');
    expect(ticket.assignee?.partyId).toBe('dana');
  });

  it('warns once at 75 % of the first response (09:45 CST), telling internal IT, however often it sweeps', async () => {
    expect(await sweepAt('2026-11-24T15:30:00Z')).toBe(0); // 30 of 60 minutes
    expect(await sweepAt('2026-11-24T15:45:00Z')).toBe(1); // 45 of 60: 75 %
    expect(await sweepAt('2026-11-24T15:46:00Z')).toBe(0);
    expect(await alerts()).toEqual([
      {
        kind: 'sla_warning',
        data: {
          clock: 'first_response',
          level: 'warn:75',
          percent: 75,
          dueAt: '2026-11-24T16:00:00.000Z',
          actions: [],
        },
      },
    ]);
    const sent = await noticesOf('desk.sla_warning');
    expect(sent.map((n) => n.recipient)).toEqual(['it@alder.example']);
    expect(sent[0]!.subject).toBe(
      `Alder Family Medicine: ticket T-${ticket.number} (P2, IT desk) has used 75% of its first response time`,
    );
    // The notice names the ticket, never its text.
    expect(sent[0]!.text_body).not.toContain('New starter');
  });

  it('breaches the first response at 10:00 CST; a late reply stops that clock', async () => {
    expect(await sweepAt('2026-11-24T16:00:00Z')).toBe(1);
    world.clock.set(new Date('2026-11-24T16:05:00Z'));
    tech = await signInAs(world, world.users.technician);
    world.clock.set(new Date('2026-11-24T16:05:00Z'));
    await post(tech, `/tickets/${ticket.id}/replies`, { body: 'On it' });
    expect(await sweepAt('2026-11-24T16:30:00Z')).toBe(0);
    expect((await alerts()).map((a) => [a.data.clock, a.data.level])).toEqual([
      ['first_response', 'warn:75'],
      ['first_response', 'escalate:100'],
    ]);
  });

  it('warns at 75 % of the resolution (15:00 CST) and breaches at 100 % (17:00 CST)', async () => {
    expect(await sweepAt('2026-11-24T20:59:00Z')).toBe(0); // 359 of 480
    expect(await sweepAt('2026-11-24T21:00:00Z')).toBe(1); // 360: 75 %
    expect(await sweepAt('2026-11-24T23:00:00Z')).toBe(1); // 480: 100 %
    expect((await alerts()).slice(2).map((a) => [a.kind, a.data.level, a.data.percent])).toEqual([
      ['sla_warning', 'warn:75', 75],
      ['sla_breached', 'escalate:100', 100],
    ]);
  });

  it('at 150 % after hours, escalates past the MSP desk (business hours only) to leadership and raises P2 to P1', async () => {
    // Swept next on Wednesday 19:00 CST (Thursday 01:00Z): Tuesday 540 + Wednesday 600 = 1140 of 480
    // minutes (237 %). Dana and the MSP desk work business hours (08:00-18:00 New York), so the
    // escalation path's first party on duty is the 24x7 practice leadership.
    expect(await sweepAt('2026-11-26T01:00:00Z')).toBe(1);
    const [row] = await rows<{ priority: string; assignee_party_id: string }>(
      `select priority, assignee_party_id from tickets where id = '${ticket.id}'`,
    );
    expect(row).toEqual({ priority: 'P1', assignee_party_id: 'leadership' });
    const last = (await alerts()).at(-1)!;
    expect(last.data).toMatchObject({ clock: 'resolution', level: 'escalate:150', percent: 237 });
    expect(last.data.actions).toEqual([
      'priority raised from P2 to P1',
      'reassigned to Practice leadership, next on the escalation path and on duty',
    ]);
    const kinds = await rows<{ kind: string }>(
      `select kind from ticket_events where ticket_id = '${ticket.id}' and kind in ('priority', 'assigned') order by at`,
    );
    expect(kinds.map((k) => k.kind)).toEqual(['assigned', 'priority', 'assigned']);
    // The holding side (internal IT) and the new one (the practice's administrator) hear of it.
    const escalated = (await noticesOf('desk.sla_breached')).filter((n) => n.text_body.includes('Escalation'));
    expect(escalated.map((n) => n.recipient)).toEqual(['it@alder.example', 'manager@alder.example']);
    // Every level has fired: nothing more, however often it sweeps.
    expect(await sweepAt('2026-11-27T01:00:00Z')).toBe(0);
  });
});
