/**
 * The SLA/OLA report and CSAT over HTTP on both engines, against hand-worked figures.
 *
 * Practice A is in America/Chicago; the IT desk opens Monday to Friday 08:00-18:00 (a business
 * day is 600 minutes). Tuesday 2026-11-24, 08:00 local (14:00Z), three IT tickets are opened:
 * - T-1 email P2 (response target 60 min, due 09:00; resolution 600 min, due 18:00), handed to the
 *   MSP desk; the MSP technician replies 08:30 (met) and resolves it 10:00 (met). MSP held 120 min.
 * - T-2 email P1 (response 15 min, due 08:15; resolution 240 min, due 12:00), handed to Dana
 *   (internal IT); internal IT replies 08:30 (missed) and resolves 13:00 (missed). Dana held
 *   300 min, over the 240-minute target.
 * - T-3 accounts P4 (response 600 min, due 18:00), sent to triage and left open: both pending at
 *   the report's time, 13:00 (19:00Z); 300 minutes in triage, within its 3,000-minute target.
 * The requester rates T-1 good and T-2 bad.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Desk } from '../../src/desk/desk-schema.ts';
import type { SlaReport } from '../../src/desk/report-schema.ts';
import type { Ticket } from '../../src/desk/ticket-schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('service desk: SLA/OLA report and CSAT', (db) => {
  let world: World;
  let s: Record<'staff' | 'tech' | 'it' | 'admin' | 'msp' | 'auditor', SignedIn>;
  let base: string;
  let itDesk: Desk;
  let t1: Ticket;
  let t2: Ticket;
  let t3: Ticket;

  const call = (who: SignedIn, method: 'GET' | 'POST', url: string, payload?: object) =>
    world.app.inject({ method, url: `${base}${url}`, headers: as(who), ...(payload ? { payload } : {}) });
  const ok = async <T>(who: SignedIn, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await call(who, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  const at = async (iso: string) => {
    world.clock.set(new Date(iso));
    const u = world.users;
    s = {
      staff: await signInAs(world, u.staff),
      tech: await signInAs(world, u.technician),
      it: await signInAs(world, u.internalIt),
      admin: await signInAs(world, u.practiceAdmin),
      msp: await signInAs(world, u.mspAdmin),
      auditor: await signInAs(world, u.auditor),
    };
    world.clock.set(new Date(iso));
  };
  const open = (category: string, impact: string, urgency: string) =>
    ok<Ticket>(s.staff, 'POST', '/tickets', {
      deskId: itDesk.id,
      category,
      impact,
      urgency,
      title: `${category} ${impact}`,
      description: 'd',
    });
  const hand = (t: Ticket, partyId: string | null) =>
    ok(s.tech, 'POST', `/tickets/${t.id}/assignment`, { partyId, reason: 'report test' });

  beforeAll(async () => {
    world = await buildWorld(db());
    await at('2026-11-24T14:00:00Z');
    base = `/api/v1/practices/${world.practices.a}`;
    itDesk = (await ok<{ desks: Desk[] }>(s.staff, 'GET', '/desks')).desks.find((d) => d.kind === 'it')!;
    const versions = '/matrix/versions';
    const draft = await ok<{ number: number }>(s.admin, 'POST', versions, {
      source: { kind: 'matrix', matrix: smallMatrix() },
    });
    await ok(s.admin, 'POST', `${versions}/${draft.number}/propose`, {});
    await ok(s.msp, 'POST', `${versions}/${draft.number}/agree`, {});
    t1 = await open('email', 'medium', 'high');
    t2 = await open('email', 'high', 'high');
    t3 = await open('accounts', 'low', 'low');
    await hand(t1, 'msp-desk');
    await hand(t2, 'dana');
    await hand(t3, null);
    await at('2026-11-24T14:30:00Z');
    await ok(s.tech, 'POST', `/tickets/${t1.id}/replies`, { body: 'On it' });
    await ok(s.it, 'POST', `/tickets/${t2.id}/replies`, { body: 'Looking' });
    await at('2026-11-24T16:00:00Z');
    await ok(s.tech, 'POST', `/tickets/${t1.id}/status`, { status: 'resolved' });
    await at('2026-11-24T19:00:00Z');
    await ok(s.it, 'POST', `/tickets/${t2.id}/status`, { status: 'resolved' });
  });

  it('lets only the requester rate, once resolved, and shows the rating on the ticket', async () => {
    expect((await call(s.tech, 'POST', `/tickets/${t1.id}/rating`, { rating: 'good' })).statusCode).toBe(403);
    const early = await call(s.staff, 'POST', `/tickets/${t3.id}/rating`, { rating: 'good' });
    expect(early.statusCode).toBe(409);
    const bad = await call(s.staff, 'POST', `/tickets/${t1.id}/rating`, { rating: 'great' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toContain('body.rating');
    await ok(s.staff, 'POST', `/tickets/${t1.id}/rating`, { rating: 'bad' });
    const rated = await ok<Ticket>(s.staff, 'POST', `/tickets/${t1.id}/rating`, { rating: 'good', comment: 'Quick' });
    expect(rated.rating).toEqual({ rating: 'good', comment: 'Quick', ratedAt: '2026-11-24T19:00:00.000Z' });
    await ok(s.staff, 'POST', `/tickets/${t2.id}/rating`, { rating: 'bad' });
  });

  it('splits SLA attainment by holding side, desk, category and month, with OLA, backlog and CSAT', async () => {
    const report = await ok<SlaReport>(s.auditor, 'GET', '/desk-reports/sla?from=2026-11&to=2026-11');
    const both = { met: 1, missed: 1, pending: 1, percent: 50 };
    expect(report.byDesk).toEqual([
      { key: itDesk.id, label: 'IT desk', tickets: 3, firstResponse: both, resolution: both },
    ]);
    expect(report.byMonth).toEqual([
      { key: '2026-11', label: '2026-11', tickets: 3, firstResponse: both, resolution: both },
    ]);
    const met = { met: 1, missed: 0, pending: 0, percent: 100 };
    const missed = { met: 0, missed: 1, pending: 0, percent: 0 };
    const pending = { met: 0, missed: 0, pending: 1, percent: null };
    expect(report.byHolder).toEqual([
      { key: 'internal_it', label: 'internal_it', tickets: 1, firstResponse: missed, resolution: missed },
      { key: 'msp', label: 'msp', tickets: 1, firstResponse: met, resolution: met },
      { key: 'triage', label: 'triage', tickets: 1, firstResponse: pending, resolution: pending },
    ]);
    // The same split month by month, which the report page draws as a trend per side.
    expect(report.byMonthAndHolder.map((r) => [r.month, r.side, r.tickets, r.firstResponse, r.resolution])).toEqual([
      ['2026-11', 'internal_it', 1, missed, missed],
      ['2026-11', 'msp', 1, met, met],
      ['2026-11', 'triage', 1, pending, pending],
    ]);
    expect(report.byCategory.map((r) => [r.label, r.tickets, r.resolution.percent])).toEqual([
      ['IT desk: accounts', 1, null],
      ['IT desk: email', 2, 50],
    ]);
    expect(report.ola).toEqual([
      { side: 'internal_it', tickets: 1, businessMinutes: 300, withinTarget: 0, overTarget: 1, percent: 0 },
      { side: 'msp', tickets: 1, businessMinutes: 120, withinTarget: 1, overTarget: 0, percent: 100 },
      { side: 'triage', tickets: 1, businessMinutes: 300, withinTarget: 1, overTarget: 0, percent: 100 },
    ]);
    const itBacklog = report.backlog.find((b) => b.deskId === itDesk.id)!;
    expect(itBacklog).toMatchObject({ open: 1, buckets: { under_1_day: 1, '1_to_3_days': 0 } });
    expect(report.csat.find((c) => c.deskId === itDesk.id)).toEqual({
      deskId: itDesk.id,
      desk: 'IT desk',
      good: 1,
      bad: 1,
      percentGood: 50,
    });
  });

  it('counts nothing outside the months asked for, and refuses a bad span naming the field', async () => {
    const october = await ok<SlaReport>(s.tech, 'GET', '/desk-reports/sla?from=2026-10&to=2026-10');
    expect(october.byDesk).toEqual([]);
    expect(october.byMonthAndHolder).toEqual([]);
    expect(october.backlog.find((b) => b.deskId === itDesk.id)!.open).toBe(1);
    for (const [query, path] of [
      ['from=2026-11&to=2026-10', 'query.to'],
      ['from=2026-13&to=2026-12', 'query.from'],
      ['from=2023-01&to=2026-01', 'query.to'],
    ] as const) {
      const res = await call(s.tech, 'GET', `/desk-reports/sla?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect((await call(s.staff, 'GET', '/desk-reports/sla?from=2026-11&to=2026-11')).statusCode).toBe(403);
  });
});
