/**
 * A monitoring incident is a desk ticket, so it runs on the desk's SLA clocks and escalates by
 * the desk's policy (issue 19, point 4): on both engines, a check goes down, its incident ticket
 * gets a first-response clock from the IT desk's P1 target, and when nobody responds the sweep
 * warns, then at the breach hands the ticket to the next party of the matrix's escalation path on
 * duty and tells its people by email (a real SMTP server). The world's clock drives it all.
 *
 * The IT desk (Chicago, Mon-Fri 08:00-18:00) gets P1 targets of 15 / 240 business minutes, a
 * warning at 60 % and reassignment at 100 %. The check (activity edr: the MSP SOC, then the MSP
 * desk, then leadership) goes down on Tuesday 1 December 2026 at 09:02:30 CST (15:02:30Z).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobType } from '../../src/core/jobs/job-type.ts';
import type { Desk } from '../../src/desk/desk-schema.ts';
import { sweepPractice, type SweepDeps } from '../../src/desk/sla-sweep.ts';
import type { Ticket } from '../../src/desk/ticket-schema.ts';
import type { Check, CreatedCheck } from '../../src/monitor/schema.ts';
import type { RunDeps } from '../../src/monitor/run-check.ts';
import { runDue } from '../../src/monitor/scheduler.ts';
import { deliverWebhook } from '../../src/webhooks/delivery.ts';
import { describeEachEngine } from '../support/databases.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';
import { MonitoredSite } from '../support/monitored-site.ts';
import { buildNoticeWorld, type NoticeWorld } from '../support/notice-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { as, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('monitoring incidents escalate on the desk clocks', (db, _engine, postgresUrl) => {
  let harness: NoticeWorld;
  let world: World;
  let msp: SignedIn;
  let admin: SignedIn;
  let site: MonitoredSite;
  let runDeps: RunDeps;
  let sweepDeps: SweepDeps;
  const t0 = Date.parse('2026-12-01T15:00:00Z');

  const ok = async <T>(who: SignedIn, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await world.app.inject({
      method,
      url: `/api/v1/practices/${world.practices.a}${url}`,
      headers: as(who),
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  const at = (seconds: number) => world.clock.set(new Date(t0 + seconds * 1000));

  beforeAll(async () => {
    const extra = { types: [deliverWebhook as JobType<unknown>], workers: () => [] };
    harness = await buildNoticeWorld(db(), postgresUrl(), { smtp: true, extra });
    world = harness.world;
    site = await MonitoredSite.start();
    at(-600);
    msp = await signInAs(world, world.users.mspAdmin);
    admin = await signInAs(world, world.users.practiceAdmin);
    const draft = await ok<{ number: number }>(admin, 'POST', '/matrix/versions', {
      source: { kind: 'matrix', matrix: smallMatrix() },
    });
    await ok(admin, 'POST', `/matrix/versions/${draft.number}/propose`, {});
    await ok(msp, 'POST', `/matrix/versions/${draft.number}/agree`, {});
    const it = (await ok<{ desks: Desk[] }>(admin, 'GET', '/desks')).desks.find((d) => d.kind === 'it')!;
    await ok(admin, 'PATCH', `/desks/${it.id}`, {
      sla: {
        ...it.sla,
        P1: { firstResponseMinutes: 15, resolutionMinutes: 240 },
        warnAt: [60],
        escalation: [{ atPercent: 100, reassign: true }],
      },
    });
    const notifier = { queue: harness.queue, clock: world.clock };
    const publicUrl = 'https://tandem.harbor.example';
    runDeps = { database: db(), clock: world.clock, keyring: world.keyring, notifier, publicUrl };
    sweepDeps = { database: db(), clock: world.clock, keyring: world.keyring, notifier, publicUrl };
  });

  afterAll(async () => {
    await site?.close();
    await harness?.stop();
  });

  it('gives the incident ticket a first-response clock and escalates it when nobody responds', async () => {
    const { check: made } = await ok<CreatedCheck>(msp, 'POST', '/monitor/checks', {
      name: 'Firewall portal',
      probe: { kind: 'http', url: site.url, expectedStatus: 200 },
      activity: 'edr',
      allowPrivateTargets: true,
      failureThreshold: 2,
      recoveryThreshold: 1,
    });
    site.status = 500;
    // Due 57-63 s apart (5 % jitter on 60 s): runs at +80 s and +150 s are each due; two failures make it down.
    at(80);
    await runDue(runDeps, 'test-worker');
    at(150);
    await runDue(runDeps, 'test-worker');
    const down = await ok<Check>(msp, 'GET', `/monitor/checks/${made.id}`);
    expect(down.state).toBe('down');
    const opened = await ok<Ticket>(msp, 'GET', `/tickets/${down.incidentTicketId}`);
    // P1 (high impact, high urgency): first response due 15 business minutes after 09:02:30 CST.
    expect(opened).toMatchObject({
      incident: true,
      priority: 'P1',
      assignee: { partyId: 'msp-soc' },
      firstResponse: { dueAt: '2026-12-01T15:17:30.000Z', state: 'running' },
    });
    const sweep = () => sweepPractice(sweepDeps, world.practices.a);

    // 8 minutes in (53 %): nothing yet. 9 minutes (60 %): the warning, to the MSP's people.
    at(150 + 8 * 60);
    expect(await sweep()).toBe(0);
    at(150 + 9 * 60);
    expect(await sweep()).toBe(1);
    // 15 minutes: breached; the SOC (24x7) has not answered, so the ticket goes to the next party
    // of the escalation path on duty, the MSP desk (business hours, 10:17 in New York).
    at(150 + 15 * 60);
    expect(await sweep()).toBe(1);
    msp = await signInAs(world, world.users.mspAdmin);
    const escalated = await ok<Ticket>(msp, 'GET', `/tickets/${opened.id}`);
    expect(escalated.assignee).toMatchObject({ partyId: 'msp-desk', name: 'MSP service desk' });
    expect(escalated.firstResponse.state).toBe('breached');
    const alerts = escalated.events.filter((e) => e.kind === 'sla_warning' || e.kind === 'sla_breached');
    expect(alerts.map((e) => e.kind)).toEqual(['sla_warning', 'sla_breached']);
    await waitFor(
      () => harness.smtp!.messages.filter((m) => m.subject?.includes('its first response target')).length === 2,
      { what: 'the breach emails' },
    );
    const breach = harness.smtp!.messages.filter((m) => m.subject?.includes('its first response target'));
    expect(breach.map((m) => (m.to && 'text' in m.to ? m.to.text : '')).sort()).toEqual([
      'admin@harbor.example',
      'tech@harbor.example',
    ]);
    expect(breach[0]?.text).toContain('reassigned to MSP service desk, next on the escalation path and on duty');
    // Each level fires once, however often it sweeps.
    at(150 + 16 * 60);
    expect(await sweep()).toBe(0);
  });
});
